impl Traced {
    pub fn get(&self, key: &str) -> Option<String> {
        let __instrument_proxy_call = my_crate::instrument_proxy::__private::start(|| {
            my_crate::instrument_proxy::__private::call_span!(
                level : INFO, name : "Traced::get", kind : "client", dynamic_name : (),
                later : { "otel.status_code", "otel.status_description", "error.type",
                "server.address", "server.port", "db.namespace" }, client : (&
                my_crate::instrument_proxy::__private::Autoref(& * self)), fields : {}
            )
        });
        my_crate::instrument_proxy::__private::run_sync(
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
                    let __instrument_proxy_fake_return: Option<String> = loop {};
                    return __instrument_proxy_fake_return;
                }
                self.client.get(key)
            },
            |__instrument_proxy_span, __instrument_proxy_result| {
                #[allow(unused_imports)]
                use my_crate::instrument_proxy::__private::{
                    CodedErrorOutcome as _, DisplayErrorOutcome as _, ErrorOutcome as _,
                    ValueOutcome as _,
                };
                (&&&my_crate::instrument_proxy::__private::Outcome(
                    __instrument_proxy_result,
                ))
                    .record_outcome(__instrument_proxy_span);
            },
        )
    }
    pub fn set(&mut self, key: &str, value: String) {
        let __instrument_proxy_call = my_crate::instrument_proxy::__private::start(|| {
            my_crate::instrument_proxy::__private::call_span!(
                level : INFO, name : "Traced::set", kind : "client", dynamic_name : (),
                later : { "otel.status_code", "otel.status_description", "error.type",
                "server.address", "server.port", "db.namespace" }, client : (&
                my_crate::instrument_proxy::__private::Autoref(& * self)), fields : {}
            )
        });
        my_crate::instrument_proxy::__private::run_sync(
            __instrument_proxy_call,
            move || { self.client.set(key, value) },
            |__instrument_proxy_span, __instrument_proxy_result| {
                #[allow(unused_imports)]
                use my_crate::instrument_proxy::__private::{
                    CodedErrorOutcome as _, DisplayErrorOutcome as _, ErrorOutcome as _,
                    ValueOutcome as _,
                };
                (&&&my_crate::instrument_proxy::__private::Outcome(
                    __instrument_proxy_result,
                ))
                    .record_outcome(__instrument_proxy_span);
            },
        )
    }
    pub fn close(self) {
        let __instrument_proxy_call = my_crate::instrument_proxy::__private::start(|| {
            my_crate::instrument_proxy::__private::call_span!(
                level : INFO, name : "Traced::close", kind : "client", dynamic_name : (),
                later : { "otel.status_code", "otel.status_description", "error.type",
                "server.address", "server.port", "db.namespace" }, client : (&
                my_crate::instrument_proxy::__private::Autoref(& self)), fields : {}
            )
        });
        my_crate::instrument_proxy::__private::run_sync(
            __instrument_proxy_call,
            move || { self.client.close() },
            |__instrument_proxy_span, __instrument_proxy_result| {
                #[allow(unused_imports)]
                use my_crate::instrument_proxy::__private::{
                    CodedErrorOutcome as _, DisplayErrorOutcome as _, ErrorOutcome as _,
                    ValueOutcome as _,
                };
                (&&&my_crate::instrument_proxy::__private::Outcome(
                    __instrument_proxy_result,
                ))
                    .record_outcome(__instrument_proxy_span);
            },
        )
    }
}
