use instrument_proxy::{instrument_proxy, InstrumentProxy};

#[derive(Debug)]
pub struct Client {
    url: String,
}

impl Client {
    pub fn open(url: &str) -> Self {
        Client { url: url.into() }
    }

    pub fn try_open(url: &str) -> Result<Self, String> {
        if url.is_empty() { Err("empty".into()) } else { Ok(Client::open(url)) }
    }

    pub fn maybe_open(url: &str) -> Option<Self> {
        Some(Client::open(url))
    }

    pub fn version() -> u32 {
        3
    }
}

#[derive(InstrumentProxy)]
pub struct Traced(Client);

#[instrument_proxy]
impl Traced {
    /// Returns `Self`: the inner client is wrapped (`Proxy::from_inner`).
    pub fn open(url: &str) -> Self;
    /// `Result<Self, E>` and `Option<Self>` are mapped.
    pub fn try_open(url: &str) -> Result<Self, String>;
    pub fn maybe_open(url: &str) -> Option<Self>;
    /// Anything else is the inner client's value.
    pub fn version() -> u32;

    pub fn with_body(url: String) -> Self {
        Traced::new(Client { url })
    }
}

fn main() {
    assert_eq!(Traced::open("redis://a").inner().url, "redis://a");
    assert!(Traced::try_open("").is_err());
    assert!(Traced::maybe_open("x").is_some());
    assert_eq!(Traced::version(), 3);
    assert_eq!(Traced::with_body("b".into()).into_inner().url, "b");
}
