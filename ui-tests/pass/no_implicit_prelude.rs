#![no_implicit_prelude]

extern crate instrument_proxy;
extern crate std;

mod traced {
    #![no_implicit_prelude]

    use ::instrument_proxy::{instrument_proxy, InstrumentProxy};
    use ::std::string::String;

    pub struct Client;

    impl Client {
        pub fn get(&self, key: &str) -> ::std::result::Result<String, ::std::io::Error> {
            ::std::result::Result::Ok(::std::string::ToString::to_string(key))
        }

        pub async fn fetch(&self) -> ::std::option::Option<u8> {
            ::std::option::Option::Some(1)
        }
    }

    #[derive(InstrumentProxy)]
    pub struct Traced(pub Client);

    #[instrument_proxy(fields(db.system.name = "test"))]
    impl Traced {
        pub fn get(&self, key: &str) -> ::std::result::Result<String, ::std::io::Error>;
        pub async fn fetch(&self) -> ::std::option::Option<u8>;
        pub fn stream(&self) -> ::std::pin::Pin<::std::boxed::Box<dyn ::std::future::Future<Output = u8> + ::std::marker::Send>> {
            ::std::boxed::Box::pin(async { 1 })
        }
    }
}

fn main() {
    let traced = traced::Traced::new(traced::Client);
    ::std::assert!(traced.get("k").is_ok());
    ::std::mem::drop(traced.fetch());
    ::std::mem::drop(traced.stream());
}
