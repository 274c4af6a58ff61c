//! Body-less methods are forwarded to the inner client inside their span:
//! inherent and trait impls, generic wrappers, `inner = field`, conversions to
//! `Self`, and the derive's accessors.
mod support;

use instrument_proxy::{instrument_proxy, InstrumentProxy, Proxy};
use support::*;

#[allow(async_fn_in_trait)]
pub trait Store {
    fn get(&self, key: &str) -> Option<String>;
    fn put(&mut self, key: &str, value: String);
    async fn load(&self, key: &str) -> Option<String>;
    fn open(path: &str) -> Self;
    fn reopen(&self) -> Result<Self, std::io::Error>
    where
        Self: Sized;
}

#[derive(Default, Debug, PartialEq)]
pub struct Memory {
    entries: Vec<(String, String)>,
    path: String,
}

impl Store for Memory {
    fn get(&self, key: &str) -> Option<String> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }
    fn put(&mut self, key: &str, value: String) {
        self.entries.push((key.into(), value));
    }
    async fn load(&self, key: &str) -> Option<String> {
        tokio::task::yield_now().await;
        self.get(key)
    }
    fn open(path: &str) -> Self {
        Memory {
            entries: Vec::new(),
            path: path.into(),
        }
    }
    fn reopen(&self) -> Result<Self, std::io::Error> {
        Ok(Memory::open(&self.path))
    }
}

impl Memory {
    fn len(&self) -> usize {
        self.entries.len()
    }
}

/// A generic wrapper with a marked field and one more field.
#[derive(InstrumentProxy)]
struct Traced<S> {
    #[proxy(inner)]
    store: S,
    calls: u32,
}

#[instrument_proxy]
impl<S: Store> Store for Traced<S> {
    fn get(&self, key: &str) -> Option<String>;
    fn put(&mut self, key: &str, value: String);
    async fn load(&self, key: &str) -> Option<String>;
    fn open(path: &str) -> Self;
    fn reopen(&self) -> Result<Self, std::io::Error>;
}

#[instrument_proxy]
impl Traced<Memory> {
    fn len(&self) -> usize;
}

/// No derive: the field is named.
struct ByField {
    label: &'static str,
    memory: Memory,
}

#[instrument_proxy(inner = memory, name = "by_field.{method}")]
impl ByField {
    fn len(&self) -> usize;
}

#[test]
fn trait_methods_are_forwarded_inside_spans() {
    let capture = Capture::start();
    let mut traced = Traced::new(Memory::default());
    traced.put("k", "v".into());
    assert_eq!(traced.get("k").as_deref(), Some("v"));
    assert_eq!(block_on(traced.load("k")).as_deref(), Some("v"));
    assert_eq!(traced.len(), 1);
    assert_eq!(traced.calls, 0, "other fields are defaulted");
    let names = names(&capture.spans());
    assert_eq!(
        names,
        ["Traced::put", "Traced::get", "Traced::load", "Traced::len"]
    );
    capture.assert_all_ended();
}

#[test]
fn constructors_and_results_of_self_are_converted() {
    let capture = Capture::start();
    let traced = <Traced<Memory> as Store>::open("/tmp/db");
    assert_eq!(traced.inner().path, "/tmp/db");
    let again = traced.reopen().unwrap();
    assert_eq!(again.into_inner(), Memory::open("/tmp/db"));
    assert_eq!(names(&capture.spans()), ["Traced::open", "Traced::reopen"]);
    capture.assert_all_ended();
}

#[test]
fn inner_names_the_field_calls_go_to() {
    let capture = Capture::start();
    let by_field = ByField {
        label: "x",
        memory: Memory::default(),
    };
    assert_eq!(by_field.len(), 0);
    assert_eq!(by_field.label, "x");
    capture.span("by_field.len");
    capture.assert_all_ended();
}

#[test]
fn the_derive_gives_accessors_and_conversions() {
    let mut traced: Traced<Memory> = Memory::default().into();
    traced.inner_mut().put("a", "b".into());
    assert_eq!(traced.inner().len(), 1);
    assert_eq!(Proxy::inner(&traced).len(), 1);
    let memory = Proxy::into_inner(traced);
    assert_eq!(memory.len(), 1);
}
