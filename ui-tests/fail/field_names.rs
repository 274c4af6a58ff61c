use instrument_proxy::instrument_proxy;

pub struct Client;

#[instrument_proxy(fields("HTTP.Method" = "GET"))]
impl Client {
    #[instrument_proxy(fields(userId = 1, "user id" = 2, "db..name" = 3, otel.scope = 4))]
    pub fn get(&self) -> u8 {
        1
    }
}

fn main() {}
