//! The suite's scenarios of whether a call is traced, with the `tracing`
//! backend alone.

#[path = "../../callsite_interest.rs"]
mod callsite_interest;
