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

/// `00-{trace id}-{span id}-{flags}`, written digit by digit into a fixed
/// array: formatting the ids through `Display`, or pushing `char`s, costs
/// several times more, on every injection.
fn traceparent(context: &SpanContext) -> String {
    let mut header = *b"00-00000000000000000000000000000000-0000000000000000-00";
    hex_into(&mut header[3..35], &context.trace_id().to_bytes());
    hex_into(&mut header[36..52], &context.span_id().to_bytes());
    hex_into(
        &mut header[53..55],
        &[(context.trace_flags() & TraceFlags::SAMPLED).to_u8()],
    );
    // Hex digits and dashes: always ASCII.
    std::str::from_utf8(&header)
        .map(str::to_owned)
        .unwrap_or_default()
}

fn hex_into(out: &mut [u8], bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (pair, byte) in out.chunks_exact_mut(2).zip(bytes) {
        pair[0] = HEX[usize::from(byte >> 4)];
        pair[1] = HEX[usize::from(byte & 0x0f)];
    }
}

/// Not a digit: no digit's value has this bit.
const INVALID: u8 = 0x10;

/// Each byte's value as a lowercase hex digit, `INVALID` for any other.
const DIGITS: [u8; 256] = {
    let mut digits = [INVALID; 256];
    let mut digit = 0;
    while digit < 16 {
        digits[b"0123456789abcdef"[digit] as usize] = digit as u8;
        digit += 1;
    }
    digits
};

/// A field of `N` bytes written as `2 N` lowercase hex digits, decoded in
/// one pass through a table. W3C Trace Context allows only lowercase
/// (`HEXDIGLC`): a header with upper-case digits is invalid, as the SDK's
/// propagator also decides. (Checking the digits, then parsing them through
/// `from_str_radix`, was three passes and most of reading a header.)
#[inline]
fn lowercase_hex<const N: usize>(digits: &[u8]) -> Option<[u8; N]> {
    if digits.len() != 2 * N {
        return None;
    }
    let mut bytes = [0; N];
    let mut seen = 0;
    for (byte, pair) in bytes.iter_mut().zip(digits.chunks_exact(2)) {
        let (high, low) = (DIGITS[usize::from(pair[0])], DIGITS[usize::from(pair[1])]);
        seen |= high | low;
        *byte = (high << 4) | (low & 0x0f);
    }
    (seen & INVALID == 0).then_some(bytes)
}

/// `version-trace_id-parent_id-flags`: the fields are at fixed places (2,
/// 32, 16 and 2 digits), so they are sliced there rather than split out.
fn parse(extractor: &dyn Extractor) -> Option<SpanContext> {
    let header = extractor.get(TRACEPARENT)?.trim().as_bytes();
    if header.len() < 55 || header[2] != b'-' || header[35] != b'-' || header[52] != b'-' {
        return None;
    }
    let [version] = lowercase_hex::<1>(&header[..2])?;
    // Version 00 has exactly four fields; later versions may append more,
    // each after a dash.
    match version {
        0xff => return None,
        0 if header.len() != 55 => return None,
        _ if header.len() > 55 && header[55] != b'-' => return None,
        _ => {}
    }
    let trace_id = TraceId::from_bytes(lowercase_hex::<16>(&header[3..35])?);
    let span_id = SpanId::from_bytes(lowercase_hex::<8>(&header[36..52])?);
    let [flags] = lowercase_hex::<1>(&header[53..55])?;
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
            assert_eq!(
                lowercase_hex::<1>(lower.as_bytes()),
                Some([byte]),
                "{lower}"
            );
            let upper = format!("{byte:02X}");
            if upper != lower {
                assert_eq!(lowercase_hex::<1>(upper.as_bytes()), None, "{upper}");
            }
        }
        for field in ["", "0", "000", "0g", "g0", " 0", "-1", "+1"] {
            assert_eq!(lowercase_hex::<1>(field.as_bytes()), None, "{field:?}");
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
