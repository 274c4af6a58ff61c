//! Instruments bound to the attribute sets a thread's calls record with.
//!
//! The SDK finds a measurement's series by hashing its attributes on every
//! record (SipHash over each key and value): most of what a record costs. A
//! bound instrument resolves the series once; a thread keeps the bound
//! instruments of the sets its calls used and finds them again with a
//! cheaper hash of its own, then compares the attributes, so that two sets
//! that hash alike are never confused.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use opentelemetry::metrics::{BoundCounter, BoundHistogram, Counter, Histogram};
use opentelemetry::{KeyValue, Value};

/// Sets a thread keeps bound. When a thread has bound this many, it lets
/// them all go and binds again the sets its calls still use: a workload
/// whose attribute values keep changing never holds more, and a set bound
/// while the SDK's cardinality limit sent it to the overflow series is
/// bound again later.
const CAPACITY: usize = 256;

/// An instrument that can be bound to a set of attributes.
pub(crate) trait Bind {
    type Bound;
    type Value: Copy;

    fn bind(&self, attributes: &[KeyValue]) -> Self::Bound;
    fn record(bound: &Self::Bound, value: Self::Value);
}

impl Bind for Histogram<f64> {
    type Bound = BoundHistogram<f64>;
    type Value = f64;

    fn bind(&self, attributes: &[KeyValue]) -> BoundHistogram<f64> {
        Histogram::bind(self, attributes)
    }

    fn record(bound: &BoundHistogram<f64>, value: f64) {
        bound.record(value);
    }
}

impl Bind for Counter<u64> {
    type Bound = BoundCounter<u64>;
    type Value = u64;

    fn bind(&self, attributes: &[KeyValue]) -> BoundCounter<u64> {
        Counter::bind(self, attributes)
    }

    fn record(bound: &BoundCounter<u64>, value: u64) {
        bound.add(value);
    }
}

/// One thread's bound sets of one kind of instrument, found by the
/// instrument's name (a thread has one instrument of each name per
/// provider) and the attributes.
pub(crate) struct BoundSets<I: Bind> {
    sets: HashMap<u64, Vec<Set<I::Bound>>, BuildHasherDefault<Prehashed>>,
    len: usize,
    /// The set the thread recorded with last (its hash and its place among
    /// those of that hash): a call repeated with the same attributes, the
    /// common case, is compared with it before anything is hashed.
    last: Option<(u64, usize)>,
}

struct Set<B> {
    instrument: &'static str,
    attributes: Vec<KeyValue>,
    bound: B,
}

impl<I: Bind> Default for BoundSets<I> {
    fn default() -> Self {
        BoundSets {
            sets: HashMap::default(),
            len: 0,
            last: None,
        }
    }
}

impl<I: Bind> BoundSets<I> {
    /// Records `value` with `attributes` into `instrument` (named
    /// `name`), through the instrument bound to them, binding it first
    /// when the thread has not yet.
    pub(crate) fn record(
        &mut self,
        name: &'static str,
        instrument: &I,
        value: I::Value,
        attributes: &[KeyValue],
    ) {
        let alike = |set: &Set<I::Bound>| {
            same_str(set.instrument, name) && same(&set.attributes, attributes)
        };
        if let Some((hash, index)) = self.last {
            if let Some(set) = self.sets.get(&hash).and_then(|sets| sets.get(index)) {
                if alike(set) {
                    I::record(&set.bound, value);
                    return;
                }
            }
        }
        let hash = fingerprint(name, attributes);
        if let Some((index, set)) = self
            .sets
            .get(&hash)
            .and_then(|sets| sets.iter().enumerate().find(|(_, set)| alike(set)))
        {
            I::record(&set.bound, value);
            self.last = Some((hash, index));
            return;
        }
        if self.len >= CAPACITY {
            self.sets.clear();
            self.len = 0;
        }
        let bound = instrument.bind(attributes);
        I::record(&bound, value);
        let sets = self.sets.entry(hash).or_default();
        sets.push(Set {
            instrument: name,
            attributes: attributes.to_vec(),
            bound,
        });
        self.last = Some((hash, sets.len() - 1));
        self.len += 1;
    }
}

/// The instrument's name and the attributes, hashed with FxHash's
/// multiply-rotate: a few instructions per eight bytes, where the SDK's
/// SipHash takes dozens. Collisions cost a comparison, never a wrong series.
#[inline]
fn fingerprint(name: &str, attributes: &[KeyValue]) -> u64 {
    let mut hasher = Fx::default();
    // The name by its address: a name at two addresses makes two entries
    // for one set, both bound to the same series.
    hasher.add(name.as_ptr() as u64);
    for attribute in attributes {
        hasher.write(attribute.key.as_str().as_bytes());
        match &attribute.value {
            Value::String(value) => hasher.write(value.as_str().as_bytes()),
            Value::I64(value) => hasher.add(value.cast_unsigned()),
            Value::Bool(value) => hasher.add(u64::from(*value)),
            Value::F64(value) => hasher.add(value.to_bits()),
            _ => attribute.hash(&mut hasher),
        }
    }
    hasher.finish()
}

/// Two strings alike; the names and most values are `'static` strings,
/// the same pointer when alike.
#[inline]
pub(super) fn same_str(a: &str, b: &str) -> bool {
    (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b
}

/// Two attribute sets alike, in the same order.
#[inline]
fn same(a: &[KeyValue], b: &[KeyValue]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(a, b)| {
            same_str(a.key.as_str(), b.key.as_str())
                && match (&a.value, &b.value) {
                    (Value::String(a), Value::String(b)) => same_str(a.as_str(), b.as_str()),
                    (Value::I64(a), Value::I64(b)) => a == b,
                    (Value::Bool(a), Value::Bool(b)) => a == b,
                    (Value::F64(a), Value::F64(b)) => a.to_bits() == b.to_bits(),
                    (a, b) => a == b,
                }
        })
}

#[derive(Default)]
struct Fx(u64);

impl Fx {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for Fx {
    #[inline]
    fn write(&mut self, mut bytes: &[u8]) {
        while let Some((word, rest)) = bytes.split_first_chunk::<8>() {
            self.add(u64::from_le_bytes(*word));
            bytes = rest;
        }
        if let Some((&first, rest)) = bytes.split_first() {
            let last = rest.iter().fold(u64::from(first), |word, &byte| {
                (word << 8) | u64::from(byte)
            });
            self.add(last);
        }
    }

    #[inline]
    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    #[inline]
    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    #[inline]
    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The map's keys are hashes already.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8) | u64::from(byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_that_differ_in_one_value_or_in_order_are_told_apart() {
        let a = [KeyValue::new("k", "ab"), KeyValue::new("n", 1)];
        let b = [KeyValue::new("k", "ab"), KeyValue::new("n", 2)];
        let c = [KeyValue::new("n", 1), KeyValue::new("k", "ab")];
        assert_ne!(fingerprint("h", &a), fingerprint("h", &b));
        assert_ne!(fingerprint("h", &a), fingerprint("h", &c));
        assert_ne!(fingerprint("h", &a), fingerprint("i", &a));
        assert_eq!(fingerprint("h", &a), fingerprint("h", &a.clone()));
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, &b) && !same(&a, &c) && !same(&a, &a[..1]));
        let owned = [
            KeyValue::new("k", String::from("ab")),
            KeyValue::new("n", 1),
        ];
        assert!(same(&a, &owned), "alike by content, not by pointer");
        assert_eq!(fingerprint("h", &a), fingerprint("h", &owned));
    }
}
