//! Rejects what cannot work, at the user's own tokens. Every problem is
//! collected, so the user sees them all at once.

use syn::spanned::Spanned;
use syn::{ReturnType, Type};

use crate::ast::{Item, Method, ProxyImpl, Receiver};
use crate::attr::Options;
use crate::names;

pub(crate) fn check(model: &ProxyImpl, errors: &mut Vec<syn::Error>) {
    check_options(&model.options, errors);
    for item in &model.items {
        if let Item::Method(method) = item {
            check_method(model, method, errors);
        }
    }
}

fn check_options(options: &Options, errors: &mut Vec<syn::Error>) {
    let mut push = |span, message: String| errors.push(syn::Error::new(span, message));
    if options.skip.is_some() {
        for key in options.keys.iter().filter(|k| *k != "skip") {
            push(
                key.span(),
                format!("`skip` leaves the method without a span, so `{key}` has no effect; remove `{key}` or `skip`"),
            );
        }
    }
    if let (Some(future), Some(_)) = (&options.future, &options.stream) {
        push(
            future.span(),
            "a method returns either a future or a stream; keep one of `future` and `stream`"
                .into(),
        );
    }
    if let Some(crate::attr::SpanName::Static(name)) = &options.name {
        if let Err(message) = names::check_template(&name.value()) {
            push(name.span(), message);
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for field in &options.fields {
        if seen.contains(&field.key.as_str()) {
            push(
                field.key_span,
                format!("duplicate field `{}`; give each field once", field.key),
            );
        }
        seen.push(&field.key);
        if let Some(option) = names::reserved_field(&field.key) {
            push(
                field.key_span,
                format!(
                    "`{}` is set by the macro; use the `{option}` option instead",
                    field.key
                ),
            );
        }
    }
}

fn check_method(model: &ProxyImpl, method: &Method, errors: &mut Vec<syn::Error>) {
    let options = &method.options;
    check_options(options, errors);
    let sig = &method.sig;
    let mut push = |span, message: &str| errors.push(syn::Error::new(span, message));

    if let Some(constness) = &sig.constness {
        push(
            constness.span(),
            "a `const fn` cannot open a span; remove `const`, or move the method to an impl block without #[instrument_proxy]",
        );
    }
    if let Some(abi) = &sig.abi {
        push(
            abi.span(),
            "an `extern` fn cannot be instrumented; remove the ABI, or move the method to an impl block without #[instrument_proxy]",
        );
    }
    if let Some(variadic) = &sig.variadic {
        push(variadic.span(), "variadic methods cannot be instrumented");
    }
    for inject in method.injects.iter().skip(1) {
        push(
            inject.span,
            "only one parameter can be `#[inject]`: the trace context goes into one request",
        );
    }
    if method.body.is_some() {
        for inject in &method.injects {
            let plain = method.sig.inputs.iter().filter_map(|input| match input {
                syn::FnArg::Typed(typed) => Some(&*typed.pat),
                syn::FnArg::Receiver(_) => None,
            });
            if let Some(pattern) = plain.clone().nth(inject.index) {
                if !matches!(pattern, syn::Pat::Ident(p) if p.subpat.is_none() && p.by_ref.is_none())
                {
                    push(
                        pattern.span(),
                        "an `#[inject]` parameter needs a plain name (`#[inject] request: Request`), not a pattern",
                    );
                }
            }
        }
    }
    if let Some(span) = method.inject_on_receiver {
        push(
            span,
            "`#[inject]` goes on the parameter that carries the request, not on `self`",
        );
    }

    let marker = options.future.as_ref().or(options.stream.as_ref());
    if let Some(marker) = marker {
        if sig.asyncness.is_some() {
            push(
                marker.span(),
                &format!("an `async fn` is always traced as a future; remove `{marker}`"),
            );
        } else {
            match &sig.output {
                ReturnType::Default => push(
                    marker.span(),
                    &format!("`{marker}` marks a method that returns a {marker}, and this one returns `()`; remove `{marker}`"),
                ),
                ReturnType::Type(_, ty) if !matches!(**ty, Type::Path(_) | Type::ImplTrait(_)) => push(
                    ty.span(),
                    &format!("`{marker}` expects a {marker} type here (an alias of `Pin<Box<dyn ...>>`, or `impl Trait`); remove `{marker}`"),
                ),
                _ => {}
            }
        }
    }
    if options.record_ok.is_some() || options.record_err.is_some() {
        if let ReturnType::Default = sig.output {
            if sig.asyncness.is_none() {
                push(
                    sig.ident.span(),
                    "`record_ok` / `record_err` look at the result, and this method returns `()`",
                );
            }
        }
    }
    if method.body.is_none() {
        check_forwarding(model, method, errors);
    }
}

/// A body-less method is forwarded to the inner client; some shapes cannot be.
fn check_forwarding(model: &ProxyImpl, method: &Method, errors: &mut Vec<syn::Error>) {
    let by_field = model.options.inner.is_some();
    match &method.receiver {
        Receiver::Other(_, span) => errors.push(syn::Error::new(
            *span,
            "a method taking this receiver cannot be forwarded to the inner client; give it a body",
        )),
        Receiver::None if by_field => errors.push(syn::Error::new(
            method.sig.ident.span(),
            "an associated function without `self` is forwarded through the `Proxy` trait of #[derive(InstrumentProxy)]; derive it instead of naming `inner = ...`, or give the function a body",
        )),
        _ => {}
    }
    if by_field && names::returns_self(&method.sig.output) {
        errors.push(syn::Error::new(
            method.sig.output.span(),
            "a forwarded method returning `Self` converts the inner client's result through the `Proxy` trait of #[derive(InstrumentProxy)]; derive it instead of naming `inner = ...`, or give the method a body",
        ));
    }
}
