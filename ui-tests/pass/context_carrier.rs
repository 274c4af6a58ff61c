use std::collections::HashMap;

use instrument_proxy::{instrument_proxy, ContextCarrier, InstrumentProxy};

#[derive(Default, ContextCarrier)]
pub struct Job<T> {
    pub payload: T,
    #[carrier]
    pub headers: HashMap<String, String>,
}

#[derive(Default, ContextCarrier)]
pub struct Envelope(u8, #[carrier] http::HeaderMap);

pub struct Queue;

impl Queue {
    pub fn push<T>(&self, job: Job<T>) -> usize {
        job.headers.len()
    }

    pub fn push_envelope(&self, envelope: Envelope) -> usize {
        envelope.1.len()
    }
}

#[derive(InstrumentProxy)]
pub struct Traced(Queue);

#[instrument_proxy(kind = producer)]
impl Traced {
    pub fn push<T>(&self, #[inject] job: Job<T>) -> usize;
    pub fn push_envelope(&self, #[inject] envelope: Envelope) -> usize;
}

fn main() {
    let traced = Traced::new(Queue);
    assert_eq!(traced.push(Job::<u8>::default()), 0);
    assert_eq!(traced.push_envelope(Envelope::default()), 0);
}
