//! Lints emitted as code: warnings the compiler gives at the user's tokens
//! through uses of `#[deprecated]` items and checks in the span builder (a
//! future returned as a plain value, `err` on a result that is not a
//! `Result`, names the semantic conventions deprecated or the naming rules
//! advise against). `#[allow(...)]` and `-D warnings` treat them as any
//! other warning.

use std::cell::Cell;

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::ReturnType;

use crate::ast::Method;
use crate::names;
use crate::types::{replace_impl_trait, Output};

/// A method traced as a plain value whose type is a future or a stream (an
/// alias the macro cannot see through) would be traced only while it is
/// built: the check reaches a `#[deprecated]` method for such types, a
/// warning at the return type. It sits in the span builder, which is
/// type-checked like the rest and runs only when a span is made.
pub(crate) fn future_check(private: &TokenStream, method: &Method) -> Option<TokenStream> {
    let ReturnType::Type(_, ty) = &method.sig.output else {
        return None;
    };
    if method.output != Output::Value || replace_impl_trait(&mut (**ty).clone()) {
        return None;
    }
    // Spanned at the return type, where the warning is to stand.
    let check = quote_spanned!(ty.span()=> returns_future_or_stream);
    Some(quote!(#private::return_check!(#ty, #check);))
}

/// Warnings about names in `fields(...)` and `metric = "..."`: a deprecated
/// semantic-conventions name, or one that breaks the OpenTelemetry naming
/// recommendations. Each is a use of a `#[deprecated]` constant at the key,
/// so the warning stands there with the replacement in its note,
/// `#[allow(deprecated)]` on the method silences it and `-D warnings` makes
/// it an error. The impl's names are checked in the first traced method only.
pub(crate) fn name_warnings(impl_names_checked: &Cell<bool>, method: &Method) -> TokenStream {
    let with_impl_names = !impl_names_checked.replace(true);
    let written = &method.written;
    let fields = method
        .options
        .fields
        .iter()
        .filter(|field| with_impl_names || written.fields.iter().any(|w| w.key == field.key))
        .flat_map(|field| {
            let deprecated = names::deprecated(&field.key).map(|replacement| {
                format!(
                    "`{}` is deprecated in the semantic conventions: {replacement}",
                    field.key
                )
            });
            let advice = names::naming_advice(&field.key)
                .map(|advice| format!("{advice}, or allow it with #[allow(deprecated)]"));
            deprecated
                .into_iter()
                .chain(advice)
                .map(|note| (field.key.as_str(), field.key_span, note))
        });
    let metric = match &method.options.metric {
        Some(crate::attr::MetricOption::Named(name))
            if with_impl_names || written.metric.is_some() =>
        {
            let value = name.value();
            names::naming_advice(&value).map(|advice| {
                let advice =
                    advice.replace("naming recommendations", "metric naming recommendations");
                (
                    value,
                    name.span(),
                    format!("{advice}, or allow it with #[allow(deprecated)]"),
                )
            })
        }
        _ => None,
    };
    let metric = metric
        .as_ref()
        .map(|(value, span, note)| (value.as_str(), *span, note.clone()));
    fields
        .chain(metric)
        .map(|(key, span, note)| {
            let mut name: String = key
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_uppercase()
                    } else {
                        '_'
                    }
                })
                .collect();
            if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
                name.insert_str(0, "NAME_");
            }
            let constant = syn::Ident::new(&name, span);
            // A block each: two keys may give the same constant's name.
            quote_spanned! {span=>
                {
                    #[deprecated(note = #note)]
                    const #constant: () = ();
                    let () = #constant;
                }
            }
        })
        .collect()
}

/// `err` written on a method whose result is not a `Result` (as far as the
/// type says where the method is defined) would have no effect: the same
/// kind of check warns at the option.
pub(crate) fn err_check(private: &TokenStream, method: &Method) -> Option<TokenStream> {
    method.written.err.as_ref()?;
    let key = method.written.keys.iter().find(|key| *key == "err")?;
    let ty = method.facts.result.clone()?;
    if replace_impl_trait(&mut ty.clone()) {
        return None;
    }
    let check = quote_spanned!(key.span()=> err_has_an_effect);
    Some(quote! {
        #[allow(unused_imports)]
        use #private::{NotResultReturn as _, ResultReturn as _};
        (&#private::ReturnCheck::<#ty>::NEW).#check();
    })
}
