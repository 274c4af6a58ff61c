use instrument_proxy::instrument_proxy;

pub struct Client;

#[instrument_proxy]
impl Client {
    #[instrument_proxy(metric = "cache..lookup")]
    pub fn named_badly(&self) -> u8 {
        1
    }

    #[instrument_proxy(metric = "cache.lookup.duration", bounded(tenant))]
    pub fn bounded_unknown(&self) -> u8 {
        1
    }

    #[instrument_proxy(bounded(tenant), fields(tenant = "acme"))]
    pub fn bounded_without_metric(&self) -> u8 {
        1
    }

    #[instrument_proxy(metric = true)]
    pub fn metric_true(&self) -> u8 {
        1
    }
}

fn main() {}
