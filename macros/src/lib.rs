//! Procedural macros of [instrument-proxy](https://docs.rs/instrument-proxy).
//! Use them through the `instrument-proxy` crate, which re-exports them and
//! holds what the generated code calls.
//!
//! Each macro is a pipeline of plain functions over `proc_macro2` tokens:
//! `ast` reads the input into a model (with `attr` parsing options), `check`
//! rejects what cannot work, `expand` generates code from a valid model.

mod ast;
mod attr;
mod check;
mod derive;
mod desugar;
mod expand;
mod names;
#[cfg(test)]
mod tests;

use proc_macro::TokenStream;

/// Turns an impl block on a wrapper into a traced proxy. See the
/// `instrument-proxy` crate for the options.
#[proc_macro_attribute]
pub fn instrument_proxy(attr: TokenStream, item: TokenStream) -> TokenStream {
    instrument_impl(attr.into(), item.into(), cfg!(feature = "off")).into()
}

/// Implements `instrument_proxy::Proxy`, `new`, `inner`, `inner_mut`,
/// `into_inner` and `From<Inner>` for a wrapper struct.
#[proc_macro_derive(InstrumentProxy, attributes(proxy))]
pub fn derive_instrument_proxy(input: TokenStream) -> TokenStream {
    derive::instrument_proxy(input.into()).into()
}

/// `#[instrument_proxy]` over `proc_macro2` tokens: parse, check, expand.
/// With `off`, methods are emitted plain (forwarding where body-less).
fn instrument_impl(
    attr: proc_macro2::TokenStream,
    item: proc_macro2::TokenStream,
    off: bool,
) -> proc_macro2::TokenStream {
    let mut errors = Vec::new();
    let model = match ast::ProxyImpl::from_tokens(attr, item.clone(), &mut errors) {
        Ok(model) => model,
        Err(error) => {
            let error = error.to_compile_error();
            return quote::quote!(#error #item);
        }
    };
    check::check(&model, &mut errors);
    let plain = off || !errors.is_empty();
    let expanded = expand::expand(model, plain);
    let errors = errors.iter().map(syn::Error::to_compile_error);
    quote::quote!(#(#errors)* #expanded)
}
