impl Traced {
    pub async fn get(&mut self, key: &str) -> Result<String, Error> {
        <Self as ::instrument_proxy::__private::Proxy>::inner_mut(self).get(key).await
    }
    pub fn with_body(&self) -> u8 {
        1
    }
}
