//! What the user owns in a generated file: the `#[instrument_proxy(...)]`
//! options and doc comments of each method, and the options of each impl.

use std::collections::HashMap;

use quote::ToTokens;
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, ImplItem, Item, Signature, Token, Visibility};

/// Kept from a file, by impl (the trait's path, or `""` for the inherent
/// impls) and method name.
#[derive(Debug, Default)]
pub struct Kept {
    pub impl_options: HashMap<String, String>,
    pub methods: HashMap<String, HashMap<String, KeptMethod>>,
}

#[derive(Debug, Default, Clone)]
pub struct KeptMethod {
    /// `#[instrument_proxy(...)]`, as written.
    pub options: Option<String>,
    /// The doc comments, one `///` line each.
    pub docs: String,
}

/// What `source` (a generated file the user may have edited) keeps; nothing
/// for a file that does not parse.
pub fn read(source: &str) -> Kept {
    let mut kept = Kept::default();
    let Ok(file) = syn::parse_file(source) else {
        return kept;
    };
    for item in file.items {
        let Item::Impl(item) = item else { continue };
        let Some(options) = item.attrs.iter().find(|a| is_instrument_proxy(a)) else {
            continue;
        };
        let key = item
            .trait_
            .as_ref()
            .map(|(path, _)| path.to_token_stream().to_string().replace(' ', ""))
            .unwrap_or_default();
        kept.impl_options
            .insert(key.clone(), options.to_token_stream().to_string());
        let methods = kept.methods.entry(key).or_default();
        for impl_item in item.items {
            let (attrs, name) = match impl_item {
                ImplItem::Fn(f) => (f.attrs, f.sig.ident.to_string()),
                ImplItem::Verbatim(tokens) => match syn::parse2::<BodylessFn>(tokens) {
                    Ok(f) => (f.attrs, f.sig.ident.to_string()),
                    Err(_) => continue,
                },
                _ => continue,
            };
            let options = attrs
                .iter()
                .find(|a| is_instrument_proxy(a))
                .map(|a| a.to_token_stream().to_string());
            let docs = attrs
                .iter()
                .filter_map(doc_line)
                .map(|line| format!("///{line}\n"))
                .collect();
            methods.insert(name, KeptMethod { options, docs });
        }
    }
    kept
}

fn is_instrument_proxy(attr: &Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "instrument_proxy")
}

fn doc_line(attr: &Attribute) -> Option<String> {
    if !attr.path().is_ident("doc") {
        return None;
    }
    let syn::Meta::NameValue(meta) = &attr.meta else {
        return None;
    };
    match &meta.value {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) => Some(text.value()),
        _ => None,
    }
}

/// `#[attrs] vis fn name(...) -> R;`, as a generated file writes methods.
struct BodylessFn {
    attrs: Vec<Attribute>,
    sig: Signature,
}

impl Parse for BodylessFn {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let _: Visibility = input.parse()?;
        let sig = input.parse()?;
        input.parse::<Token![;]>()?;
        Ok(BodylessFn { attrs, sig })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_and_docs_of_each_method_are_kept() {
        let kept = read(
            r#"
            #[instrument_proxy(fields(db.system.name = "redis"))]
            impl Traced {
                /// Mine.
                /// Two lines.
                #[instrument_proxy(name = "GET", level = debug)]
                pub fn get(&self, key: &str) -> u8;
                /// Generated.
                pub fn set(&self);
            }
            #[instrument_proxy]
            impl redis::aio::ConnectionLike for Traced {
                #[instrument_proxy(future, skip)]
                fn req_packed_command<'a>(&'a mut self, cmd: &'a redis::Cmd) -> redis::RedisFuture<'a, redis::Value>;
            }
            "#,
        );
        let inherent = &kept.methods[""];
        assert_eq!(
            inherent["get"].options.as_deref(),
            Some("# [instrument_proxy (name = \"GET\" , level = debug)]")
        );
        assert_eq!(inherent["get"].docs, "/// Mine.\n/// Two lines.\n");
        assert_eq!(inherent["set"].options, None);
        assert!(kept.impl_options[""].contains("db . system . name"));
        let trait_impl = &kept.methods["redis::aio::ConnectionLike"];
        assert!(trait_impl["req_packed_command"]
            .options
            .as_deref()
            .is_some_and(|o| o.contains("skip")));
    }

    #[test]
    fn a_file_that_does_not_parse_keeps_nothing() {
        assert!(read("impl {").methods.is_empty());
    }
}
