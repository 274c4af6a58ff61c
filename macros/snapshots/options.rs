#[instrument_proxy(level = debug, fields(db.system.name = "redis", server.address = "localhost"))]
impl Traced {
    #[instrument_proxy(name = command, record_ok = record_reply, record_err = record_failure, fields(db.operation.name = command, args = ?args))]
    pub fn send(&self, command: &str, args: &[String]) -> Result<Reply, Error>;

    #[instrument_proxy(name = "{type} {method}", err = false)]
    pub fn probe(&self) -> Result<(), Error>;

    #[instrument_proxy(skip)]
    pub fn untraced(&self) -> u8;
}
