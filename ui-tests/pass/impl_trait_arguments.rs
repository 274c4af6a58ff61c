use instrument_proxy::{instrument_proxy, InstrumentProxy};

pub struct Client;

impl Client {
    pub fn join(&self, parts: impl IntoIterator<Item = impl AsRef<str>>) -> String {
        parts.into_iter().map(|p| p.as_ref().to_owned()).collect()
    }

    pub async fn send(&self, body: impl Into<Vec<u8>> + Send) -> usize {
        body.into().len()
    }
}

#[derive(InstrumentProxy)]
pub struct Traced(Client);

#[instrument_proxy]
impl Traced {
    pub fn join(&self, parts: impl IntoIterator<Item = impl AsRef<str>>) -> String;
    pub async fn send(&self, body: impl Into<Vec<u8>> + Send) -> usize;
    pub fn display(&self, value: &impl std::fmt::Display) -> String {
        value.to_string()
    }
}

fn main() {
    let traced = Traced::new(Client);
    assert_eq!(traced.join(["a", "b"]), "ab");
    assert_eq!(traced.display(&3), "3");
    drop(traced.send("x"));
}
