impl<C: ConnectionLike + Send> ConnectionLike for Traced<C> {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        let __instrument_proxy_call = ::instrument_proxy::__private::start(
            ::instrument_proxy::__private::site!(
                level : INFO, name : "Traced::req_packed_command", dynamic_name : _
            ),
            |__instrument_proxy_site| {
                ::instrument_proxy::__private::call_span!(
                    site : __instrument_proxy_site, kind : "client", name : cmd.name(),
                    client : & ::instrument_proxy::__private::Autoref(& * self)
                )
            },
        );
        let __instrument_proxy_work = ::instrument_proxy::__private::construct(
            __instrument_proxy_call.as_ref(),
            move || -> RedisFuture<'a, Value> {
                <_ as ConnectionLike>::req_packed_command(
                    ::instrument_proxy::__private::ForwardTo::forward_mut(self),
                    cmd,
                )
            },
        );
        match __instrument_proxy_call {
            ::instrument_proxy::__private::None => __instrument_proxy_work,
            __instrument_proxy_call => {
                let __instrument_proxy_boxed: RedisFuture<'a, Value> = ::instrument_proxy::__private::Box::pin(
                    ::instrument_proxy::__private::CallFuture::new(
                        __instrument_proxy_call,
                        __instrument_proxy_work,
                        ::instrument_proxy::__private::record_outcome!(
                            result : (), described : ErrorOutcome, event : (), mark :
                            true, ok : (), err : ()
                        ),
                    ),
                );
                __instrument_proxy_boxed
            }
        }
    }
    fn get_db(&self) -> i64 {
        ::instrument_proxy::__private::call_sync(
            ::instrument_proxy::__private::site!(level : INFO, name : "Traced::get_db"),
            |__instrument_proxy_site| {
                ::instrument_proxy::__private::return_check!(
                    i64, returns_future_or_stream
                );
                ::instrument_proxy::__private::call_span!(
                    site : __instrument_proxy_site, kind : "client", client : &
                    ::instrument_proxy::__private::Autoref(& * self)
                )
            },
            move || -> i64 {
                <_ as ConnectionLike>::get_db(
                    ::instrument_proxy::__private::ForwardTo::forward_ref(self),
                )
            },
            ::instrument_proxy::__private::record_outcome!(
                result : (i64), described : ErrorOutcome, event : (), mark : true, ok :
                (), err : ()
            ),
        )
    }
}
