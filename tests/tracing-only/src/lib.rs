//! Nothing here: the tests under `tests/` run the suite's scenarios with the
//! runtime's default features.
