//! Nothing here: see `tests/off_switch.rs`.
