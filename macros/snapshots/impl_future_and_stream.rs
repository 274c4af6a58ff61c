#[instrument_proxy]
impl Traced {
    fn fetch(&self, id: u64) -> impl Future<Output = u64> + Send + '_ {
        async move { id }
    }

    #[instrument_proxy(stream)]
    fn scan(&self) -> impl Stream<Item = u64> + Send;
}
