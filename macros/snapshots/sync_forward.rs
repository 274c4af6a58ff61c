#[instrument_proxy]
impl Traced {
    /// Forwarded inside a span; an `Err` marks it failed.
    pub fn get(&self, key: &str) -> Result<String, Error>;
}
