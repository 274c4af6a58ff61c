#[instrument_proxy(fields(db.system.name = "redis"))]
impl Traced {
    pub async fn get(&mut self, key: &str) -> Result<String, Error>;
}
