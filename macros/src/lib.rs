//! Procedural macros of [instrument-proxy](https://docs.rs/instrument-proxy).
//! Use them through the `instrument-proxy` crate, which re-exports them and
//! holds what the generated code calls.
//!
//! Each macro is a pipeline of plain functions over `proc_macro2` tokens:
//! `ast` reads the input into a model (with `attr` parsing options and
//! resolving each method's options over the impl's, and `forward` deciding how
//! a body-less method reaches the client), `check` rejects what cannot work,
//! `expand` generates code from a valid model.

mod ast;
mod attr;
mod carrier;
mod check;
mod deprecated_names;
mod derive;
mod desugar;
mod expand;
mod forward;
mod lints;
mod names;
#[cfg(test)]
mod tests;
mod types;

use proc_macro::TokenStream;

/// Turns an impl block on a wrapper into a traced proxy.
///
/// Methods with a body are instrumented as written; methods without a body are
/// forwarded to the inner client inside the span. Options, on the impl (for
/// every method) or on a method (winning):
///
/// | option | meaning |
/// |---|---|
/// | `name = "lit"` / `name = expr` | span name (`{type}`, `{method}` replaced) or a per-call name |
/// | `kind = client` | `client`, `internal`, `server`, `producer`, `consumer` |
/// | `level = info` | `trace`, `debug`, `info`, `warn`, `error` |
/// | `target = "lit"` | the `tracing` target (OpenTelemetry: the instrumentation scope) |
/// | `fields(key = expr, ...)` | attributes; `%expr` for `Display`, `?expr` for `Debug` |
/// | `record_ok = path`, `record_err = path` | `fn(&CallSpan, &T)` / `fn(&CallSpan, &E)` on the result |
/// | `err = false` | leave `Err` results unmarked |
/// | `err(level = warn, debug)` | an event on `Err`; describe `Debug`-only errors |
/// | `future`, `stream` | method only: it returns a future / stream type alias |
/// | `skip` | no span for this method |
/// | `inner = field` | impl only: forward to this field instead of the `Proxy` trait |
/// | `crate = path` | impl only: where the runtime is |
///
/// A parameter marked `#[inject]` carries the request the trace context goes into.
#[proc_macro_attribute]
pub fn instrument_proxy(attr: TokenStream, item: TokenStream) -> TokenStream {
    instrument_impl(attr.into(), item.into(), cfg!(feature = "off")).into()
}

/// Implements `instrument_proxy::Proxy`, `new`, `inner`, `inner_mut`,
/// `into_inner` and `From<Inner>` for a wrapper struct: a newtype, or a struct
/// with one field marked `#[proxy(inner)]` (the others are defaulted by `new`).
///
/// Struct options: `#[proxy(attributes = path)]` (per-instance span attributes,
/// `fn(&Self) -> ClientAttributes<'_>`), `#[proxy(deref)]` (opt-in `Deref` to
/// the client, whose calls are not traced), `#[proxy(crate = path)]`.
#[proc_macro_derive(InstrumentProxy, attributes(proxy))]
pub fn derive_instrument_proxy(input: TokenStream) -> TokenStream {
    derive::instrument_proxy(input.into()).into()
}

/// Lets a message type carry trace context: `#[inject]` writes the current
/// context into its field marked `#[carrier]` (any carrier, such as
/// `HashMap<String, String>`), and `instrument_proxy::propagation::extract_context`
/// reads it on the receiving side.
#[proc_macro_derive(ContextCarrier, attributes(carrier))]
pub fn derive_context_carrier(input: TokenStream) -> TokenStream {
    carrier::context_carrier(input.into()).into()
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
    let mode = if !errors.is_empty() {
        expand::Mode::Invalid
    } else if off {
        expand::Mode::Off
    } else {
        expand::Mode::Traced
    };
    let expanded = expand::expand(model, mode);
    let errors = errors.iter().map(syn::Error::to_compile_error);
    quote::quote!(#(#errors)* #expanded)
}
