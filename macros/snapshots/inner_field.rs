#[instrument_proxy(inner = client, crate = my_crate::instrument_proxy)]
impl Traced {
    pub fn get(&self, key: &str) -> Option<String>;
    pub fn set(&mut self, key: &str, value: String);
    pub fn close(self);
}
