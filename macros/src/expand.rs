//! Generates the instrumented impl from a model that is already valid.
//!
//! Every generated local starts with `__instrument_proxy_` and has mixed-site
//! hygiene, so it can neither shadow nor be shadowed by a user's name; every
//! path is absolute, through the runtime's `__private` module.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{ImplItem, ReturnType};

use crate::ast::{Body, Item, Method, ProxyImpl, Shape};
use crate::attr::SpanName;
use crate::desugar;
use crate::forward::Await;
use crate::lints;
use crate::names;
use crate::types::{Output, Receiver};

/// What the expansion emits.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Instrumented methods.
    Traced,
    /// The runtime's `off` feature: plain methods that still use every item
    /// the options name (a `record_ok` function, a field's arguments), so
    /// that turning tracing off does not turn them into dead code.
    Off,
    /// The input has errors: plain methods, so that errors do not cascade.
    Invalid,
}

/// What every method of one impl shares.
struct Context<'a> {
    krate: TokenStream,
    impl_generics: &'a syn::Generics,
    in_trait_impl: bool,
    type_name: &'a str,
    mode: Mode,
    /// Whether a method has already checked the impl's field names, which
    /// are warned about once, not once per method.
    impl_names_checked: std::cell::Cell<bool>,
}

/// The instrumented impl; in the other modes, the same impl without spans.
pub(crate) fn expand(mut model: ProxyImpl, mode: Mode) -> TokenStream {
    let items = std::mem::take(&mut model.items);
    desugar::name_impl_lifetimes(&mut model.item);
    let cx = Context {
        krate: model
            .options
            .krate
            .as_ref()
            .map_or_else(|| quote!(::instrument_proxy), ToTokens::to_token_stream),
        impl_generics: &model.item.generics,
        in_trait_impl: model.item.trait_.is_some(),
        type_name: &model.type_name,
        mode,
        impl_names_checked: std::cell::Cell::new(false),
    };
    let expanded: Vec<ImplItem> = items
        .iter()
        .map(|item| match item {
            Item::Method(method) => ImplItem::Verbatim(expand_method(&cx, method)),
            Item::Other(other) => (**other).clone(),
        })
        .collect();
    let mut item = model.item.clone();
    item.items = expanded;
    item.into_token_stream()
}

impl Context<'_> {
    /// `::instrument_proxy::__private`, or under the impl's `crate = path`.
    fn private(&self) -> TokenStream {
        let krate = &self.krate;
        quote!(#krate::__private)
    }
}

fn local(name: &str) -> syn::Ident {
    format_ident!("__instrument_proxy_{}", name, span = Span::mixed_site())
}

fn expand_method(cx: &Context, method: &Method) -> TokenStream {
    let Method {
        attrs,
        vis,
        defaultness,
        sig,
        ..
    } = method;
    let options = &method.options;
    let inject = inject_context(cx, method);
    if cx.mode != Mode::Traced || options.skip.is_some() {
        let body = if cx.mode == Mode::Off && options.skip.is_none() {
            keep_used(cx, method, inject)
        } else {
            prepend(inject, user_body(cx, method))
        };
        let body = with_span(body, method.body_span);
        return quote! {
            #(#attrs)*
            #vis #defaultness #sig #body
        };
    }
    let body = user_body(cx, method);
    if method.output != Output::Async {
        let body = prepend(inject, body);
        let body = with_span(instrument(cx, method, body), method.body_span);
        return quote! {
            #(#attrs)*
            #vis #defaultness #sig #body
        };
    }
    let desugared =
        desugar::async_to_impl_future(sig, cx.impl_generics, cx.in_trait_impl, &cx.krate);
    // The body becomes the future the span covers.
    let future = match &method.body {
        Body::Forwarded(forward) if !forward.converts() => {
            let call = forward.call(&cx.krate, sig, &method.args, Await::Never);
            quote!({
                #inject
                ::core::future::IntoFuture::into_future(#call)
            })
        }
        _ => {
            let body = pin_return_type(method, inject, body);
            quote!(async move #body)
        }
    };
    let body = with_span(instrument(cx, method, future), method.body_span);
    // rustdoc shows the signature the user wrote, not its desugaring.
    quote! {
        #[cfg(not(doc))]
        #(#attrs)*
        #vis #defaultness #desugared #body
        #[cfg(doc)]
        #(#attrs)*
        #vis #defaultness #sig { ::core::unreachable!() }
    }
}

/// A body-less `async fn` without a conversion to `Self`: the inner call's
/// own future is traced, with no state machine of ours around it.
fn forwards_inner_future(method: &Method) -> bool {
    matches!(&method.body, Body::Forwarded(forward) if !forward.converts())
}

/// `#[inject]`: the parameter receives the current context when the call
/// starts (inside the span), before the body or the inner call sees it.
fn inject_context(cx: &Context, method: &Method) -> TokenStream {
    let krate = &cx.krate;
    let Some(inject) = method.injects.first() else {
        return TokenStream::new();
    };
    let Some(arg) = method.args.get(inject.index) else {
        return TokenStream::new();
    };
    let mutability = &inject.mutability;
    let call = quote_spanned!(inject.span=> #krate::__private::inject);
    quote! {
        let #mutability #arg = #call(#arg);
    }
}

/// What runs inside the span, before anything is added to it.
struct UserBody {
    /// The braced body.
    block: TokenStream,
    /// Its one expression, when it holds nothing else.
    lone_expression: Option<TokenStream>,
}

fn user_body(cx: &Context, method: &Method) -> UserBody {
    match &method.body {
        Body::Written(block) => UserBody {
            block: block.to_token_stream(),
            lone_expression: match block.stmts.as_slice() {
                [syn::Stmt::Expr(expr, None)] => Some(expr.to_token_stream()),
                _ => None,
            },
        },
        Body::Forwarded(forward) => {
            let call = forward.call(&cx.krate, &method.sig, &method.args, Await::IfAsync);
            UserBody {
                block: quote!({ #call }),
                lone_expression: Some(call),
            }
        }
        Body::Unforwardable(_) => UserBody {
            block: quote!({ ::core::unreachable!() }),
            lone_expression: Some(quote!(::core::unreachable!())),
        },
    }
}

/// Puts statements before the body. A body with statements stays a block of
/// its own, so that what it brings into scope (`use Enum::*;`, tracing#3306)
/// cannot change what generated code names; a lone expression is spliced in,
/// so that `unused_braces` does not fire at the user's braces.
fn prepend(statements: TokenStream, body: UserBody) -> TokenStream {
    if statements.is_empty() {
        return body.block;
    }
    match body.lone_expression {
        Some(expression) => quote!({ #statements #expression }),
        None => {
            let block = body.block;
            quote!({ #statements #block })
        }
    }
}

/// Pins the type an `async` body returns to the method's return type, so
/// that `?` inside it knows what to convert into (an async block cannot
/// carry a return type; tracing-attributes uses the same technique for the
/// same reason). The annotation is outside
/// the user's block, so nothing the block brings into scope (`use
/// Enum::*;`, tracing#3306) changes what it names.
fn pin_return_type(method: &Method, statements: TokenStream, body: UserBody) -> TokenStream {
    // `()` left unwritten is pinned too, at the method's name: a body that
    // returns something else is reported at the body, as for a plain
    // `async fn`.
    let unit_written_nowhere = matches!(method.sig.output, ReturnType::Default)
        .then(|| syn::parse_quote_spanned!(method.sig.ident.span()=> ()));
    let Some(ty) = method.facts.returns.clone().or(unit_written_nowhere) else {
        return prepend(statements, body);
    };
    if !matches!(method.body, Body::Written(_)) {
        return prepend(statements, body);
    }
    // A body of the wrong type is reported with a note at the return type.
    let fake = format_ident!(
        "__instrument_proxy_fake_return",
        span = Span::mixed_site().located_at(ty.span())
    );
    let ret = quote_spanned!(ty.span()=> return #fake;);
    let pin = quote! {
        #[allow(
            unknown_lints,
            unreachable_code,
            clippy::diverging_sub_expression,
            clippy::empty_loop,
            clippy::let_unit_value,
            clippy::needless_return,
            clippy::unreachable
        )]
        if false {
            let #fake: #ty = loop {};
            #ret
        }
        #statements
    };
    prepend(pin, body)
}

/// The `off` body: the method as written, and the options' expressions and
/// functions referenced where they cost nothing (a closure never called, a
/// recorder passed to an inline no-op), so they stay used.
fn keep_used(cx: &Context, method: &Method, inject: TokenStream) -> TokenStream {
    let private = cx.private();
    let options = &method.options;
    let values: Vec<&syn::Expr> = options
        .fields
        .iter()
        .map(|field| &field.value)
        .chain(match &options.name {
            Some(SpanName::Dynamic(expr)) => Some(&**expr),
            _ => None,
        })
        .filter(|value| !matches!(value, syn::Expr::Lit(_)))
        .collect();
    let values = (!values.is_empty()).then(|| quote!(let _ = || { let _ = (#(&#values,)*); };));
    let recorded = options.record_ok.is_some() || options.record_err.is_some();
    if !recorded {
        return prepend(quote!(#values #inject), user_body(cx, method));
    }
    let record = record_outcome(cx, method);
    let result = local("result");
    let body = prepend(inject, user_body(cx, method));
    let annotation = method.facts.returns.clone().map(|ty| quote!(: #ty));
    let keep = match method.output {
        Output::Value | Output::Async => quote!(#private::keep_recorder(&#result, #record)),
        _ => quote!(#private::keep_future_recorder(&#result, #record)),
    };
    quote!({
        #values
        let #result #annotation = #body;
        #keep;
        #result
    })
}

/// Gives a braced body the span of the user's braces.
fn with_span(body: TokenStream, span: Span) -> TokenStream {
    let mut trees = body.into_iter().collect::<Vec<_>>();
    if let [TokenTree::Group(group)] = trees.as_mut_slice() {
        group.set_span(span);
    }
    trees.into_iter().collect()
}

fn instrument(cx: &Context, method: &Method, body: TokenStream) -> TokenStream {
    let private = cx.private();
    let call = local("call");
    let work = local("work");
    let build = span_builder(cx, method);
    let site = self::site(cx, method);
    let metered = metered_start(cx, method, &site, &build);
    let start = match &metered {
        Some(metered) => quote!(#private::metered_start!(#metered)),
        None => quote!(#private::start(#site, #build)),
    };
    let record = record_outcome(cx, method);
    // The closure's return type is the method's, written outside the user's
    // block: `?` knows what to convert into, a body of the wrong type is
    // reported at the return type, and nothing the block brings into scope
    // changes what the type names (tracing#3306).
    let returns = method.facts.returns.clone().map(|ty| quote!(-> #ty));
    match method.facts.shape {
        Shape::InPlace => {
            // A closure would report its own location to `Location::caller()`,
            // so the body runs in place; an early `return` still ends the span
            // when the guard drops.
            let result = local("result");
            let annotation = method.facts.returns.clone().map(|ty| quote!(: #ty));
            // A body that always diverges makes what follows it unreachable;
            // that is the user's business, not a warning at generated code.
            quote! {{
                let #call = #private::SyncCall::enter(#start);
                #[allow(clippy::diverging_sub_expression)]
                let #result #annotation = #body;
                #[allow(unreachable_code)]
                let #result = #private::SyncCall::finish(#call, #result, #record);
                #result
            }}
        }
        Shape::OneFunction => match &metered {
            Some(metered) => quote! {{
                #private::metered_sync!(#metered, call: (move || #returns #body, #record))
            }},
            None => quote! {{
                #private::call_sync(#site, #build, move || #returns #body, #record)
            }},
        },
        Shape::TwoStep => quote! {{
            let #call = #start;
            #private::run_sync(#call, move || #returns #body, #record)
        }},
        Shape::Async => {
            // The span starts when the method is called and ends when the
            // future completes or is dropped; an inner call's future is built
            // inside the span.
            let work_value = if forwards_inner_future(method) {
                quote!(#private::construct(#call.as_ref(), move || #body))
            } else {
                body
            };
            quote! {{
                let #call = #start;
                let #work = #work_value;
                #private::CallFuture::new(#call, #work, #record)
            }}
        }
        Shape::Wrapped => {
            let wrap = match method.output {
                Output::ImplFuture => quote!(#private::CallFuture::new(#call, #work, #record)),
                _ => quote!(#private::CallStream::new(#call, #work, #private::record_item!())),
            };
            quote! {{
                let #call = #start;
                let #work = #private::construct(#call.as_ref(), move || #returns #body);
                #wrap
            }}
        }
        Shape::Boxed => {
            // Without a span the inner box is returned as it is: no allocation.
            let wrap = match method.output {
                Output::BoxedFuture => quote!(#private::CallFuture::new(#call, #work, #record)),
                _ => quote!(#private::CallStream::new(#call, #work, #private::record_item!())),
            };
            let boxed = local("boxed");
            let return_type = match &method.sig.output {
                ReturnType::Type(_, ty) => Some(ty),
                ReturnType::Default => None,
            };
            quote! {{
                let #call = #start;
                let #work = #private::construct(#call.as_ref(), move || #returns #body);
                match #call {
                    #private::None => #work,
                    #call => {
                        let #boxed: #return_type = #private::Box::pin(#wrap);
                        #boxed
                    }
                }
            }}
        }
    }
}

/// What the start of a call with a metric is given (`metered_start!`,
/// `metered_sync!`): the span builder, the histogram, and
/// the fields that may go on the metric (literals, names the conventions
/// bound, and `bounded(...)`), never an argument-derived value otherwise.
fn metered_start(
    cx: &Context,
    method: &Method,
    site: &TokenStream,
    build: &TokenStream,
) -> Option<TokenStream> {
    let options = &method.options;
    let metric = method.facts.metric.as_ref()?;
    let private = cx.private();
    let instrument = match metric {
        names::Metric::Database => quote!(#private::Instrument::Database),
        names::Metric::Http => quote!(#private::Instrument::Http),
        names::Metric::Named(name) => quote!(#private::Instrument::Named(#name)),
    };
    // The method's own `bounded(...)` keys; the names the conventions bound
    // are the runtime's to know (`bounded_by_name`).
    let bounded = &options.bounded;
    let method_bounded = |field: &crate::attr::Field| {
        let literal = matches!(&field.value, syn::Expr::Lit(_)) && field.sigil.is_none();
        literal || options.bounded.iter().any(|b| b.value() == field.key)
    };
    let present = options
        .fields
        .iter()
        .filter(|field| !is_empty_string(&field.value));
    let fields = present
        .clone()
        .filter(|f| method_bounded(f))
        .map(classified);
    // Every other field: kept on the metric when the runtime says its name
    // is bounded, a check made at compile time.
    let named = present.filter(|f| !method_bounded(f)).map(classified);
    let client =
        client_attributes(&method.receiver).map(|self_ref| quote!(&#private::Autoref(#self_ref)));
    Some(quote! {
        site: #site,
        span: #build,
        instrument: #instrument,
        bounded: [#(#bounded),*],
        client: (#client),
        fields: { #(#fields),* },
        named: { #(#named),* }
    })
}

/// The method's `Site` (`&'static`, a `static` of its own): the span's
/// level, name, target and the keys of its fields, which the check on every
/// call and the span's start read. Only what differs from the defaults is
/// written.
fn site(cx: &Context, method: &Method) -> TokenStream {
    let options = &method.options;
    let private = cx.private();
    let method_name = method.sig.ident.to_string();
    let name = match &options.name {
        Some(SpanName::Static(template)) => syn::LitStr::new(
            &names::render_template(&template.value(), cx.type_name, &method_name),
            template.span(),
        ),
        _ => syn::LitStr::new(
            &format!("{}::{}", cx.type_name, method_name),
            Span::call_site(),
        ),
    };
    let level = &method.facts.level;
    let target = options
        .target
        .as_ref()
        .map(|target| quote!(, target: #target));
    let dynamic =
        matches!(options.name, Some(SpanName::Dynamic(_))).then(|| quote!(, dynamic_name: _));
    let keys = options
        .fields
        .iter()
        .map(|field| syn::LitStr::new(&field.key, field.key_span));
    let fields = (!options.fields.is_empty()).then(|| quote!(, fields: [#(#keys),*]));
    quote!(#private::site!(level: #level, name: #name #target #dynamic #fields))
}

/// `|site| span`: what builds the span, called only past the one check, with
/// the method's `Site`.
fn span_builder(cx: &Context, method: &Method) -> TokenStream {
    let options = &method.options;
    let private = cx.private();
    let name = match &options.name {
        Some(SpanName::Dynamic(expr)) => Some(quote!(, name: #expr)),
        _ => None,
    };
    let kind = options.kind.as_ref().map_or("client", |k| k.value);
    let fields = options.fields.iter().map(classified);
    let fields = (!options.fields.is_empty()).then(|| quote!(, fields: { #(#fields),* }));
    let client = client_attributes(&method.receiver)
        .map(|self_ref| quote!(, client: &#private::Autoref(#self_ref)));
    let check = lints::future_check(&cx.private(), method);
    let err_check = lints::err_check(&cx.private(), method);
    let deprecated = lints::name_warnings(&cx.impl_names_checked, method);
    let site = local("site");
    quote! {
        |#site| {
            #check
            #err_check
            #deprecated
            #private::call_span!(site: #site, kind: #kind #name #client #fields)
        }
    }
}

/// One field as the backends' macros take it, classified once here:
/// `display("key", value)` (`%value`), `debug("key", value)` (`?value`),
/// `literal("key", value)` (a constant, which `tracing` keeps in static memory
/// and OpenTelemetry records without a copy), `empty("key", ())` (an empty
/// string: the key is declared, nothing is recorded) or `value("key", value)`.
fn classified(field: &crate::attr::Field) -> TokenStream {
    let key = syn::LitStr::new(&field.key, field.key_span);
    let value = &field.value;
    let kind = match &field.sigil {
        Some(sigil) if sigil.as_char() == '%' => "display",
        Some(_) => "debug",
        None if is_empty_string(value) => return quote!(empty(#key, ())),
        None if is_literal(value) => "literal",
        None => "value",
    };
    let kind = syn::Ident::new(kind, Span::call_site());
    quote!(#kind(#key, #value))
}

/// A literal, or a negative number. An unsigned integer literal (`7u8`) is
/// not: the backends' value path records it as an integer, where `tracing`
/// would hand it to tracing-opentelemetry as text.
fn is_literal(value: &syn::Expr) -> bool {
    match value {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(int),
            ..
        }) => !int.suffix().starts_with('u'),
        syn::Expr::Lit(_) => true,
        syn::Expr::Unary(unary) => {
            matches!(unary.op, syn::UnOp::Neg(_)) && matches!(&*unary.expr, syn::Expr::Lit(_))
        }
        _ => false,
    }
}

fn is_empty_string(value: &syn::Expr) -> bool {
    matches!(value, syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) if text.value().is_empty())
}

/// `&Self` for the `Proxy` hook, from whatever receiver the method has.
fn client_attributes(receiver: &Receiver) -> Option<TokenStream> {
    Some(match receiver {
        Receiver::None => return None,
        Receiver::Ref(token) | Receiver::RefMut(token) => quote!(&*#token),
        Receiver::Value(token) => quote!(&#token),
        Receiver::Other(token, _) => quote!(&*#token),
    })
}

/// The closure that looks at the result before the span ends. The result's
/// type is pinned from the signature first: the closure is type-checked
/// before the function's return type is unified with the body's, and the
/// outcome's dispatch must see the real error type (tracing#1227, #1615).
fn record_outcome(cx: &Context, method: &Method) -> TokenStream {
    let options = &method.options;
    let private = cx.private();
    let err = options.err.as_ref();
    let mark = err.is_none_or(|err| err.mark);
    // `()` has no outcome to record (and `record_ok` / `record_err` are
    // refused on it).
    let unit = method.facts.unit;
    if unit || (!mark && options.record_ok.is_none() && options.record_err.is_none()) {
        return quote!(|_, _| {});
    }
    let ty = method.facts.result.clone();
    let described = match err.and_then(|err| err.debug.as_ref()) {
        Some(debug) => quote_spanned!(debug.span()=> DebugErrorOutcome),
        None => quote!(ErrorOutcome),
    };
    let event = err.and_then(|err| err.event.as_ref()).map(|level| {
        let level = crate::attr::level_ident(Some(level));
        let target = &options.target;
        quote!(#level, (#target))
    });
    let ok = &options.record_ok;
    let err = &options.record_err;
    quote! {
        #private::record_outcome!(
            result: (#ty), described: #described, event: (#event), mark: #mark, ok: (#ok), err: (#err)
        )
    }
}
