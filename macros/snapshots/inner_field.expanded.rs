impl Traced {
    pub fn get(&self, key: &str) -> Option<String> {
        let __instrument_proxy_call = my_crate::instrument_proxy::__private::start(
            my_crate::instrument_proxy::__private::level::INFO,
            || {
                #[allow(unused_imports)]
                use my_crate::instrument_proxy::__private::{
                    FutureReturn as _, PlainReturn as _, StreamReturn as _,
                };
                (&&my_crate::instrument_proxy::__private::ReturnCheck::<
                    Option<String>,
                >::NEW)
                    .returns_future_or_stream();
                my_crate::instrument_proxy::__private::call_span!(
                    level : INFO, target : (), name : "Traced::get", kind : "client",
                    dynamic_name : (), later : { "otel.status_code",
                    "otel.status_description", "error.type", "server.address",
                    "server.port", "db.namespace" }, client : (&
                    my_crate::instrument_proxy::__private::Autoref(& * self)), fields :
                    {}
                )
            },
        );
        my_crate::instrument_proxy::__private::run_sync(
            __instrument_proxy_call,
            move || -> Option<String> { self.client.get(key) },
            |
                __instrument_proxy_span: &my_crate::instrument_proxy::__private::CallSpan,
                __instrument_proxy_result|
            {
                let __instrument_proxy_result: &Option<String> = __instrument_proxy_result;
                #[allow(unused_imports)]
                use my_crate::instrument_proxy::__private::{
                    CodedErrorOutcome as _, DisplayErrorOutcome as _, ErrorOutcome as _,
                    ValueOutcome as _,
                };
                __instrument_proxy_span
                    .record_failure(
                        (&&&my_crate::instrument_proxy::__private::Outcome(
                            __instrument_proxy_result,
                        ))
                            .failure(),
                    );
            },
        )
    }
    pub fn set(&mut self, key: &str, value: String) {
        let __instrument_proxy_call = my_crate::instrument_proxy::__private::start(
            my_crate::instrument_proxy::__private::level::INFO,
            || {
                my_crate::instrument_proxy::__private::call_span!(
                    level : INFO, target : (), name : "Traced::set", kind : "client",
                    dynamic_name : (), later : { "otel.status_code",
                    "otel.status_description", "error.type", "server.address",
                    "server.port", "db.namespace" }, client : (&
                    my_crate::instrument_proxy::__private::Autoref(& * self)), fields :
                    {}
                )
            },
        );
        my_crate::instrument_proxy::__private::run_sync(
            __instrument_proxy_call,
            move || { self.client.set(key, value) },
            |
                __instrument_proxy_span: &my_crate::instrument_proxy::__private::CallSpan,
                __instrument_proxy_result|
            {
                #[allow(unused_imports)]
                use my_crate::instrument_proxy::__private::{
                    CodedErrorOutcome as _, DisplayErrorOutcome as _, ErrorOutcome as _,
                    ValueOutcome as _,
                };
                __instrument_proxy_span
                    .record_failure(
                        (&&&my_crate::instrument_proxy::__private::Outcome(
                            __instrument_proxy_result,
                        ))
                            .failure(),
                    );
            },
        )
    }
    pub fn close(self) {
        let __instrument_proxy_call = my_crate::instrument_proxy::__private::start(
            my_crate::instrument_proxy::__private::level::INFO,
            || {
                my_crate::instrument_proxy::__private::call_span!(
                    level : INFO, target : (), name : "Traced::close", kind : "client",
                    dynamic_name : (), later : { "otel.status_code",
                    "otel.status_description", "error.type", "server.address",
                    "server.port", "db.namespace" }, client : (&
                    my_crate::instrument_proxy::__private::Autoref(& self)), fields : {}
                )
            },
        );
        my_crate::instrument_proxy::__private::run_sync(
            __instrument_proxy_call,
            move || { self.client.close() },
            |
                __instrument_proxy_span: &my_crate::instrument_proxy::__private::CallSpan,
                __instrument_proxy_result|
            {
                #[allow(unused_imports)]
                use my_crate::instrument_proxy::__private::{
                    CodedErrorOutcome as _, DisplayErrorOutcome as _, ErrorOutcome as _,
                    ValueOutcome as _,
                };
                __instrument_proxy_span
                    .record_failure(
                        (&&&my_crate::instrument_proxy::__private::Outcome(
                            __instrument_proxy_result,
                        ))
                            .failure(),
                    );
            },
        )
    }
}
