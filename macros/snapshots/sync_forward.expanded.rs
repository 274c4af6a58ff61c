impl Traced {
    /// Forwarded inside a span; an `Err` marks it failed.
    pub fn get(&self, key: &str) -> Result<String, Error> {
        let __instrument_proxy_call = ::instrument_proxy::__private::start(
            ::instrument_proxy::__private::level::INFO,
            || {
                #[allow(unused_imports)]
                use ::instrument_proxy::__private::{
                    FutureReturn as _, PlainReturn as _, StreamReturn as _,
                };
                (&&::instrument_proxy::__private::ReturnCheck::<
                    Result<String, Error>,
                >::NEW)
                    .returns_future_or_stream();
                ::instrument_proxy::__private::call_span!(
                    level : INFO, target : (), name : "Traced::get", kind : "client",
                    dynamic_name : (), later : { "otel.status_code",
                    "otel.status_description", "error.type", "server.address",
                    "server.port", "db.namespace" }, client : (&
                    ::instrument_proxy::__private::Autoref(& * self)), fields : {}
                )
            },
        );
        ::instrument_proxy::__private::run_sync(
            __instrument_proxy_call,
            move || -> Result<String, Error> {
                ::instrument_proxy::__private::ForwardTo::forward_ref(self).get(key)
            },
            |
                __instrument_proxy_span: &::instrument_proxy::__private::CallSpan,
                __instrument_proxy_result|
            {
                let __instrument_proxy_result: &Result<String, Error> = __instrument_proxy_result;
                #[allow(unused_imports)]
                use ::instrument_proxy::__private::{
                    CodedErrorOutcome as _, DisplayErrorOutcome as _, ErrorOutcome as _,
                    ValueOutcome as _,
                };
                __instrument_proxy_span
                    .record_failure(
                        (&&&::instrument_proxy::__private::Outcome(
                            __instrument_proxy_result,
                        ))
                            .failure(),
                    );
            },
        )
    }
}
