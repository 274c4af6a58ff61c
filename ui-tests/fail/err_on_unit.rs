use instrument_proxy::instrument_proxy;

pub struct Client;

#[instrument_proxy(err = false)]
impl Client {
    /// An impl-wide `err` is a default: no error here.
    pub fn touch(&self) {}

    #[instrument_proxy(err(level = warn))]
    pub fn touch_again(&self) {}

    #[instrument_proxy(err = false)]
    pub async fn touch_later(&self) {}
}

fn main() {}
