impl Traced {
    #[cfg(not(doc))]
    pub fn get<'__instrument_proxy_life0, '__instrument_proxy_life1>(
        &'__instrument_proxy_life0 mut self,
        key: &'__instrument_proxy_life1 str,
    ) -> impl ::core::future::Future<
        Output = Result<String, Error>,
    > + ::instrument_proxy::__private::Captures<
        (&'__instrument_proxy_life0 (), &'__instrument_proxy_life1 ()),
    > {
        let __instrument_proxy_call = ::instrument_proxy::__private::metered_start!(
            site : ::instrument_proxy::__private::site!(level : INFO, name :
            "Traced::get", fields : ["db.system.name"]), span : | __instrument_proxy_site
            | { ::instrument_proxy::__private::call_span!(site : __instrument_proxy_site,
            kind : "client", client : & ::instrument_proxy::__private::Autoref(& * self),
            fields : { literal("db.system.name", "redis") }) }, instrument :
            ::instrument_proxy::__private::Instrument::Database, bounded : [], client :
            (& ::instrument_proxy::__private::Autoref(& * self)), fields : {
            literal("db.system.name", "redis") }, named : {}
        );
        let __instrument_proxy_work = ::instrument_proxy::__private::construct(
            __instrument_proxy_call.as_ref(),
            move || {
                ::core::future::IntoFuture::into_future(
                    ::instrument_proxy::__private::ForwardTo::forward_mut(self).get(key),
                )
            },
        );
        ::instrument_proxy::__private::CallFuture::new(
            __instrument_proxy_call,
            __instrument_proxy_work,
            ::instrument_proxy::__private::record_outcome!(
                result : (Result < String, Error >), described : ErrorOutcome, event :
                (), mark : true, ok : (), err : ()
            ),
        )
    }
    #[cfg(doc)]
    pub async fn get(&mut self, key: &str) -> Result<String, Error> {
        ::core::unreachable!()
    }
}
