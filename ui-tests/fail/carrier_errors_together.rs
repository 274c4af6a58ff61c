//! Every problem of a `#[derive(ContextCarrier)]` is reported at once.
use std::collections::HashMap;

use instrument_proxy::ContextCarrier;

#[derive(ContextCarrier)]
#[carrier(bogus)]
pub struct Message {
    #[carrier]
    pub headers: HashMap<String, String>,
    #[carrier]
    pub more: HashMap<String, String>,
    #[carrier(yes)]
    pub others: HashMap<String, String>,
}

fn main() {}
