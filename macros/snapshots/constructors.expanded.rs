impl Traced {
    pub fn open(url: &str) -> Self {
        ::instrument_proxy::__private::call_sync(
            ::instrument_proxy::__private::level::INFO,
            || {
                ::instrument_proxy::__private::return_check!(
                    Self, returns_future_or_stream
                );
                ::instrument_proxy::__private::call_span!(
                    level : INFO, target : (), name : "Traced::open", kind : "client",
                    dynamic_name : (), client : (), fields : {}
                )
            },
            move || -> Self {
                <Self as ::instrument_proxy::__private::ForwardTo<
                    _,
                >>::forwarded(
                    <<Self as ::instrument_proxy::__private::Proxy>::Inner>::open(url),
                )
            },
            ::instrument_proxy::__private::record_outcome!(
                result : (Self), described : ErrorOutcome, event : (), mark : true, ok :
                (), err : ()
            ),
        )
    }
    pub fn try_open(url: &str) -> Result<Self, Error> {
        ::instrument_proxy::__private::call_sync(
            ::instrument_proxy::__private::level::INFO,
            || {
                ::instrument_proxy::__private::return_check!(
                    Result < Self, Error >, returns_future_or_stream
                );
                ::instrument_proxy::__private::call_span!(
                    level : INFO, target : (), name : "Traced::try_open", kind :
                    "client", dynamic_name : (), client : (), fields : {}
                )
            },
            move || -> Result<Self, Error> {
                <<Self as ::instrument_proxy::__private::Proxy>::Inner>::try_open(url)
                    .map(
                        <Self as ::instrument_proxy::__private::ForwardTo<_>>::forwarded,
                    )
            },
            ::instrument_proxy::__private::record_outcome!(
                result : (Result < Self, Error >), described : ErrorOutcome, event : (),
                mark : true, ok : (), err : ()
            ),
        )
    }
    pub fn version() -> u32 {
        ::instrument_proxy::__private::call_sync(
            ::instrument_proxy::__private::level::INFO,
            || {
                ::instrument_proxy::__private::return_check!(
                    u32, returns_future_or_stream
                );
                ::instrument_proxy::__private::call_span!(
                    level : INFO, target : (), name : "Traced::version", kind : "client",
                    dynamic_name : (), client : (), fields : {}
                )
            },
            move || -> u32 {
                <<Self as ::instrument_proxy::__private::Proxy>::Inner>::version()
            },
            ::instrument_proxy::__private::record_outcome!(
                result : (u32), described : ErrorOutcome, event : (), mark : true, ok :
                (), err : ()
            ),
        )
    }
}
