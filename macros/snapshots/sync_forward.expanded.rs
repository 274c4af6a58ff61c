impl Traced {
    /// Forwarded inside a span; an `Err` marks it failed.
    pub fn get(&self, key: &str) -> Result<String, Error> {
        ::instrument_proxy::__private::call_sync(
            ::instrument_proxy::__private::site!(level : INFO, name : "Traced::get"),
            |__instrument_proxy_site| {
                ::instrument_proxy::__private::return_check!(
                    Result < String, Error >, returns_future_or_stream
                );
                ::instrument_proxy::__private::call_span!(
                    site : __instrument_proxy_site, kind : "client", client : &
                    ::instrument_proxy::__private::Autoref(& * self)
                )
            },
            move || -> Result<String, Error> {
                ::instrument_proxy::__private::ForwardTo::forward_ref(self).get(key)
            },
            ::instrument_proxy::__private::record_outcome!(
                result : (Result < String, Error >), described : ErrorOutcome, event :
                (), mark : true, ok : (), err : ()
            ),
        )
    }
}
