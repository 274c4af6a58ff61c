//! What the user owns in a generated file: the `#[instrument_proxy(...)]`
//! options, doc comments and `#[inject]` parameters of each method, the
//! options of each impl, and the wrapper struct's attributes.

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
    /// The wrapper struct's attributes (derives, `#[proxy(...)]`, docs), as
    /// written, one per line.
    pub wrapper_attributes: Option<String>,
}

#[derive(Debug, Default, Clone)]
pub struct KeptMethod {
    /// `#[instrument_proxy(...)]`, as written.
    pub options: Option<String>,
    /// The doc comments, one `///` line each.
    pub docs: String,
    /// The parameters marked `#[inject]`, by name.
    pub injected: Vec<String>,
}

/// What `source` (a generated file the user may have edited) keeps; a file
/// that does not parse is an error (its parser's message): what it keeps
/// cannot be read, and a rewrite would silently drop it.
pub fn read(source: &str) -> Result<Kept, String> {
    let mut kept = Kept::default();
    if source.trim().is_empty() {
        return Ok(kept);
    }
    let file = syn::parse_file(source).map_err(|error| error.to_string())?;
    for item in file.items {
        if let Item::Struct(item) = &item {
            if item.attrs.iter().any(|a| {
                a.path().is_ident("derive")
                    && a.to_token_stream().to_string().contains("InstrumentProxy")
            }) {
                kept.wrapper_attributes = Some(
                    item.attrs
                        .iter()
                        .map(|a| a.to_token_stream().to_string())
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
            }
            continue;
        }
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
            let (attrs, sig) = match impl_item {
                ImplItem::Fn(f) => (f.attrs, f.sig),
                ImplItem::Verbatim(tokens) => match syn::parse2::<BodylessFn>(tokens) {
                    Ok(f) => (f.attrs, f.sig),
                    Err(_) => continue,
                },
                _ => continue,
            };
            let name = sig.ident.to_string();
            let injected = sig
                .inputs
                .iter()
                .filter_map(|input| match input {
                    syn::FnArg::Typed(typed)
                        if typed.attrs.iter().any(|a| a.path().is_ident("inject")) =>
                    {
                        Some(typed.pat.to_token_stream().to_string())
                    }
                    _ => None,
                })
                .collect();
            let options = attrs
                .iter()
                .find(|a| is_instrument_proxy(a))
                .map(|a| a.to_token_stream().to_string());
            let docs = attrs
                .iter()
                .filter_map(doc_line)
                .map(|line| format!("///{line}\n"))
                .collect();
            methods.insert(
                name,
                KeptMethod {
                    options,
                    docs,
                    injected,
                },
            );
        }
    }
    Ok(kept)
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
        )
        .unwrap();
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
    fn a_file_that_does_not_parse_is_an_error() {
        assert!(read("impl {").is_err());
        assert!(read("").unwrap().methods.is_empty());
    }

    #[test]
    fn inject_and_the_wrappers_attributes_are_kept() {
        let kept = read(
            r#"
            /// Mine.
            #[derive(Clone, InstrumentProxy)]
            #[proxy(attributes = server)]
            pub struct Traced(Client);
            #[instrument_proxy]
            impl Traced {
                pub fn send(&self, #[inject] request: Request, body: u8);
            }
            "#,
        )
        .unwrap();
        assert_eq!(kept.methods[""]["send"].injected, ["request"]);
        let attributes = kept.wrapper_attributes.unwrap();
        assert!(
            attributes.contains("Clone , InstrumentProxy"),
            "{attributes}"
        );
        assert!(
            attributes.contains("proxy (attributes = server)"),
            "{attributes}"
        );
    }
}
