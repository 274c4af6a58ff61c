impl Traced {
    pub fn send(&self, command: &str, args: &[String]) -> Result<Reply, Error> {
        ::instrument_proxy::__private::metered_sync!(
            site : ::instrument_proxy::__private::site!(level : DEBUG, name :
            "Traced::send", dynamic_name : _, fields : ["db.system.name",
            "server.address", "db.operation.name", "args"]), span : |
            __instrument_proxy_site | {
            ::instrument_proxy::__private::return_check!(Result < Reply, Error >,
            returns_future_or_stream); ::instrument_proxy::__private::call_span!(site :
            __instrument_proxy_site, kind : "client", name : command, client : &
            ::instrument_proxy::__private::Autoref(& * self), fields : {
            literal("db.system.name", "redis"), literal("server.address", "localhost"),
            value("db.operation.name", command), debug("args", args) }) }, instrument :
            ::instrument_proxy::__private::Instrument::Database, bounded : [], client :
            (& ::instrument_proxy::__private::Autoref(& * self)), fields : {
            literal("db.system.name", "redis"), literal("server.address", "localhost") },
            named : { value("db.operation.name", command), debug("args", args) }, call :
            (move || -> Result < Reply, Error > {
            ::instrument_proxy::__private::ForwardTo::forward_ref(self).send(command,
            args) }, ::instrument_proxy::__private::record_outcome!(result : (Result <
            Reply, Error >), described : ErrorOutcome, event : (), mark : true, ok :
            (record_reply), err : (record_failure)))
        )
    }
    pub fn probe(&self) -> Result<(), Error> {
        ::instrument_proxy::__private::metered_sync!(
            site : ::instrument_proxy::__private::site!(level : DEBUG, name :
            "Traced probe", fields : ["db.system.name", "server.address"]), span : |
            __instrument_proxy_site | {
            ::instrument_proxy::__private::return_check!(Result < (), Error >,
            returns_future_or_stream); #[allow(unused_imports)] use
            ::instrument_proxy::__private:: { NotResultReturn as _, ResultReturn as _ };
            (& ::instrument_proxy::__private::ReturnCheck:: < Result < (), Error > >
            ::NEW).err_has_an_effect(); ::instrument_proxy::__private::call_span!(site :
            __instrument_proxy_site, kind : "client", client : &
            ::instrument_proxy::__private::Autoref(& * self), fields : {
            literal("db.system.name", "redis"), literal("server.address", "localhost") })
            }, instrument : ::instrument_proxy::__private::Instrument::Database, bounded
            : [], client : (& ::instrument_proxy::__private::Autoref(& * self)), fields :
            { literal("db.system.name", "redis"), literal("server.address", "localhost")
            }, named : {}, call : (move || -> Result < (), Error > {
            ::instrument_proxy::__private::ForwardTo::forward_ref(self).probe() }, | _, _
            | {})
        )
    }
    pub fn untraced(&self) -> u8 {
        ::instrument_proxy::__private::ForwardTo::forward_ref(self).untraced()
    }
}
