//! Generates the instrumented impl from a model that is already valid.
//!
//! Every generated local starts with `__instrument_proxy_` and has mixed-site
//! hygiene, so it can neither shadow nor be shadowed by a user's name; every
//! path is absolute, through the runtime's `__private` module.

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::{ImplItem, Member, Path, ReturnType, Safety};

use crate::ast::{Item, Method, Output, ProxyImpl, Receiver};
use crate::attr::{Options, SpanName};
use crate::desugar;
use crate::names::{self, SelfConversion};

/// What every method of one impl shares.
struct Context<'a> {
    krate: TokenStream,
    impl_generics: &'a syn::Generics,
    trait_path: Option<&'a Path>,
    type_name: &'a str,
    inner: Option<&'a Member>,
    defaults: &'a Options,
    /// Emit plain methods (the runtime's `off` feature, or an invalid input).
    plain: bool,
}

/// The instrumented impl; with `plain`, the same impl without spans.
pub(crate) fn expand(mut model: ProxyImpl, plain: bool) -> TokenStream {
    let items = std::mem::take(&mut model.items);
    let cx = Context {
        krate: model
            .options
            .krate
            .as_ref()
            .map_or_else(|| quote!(::instrument_proxy), ToTokens::to_token_stream),
        impl_generics: &model.item.generics,
        trait_path: model.item.trait_.as_ref().map(|(path, _)| path),
        type_name: &model.type_name,
        inner: model.options.inner.as_ref(),
        defaults: &model.options,
        plain,
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
    let options = method.options.merged_over(cx.defaults);
    let instrumented = !cx.plain && options.skip.is_none();
    let inject = inject_context(cx, method);
    let body = match &method.body {
        Some(block) => block.to_token_stream(),
        None if cx.plain && !forwardable(cx, method) => quote!({ ::core::unreachable!() }),
        None => {
            let call = forward_call(cx, method, Await::IfAsync);
            quote!({ #call })
        }
    };
    let body = splice(inject.clone(), body);
    if !instrumented {
        let body = with_span(body, method.body_span);
        return quote! {
            #(#attrs)*
            #vis #defaultness #sig #body
        };
    }
    let (sig, body) = if method.output == Output::Async {
        let sig = desugar::async_to_impl_future(
            sig,
            cx.impl_generics,
            cx.trait_path.is_some(),
            &cx.krate,
        );
        // The body becomes the future the span covers.
        let future = if forwards_inner_future(method) {
            let call = forward_call(cx, method, Await::Never);
            quote!({
                #inject
                ::core::future::IntoFuture::into_future(#call)
            })
        } else {
            let body = with_return_type(return_type(method), body);
            quote!(async move #body)
        };
        (sig, future)
    } else {
        (sig.clone(), body)
    };
    let body = with_span(instrument(cx, method, &options, body), method.body_span);
    quote! {
        #(#attrs)*
        #vis #defaultness #sig #body
    }
}

fn return_type(method: &Method) -> Option<&syn::Type> {
    match &method.sig.output {
        ReturnType::Type(_, ty) => Some(&**ty),
        ReturnType::Default => None,
    }
}

/// A body-less `async fn` without a conversion to `Self`: the inner call's
/// own future is traced, with no state machine of ours around it.
fn forwards_inner_future(method: &Method) -> bool {
    method.body.is_none() && !names::returns_self(&method.sig.output)
}

fn forwardable(cx: &Context, method: &Method) -> bool {
    match method.receiver {
        Receiver::Other(..) => false,
        Receiver::None => cx.inner.is_none(),
        _ => cx.inner.is_none() || !names::returns_self(&method.sig.output),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Await {
    IfAsync,
    Never,
}

/// The call a body-less method forwards to the inner client.
fn forward_call(cx: &Context, method: &Method, awaiting: Await) -> TokenStream {
    let krate = &cx.krate;
    let proxy = quote!(#krate::__private::Proxy);
    let name = &method.sig.ident;
    let args = &method.args;
    let call = match (cx.trait_path, &method.receiver) {
        (None, Receiver::None) => quote!(<<Self as #proxy>::Inner>::#name(#(#args),*)),
        (Some(path), Receiver::None) => {
            quote!(<<Self as #proxy>::Inner as #path>::#name(#(#args),*))
        }
        (None, receiver) => {
            let target = forward_target(cx, receiver, false);
            let span = receiver_span(receiver);
            quote_spanned!(span=> #target.#name(#(#args),*))
        }
        (Some(path), receiver) => {
            let target = forward_target(cx, receiver, true);
            quote!(<_ as #path>::#name(#target #(, #args)*))
        }
    };
    let call = if method.sig.asyncness.is_some() && awaiting == Await::IfAsync {
        quote!(#call.await)
    } else {
        call
    };
    let call = match &method.sig.output {
        ReturnType::Type(_, ty) => match names::self_conversion(ty) {
            Some(SelfConversion::Direct) => quote!(<Self as #proxy>::from_inner(#call)),
            Some(SelfConversion::Mapped) => quote!(#call.map(<Self as #proxy>::from_inner)),
            None => call,
        },
        ReturnType::Default => call,
    };
    match &method.sig.safety {
        Safety::Unsafe(token) => quote_spanned!(token.span=> unsafe { #call }),
        _ => call,
    }
}

fn receiver_span(receiver: &Receiver) -> Span {
    match receiver {
        Receiver::Ref(token)
        | Receiver::RefMut(token)
        | Receiver::Value(token)
        | Receiver::Other(token, _) => token.span,
        Receiver::None => Span::call_site(),
    }
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

/// Puts statements at the start of a braced body.
fn splice(statements: TokenStream, body: TokenStream) -> TokenStream {
    if statements.is_empty() {
        return body;
    }
    match body.clone().into_iter().collect::<Vec<_>>().as_slice() {
        [TokenTree::Group(group)] if group.delimiter() == Delimiter::Brace => {
            let inner = group.stream();
            let mut spliced = Group::new(Delimiter::Brace, quote!(#statements #inner));
            spliced.set_span(group.span());
            TokenTree::Group(spliced).into()
        }
        _ => quote!({ #statements #body }),
    }
}

/// Where a forwarded call goes: the `Proxy` trait's accessor, or the field
/// named by `inner = ...`. `as_argument` when it is passed as the receiver
/// argument of a fully qualified trait call.
fn forward_target(cx: &Context, receiver: &Receiver, as_argument: bool) -> TokenStream {
    let krate = &cx.krate;
    let (self_token, accessor, borrow) = match receiver {
        Receiver::Ref(token) => (token, quote!(inner), quote!(&)),
        Receiver::RefMut(token) => (token, quote!(inner_mut), quote!(&mut)),
        Receiver::Value(token) => (token, quote!(into_inner), quote!()),
        Receiver::None | Receiver::Other(..) => return quote!(self),
    };
    match cx.inner {
        // Spanned at `self`, so that a wrapper without the derive gets one
        // error there, with the trait's note on what to add.
        None => {
            quote_spanned!(self_token.span=> <Self as #krate::__private::Proxy>::#accessor(#self_token))
        }
        Some(field) if as_argument => quote!(#borrow #self_token.#field),
        Some(field) => quote!(#self_token.#field),
    }
}

fn instrument(cx: &Context, method: &Method, options: &Options, body: TokenStream) -> TokenStream {
    let krate = &cx.krate;
    let private = quote!(#krate::__private);
    let call = local("call");
    let work = local("work");
    let build = span_builder(cx, method, options);
    let start = quote!(#private::start(#build));
    let record = record_outcome(cx, options);
    let return_type = return_type(method);
    match method.output {
        Output::Value if method.track_caller => {
            // A closure would report its own location to `Location::caller()`,
            // so the body runs in place; an early `return` still ends the span
            // when the guard drops.
            let result = local("result");
            let annotation = return_type
                .filter(|ty| !mentions_impl(ty.to_token_stream()))
                .map(|ty| quote!(: #ty));
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
        Output::Value => {
            let body = with_return_type(return_type, body);
            quote! {{
                let #call = #start;
                #private::run_sync(#call, move || #body, #record)
            }}
        }
        Output::Async => {
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
        Output::ImplFuture | Output::ImplStream => {
            let wrap = match method.output {
                Output::ImplFuture => quote!(#private::CallFuture::new(#call, #work, #record)),
                _ => quote!(#private::CallStream::new(#call, #work)),
            };
            quote! {{
                let #call = #start;
                let #work = #private::construct(#call.as_ref(), move || #body);
                #wrap
            }}
        }
        Output::BoxedFuture | Output::BoxedStream => {
            // Without a span the inner box is returned as it is: no allocation.
            let wrap = match method.output {
                Output::BoxedFuture => quote!(#private::CallFuture::new(#call, #work, #record)),
                _ => quote!(#private::CallStream::new(#call, #work)),
            };
            let boxed = local("boxed");
            let body = with_return_type(return_type, body);
            quote! {{
                let #call = #start;
                let #work = #private::construct(#call.as_ref(), move || #body);
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

/// Pins the type a closure or async block returns to the method's return type,
/// so that `?` inside it knows what to convert into (the technique
/// tracing-attributes uses for the same reason). Skipped for `impl Trait`
/// types, which cannot be written in a `let`.
fn with_return_type(return_type: Option<&syn::Type>, body: TokenStream) -> TokenStream {
    let Some(ty) = return_type else { return body };
    if mentions_impl(ty.to_token_stream()) {
        return body;
    }
    let fake = local("fake_return");
    // The user's statements are spliced in, not nested as a block, so that
    // `unused_braces` does not fire at the user's braces.
    let (statements, braces) = match body.clone().into_iter().collect::<Vec<_>>().as_slice() {
        [TokenTree::Group(group)] if group.delimiter() == Delimiter::Brace => {
            (group.stream(), group.span())
        }
        _ => (body, Span::call_site()),
    };
    let block = quote! {
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
            return #fake;
        }
        #statements
    };
    let mut group = Group::new(Delimiter::Brace, block);
    group.set_span(braces);
    TokenTree::Group(group).into()
}

/// Gives a braced body the span of the user's braces.
fn with_span(body: TokenStream, span: Span) -> TokenStream {
    let mut trees = body.into_iter().collect::<Vec<_>>();
    if let [TokenTree::Group(group)] = trees.as_mut_slice() {
        group.set_span(span);
    }
    trees.into_iter().collect()
}

fn mentions_impl(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Ident(ident) => ident == "impl",
        TokenTree::Group(group) => mentions_impl(group.stream()),
        _ => false,
    })
}

/// `|| span`: what builds the span, called only past the one check.
fn span_builder(cx: &Context, method: &Method, options: &Options) -> TokenStream {
    let krate = &cx.krate;
    let private = quote!(#krate::__private);
    let method_name = method.sig.ident.to_string();
    let default_name = format!("{}::{}", cx.type_name, method_name);
    let (name, dynamic_name) = match &options.name {
        Some(SpanName::Static(template)) => (
            syn::LitStr::new(
                &names::render_template(&template.value(), cx.type_name, &method_name),
                template.span(),
            ),
            None,
        ),
        Some(SpanName::Dynamic(expr)) => (
            syn::LitStr::new(&default_name, Span::call_site()),
            Some(expr),
        ),
        None => (syn::LitStr::new(&default_name, Span::call_site()), None),
    };
    let level = match &options.level {
        Some(level) => syn::Ident::new(&level.value.to_uppercase(), level.span),
        None => format_ident!("INFO"),
    };
    let kind = options.kind.as_ref().map_or("client", |k| k.value);

    // Names a backend may record after the span exists; `tracing` must
    // declare them up front, OpenTelemetry needs nothing.
    let mut later = vec!["otel.status_code", "otel.status_description"];
    later.extend(
        names::RECORDED_LATER
            .iter()
            .filter(|key| options.fields.iter().all(|f| f.key != **key)),
    );
    let mut fields = Vec::new();
    for field in &options.fields {
        let key = syn::LitStr::new(&field.key, field.key_span);
        let sigil = &field.sigil;
        let value = &field.value;
        // An empty string is never recorded: the key is only declared.
        // Every other literal is passed as it is, which lets `tracing` keep a
        // span's constant values in static memory.
        if field.sigil.is_none() && is_empty_string(value) {
            fields.push(quote!(#key = #krate::Empty));
        } else {
            fields.push(quote!(#key = #sigil #value));
        }
    }

    let client =
        client_attributes(&method.receiver).map(|self_ref| quote!(&#private::Autoref(#self_ref)));
    quote! {
        || {
            #private::call_span!(
                level: #level,
                name: #name,
                kind: #kind,
                dynamic_name: (#dynamic_name),
                later: { #(#later),* },
                client: (#client),
                fields: { #(#fields),* }
            )
        }
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

/// The closure that looks at the result before the span ends.
fn record_outcome(cx: &Context, options: &Options) -> TokenStream {
    let krate = &cx.krate;
    let private = quote!(#krate::__private);
    let span = local("span");
    let result = local("result");
    let mark_err = options.err.as_ref().is_none_or(|err| err.value);
    if !mark_err && options.record_ok.is_none() && options.record_err.is_none() {
        return quote!(|_, _| {});
    }
    let outcome = mark_err.then(|| {
        quote! {
            #[allow(unused_imports)]
            use #private::{
                CodedErrorOutcome as _, DisplayErrorOutcome as _, ErrorOutcome as _,
                ValueOutcome as _,
            };
            (&&&#private::Outcome(#result)).record_outcome(#span);
        }
    });
    let parts = (options.record_ok.is_some() || options.record_err.is_some()).then(|| {
        let ok = local("ok");
        let err = local("err");
        let on_ok = options
            .record_ok
            .as_ref()
            .map(|path| quote!(#path(#span, #ok);));
        let on_err = options
            .record_err
            .as_ref()
            .map(|path| quote!(#path(#span, #err);));
        let ok_binding = if on_ok.is_some() {
            quote!(#ok)
        } else {
            quote!(_)
        };
        let err_binding = if on_err.is_some() {
            quote!(#err)
        } else {
            quote!(_)
        };
        quote! {
            #[allow(unused_imports)]
            use #private::{ResultParts as _, ValueParts as _};
            match (&#private::Outcome(#result)).parts() {
                #private::Ok(#ok_binding) => { #on_ok }
                #private::Err(#err_binding) => { #on_err }
            }
        }
    });
    quote! {
        |#span, #result| {
            #outcome
            #parts
        }
    }
}
