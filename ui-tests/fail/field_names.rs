use instrument_proxy::instrument_proxy;

pub struct Client;

/// What cannot be an attribute name is an error; what breaks a naming
/// recommendation is a warning (`naming_recommendations.rs`).
#[instrument_proxy(fields("" = "GET"))]
impl Client {
    #[instrument_proxy(fields("db..name" = 3, otel.scope = 4, ".db" = 5))]
    pub fn get(&self) -> u8 {
        1
    }
}

fn main() {}
