//! The test suite's package. Its library holds nothing but the READMEs: the
//! repository's (`README.md`) and the crate's guide (`runtime/GUIDE.md`),
//! whose Rust examples run as doc tests here, where every feature and the
//! crates they use (tokio, redis, reqwest) are present: an example that
//! drifts from the API fails `cargo test`.
#![doc = include_str!("../README.md")]

#[doc = include_str!("../runtime/GUIDE.md")]
pub mod guide {}
