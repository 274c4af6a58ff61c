//! The W3C `traceparent` reader the runtime uses when no propagator is
//! installed, against the OpenTelemetry SDK's own on seeded mutations of
//! valid headers: ours accepts exactly the headers the SDK accepts that
//! have the specification's shape (the SDK also takes ids of the wrong
//! length, a `+` sign or a trailing `-`, which W3C Trace Context forbids),
//! and reads the same context from them. `INSTRUMENT_PROXY_TRACEPARENT_SEED`
//! and `..._CASES` reproduce a run.
use std::collections::HashMap;

use opentelemetry::propagation::TextMapPropagator;
use opentelemetry::trace::{SpanId, TraceContextExt, TraceId};
use opentelemetry_sdk::propagation::TraceContextPropagator;

/// xorshift64*: small, seeded, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const VALID: &[&str] = &[
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00",
    "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future",
];

/// A valid header with a few characters replaced, inserted or removed.
fn mutated(rng: &mut Rng) -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefABCDEFgz- \t";
    let mut header: Vec<u8> = VALID[rng.below(VALID.len())].as_bytes().to_vec();
    for _ in 0..rng.below(4) {
        let at = rng.below(header.len() + 1);
        let byte = ALPHABET[rng.below(ALPHABET.len())];
        match rng.below(3) {
            0 if at < header.len() => header[at] = byte,
            1 => header.insert(at, byte),
            _ if at < header.len() => {
                header.remove(at);
            }
            _ => {}
        }
    }
    String::from_utf8(header).expect("ASCII")
}

/// The specification's shape: `version-trace_id-parent_id-flags` of 2, 32,
/// 16 and 2 lowercase hex digits (`HEXDIGLC`), and for version `00` nothing
/// after the flags.
fn spec_shaped(header: &str) -> bool {
    let parts: Vec<&str> = header.trim().split('-').collect();
    let lowercase_hex = |part: &str, len: usize| {
        part.len() == len
            && part
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    parts.len() >= 4
        && lowercase_hex(parts[0], 2)
        && lowercase_hex(parts[1], 32)
        && lowercase_hex(parts[2], 16)
        && lowercase_hex(parts[3], 2)
        && (parts[0] != "00" || parts.len() == 4)
}

#[test]
fn the_traceparent_reader_agrees_with_the_sdks_on_mutated_headers() {
    let seed = std::env::var("INSTRUMENT_PROXY_TRACEPARENT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_7AC3);
    let cases: usize = std::env::var("INSTRUMENT_PROXY_TRACEPARENT_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    println!("seed {seed:#x}, {cases} cases");
    let mut rng = Rng(seed);
    let sdk = TraceContextPropagator::new();
    let mut accepted = 0;
    for case in 0..cases {
        let header = mutated(&mut rng);
        let carrier = HashMap::from([("traceparent".to_owned(), header.clone())]);
        // No propagator is installed in this binary: the runtime's own
        // reader answers.
        let ours = instrument_proxy::propagation::extract_context(&carrier);
        let theirs = sdk.extract(&carrier);
        let ours = ours.span().span_context().clone();
        let theirs = theirs.span().span_context().clone();
        let expected = if spec_shaped(&header) && theirs.is_valid() {
            (
                true,
                theirs.trace_id(),
                theirs.span_id(),
                theirs.is_sampled(),
            )
        } else {
            (false, TraceId::INVALID, SpanId::INVALID, false)
        };
        let read = if ours.is_valid() {
            (true, ours.trace_id(), ours.span_id(), ours.is_sampled())
        } else {
            (false, TraceId::INVALID, SpanId::INVALID, false)
        };
        assert_eq!(read, expected, "case {case} (seed {seed:#x}): {header:?}");
        accepted += usize::from(ours.is_valid());
    }
    // The mutations keep a share valid: both paths are exercised.
    assert!(
        accepted > cases / 20 && accepted < cases,
        "{accepted} of {cases} accepted"
    );
}
