impl Traced {
    fn fetch(&self, id: u64) -> impl Future<Output = u64> + Send + '_ {
        let __instrument_proxy_call = ::instrument_proxy::__private::start(
            ::instrument_proxy::__private::site!(level : INFO, name : "Traced::fetch"),
            |__instrument_proxy_site| {
                ::instrument_proxy::__private::call_span!(
                    site : __instrument_proxy_site, kind : "client", client : &
                    ::instrument_proxy::__private::Autoref(& * self)
                )
            },
        );
        let __instrument_proxy_work = ::instrument_proxy::__private::construct(
            __instrument_proxy_call.as_ref(),
            move || { async move { id } },
        );
        ::instrument_proxy::__private::CallFuture::new(
            __instrument_proxy_call,
            __instrument_proxy_work,
            ::instrument_proxy::__private::record_outcome!(
                result : (u64), described : ErrorOutcome, event : (), mark : true, ok :
                (), err : ()
            ),
        )
    }
    fn scan(&self) -> impl Stream<Item = u64> + Send {
        let __instrument_proxy_call = ::instrument_proxy::__private::start(
            ::instrument_proxy::__private::site!(level : INFO, name : "Traced::scan"),
            |__instrument_proxy_site| {
                ::instrument_proxy::__private::call_span!(
                    site : __instrument_proxy_site, kind : "client", client : &
                    ::instrument_proxy::__private::Autoref(& * self)
                )
            },
        );
        let __instrument_proxy_work = ::instrument_proxy::__private::construct(
            __instrument_proxy_call.as_ref(),
            move || {
                ::instrument_proxy::__private::ForwardTo::forward_ref(self).scan()
            },
        );
        ::instrument_proxy::__private::CallStream::new(
            __instrument_proxy_call,
            __instrument_proxy_work,
            ::instrument_proxy::__private::record_item!(),
        )
    }
}
