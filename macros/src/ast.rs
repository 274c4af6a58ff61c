//! The model of what the user wrote: an impl block and its methods, with the
//! options of each level parsed and the `#[inject]` / `#[instrument_proxy]`
//! attributes taken off the tokens that are re-emitted.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::parse::{Parse, ParseStream, Parser};
use syn::spanned::Spanned;
use syn::{
    Attribute, Block, FnArg, Ident, ImplItem, ItemImpl, Pat, Signature, Token, Type, Visibility,
};

use crate::attr::{self, Level, Options};
use crate::forward::Forward;
use crate::names;
use crate::types::Receiver;
use crate::types::{self, output_kind, receiver_kind, Output};

pub(crate) struct ProxyImpl {
    /// The impl with its methods taken out (they are in `items`).
    pub item: ItemImpl,
    pub options: Options,
    pub items: Vec<Item>,
    /// `Traced` for `impl<C> Trait for Traced<C>`: the `{type}` of span names.
    pub type_name: String,
}

pub(crate) enum Item {
    Method(Box<Method>),
    /// Constants, types and macros pass through unchanged.
    Other(Box<ImplItem>),
}

pub(crate) struct Method {
    pub attrs: Vec<Attribute>,
    pub vis: Visibility,
    pub defaultness: Option<Token![default]>,
    pub sig: Signature,
    pub body: Body,
    /// The user's braces, or the `;` of a body-less method: the generated body
    /// carries this span, so that lints about the method (`dead_code`) are
    /// reported as for the user's own code, not silenced as macro output.
    pub body_span: Span,
    /// The options as written on this method, for the rules about what one
    /// attribute may say.
    pub written: Options,
    /// The options in force: the method's over the impl's.
    pub options: Options,
    pub receiver: Receiver,
    /// The arguments after the receiver, as they are passed on.
    pub args: Vec<Ident>,
    /// Each `#[inject]` parameter.
    pub injects: Vec<Inject>,
    /// `#[inject]` written on the receiver.
    pub inject_on_receiver: Option<Span>,
    pub output: Output,
    /// What validation and expansion both need to know, decided once.
    pub facts: Facts,
}

/// A method's facts, computed once from its signature and the options in
/// force: `check` and `expand` read them and never decide them again.
pub(crate) struct Facts {
    /// Returns `()`, written out or not: no result to look at.
    pub unit: bool,
    /// The return type as a `let` or a closure can write it (`impl Trait`
    /// parts inferred); `None` for `()` or a bare `impl Trait`.
    pub returns: Option<Type>,
    /// The result the outcome looks at: the return type, or an
    /// `impl Future`'s `Output`; `None` when the signature cannot name it.
    pub result: Option<Type>,
    /// The `tracing` level (`INFO`, ...), spanned at the option.
    pub level: Ident,
    /// The histogram the calls record into, if any.
    pub metric: Option<names::Metric>,
    /// How the span is wrapped around the body.
    pub shape: Shape,
}

/// How a call's span and its body are put together.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Shape {
    /// `#[track_caller]`: the body runs in place (a closure would report its
    /// own location).
    InPlace,
    /// A synchronous call whose span builder and body are handed to one
    /// out-of-line function.
    OneFunction,
    /// The span starts, then the body runs.
    TwoStep,
    /// An `async fn`: the body becomes the future the span covers.
    Async,
    /// `impl Future` / `impl Stream`: the value is wrapped in one that
    /// carries the span.
    Wrapped,
    /// A boxed future or stream: boxed again only when there is a span.
    Boxed,
}

/// What runs inside the span.
pub(crate) enum Body {
    /// The user's block.
    Written(Block),
    /// A body-less method, forwarded to the inner client.
    Forwarded(Forward),
    /// A body-less method that cannot be forwarded; `check` reports why.
    Unforwardable(syn::Error),
}

/// A parameter marked `#[inject]`.
pub(crate) struct Inject {
    /// Index into `Method::args`.
    pub index: usize,
    /// The attribute's path, where errors point.
    pub span: Span,
    /// The parameter's own `mut`, kept for the rebinding.
    pub mutability: Option<Token![mut]>,
}

impl ProxyImpl {
    pub(crate) fn from_tokens(
        attr: TokenStream,
        item: TokenStream,
        errors: &mut Vec<syn::Error>,
    ) -> syn::Result<Self> {
        let mut item: ItemImpl = syn::parse2(item).map_err(|error| {
            syn::Error::new(
                error.span(),
                "#[instrument_proxy] goes on an `impl` block (`impl Client { ... }` or `impl Trait for Client { ... }`)",
            )
        })?;
        let options = parse_options(attr, Level::Impl, errors);
        let type_name = type_name(&item.self_ty);
        let trait_path = item.trait_.as_ref().map(|(path, _)| path.clone());
        let items = std::mem::take(&mut item.items)
            .into_iter()
            .map(|impl_item| {
                let cx = ImplContext {
                    defaults: &options,
                    trait_path: trait_path.as_ref(),
                };
                Item::from_impl_item(impl_item, &cx, errors)
            })
            .collect();
        Ok(ProxyImpl {
            item,
            options,
            items,
            type_name,
        })
    }
}

/// What a method's model needs to know of its impl.
struct ImplContext<'a> {
    defaults: &'a Options,
    trait_path: Option<&'a syn::Path>,
}

impl Item {
    fn from_impl_item(impl_item: ImplItem, cx: &ImplContext, errors: &mut Vec<syn::Error>) -> Item {
        let (attrs, vis, defaultness, sig, body) = match impl_item {
            ImplItem::Fn(f) => (
                f.attrs,
                f.vis,
                f.modifiers.defaultness,
                f.sig,
                (Some(f.block.clone()), f.block.brace_token.span.join()),
            ),
            // syn keeps a body-less `fn` of an impl as verbatim tokens.
            ImplItem::Verbatim(tokens) => match syn::parse2::<BodylessFn>(tokens.clone()) {
                Ok(f) => (f.attrs, f.vis, f.defaultness, f.sig, (None, f.semi.span)),
                Err(_) => return Item::Other(Box::new(ImplItem::Verbatim(tokens))),
            },
            other => return Item::Other(Box::new(other)),
        };
        Item::Method(Box::new(Method::new(
            attrs,
            vis,
            defaultness,
            sig,
            body,
            cx,
            errors,
        )))
    }
}

/// `#[attrs] vis fn name(...) -> R;`
struct BodylessFn {
    attrs: Vec<Attribute>,
    vis: Visibility,
    defaultness: Option<Token![default]>,
    sig: Signature,
    semi: Token![;],
}

impl Parse for BodylessFn {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis = input.parse()?;
        let defaultness = input.parse()?;
        let sig = input.parse()?;
        let semi = input.parse()?;
        Ok(BodylessFn {
            attrs,
            vis,
            defaultness,
            sig,
            semi,
        })
    }
}

impl Method {
    fn new(
        attrs: Vec<Attribute>,
        vis: Visibility,
        defaultness: Option<Token![default]>,
        mut sig: Signature,
        (body, body_span): (Option<Block>, Span),
        cx: &ImplContext,
        errors: &mut Vec<syn::Error>,
    ) -> Method {
        let mut options = Options::default();
        let mut seen_options = false;
        let mut kept = Vec::with_capacity(attrs.len());
        for mut attr in attrs {
            // syn hands the body's inner attributes (`#![allow(...)]`) over
            // with the method's; the body is re-emitted inside generated
            // code, where they cannot stand, and on the method they mean the
            // same.
            attr.style = syn::AttrStyle::Outer;
            if !attr::is_instrument_proxy(&attr) {
                kept.push(attr);
                continue;
            }
            if seen_options {
                errors.push(syn::Error::new(
                    attr.path().span(),
                    "duplicate #[instrument_proxy] on this method; merge the options into one attribute",
                ));
            }
            seen_options = true;
            if let syn::Meta::List(list) = &attr.meta {
                options = parse_options(list.tokens.clone(), Level::Method, errors);
            }
        }
        let track_caller = kept.iter().any(|a| a.path().is_ident("track_caller"));

        let mut receiver = Receiver::None;
        let mut inject_on_receiver = None;
        let mut args = Vec::new();
        let mut injects = Vec::new();
        for (index, input) in sig.inputs.iter_mut().enumerate() {
            match input {
                FnArg::Receiver(r) => {
                    if let Some(inject) = take_inject(&mut r.attrs) {
                        inject_on_receiver = Some(inject);
                    }
                    if body.is_none() {
                        // The generated body never mutates the binding.
                        r.mutability = None;
                    }
                    receiver = receiver_kind(r);
                }
                FnArg::Typed(typed) => {
                    if let Some(inject) = take_inject(&mut typed.attrs) {
                        // The injected value is rebound at the start of the
                        // call, with the user's `mut`; the parameter itself is
                        // never mutated.
                        let mutability = match &mut *typed.pat {
                            Pat::Ident(pat_ident) => pat_ident.mutability.take(),
                            _ => None,
                        };
                        injects.push(Inject {
                            index: args.len(),
                            span: inject,
                            mutability,
                        });
                    }
                    args.push(argument_ident(&mut typed.pat, index, body.is_none()));
                }
            }
        }
        let resolved = options.merged_over(cx.defaults);
        let output = output_kind(&sig, resolved.future.is_some(), resolved.stream.is_some());
        let body = match body {
            Some(block) => Body::Written(block),
            None => {
                match Forward::new(&sig, &receiver, cx.defaults.inner.as_ref(), cx.trait_path) {
                    Ok(forward) => Body::Forwarded(forward),
                    Err(error) => Body::Unforwardable(error),
                }
            }
        };
        let facts = Facts {
            unit: types::returns_unit(&sig, output),
            returns: types::nameable_return_type(&sig),
            result: types::result_type(&sig, output),
            level: attr::level_ident(resolved.level.as_ref()),
            metric: names::metric_of(&resolved),
            shape: call_shape(&sig, &receiver, &resolved, output, track_caller),
        };
        Method {
            attrs: kept,
            vis,
            defaultness,
            sig,
            body,
            body_span,
            written: options,
            options: resolved,
            receiver,
            args,
            injects,
            inject_on_receiver,
            output,
            facts,
        }
    }
}

/// Options, or the defaults when they cannot be read (the error is kept and
/// the impl is still expanded, so that one typo does not bury the user in
/// follow-up errors).
fn parse_options(tokens: TokenStream, level: Level, errors: &mut Vec<syn::Error>) -> Options {
    let parser = |input: ParseStream| Options::parse(input, level, errors);
    let result = parser.parse2(tokens);
    result.unwrap_or_else(|error| {
        errors.push(error);
        Options::default()
    })
}

fn take_inject(attrs: &mut Vec<Attribute>) -> Option<Span> {
    let mut found = None;
    attrs.retain(|attr| {
        if attr::is_inject(attr) {
            found = found.or(Some(attr.path().span()));
            false
        } else {
            true
        }
    });
    found
}

/// The name an argument is passed on by. A body-less method's argument
/// patterns are replaced by a plain binding (there is no body to destructure
/// them in); with a body, the pattern stays and the name is only used when it
/// is a plain binding.
fn argument_ident(pat: &mut Pat, index: usize, bodyless: bool) -> Ident {
    if let Pat::Ident(pat_ident) = pat {
        if pat_ident.subpat.is_none() && pat_ident.by_ref.is_none() {
            if bodyless {
                // The generated body never mutates the binding.
                pat_ident.mutability = None;
            }
            return pat_ident.ident.clone();
        }
    }
    let ident = Ident::new(
        &format!("__instrument_proxy_arg{index}"),
        Span::mixed_site(),
    );
    if bodyless {
        *pat = Pat::Ident(syn::PatIdent {
            attrs: Vec::new(),
            by_ref: None,
            mutability: None,
            ident: ident.clone(),
            subpat: None,
        });
    }
    ident
}

/// The last identifier of the impl's self type.
fn type_name(ty: &Type) -> String {
    match ty {
        Type::Path(path) => path
            .path
            .segments
            .last()
            .map_or_else(String::new, |s| s.ident.to_string()),
        Type::Reference(reference) => type_name(&reference.elem),
        Type::Paren(paren) => type_name(&paren.elem),
        Type::Group(group) => type_name(&group.elem),
        other => other.to_token_stream().to_string().replace(' ', ""),
    }
}

fn call_shape(
    sig: &Signature,
    receiver: &Receiver,
    options: &Options,
    output: Output,
    track_caller: bool,
) -> Shape {
    match output {
        Output::Value if track_caller => Shape::InPlace,
        Output::Value if builder_and_body_can_coexist(sig, receiver, options) => Shape::OneFunction,
        Output::Value => Shape::TwoStep,
        Output::Async => Shape::Async,
        Output::ImplFuture | Output::ImplStream => Shape::Wrapped,
        Output::BoxedFuture | Output::BoxedStream => Shape::Boxed,
    }
}

/// Whether the span builder (which borrows the receiver and whatever the
/// fields and the name name) and the body (which moves what it uses) can be
/// passed to one function: the receiver is `&self` or absent, no field or
/// name calls a macro, and every argument the builder names is copied rather
/// than moved (a shared reference or a primitive). Anything else starts its
/// span first and runs the body after, which compiles whatever the fields
/// read: this rule only picks the faster shape where it can prove it safe.
fn builder_and_body_can_coexist(sig: &Signature, receiver: &Receiver, options: &Options) -> bool {
    if !matches!(receiver, Receiver::None | Receiver::Ref(_)) {
        return false;
    }
    let read: Vec<TokenStream> = options
        .fields
        .iter()
        .map(|field| field.value.to_token_stream())
        .chain(match &options.name {
            Some(attr::SpanName::Dynamic(expr)) => Some(expr.to_token_stream()),
            _ => None,
        })
        .collect();
    // A macro can read any binding without naming it as a token: a format
    // string's implicit capture (`format!("{c:?}")`) reads `c`.
    if read.iter().any(|tokens| calls_macro(tokens.clone())) {
        return false;
    }
    let mut named = Vec::new();
    for tokens in read {
        idents(tokens, &mut named);
    }
    sig.inputs.iter().all(|input| {
        let syn::FnArg::Typed(arg) = input else {
            return true;
        };
        let mut bound = Vec::new();
        idents(arg.pat.to_token_stream(), &mut bound);
        !bound.iter().any(|ident| named.contains(ident)) || types::is_copied(&arg.ty)
    })
}

/// Whether `tokens` hold a `!` followed by a group, as every macro call does
/// (a negated parenthesised expression too, which only costs the faster
/// shape).
fn calls_macro(tokens: TokenStream) -> bool {
    let mut bang = false;
    for tree in tokens {
        match tree {
            TokenTree::Group(_) if bang => return true,
            TokenTree::Group(group) if calls_macro(group.stream()) => return true,
            TokenTree::Punct(punct) => {
                bang = punct.as_char() == '!' && punct.spacing() == proc_macro2::Spacing::Alone;
                continue;
            }
            _ => {}
        }
        bang = false;
    }
    false
}

/// Every identifier in `tokens`, groups included.
fn idents(tokens: TokenStream, into: &mut Vec<proc_macro2::Ident>) {
    for tree in tokens {
        match tree {
            TokenTree::Ident(ident) => into.push(ident),
            TokenTree::Group(group) => idents(group.stream(), into),
            _ => {}
        }
    }
}
