impl Traced {
    /// Forwarded inside a span; an `Err` marks it failed.
    pub fn get(&self, key: &str) -> Result<String, Error> {
        let __instrument_proxy_call = ::instrument_proxy::__private::start(|| {
            ::instrument_proxy::__private::call_span!(
                level : INFO, name : "Traced::get", kind : "client", dynamic_name : (),
                later : { "otel.status_code", "otel.status_description", "error.type",
                "server.address", "server.port", "db.namespace" }, client : (&
                ::instrument_proxy::__private::Autoref(& * self)), fields : {}
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
                    let __instrument_proxy_fake_return: Result<String, Error> = loop {};
                    return __instrument_proxy_fake_return;
                }
                <Self as ::instrument_proxy::__private::Proxy>::inner(self).get(key)
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
