//! The suite's calls without any subscriber, with the `tracing` backend
//! alone.

#[path = "../../no_subscriber.rs"]
mod no_subscriber;
