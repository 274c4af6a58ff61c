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
                    dynamic_name : (), client : (&
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
            ::instrument_proxy::__private::record_outcome!(
                result : (Result < Response, Error >), described : ErrorOutcome, event :
                (), mark : true, ok : (), err : ()
            ),
        )
    }
    #[cfg(doc)]
    pub async fn execute(&self, request: Request) -> Result<Response, Error> {
        ::core::unreachable!()
    }
    pub fn publish(&self, topic: &str, message: Message) -> Result<(), Error> {
        ::instrument_proxy::__private::call_sync(
            ::instrument_proxy::__private::level::INFO,
            || {
                ::instrument_proxy::__private::return_check!(
                    Result < (), Error >, returns_future_or_stream
                );
                ::instrument_proxy::__private::call_span!(
                    level : INFO, target : (), name : "Traced::publish", kind : "client",
                    dynamic_name : (), client : (&
                    ::instrument_proxy::__private::Autoref(& * self)), fields : {}
                )
            },
            move || -> Result<(), Error> {
                let mut message = ::instrument_proxy::__private::inject(message);
                {
                    message.topic = topic.to_owned();
                    self.0.publish(message)
                }
            },
            ::instrument_proxy::__private::record_outcome!(
                result : (Result < (), Error >), described : ErrorOutcome, event : (),
                mark : true, ok : (), err : ()
            ),
        )
    }
}
