impl Traced {
    pub fn get(&self, key: &str) -> Option<String> {
        my_crate::instrument_proxy::__private::call_sync(
            my_crate::instrument_proxy::__private::level::INFO,
            || {
                my_crate::instrument_proxy::__private::return_check!(
                    Option < String >, returns_future_or_stream
                );
                my_crate::instrument_proxy::__private::call_span!(
                    level : INFO, target : (), name : "Traced::get", kind : "client",
                    dynamic_name : (), client : (&
                    my_crate::instrument_proxy::__private::Autoref(& * self)), fields :
                    {}
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
            my_crate::instrument_proxy::__private::level::INFO,
            || {
                my_crate::instrument_proxy::__private::call_span!(
                    level : INFO, target : (), name : "Traced::set", kind : "client",
                    dynamic_name : (), client : (&
                    my_crate::instrument_proxy::__private::Autoref(& * self)), fields :
                    {}
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
            my_crate::instrument_proxy::__private::level::INFO,
            || {
                my_crate::instrument_proxy::__private::call_span!(
                    level : INFO, target : (), name : "Traced::close", kind : "client",
                    dynamic_name : (), client : (&
                    my_crate::instrument_proxy::__private::Autoref(& self)), fields : {}
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
