use instrument_proxy::{instrument_proxy, InstrumentProxy};

pub struct Client<'a> {
    prefix: &'a str,
}

impl<'a> Client<'a> {
    pub fn prefixed<'k>(&self, key: &'k str) -> String {
        format!("{}{key}", self.prefix)
    }

    pub fn prefix(&self) -> &'a str {
        self.prefix
    }

    pub fn longest<'x>(&'x self, other: &'x str) -> &'x str {
        if other.len() > self.prefix.len() { other } else { self.prefix }
    }

    pub async fn fetch<'k>(&self, key: &'k str, _: std::borrow::Cow<'_, str>) -> &'k str {
        key
    }
}

#[derive(InstrumentProxy)]
pub struct Traced<'a>(Client<'a>);

#[instrument_proxy]
impl<'a> Traced<'a> {
    pub fn prefixed<'k>(&self, key: &'k str) -> String;
    pub fn prefix(&self) -> &'a str;
    pub fn longest<'x>(&'x self, other: &'x str) -> &'x str;
    pub async fn fetch<'k>(&self, key: &'k str, extra: std::borrow::Cow<'_, str>) -> &'k str;

    pub async fn with_body(&self, key: &str) -> &str {
        let _ = key;
        self.inner().prefix
    }
}

// The impl's lifetime elided: the futures hold `self`, and so that lifetime.
#[instrument_proxy]
impl Traced<'_> {
    pub async fn owned_self(self) -> usize {
        self.inner().prefix.len()
    }

    pub async fn borrowed_self(&self, extra: &str) -> usize {
        self.inner().prefix.len() + extra.len()
    }
}

fn main() {
    let traced = Traced::new(Client { prefix: "app:" });
    assert_eq!(traced.prefixed("k"), "app:k");
    assert_eq!(traced.prefix(), "app:");
    assert_eq!(traced.longest("abcdef"), "abcdef");
    let key = String::from("k");
    let future = traced.fetch(&key, "x".into());
    drop(future);
    drop(traced.with_body("k"));
    drop(traced.borrowed_self("x"));
    drop(traced.owned_self());
}
