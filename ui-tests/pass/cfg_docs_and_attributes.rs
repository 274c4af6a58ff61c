#![deny(deprecated)]
#![allow(clippy::inline_always)]

use instrument_proxy::{instrument_proxy, InstrumentProxy};

pub struct Client;

impl Client {
    pub fn ping(&self) -> &'static str {
        "PONG"
    }
}

#[derive(InstrumentProxy)]
pub struct Traced(Client);

#[instrument_proxy]
impl Traced {
    /// Sends PING.
    ///
    /// Docs stay on the generated method.
    #[must_use]
    #[inline]
    pub fn ping(&self) -> &'static str;

    #[inline(always)]
    #[must_use = "the reply says whether the server is up"]
    pub fn ping_always(&self) -> &'static str {
        self.0.ping()
    }

    #[cold]
    pub fn rarely(&self) -> u8 {
        0
    }

    #[cfg(any())]
    pub fn compiled_out(&self) -> DoesNotExist;

    #[cfg(all())]
    pub fn compiled_in(&self) -> u8 {
        1
    }

    #[deprecated(note = "use ping")]
    pub fn old_ping(&self) -> &'static str {
        "PONG"
    }
}

#[allow(deprecated)]
fn call_old(traced: &Traced) -> &'static str {
    traced.old_ping()
}

fn main() {
    let traced = Traced::new(Client);
    assert_eq!(traced.ping(), "PONG");
    assert_eq!(traced.ping_always(), "PONG");
    assert_eq!(traced.rarely(), 0);
    assert_eq!(traced.compiled_in(), 1);
    assert_eq!(call_old(&traced), "PONG");
}
