impl Traced {
    pub async fn get(&mut self, key: &str) -> Result<String, Error> {
        ::instrument_proxy::__private::ForwardTo::forward_mut(self).get(key).await
    }
    pub fn with_body(&self) -> u8 {
        1
    }
}
