impl Traced {
    pub fn open(url: &str) -> Self {
        ::instrument_proxy::__private::call_sync(
            ::instrument_proxy::__private::site!(level : INFO, name : "Traced::open"),
            |__instrument_proxy_site| {
                ::instrument_proxy::__private::return_check!(
                    Self, returns_future_or_stream
                );
                ::instrument_proxy::__private::call_span!(
                    site : __instrument_proxy_site, kind : "client"
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
            ::instrument_proxy::__private::site!(
                level : INFO, name : "Traced::try_open"
            ),
            |__instrument_proxy_site| {
                ::instrument_proxy::__private::return_check!(
                    Result < Self, Error >, returns_future_or_stream
                );
                ::instrument_proxy::__private::call_span!(
                    site : __instrument_proxy_site, kind : "client"
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
            ::instrument_proxy::__private::site!(level : INFO, name : "Traced::version"),
            |__instrument_proxy_site| {
                ::instrument_proxy::__private::return_check!(
                    u32, returns_future_or_stream
                );
                ::instrument_proxy::__private::call_span!(
                    site : __instrument_proxy_site, kind : "client"
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
