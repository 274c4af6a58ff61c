impl<'a> Traced<'a> {
    #[cfg(not(doc))]
    pub fn get_twice<'__instrument_proxy_life0, '__instrument_proxy_life1>(
        &'__instrument_proxy_life0 self,
        key: &'__instrument_proxy_life1 str,
    ) -> impl ::core::future::Future<
        Output = Result<&'a str, Error>,
    > + ::instrument_proxy::__private::Captures<
        (&'a (), &'__instrument_proxy_life0 (), &'__instrument_proxy_life1 ()),
    > {
        let __instrument_proxy_call = ::instrument_proxy::__private::start(
            ::instrument_proxy::__private::site!(
                level : INFO, name : "Traced::get_twice"
            ),
            |__instrument_proxy_site| {
                ::instrument_proxy::__private::call_span!(
                    site : __instrument_proxy_site, kind : "internal", client : &
                    ::instrument_proxy::__private::Autoref(& * self)
                )
            },
        );
        let __instrument_proxy_work = async move {
            #[allow(
                unknown_lints,
                unreachable_code,
                clippy::diverging_sub_expression,
                clippy::empty_loop,
                clippy::let_unit_value,
                clippy::needless_return,
                clippy::unreachable
            )]
            if false {
                let __instrument_proxy_fake_return: Result<&'a str, Error> = loop {};
                return __instrument_proxy_fake_return;
            }
            {
                let first = self.0.get(key).await?;
                Ok(first)
            }
        };
        ::instrument_proxy::__private::CallFuture::new(
            __instrument_proxy_call,
            __instrument_proxy_work,
            ::instrument_proxy::__private::record_outcome!(
                result : (Result < & 'a str, Error >), described : ErrorOutcome, event :
                (), mark : true, ok : (), err : ()
            ),
        )
    }
    #[cfg(doc)]
    pub async fn get_twice(&self, key: &str) -> Result<&'a str, Error> {
        ::core::unreachable!()
    }
}
