//! The compatibility corpus: the scenarios of tracing-attributes 0.1.31's
//! test suite and of fastrace's macro tests, ported to `#[instrument_proxy]`
//! and run on both backends (`compat_tracing.rs`, `compat_otel.rs`; each
//! defines `capture()` and `inner_span()`). Every test is named
//! `<their file>_<their test>`. A scenario that cannot work the same way is
//! ported to the nearest equivalent and its difference is written down in
//! the README ("Coming from `#[tracing::instrument]` or fastrace"); the
//! compile-only cases are trybuild cases (`ui-tests/pass/compat_*.rs`,
//! `ui-tests/fail/compat_*.rs`).

mod fastrace;
pub(crate) mod tracing_attributes;
