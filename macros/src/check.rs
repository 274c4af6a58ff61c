//! Rejects what cannot work, at the user's own tokens. Every problem is
//! collected, so the user sees them all at once.
//!
//! Two kinds of rules: what one `#[instrument_proxy(...)]` may say (checked on
//! the options as written, at the impl and at each method), and what the
//! options in force mean for a method's signature (checked on the resolved
//! options, so that an impl-level default is held to the same rules as the
//! method's own option).

use syn::spanned::Spanned;
use syn::{ReturnType, Type};

use crate::ast::{Body, Item, Method, ProxyImpl};
use crate::attr::{Options, SpanName};
use crate::names;
use crate::types::Output;

pub(crate) fn check(model: &ProxyImpl, errors: &mut Vec<syn::Error>) {
    check_written(&model.options, errors);
    for item in &model.items {
        if let Item::Method(method) = item {
            check_written(&method.written, errors);
            check_method(method, errors);
        }
    }
}

/// What one attribute may say, whatever the method.
fn check_written(options: &Options, errors: &mut Vec<syn::Error>) {
    let mut push = |span, message: String| errors.push(syn::Error::new(span, message));
    let mut at_key = Vec::new();
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
    if let Some(SpanName::Static(name)) = &options.name {
        if let Err(message) = names::check_template(&name.value()) {
            push(name.span(), message);
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for field in &options.fields {
        if seen.contains(&field.key.as_str()) {
            at_key.push((
                field,
                format!("duplicate field `{}`; give each field once", field.key),
            ));
        }
        seen.push(&field.key);
        if let Some(option) = names::reserved_field(&field.key) {
            at_key.push((
                field,
                format!(
                    "`{}` is set by the macro; use the `{option}` option instead",
                    field.key
                ),
            ));
        } else if let Err(message) = names::check_attribute_name(&field.key) {
            at_key.push((field, message));
        }
    }
    for (field, message) in at_key {
        errors.push(syn::Error::new_spanned(&field.key_tokens, message));
    }
    if let Some(crate::attr::MetricOption::Named(name)) = &options.metric {
        if let Err(message) = names::check_attribute_name(&name.value()) {
            errors.push(syn::Error::new(
                name.span(),
                message.replace("an attribute name", "a metric name"),
            ));
        }
    }
}

/// The signature against the options in force.
fn check_method(method: &Method, errors: &mut Vec<syn::Error>) {
    let options = &method.options;
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
    if let Body::Written(_) = method.body {
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
    if options.skip.is_none() {
        check_outcome_options(method, errors);
        check_bounded(method, errors);
    }
    if let Body::Unforwardable(error) = &method.body {
        errors.push(error.clone());
    }
}

/// `record_ok`, `record_err` and `err` look at a result, which a method
/// returning `()` or a stream does not have.
fn check_outcome_options(method: &Method, errors: &mut Vec<syn::Error>) {
    let options = &method.options;
    let written = |key: &str| method.written.keys.iter().find(|k| *k == key);
    let mut looked_at = Vec::new();
    if options.record_ok.is_some() {
        looked_at.push("record_ok");
    }
    if options.record_err.is_some() {
        looked_at.push("record_err");
    }
    let unit = method.facts.unit;
    let stream = matches!(method.output, Output::ImplStream | Output::BoxedStream);
    // An impl-wide `err` is a default for the methods that return results.
    if (unit || stream) && written("err").is_some() {
        looked_at.push("err");
    }
    if !unit && !stream {
        return;
    }
    let what = if stream {
        "a result, and a stream has none: its span ends when the stream is exhausted or dropped"
    } else {
        "the result, and this method returns `()`"
    };
    for option in looked_at {
        let (span, message) = match written(option) {
            Some(key) => (
                key.span(),
                format!("`{option}` looks at {what}; remove `{option}`"),
            ),
            None => (
                method.sig.ident.span(),
                format!("`{option}`, set on the impl, looks at {what}; move `{option}` from the impl to the methods that return a value"),
            ),
        };
        errors.push(syn::Error::new(span, message));
    }
}

/// `bounded(...)` names fields of the method, for its metric.
fn check_bounded(method: &Method, errors: &mut Vec<syn::Error>) {
    let options = &method.options;
    let has_metric = method.facts.metric.is_some();
    for key in &options.bounded {
        let message = if !has_metric {
            format!(
                "`bounded` marks fields for the call's metric, and this method has none: add `metric = \"name\"` or remove `bounded({})`",
                key.value()
            )
        } else if options.fields.iter().all(|f| f.key != key.value()) {
            format!(
                "`{}` is not a field of this method: `bounded(...)` names keys of `fields(...)`",
                key.value()
            )
        } else {
            continue;
        };
        errors.push(syn::Error::new(key.span(), message));
    }
}
