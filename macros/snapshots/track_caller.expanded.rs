impl Traced {
    #[track_caller]
    #[inline]
    pub fn checked(&self, index: usize) -> u8 {
        let __instrument_proxy_call = ::instrument_proxy::__private::SyncCall::enter(
            ::instrument_proxy::__private::start(
                ::instrument_proxy::__private::level::INFO,
                || {
                    #[allow(unused_imports)]
                    use ::instrument_proxy::__private::{
                        FutureReturn as _, PlainReturn as _, StreamReturn as _,
                    };
                    (&&::instrument_proxy::__private::ReturnCheck::<u8>::NEW)
                        .returns_future_or_stream();
                    ::instrument_proxy::__private::call_span!(
                        level : INFO, target : (), name : "Traced::checked", kind :
                        "client", dynamic_name : (), later : { "otel.status_code",
                        "otel.status_description", "error.type", "server.address",
                        "server.port", "db.namespace" }, client : (&
                        ::instrument_proxy::__private::Autoref(& * self)), fields : {}
                    )
                },
            ),
        );
        #[allow(clippy::diverging_sub_expression)]
        let __instrument_proxy_result: u8 = { self.0[index] };
        #[allow(unreachable_code)]
        let __instrument_proxy_result = ::instrument_proxy::__private::SyncCall::finish(
            __instrument_proxy_call,
            __instrument_proxy_result,
            |
                __instrument_proxy_span: &::instrument_proxy::__private::CallSpan,
                __instrument_proxy_result|
            {
                let __instrument_proxy_result: &u8 = __instrument_proxy_result;
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
        );
        __instrument_proxy_result
    }
}
