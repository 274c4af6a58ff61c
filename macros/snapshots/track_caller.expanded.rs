impl Traced {
    #[track_caller]
    #[inline]
    pub fn checked(&self, index: usize) -> u8 {
        let __instrument_proxy_call = ::instrument_proxy::__private::SyncCall::enter(
            ::instrument_proxy::__private::start(
                ::instrument_proxy::__private::site!(
                    level : INFO, name : "Traced::checked"
                ),
                |__instrument_proxy_site| {
                    ::instrument_proxy::__private::return_check!(
                        u8, returns_future_or_stream
                    );
                    ::instrument_proxy::__private::call_span!(
                        site : __instrument_proxy_site, kind : "client", client : &
                        ::instrument_proxy::__private::Autoref(& * self)
                    )
                },
            ),
        );
        #[allow(clippy::diverging_sub_expression)]
        let __instrument_proxy_result: u8 = { self.0[index] };
        #[allow(unreachable_code)]
        let __instrument_proxy_result = ::instrument_proxy::__private::SyncCall::finish(
            __instrument_proxy_call,
            __instrument_proxy_result,
            ::instrument_proxy::__private::record_outcome!(
                result : (u8), described : ErrorOutcome, event : (), mark : true, ok :
                (), err : ()
            ),
        );
        __instrument_proxy_result
    }
}
