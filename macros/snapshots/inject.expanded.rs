impl Traced {
    #[cfg(not(doc))]
    pub fn execute<'__instrument_proxy_life0>(
        &'__instrument_proxy_life0 self,
        request: Request,
    ) -> impl ::core::future::Future<
        Output = Result<Response, Error>,
    > + ::instrument_proxy::__private::Captures<(&'__instrument_proxy_life0 (),)> {
        let __instrument_proxy_call = ::instrument_proxy::__private::start(
            ::instrument_proxy::__private::site!(level : INFO, name : "Traced::execute"),
            |__instrument_proxy_site| {
                ::instrument_proxy::__private::call_span!(
                    site : __instrument_proxy_site, kind : "client", client : &
                    ::instrument_proxy::__private::Autoref(& * self)
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
            ::instrument_proxy::__private::site!(level : INFO, name : "Traced::publish"),
            |__instrument_proxy_site| {
                ::instrument_proxy::__private::return_check!(
                    Result < (), Error >, returns_future_or_stream
                );
                ::instrument_proxy::__private::call_span!(
                    site : __instrument_proxy_site, kind : "client", client : &
                    ::instrument_proxy::__private::Autoref(& * self)
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
