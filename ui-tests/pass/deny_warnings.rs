#![deny(warnings, unused, clippy::all, clippy::pedantic)]
#![forbid(unsafe_code)]

use instrument_proxy::{instrument_proxy, InstrumentProxy};

pub struct Client;

impl Client {
    pub fn get(&self, key: &str) -> Result<String, std::io::Error> {
        Ok(key.to_owned())
    }

    pub async fn fetch(&self, key: String) -> Option<String> {
        Some(key)
    }
}

#[derive(InstrumentProxy)]
pub struct Traced(Client);

#[instrument_proxy]
impl Traced {
    /// Gets a key.
    ///
    /// # Errors
    /// When the client fails.
    pub fn get(&self, key: &str) -> Result<String, std::io::Error>;

    pub async fn fetch(&self, key: String) -> Option<String>;

    #[must_use]
    pub fn len(&self) -> usize {
        0
    }

    /// A body with a single expression, `?` and an early return.
    ///
    /// # Errors
    /// When the client fails.
    pub fn get_twice(&self, key: &str) -> Result<String, std::io::Error> {
        if key.is_empty() {
            return Ok(String::new());
        }
        let first = self.0.get(key)?;
        Ok(first + key)
    }

    pub async fn fetch_len(&self, key: String) -> usize {
        key.len()
    }

    pub fn later(&self) -> impl std::future::Future<Output = u8> + '_ {
        async { 1 }
    }
}

fn main() {
    let traced = Traced::new(Client);
    assert!(traced.get("k").is_ok());
    drop(traced.fetch(String::new()));
    assert_eq!(traced.len(), 0);
    assert!(traced.get_twice("k").is_ok());
    drop(traced.fetch_len(String::new()));
    drop(traced.later());
    assert_eq!(injected::Queue.publish(std::collections::HashMap::new()), 1);
}

pub mod injected {
    use std::collections::HashMap;

    use instrument_proxy::instrument_proxy;

    pub struct Queue;

    #[instrument_proxy]
    impl Queue {
        /// A mutable injected parameter, with a body.
        #[must_use]
        pub fn publish(&self, #[inject] mut headers: HashMap<String, String>) -> usize {
            headers.insert("k".into(), "v".into());
            headers.len()
        }
    }
}
