use instrument_proxy::instrument_proxy;

pub struct Client;

#[instrument_proxy(target = "")]
impl Client {
    #[instrument_proxy(err(level = loud, display))]
    pub fn get(&self) -> Result<u8, String> {
        Ok(1)
    }
}

fn main() {}
