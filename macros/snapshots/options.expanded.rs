impl Traced {
    pub fn send(&self, command: &str, args: &[String]) -> Result<Reply, Error> {
        let __instrument_proxy_call = ::instrument_proxy::__private::metered_start!(
            level : DEBUG, span : || { #[allow(unused_imports)] use
            ::instrument_proxy::__private:: { FutureReturn as _, PlainReturn as _,
            StreamReturn as _ }; (&& ::instrument_proxy::__private::ReturnCheck:: <
            Result < Reply, Error > > ::NEW).returns_future_or_stream();
            ::instrument_proxy::__private::call_span!(level : DEBUG, target : (), name :
            "Traced::send", kind : "client", dynamic_name : (command), later : {
            "otel.status_code", "otel.status_description", "error.type", "server.port",
            "db.namespace" }, client : (& ::instrument_proxy::__private::Autoref(& *
            self)), fields : { "db.system.name" = "redis", "server.address" =
            "localhost", "db.operation.name" = command, "args" = ? args }) }, instrument
            : ::instrument_proxy::__private::Instrument::Database, bounded :
            ["db.system.name", "db.operation.name", "db.namespace",
            "http.request.method", "http.response.status_code", "server.address",
            "server.port"], client : (& ::instrument_proxy::__private::Autoref(& *
            self)), fields : { "db.system.name" = "redis", "server.address" =
            "localhost", "db.operation.name" = command }
        );
        ::instrument_proxy::__private::run_sync(
            __instrument_proxy_call,
            move || -> Result<Reply, Error> {
                ::instrument_proxy::__private::ForwardTo::forward_ref(self)
                    .send(command, args)
            },
            |
                __instrument_proxy_span: &::instrument_proxy::__private::CallSpan,
                __instrument_proxy_result|
            {
                let __instrument_proxy_result: &Result<Reply, Error> = __instrument_proxy_result;
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
        let __instrument_proxy_call = ::instrument_proxy::__private::metered_start!(
            level : DEBUG, span : || { #[allow(unused_imports)] use
            ::instrument_proxy::__private:: { FutureReturn as _, PlainReturn as _,
            StreamReturn as _ }; (&& ::instrument_proxy::__private::ReturnCheck:: <
            Result < (), Error > > ::NEW).returns_future_or_stream();
            #[allow(unused_imports)] use ::instrument_proxy::__private:: {
            NotResultReturn as _, ResultReturn as _ }; (&
            ::instrument_proxy::__private::ReturnCheck:: < Result < (), Error > > ::NEW)
            .err_has_an_effect(); ::instrument_proxy::__private::call_span!(level :
            DEBUG, target : (), name : "Traced probe", kind : "client", dynamic_name :
            (), later : { "otel.status_code", "otel.status_description", "error.type",
            "server.port", "db.namespace" }, client : (&
            ::instrument_proxy::__private::Autoref(& * self)), fields : {
            "db.system.name" = "redis", "server.address" = "localhost" }) }, instrument :
            ::instrument_proxy::__private::Instrument::Database, bounded :
            ["db.system.name", "db.operation.name", "db.namespace",
            "http.request.method", "http.response.status_code", "server.address",
            "server.port"], client : (& ::instrument_proxy::__private::Autoref(& *
            self)), fields : { "db.system.name" = "redis", "server.address" = "localhost"
            }
        );
        ::instrument_proxy::__private::run_sync(
            __instrument_proxy_call,
            move || -> Result<(), Error> {
                ::instrument_proxy::__private::ForwardTo::forward_ref(self).probe()
            },
            |_, _| {},
        )
    }
    pub fn untraced(&self) -> u8 {
        ::instrument_proxy::__private::ForwardTo::forward_ref(self).untraced()
    }
}
