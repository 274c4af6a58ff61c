//! W3C Trace Context (`traceparent`, `tracestate`): the propagator used when
//! the application installed none. The OpenTelemetry SDK has one too; this
//! one keeps the SDK out of a library's dependencies.

use opentelemetry::propagation::{
    text_map_propagator::FieldIter, Extractor, Injector, TextMapPropagator,
};
use opentelemetry::trace::{SpanContext, SpanId, TraceContextExt, TraceFlags, TraceId, TraceState};
use opentelemetry::Context;
use std::sync::OnceLock;

const TRACEPARENT: &str = "traceparent";
const TRACESTATE: &str = "tracestate";

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TraceContext;

impl TextMapPropagator for TraceContext {
    fn inject_context(&self, cx: &Context, injector: &mut dyn Injector) {
        let span = cx.span();
        let context = span.span_context();
        if !context.is_valid() {
            return;
        }
        injector.set(TRACEPARENT, traceparent(context));
        let state = context.trace_state().header();
        if !state.is_empty() {
            injector.set(TRACESTATE, state);
        }
    }

    fn extract_with_context(&self, cx: &Context, extractor: &dyn Extractor) -> Context {
        match parse(extractor) {
            Some(remote) => cx.with_remote_span_context(remote),
            None => cx.clone(),
        }
    }

    fn fields(&self) -> FieldIter<'_> {
        static NAMES: OnceLock<[String; 2]> = OnceLock::new();
        FieldIter::new(NAMES.get_or_init(|| [TRACEPARENT.to_owned(), TRACESTATE.to_owned()]))
    }
}

/// `00-{trace id}-{span id}-{flags}`, written digit by digit: formatting the
/// ids through `Display` costs several times more, on every injection.
fn traceparent(context: &SpanContext) -> String {
    let mut header = String::with_capacity(55);
    header.push_str("00-");
    hex_into(&mut header, &context.trace_id().to_bytes());
    header.push('-');
    hex_into(&mut header, &context.span_id().to_bytes());
    header.push('-');
    hex_into(
        &mut header,
        &[(context.trace_flags() & TraceFlags::SAMPLED).to_u8()],
    );
    header
}

fn hex_into(out: &mut String, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for byte in bytes {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
}

/// A field of `N` bytes written as `2 N` lowercase hex digits, decoded in
/// one pass. W3C Trace Context allows only lowercase (`HEXDIGLC`): a header
/// with upper-case digits is invalid, as the SDK's propagator also decides.
/// (Checking the digits, then parsing them through `from_str_radix`, was
/// three passes and most of reading a header.)
fn lowercase_hex<const N: usize>(field: &str) -> Option<[u8; N]> {
    let digits = field.as_bytes();
    if digits.len() != 2 * N {
        return None;
    }
    let value = |digit: u8| match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        _ => None,
    };
    let mut bytes = [0; N];
    for (byte, pair) in bytes.iter_mut().zip(digits.chunks_exact(2)) {
        *byte = (value(pair[0])? << 4) | value(pair[1])?;
    }
    Some(bytes)
}

fn parse(extractor: &dyn Extractor) -> Option<SpanContext> {
    let header = extractor.get(TRACEPARENT)?.trim();
    let mut parts = header.split('-');
    let [version] = lowercase_hex::<1>(parts.next()?)?;
    let trace_id = parts.next()?;
    let span_id = parts.next()?;
    let flags = parts.next()?;
    // Version 00 has exactly four parts; later versions may append more.
    if version == 0xff || (version == 0 && parts.next().is_some()) {
        return None;
    }
    let trace_id = TraceId::from_bytes(lowercase_hex::<16>(trace_id)?);
    let span_id = SpanId::from_bytes(lowercase_hex::<8>(span_id)?);
    let [flags] = lowercase_hex::<1>(flags)?;
    let flags = TraceFlags::new(flags) & TraceFlags::SAMPLED;
    let state = extractor
        .get(TRACESTATE)
        .and_then(|state| state.parse::<TraceState>().ok())
        .unwrap_or_default();
    let context = SpanContext::new(trace_id, span_id, flags, true, state);
    context.is_valid().then_some(context)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn extracted(traceparent: &str) -> Option<SpanContext> {
        let headers = HashMap::from([(TRACEPARENT.to_owned(), traceparent.to_owned())]);
        parse(&headers)
    }

    #[test]
    fn the_traceparent_written_is_the_one_read() {
        for header in [
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-0000000000000000000000000000000a-f000000000000001-00",
        ] {
            let context = extracted(header).expect("valid");
            assert_eq!(traceparent(&context), header);
        }
    }

    #[test]
    fn a_valid_lowercase_traceparent_is_read() {
        let context =
            extracted("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").expect("valid");
        assert_eq!(
            context.trace_id().to_string(),
            "4bf92f3577b34da6a3ce929d0e0e4736"
        );
        assert!(context.is_sampled());
    }

    #[test]
    fn upper_case_hex_is_rejected_as_the_specification_requires() {
        for header in [
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0A",
            "0A-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ] {
            assert!(extracted(header).is_none(), "{header}");
        }
    }

    #[test]
    fn every_digit_pair_is_decoded_and_anything_else_refused() {
        for byte in 0..=u8::MAX {
            let lower = format!("{byte:02x}");
            assert_eq!(lowercase_hex::<1>(&lower), Some([byte]), "{lower}");
            let upper = format!("{byte:02X}");
            if upper != lower {
                assert_eq!(lowercase_hex::<1>(&upper), None, "{upper}");
            }
        }
        for field in ["", "0", "000", "0g", "g0", " 0", "-1", "+1"] {
            assert_eq!(lowercase_hex::<1>(field), None, "{field:?}");
        }
    }

    #[test]
    fn malformed_headers_are_rejected() {
        for header in [
            "",
            "00",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-+bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ] {
            assert!(extracted(header).is_none(), "{header}");
        }
    }
}
