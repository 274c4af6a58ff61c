impl Traced {
    #[cfg(not(doc))]
    pub fn get<'__instrument_proxy_life0, '__instrument_proxy_life1>(
        &'__instrument_proxy_life0 mut self,
        key: &'__instrument_proxy_life1 str,
    ) -> impl ::core::future::Future<
        Output = Result<String, Error>,
    > + ::instrument_proxy::__private::Captures<
        (&'__instrument_proxy_life0 (), &'__instrument_proxy_life1 ()),
    > {
        let __instrument_proxy_call = ::instrument_proxy::__private::metered_start!(
            level : INFO, span : || { ::instrument_proxy::__private::call_span!(level :
            INFO, target : (), name : "Traced::get", kind : "client", dynamic_name : (),
            later : { "otel.status_code", "otel.status_description", "error.type",
            "server.address", "server.port", "db.namespace" }, client : (&
            ::instrument_proxy::__private::Autoref(& * self)), fields : {
            "db.system.name" = "redis" }) }, instrument :
            ::instrument_proxy::__private::Instrument::Database, bounded :
            ["db.system.name", "db.operation.name", "db.namespace",
            "http.request.method", "http.response.status_code", "server.address",
            "server.port"], client : (& ::instrument_proxy::__private::Autoref(& *
            self)), fields : { "db.system.name" = "redis" }
        );
        let __instrument_proxy_work = ::instrument_proxy::__private::construct(
            __instrument_proxy_call.as_ref(),
            move || {
                ::core::future::IntoFuture::into_future(
                    ::instrument_proxy::__private::ForwardTo::forward_mut(self).get(key),
                )
            },
        );
        ::instrument_proxy::__private::CallFuture::new(
            __instrument_proxy_call,
            __instrument_proxy_work,
            |
                __instrument_proxy_span: &::instrument_proxy::__private::CallSpan,
                __instrument_proxy_result|
            {
                let __instrument_proxy_result: &Result<String, Error> = __instrument_proxy_result;
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
    #[cfg(doc)]
    pub async fn get(&mut self, key: &str) -> Result<String, Error> {
        ::core::unreachable!()
    }
}
