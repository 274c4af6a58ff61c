impl Traced {
    pub fn send(&self, command: &str, args: &[String]) -> Result<Reply, Error> {
        let __instrument_proxy_call = ::instrument_proxy::__private::start(|| {
            ::instrument_proxy::__private::call_span!(
                level : DEBUG, name : "Traced::send", kind : "client", dynamic_name :
                (command), later : { "otel.status_code", "otel.status_description",
                "error.type", "server.port", "db.namespace" }, client : (&
                ::instrument_proxy::__private::Autoref(& * self)), fields : {
                "db.system.name" = "redis", "server.address" = "localhost",
                "db.operation.name" = command, "args" = ? args }
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
                    let __instrument_proxy_fake_return: Result<Reply, Error> = loop {};
                    return __instrument_proxy_fake_return;
                }
                <Self as ::instrument_proxy::__private::Proxy>::inner(self)
                    .send(command, args)
            },
            |__instrument_proxy_span, __instrument_proxy_result| {
                #[allow(unused_imports)]
                use ::instrument_proxy::__private::{
                    CodedErrorOutcome as _, DisplayErrorOutcome as _, ErrorOutcome as _,
                    ValueOutcome as _,
                };
                (&&&::instrument_proxy::__private::Outcome(__instrument_proxy_result))
                    .record_outcome(__instrument_proxy_span);
                #[allow(unused_imports)]
                use ::instrument_proxy::__private::{ResultParts as _, ValueParts as _};
                match (&::instrument_proxy::__private::Outcome(
                    __instrument_proxy_result,
                ))
                    .parts()
                {
                    ::instrument_proxy::__private::Ok(__instrument_proxy_ok) => {
                        record_reply(__instrument_proxy_span, __instrument_proxy_ok);
                    }
                    ::instrument_proxy::__private::Err(__instrument_proxy_err) => {
                        record_failure(__instrument_proxy_span, __instrument_proxy_err);
                    }
                }
            },
        )
    }
    pub fn probe(&self) -> Result<(), Error> {
        let __instrument_proxy_call = ::instrument_proxy::__private::start(|| {
            ::instrument_proxy::__private::call_span!(
                level : DEBUG, name : "Traced probe", kind : "client", dynamic_name : (),
                later : { "otel.status_code", "otel.status_description", "error.type",
                "server.port", "db.namespace" }, client : (&
                ::instrument_proxy::__private::Autoref(& * self)), fields : {
                "db.system.name" = "redis", "server.address" = "localhost" }
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
                    let __instrument_proxy_fake_return: Result<(), Error> = loop {};
                    return __instrument_proxy_fake_return;
                }
                <Self as ::instrument_proxy::__private::Proxy>::inner(self).probe()
            },
            |_, _| {},
        )
    }
    pub fn untraced(&self) -> u8 {
        <Self as ::instrument_proxy::__private::Proxy>::inner(self).untraced()
    }
}
