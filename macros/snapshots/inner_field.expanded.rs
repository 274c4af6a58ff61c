impl Traced {
    pub fn get(&self, key: &str) -> Option<String> {
        my_crate::instrument_proxy::__private::call_sync(
            my_crate::instrument_proxy::__private::site!(
                level : INFO, name : "Traced::get"
            ),
            |__instrument_proxy_site| {
                my_crate::instrument_proxy::__private::return_check!(
                    Option < String >, returns_future_or_stream
                );
                my_crate::instrument_proxy::__private::call_span!(
                    site : __instrument_proxy_site, kind : "client", client : &
                    my_crate::instrument_proxy::__private::Autoref(& * self)
                )
            },
            move || -> Option<String> { self.client.get(key) },
            my_crate::instrument_proxy::__private::record_outcome!(
                result : (Option < String >), described : ErrorOutcome, event : (), mark
                : true, ok : (), err : ()
            ),
        )
    }
    pub fn set(&mut self, key: &str, value: String) {
        let __instrument_proxy_call = my_crate::instrument_proxy::__private::start(
            my_crate::instrument_proxy::__private::site!(
                level : INFO, name : "Traced::set"
            ),
            |__instrument_proxy_site| {
                my_crate::instrument_proxy::__private::call_span!(
                    site : __instrument_proxy_site, kind : "client", client : &
                    my_crate::instrument_proxy::__private::Autoref(& * self)
                )
            },
        );
        my_crate::instrument_proxy::__private::run_sync(
            __instrument_proxy_call,
            move || { self.client.set(key, value) },
            |_, _| {},
        )
    }
    pub fn close(self) {
        let __instrument_proxy_call = my_crate::instrument_proxy::__private::start(
            my_crate::instrument_proxy::__private::site!(
                level : INFO, name : "Traced::close"
            ),
            |__instrument_proxy_site| {
                my_crate::instrument_proxy::__private::call_span!(
                    site : __instrument_proxy_site, kind : "client", client : &
                    my_crate::instrument_proxy::__private::Autoref(& self)
                )
            },
        );
        my_crate::instrument_proxy::__private::run_sync(
            __instrument_proxy_call,
            move || { self.client.close() },
            |_, _| {},
        )
    }
}
