#[instrument_proxy]
impl<C: ConnectionLike + Send> ConnectionLike for Traced<C> {
    #[instrument_proxy(future, name = cmd.name())]
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value>;

    fn get_db(&self) -> i64;
}
