#[instrument_proxy(kind = internal)]
impl<'a> Traced<'a> {
    pub async fn get_twice(&self, key: &str) -> Result<&'a str, Error> {
        let first = self.0.get(key).await?;
        Ok(first)
    }
}
