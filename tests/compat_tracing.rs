//! The compatibility corpus (`compat/`) with the `tracing` backend: tracing
//! spans through tracing-opentelemetry into the OpenTelemetry SDK; and the
//! scenarios about what a `tracing` filter sees (levels.rs, targets.rs).
mod compat;
mod support;

use compat::tracing_attributes::Targets;
use instrument_proxy::instrument_proxy;
use tracing::level_filters::LevelFilter;

use support::tracing_backend::{capture, inner_span};

struct Levels;

// tracing-attributes also accepts `level = "Debug"` (any case), `level = 2`
// and `level = Level::DEBUG`; here the level is one of the five idents.
#[instrument_proxy(name = "{method}")]
impl Levels {
    #[instrument_proxy(level = trace)]
    fn trace(&self) {}

    #[instrument_proxy(level = debug)]
    fn debug(&self) {}

    #[instrument_proxy(level = info)]
    fn info(&self) {}

    #[instrument_proxy(level = warn)]
    fn warn(&self) {}

    #[instrument_proxy(level = error)]
    fn error(&self) {}
}

fn all_levels() {
    Levels.trace();
    Levels.debug();
    Levels.info();
    Levels.warn();
    Levels.error();
}

#[test]
fn levels_named_levels() {
    for (max, expected) in [
        (
            LevelFilter::TRACE,
            &["trace", "debug", "info", "warn", "error"][..],
        ),
        (LevelFilter::DEBUG, &["debug", "info", "warn", "error"][..]),
        (LevelFilter::INFO, &["info", "warn", "error"][..]),
        (LevelFilter::WARN, &["warn", "error"][..]),
        (LevelFilter::ERROR, &["error"][..]),
    ] {
        let capture = support::Capture::with_max_level(max);
        all_levels();
        assert_eq!(support::names(&capture.spans()), expected, "{max}");
        capture.assert_all_ended();
    }
}

#[test]
fn targets_default_targets() {
    use tracing_subscriber::filter::Targets as Filter;
    // The default target is the module path, as for `tracing`'s macros.
    let capture = support::Capture::with_targets(
        Filter::new().with_target(module_path!(), tracing::Level::TRACE),
    );
    Targets.default_target();
    Targets.custom_target();
    assert_eq!(
        support::names(&capture.spans()),
        ["Targets::default_target"]
    );
}

#[test]
fn targets_custom_targets() {
    use tracing_subscriber::filter::Targets as Filter;
    let capture = support::Capture::with_targets(
        Filter::new().with_target("my_target", tracing::Level::TRACE),
    );
    Targets.default_target();
    Targets.custom_target();
    assert_eq!(support::names(&capture.spans()), ["Targets::custom_target"]);
}
