//! A body whose `use` brings names into scope that the signature also uses
//! (tracing#3306): what the generated code names is resolved outside it.
#![deny(warnings)]

use instrument_proxy::instrument_proxy;

#[derive(Debug)]
pub enum Reply {
    Result,
    Option,
    Error,
}

#[derive(Debug)]
pub struct Error;

pub struct Client;

#[instrument_proxy]
impl Client {
    pub fn reply(&self, ok: bool) -> Result<Reply, Error> {
        use Reply::*;
        if ok {
            std::result::Result::Ok(Result)
        } else {
            std::result::Result::Err(crate::Error)
        }
    }

    pub async fn reply_async(&self) -> Option<Reply> {
        use Reply::*;
        std::option::Option::Some(Option)
    }

    pub fn shadowed_error(&self) -> Result<u8, Error> {
        #[allow(unused_imports)]
        use Reply::Error;
        Ok(1)
    }
}

fn main() {
    assert!(Client.reply(true).is_ok());
    assert!(Client.reply(false).is_err());
    drop(Client.reply_async());
    assert!(Client.shadowed_error().is_ok());
    let _ = Reply::Error;
}
