impl Traced {
    fn fetch(&self, id: u64) -> impl Future<Output = u64> + Send + '_ {
        let __instrument_proxy_call = ::instrument_proxy::__private::start(
            ::instrument_proxy::__private::level::INFO,
            || {
                ::instrument_proxy::__private::call_span!(
                    level : INFO, target : (), name : "Traced::fetch", kind : "client",
                    dynamic_name : (), later : { "otel.status_code",
                    "otel.status_description", "error.type", "server.address",
                    "server.port", "db.namespace" }, client : (&
                    ::instrument_proxy::__private::Autoref(& * self)), fields : {}
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
            |
                __instrument_proxy_span: &::instrument_proxy::__private::CallSpan,
                __instrument_proxy_result|
            {
                let __instrument_proxy_result: &u64 = __instrument_proxy_result;
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
    fn scan(&self) -> impl Stream<Item = u64> + Send {
        let __instrument_proxy_call = ::instrument_proxy::__private::start(
            ::instrument_proxy::__private::level::INFO,
            || {
                ::instrument_proxy::__private::call_span!(
                    level : INFO, target : (), name : "Traced::scan", kind : "client",
                    dynamic_name : (), later : { "otel.status_code",
                    "otel.status_description", "error.type", "server.address",
                    "server.port", "db.namespace" }, client : (&
                    ::instrument_proxy::__private::Autoref(& * self)), fields : {}
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
        )
    }
}
