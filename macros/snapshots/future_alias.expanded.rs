impl<C: ConnectionLike + Send> ConnectionLike for Traced<C> {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        let __instrument_proxy_call = ::instrument_proxy::__private::start(
            ::instrument_proxy::__private::level::INFO,
            || {
                ::instrument_proxy::__private::call_span!(
                    level : INFO, target : (), name : "Traced::req_packed_command", kind
                    : "client", dynamic_name : (cmd.name()), later : {
                    "otel.status_code", "otel.status_description", "error.type",
                    "server.address", "server.port", "db.namespace" }, client : (&
                    ::instrument_proxy::__private::Autoref(& * self)), fields : {}
                )
            },
        );
        let __instrument_proxy_work = ::instrument_proxy::__private::construct(
            __instrument_proxy_call.as_ref(),
            move || -> RedisFuture<'a, Value> {
                <_ as ConnectionLike>::req_packed_command(
                    ::instrument_proxy::__private::ForwardTo::forward_mut(self),
                    cmd,
                )
            },
        );
        match __instrument_proxy_call {
            ::instrument_proxy::__private::None => __instrument_proxy_work,
            __instrument_proxy_call => {
                let __instrument_proxy_boxed: RedisFuture<'a, Value> = ::instrument_proxy::__private::Box::pin(
                    ::instrument_proxy::__private::CallFuture::new(
                        __instrument_proxy_call,
                        __instrument_proxy_work,
                        |
                            __instrument_proxy_span: &::instrument_proxy::__private::CallSpan,
                            __instrument_proxy_result|
                        {
                            #[allow(unused_imports)]
                            use ::instrument_proxy::__private::{
                                CodedErrorOutcome as _, DisplayErrorOutcome as _,
                                ErrorOutcome as _, ValueOutcome as _,
                            };
                            __instrument_proxy_span
                                .record_failure(
                                    (&&&::instrument_proxy::__private::Outcome(
                                        __instrument_proxy_result,
                                    ))
                                        .failure(),
                                );
                        },
                    ),
                );
                __instrument_proxy_boxed
            }
        }
    }
    fn get_db(&self) -> i64 {
        let __instrument_proxy_call = ::instrument_proxy::__private::start(
            ::instrument_proxy::__private::level::INFO,
            || {
                #[allow(unused_imports)]
                use ::instrument_proxy::__private::{
                    FutureReturn as _, PlainReturn as _, StreamReturn as _,
                };
                (&&::instrument_proxy::__private::ReturnCheck::<i64>::NEW)
                    .returns_future_or_stream();
                ::instrument_proxy::__private::call_span!(
                    level : INFO, target : (), name : "Traced::get_db", kind : "client",
                    dynamic_name : (), later : { "otel.status_code",
                    "otel.status_description", "error.type", "server.address",
                    "server.port", "db.namespace" }, client : (&
                    ::instrument_proxy::__private::Autoref(& * self)), fields : {}
                )
            },
        );
        ::instrument_proxy::__private::run_sync(
            __instrument_proxy_call,
            move || -> i64 {
                <_ as ConnectionLike>::get_db(
                    ::instrument_proxy::__private::ForwardTo::forward_ref(self),
                )
            },
            |
                __instrument_proxy_span: &::instrument_proxy::__private::CallSpan,
                __instrument_proxy_result|
            {
                let __instrument_proxy_result: &i64 = __instrument_proxy_result;
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
