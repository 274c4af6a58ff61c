use std::collections::HashMap;

use instrument_proxy::ContextCarrier;

#[derive(ContextCarrier)]
pub struct Job {
    pub id: u64,
    pub headers: HashMap<String, String>,
}

fn main() {}
