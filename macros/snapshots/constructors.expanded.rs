impl Traced {
    pub fn open(url: &str) -> Self {
        let __instrument_proxy_call = ::instrument_proxy::__private::start(|| {
            ::instrument_proxy::__private::call_span!(
                level : INFO, name : "Traced::open", kind : "client", dynamic_name : (),
                later : { "otel.status_code", "otel.status_description", "error.type",
                "server.address", "server.port", "db.namespace" }, client : (), fields :
                {}
            )
        });
        ::instrument_proxy::__private::run_sync(
            __instrument_proxy_call,
            move || {
                #[allow(
                    unknown_lints,
                    unreachable_code,
                    clippy::diverging_sub_expression,
                    clippy::empty_loop,
                    clippy::let_unit_value,
                    clippy::needless_return,
                    clippy::unreachable
                )]
                if false {
                    let __instrument_proxy_fake_return: Self = loop {};
                    return __instrument_proxy_fake_return;
                }
                <Self as ::instrument_proxy::__private::Proxy>::from_inner(
                    <<Self as ::instrument_proxy::__private::Proxy>::Inner>::open(url),
                )
            },
            |__instrument_proxy_span, __instrument_proxy_result| {
                #[allow(unused_imports)]
                use ::instrument_proxy::__private::{
                    CodedErrorOutcome as _, DisplayErrorOutcome as _, ErrorOutcome as _,
                    ValueOutcome as _,
                };
                (&&&::instrument_proxy::__private::Outcome(__instrument_proxy_result))
                    .record_outcome(__instrument_proxy_span);
            },
        )
    }
    pub fn try_open(url: &str) -> Result<Self, Error> {
        let __instrument_proxy_call = ::instrument_proxy::__private::start(|| {
            ::instrument_proxy::__private::call_span!(
                level : INFO, name : "Traced::try_open", kind : "client", dynamic_name :
                (), later : { "otel.status_code", "otel.status_description",
                "error.type", "server.address", "server.port", "db.namespace" }, client :
                (), fields : {}
            )
        });
        ::instrument_proxy::__private::run_sync(
            __instrument_proxy_call,
            move || {
                #[allow(
                    unknown_lints,
                    unreachable_code,
                    clippy::diverging_sub_expression,
                    clippy::empty_loop,
                    clippy::let_unit_value,
                    clippy::needless_return,
                    clippy::unreachable
                )]
                if false {
                    let __instrument_proxy_fake_return: Result<Self, Error> = loop {};
                    return __instrument_proxy_fake_return;
                }
                <<Self as ::instrument_proxy::__private::Proxy>::Inner>::try_open(url)
                    .map(<Self as ::instrument_proxy::__private::Proxy>::from_inner)
            },
            |__instrument_proxy_span, __instrument_proxy_result| {
                #[allow(unused_imports)]
                use ::instrument_proxy::__private::{
                    CodedErrorOutcome as _, DisplayErrorOutcome as _, ErrorOutcome as _,
                    ValueOutcome as _,
                };
                (&&&::instrument_proxy::__private::Outcome(__instrument_proxy_result))
                    .record_outcome(__instrument_proxy_span);
            },
        )
    }
    pub fn version() -> u32 {
        let __instrument_proxy_call = ::instrument_proxy::__private::start(|| {
            ::instrument_proxy::__private::call_span!(
                level : INFO, name : "Traced::version", kind : "client", dynamic_name :
                (), later : { "otel.status_code", "otel.status_description",
                "error.type", "server.address", "server.port", "db.namespace" }, client :
                (), fields : {}
            )
        });
        ::instrument_proxy::__private::run_sync(
            __instrument_proxy_call,
            move || {
                #[allow(
                    unknown_lints,
                    unreachable_code,
                    clippy::diverging_sub_expression,
                    clippy::empty_loop,
                    clippy::let_unit_value,
                    clippy::needless_return,
                    clippy::unreachable
                )]
                if false {
                    let __instrument_proxy_fake_return: u32 = loop {};
                    return __instrument_proxy_fake_return;
                }
                <<Self as ::instrument_proxy::__private::Proxy>::Inner>::version()
            },
            |__instrument_proxy_span, __instrument_proxy_result| {
                #[allow(unused_imports)]
                use ::instrument_proxy::__private::{
                    CodedErrorOutcome as _, DisplayErrorOutcome as _, ErrorOutcome as _,
                    ValueOutcome as _,
                };
                (&&&::instrument_proxy::__private::Outcome(__instrument_proxy_result))
                    .record_outcome(__instrument_proxy_span);
            },
        )
    }
}
