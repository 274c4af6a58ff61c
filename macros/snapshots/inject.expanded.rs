impl Traced {
    #[cfg(not(doc))]
    pub fn execute<'__instrument_proxy_life0>(
        &'__instrument_proxy_life0 self,
        request: Request,
    ) -> impl ::core::future::Future<
        Output = Result<Response, Error>,
    > + ::instrument_proxy::__private::Captures<(&'__instrument_proxy_life0 (),)> {
        let __instrument_proxy_call = ::instrument_proxy::__private::start(
            ::instrument_proxy::__private::level::INFO,
            || {
                ::instrument_proxy::__private::call_span!(
                    level : INFO, target : (), name : "Traced::execute", kind : "client",
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
                let request = ::instrument_proxy::__private::inject(request);
                ::core::future::IntoFuture::into_future(
                    ::instrument_proxy::__private::ForwardTo::forward_ref(self)
                        .execute(request),
                )
            },
        );
        ::instrument_proxy::__private::CallFuture::new(
            __instrument_proxy_call,
            __instrument_proxy_work,
            |
                __instrument_proxy_span: &::instrument_proxy::__private::CallSpan,
                __instrument_proxy_result|
            {
                let __instrument_proxy_result: &Result<Response, Error> = __instrument_proxy_result;
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
    #[cfg(doc)]
    pub async fn execute(&self, request: Request) -> Result<Response, Error> {
        ::core::unreachable!()
    }
    pub fn publish(&self, topic: &str, message: Message) -> Result<(), Error> {
        let __instrument_proxy_call = ::instrument_proxy::__private::start(
            ::instrument_proxy::__private::level::INFO,
            || {
                #[allow(unused_imports)]
                use ::instrument_proxy::__private::{
                    FutureReturn as _, PlainReturn as _, StreamReturn as _,
                };
                (&&::instrument_proxy::__private::ReturnCheck::<Result<(), Error>>::NEW)
                    .returns_future_or_stream();
                ::instrument_proxy::__private::call_span!(
                    level : INFO, target : (), name : "Traced::publish", kind : "client",
                    dynamic_name : (), later : { "otel.status_code",
                    "otel.status_description", "error.type", "server.address",
                    "server.port", "db.namespace" }, client : (&
                    ::instrument_proxy::__private::Autoref(& * self)), fields : {}
                )
            },
        );
        ::instrument_proxy::__private::run_sync(
            __instrument_proxy_call,
            move || -> Result<(), Error> {
                let mut message = ::instrument_proxy::__private::inject(message);
                {
                    message.topic = topic.to_owned();
                    self.0.publish(message)
                }
            },
            |
                __instrument_proxy_span: &::instrument_proxy::__private::CallSpan,
                __instrument_proxy_result|
            {
                let __instrument_proxy_result: &Result<(), Error> = __instrument_proxy_result;
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
