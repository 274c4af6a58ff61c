//! Settings from the environment: the standard `OTEL_EXPORTER_OTLP_*`
//! variables per signal, the endpoints (without credentials in what is
//! shown), and the defaults where no variable says.

/// The two signals the pipeline exports.
#[derive(Clone, Copy)]
pub(super) enum Signal {
    Traces,
    #[cfg(feature = "metrics")]
    Metrics,
}

impl Signal {
    pub(super) fn name(self) -> &'static str {
        match self {
            Signal::Traces => "TRACES",
            #[cfg(feature = "metrics")]
            Signal::Metrics => "METRICS",
        }
    }

    /// The value of the signal's own variable, else of the generic one.
    pub(super) fn var(self, setting: &str) -> Option<(String, String)> {
        [
            format!("OTEL_EXPORTER_OTLP_{}_{setting}", self.name()),
            format!("OTEL_EXPORTER_OTLP_{setting}"),
        ]
        .into_iter()
        .find_map(|name| {
            let value = std::env::var(&name).ok()?;
            (!value.trim().is_empty()).then(|| (name, value.trim().to_owned()))
        })
    }
}

/// The traces endpoint the exporter derives from the variables.
pub(super) fn signal_endpoint(signal: Signal) -> String {
    let own = format!("OTEL_EXPORTER_OTLP_{}_ENDPOINT", signal.name());
    match std::env::var(&own) {
        Ok(endpoint) if !endpoint.trim().is_empty() => endpoint,
        _ => {
            let base = std::env::var("OTEL_EXPORTER_OTLP_ENDPOINT").unwrap_or_default();
            let path = match signal {
                Signal::Traces => "v1/traces",
                #[cfg(feature = "metrics")]
                Signal::Metrics => "v1/metrics",
            };
            format!("{}/{path}", base.trim().trim_end_matches('/'))
        }
    }
}

/// `endpoint` without the user and password an URL may carry.
pub(super) fn redact(endpoint: &str) -> String {
    let Some((scheme, rest)) = endpoint.split_once("://") else {
        return endpoint.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://{}", &rest[at + 1..]),
        None => endpoint.to_owned(),
    }
}
