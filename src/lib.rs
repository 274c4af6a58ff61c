//! The test suite's package. Its library holds nothing but the README, whose
//! Rust examples run as doc tests here, where every feature and the crates
//! they use (tokio, redis, reqwest) are present: an example that drifts from
//! the API fails `cargo test`.
#![doc = include_str!("../README.md")]
