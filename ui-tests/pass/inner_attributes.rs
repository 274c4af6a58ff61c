//! A body that starts with inner attributes, sync and async, with a body and
//! with an `#[inject]` parameter (whose rebinding comes first).
#![deny(warnings, clippy::all, clippy::pedantic)]

use std::collections::HashMap;

use instrument_proxy::instrument_proxy;

pub struct Queue;

#[instrument_proxy]
impl Queue {
    pub fn sync(&self) -> u8 {
        #![allow(clippy::needless_return)]
        return 1;
    }

    pub async fn asynchronous(&self) -> u8 {
        #![allow(clippy::needless_return)]
        return 1;
    }

    pub fn injected(&self, #[inject] headers: HashMap<String, String>) -> usize {
        #![allow(clippy::needless_return)]
        return headers.len();
    }

    pub fn unit(&self) {
        #![allow(unused_variables)]
        let unused = 1;
    }
}

fn main() {
    assert_eq!(Queue.sync(), 1);
    drop(Queue.asynchronous());
    assert_eq!(Queue.injected(HashMap::new()), 0);
    Queue.unit();
}
