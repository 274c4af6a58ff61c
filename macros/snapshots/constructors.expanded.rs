impl Traced {
    pub fn open(url: &str) -> Self {
        let __instrument_proxy_call = ::instrument_proxy::__private::start(
            ::instrument_proxy::__private::level::INFO,
            || {
                #[allow(unused_imports)]
                use ::instrument_proxy::__private::{
                    FutureReturn as _, PlainReturn as _, StreamReturn as _,
                };
                (&&::instrument_proxy::__private::ReturnCheck::<Self>::NEW)
                    .returns_future_or_stream();
                ::instrument_proxy::__private::call_span!(
                    level : INFO, target : (), name : "Traced::open", kind : "client",
                    dynamic_name : (), later : { "otel.status_code",
                    "otel.status_description", "error.type", "server.address",
                    "server.port", "db.namespace" }, client : (), fields : {}
                )
            },
        );
        ::instrument_proxy::__private::run_sync(
            __instrument_proxy_call,
            move || -> Self {
                <Self as ::instrument_proxy::__private::ForwardTo<
                    _,
                >>::forwarded(
                    <<Self as ::instrument_proxy::__private::Proxy>::Inner>::open(url),
                )
            },
            |
                __instrument_proxy_span: &::instrument_proxy::__private::CallSpan,
                __instrument_proxy_result|
            {
                let __instrument_proxy_result: &Self = __instrument_proxy_result;
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
    pub fn try_open(url: &str) -> Result<Self, Error> {
        let __instrument_proxy_call = ::instrument_proxy::__private::start(
            ::instrument_proxy::__private::level::INFO,
            || {
                #[allow(unused_imports)]
                use ::instrument_proxy::__private::{
                    FutureReturn as _, PlainReturn as _, StreamReturn as _,
                };
                (&&::instrument_proxy::__private::ReturnCheck::<
                    Result<Self, Error>,
                >::NEW)
                    .returns_future_or_stream();
                ::instrument_proxy::__private::call_span!(
                    level : INFO, target : (), name : "Traced::try_open", kind :
                    "client", dynamic_name : (), later : { "otel.status_code",
                    "otel.status_description", "error.type", "server.address",
                    "server.port", "db.namespace" }, client : (), fields : {}
                )
            },
        );
        ::instrument_proxy::__private::run_sync(
            __instrument_proxy_call,
            move || -> Result<Self, Error> {
                <<Self as ::instrument_proxy::__private::Proxy>::Inner>::try_open(url)
                    .map(
                        <Self as ::instrument_proxy::__private::ForwardTo<_>>::forwarded,
                    )
            },
            |
                __instrument_proxy_span: &::instrument_proxy::__private::CallSpan,
                __instrument_proxy_result|
            {
                let __instrument_proxy_result: &Result<Self, Error> = __instrument_proxy_result;
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
    pub fn version() -> u32 {
        let __instrument_proxy_call = ::instrument_proxy::__private::start(
            ::instrument_proxy::__private::level::INFO,
            || {
                #[allow(unused_imports)]
                use ::instrument_proxy::__private::{
                    FutureReturn as _, PlainReturn as _, StreamReturn as _,
                };
                (&&::instrument_proxy::__private::ReturnCheck::<u32>::NEW)
                    .returns_future_or_stream();
                ::instrument_proxy::__private::call_span!(
                    level : INFO, target : (), name : "Traced::version", kind : "client",
                    dynamic_name : (), later : { "otel.status_code",
                    "otel.status_description", "error.type", "server.address",
                    "server.port", "db.namespace" }, client : (), fields : {}
                )
            },
        );
        ::instrument_proxy::__private::run_sync(
            __instrument_proxy_call,
            move || -> u32 {
                <<Self as ::instrument_proxy::__private::Proxy>::Inner>::version()
            },
            |
                __instrument_proxy_span: &::instrument_proxy::__private::CallSpan,
                __instrument_proxy_result|
            {
                let __instrument_proxy_result: &u32 = __instrument_proxy_result;
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
