//! Options of `#[instrument_proxy(...)]`, parsed into plain structs. One
//! parser serves the impl and the method level; what a level may not carry is
//! rejected here, at the option's own tokens.

use proc_macro2::Span;
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, Ident, LitBool, LitStr, Member, Path, Token};

/// Where the options were written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    Impl,
    Method,
}

/// What the user wrote in one `#[instrument_proxy(...)]`.
#[derive(Default, Clone)]
pub(crate) struct Options {
    pub name: Option<SpanName>,
    pub kind: Option<Choice>,
    pub level: Option<Choice>,
    pub fields: Vec<Field>,
    pub record_ok: Option<Path>,
    pub record_err: Option<Path>,
    pub err: Option<ErrOption>,
    pub target: Option<LitStr>,
    pub metric: Option<MetricOption>,
    /// `bounded(key, ...)`: computed fields that may go on the metric.
    pub bounded: Vec<LitStr>,
    pub future: Option<Ident>,
    pub stream: Option<Ident>,
    pub skip: Option<Ident>,
    pub inner: Option<Member>,
    pub krate: Option<Path>,
    /// Every option key given, in order, for the rules that relate options.
    pub keys: Vec<Ident>,
}

#[derive(Clone)]
pub(crate) enum SpanName {
    /// `name = "..."`: static, `{type}` and `{method}` replaced.
    Static(LitStr),
    /// `name = expr`: evaluated per call.
    Dynamic(Box<Expr>),
}

/// `err = false`, `err = true` or `err(debug, level = warn)`.
#[derive(Clone)]
pub(crate) struct ErrOption {
    /// Whether `Err` results mark the span failed.
    pub mark: bool,
    /// `debug`: describe errors that only implement `Debug` with it.
    pub debug: Option<Ident>,
    /// `level = ...`: also emit an event at this level on `Err`.
    pub event: Option<Choice>,
}

/// `metric = "name"` or `metric = false`.
#[derive(Clone)]
pub(crate) enum MetricOption {
    Named(LitStr),
    Off,
}

/// A keyword value (`kind = client`), already checked against its choices.
#[derive(Clone)]
pub(crate) struct Choice {
    pub value: &'static str,
    pub span: Span,
}

/// One `key = value` of `fields(...)`.
#[derive(Clone)]
pub(crate) struct Field {
    pub key: String,
    pub key_span: Span,
    /// The key's tokens, so that an error covers all of `db.system.name`
    /// (a span cannot be joined on stable).
    pub key_tokens: proc_macro2::TokenStream,
    /// `%` (Display) or `?` (Debug), as in `tracing`.
    pub sigil: Option<proc_macro2::Punct>,
    pub value: Expr,
}

pub(crate) const KINDS: &[&str] = &["client", "internal", "server", "producer", "consumer"];
pub(crate) const LEVELS: &[&str] = &["trace", "debug", "info", "warn", "error"];

const IMPL_OPTIONS: &str = "name, kind, level, target, fields, record_ok, record_err, err, metric, bounded, skip, inner, crate";
const METHOD_OPTIONS: &str = "name, kind, level, target, fields, record_ok, record_err, err, metric, bounded, future, stream, skip";

impl Options {
    /// Parses options; errors that leave the rest readable are collected in
    /// `errors` so that the user sees them all at once.
    pub(crate) fn parse(
        input: ParseStream,
        level: Level,
        errors: &mut Vec<syn::Error>,
    ) -> syn::Result<Self> {
        let mut options = Options::default();
        while !input.is_empty() {
            let key = input.call(Ident::parse_any)?;
            let name = key.to_string();
            if options.keys.iter().any(|k| *k == name) {
                errors.push(syn::Error::new(
                    key.span(),
                    format!("duplicate option `{name}`; give each option once"),
                ));
            }
            match name.as_str() {
                "name" => {
                    input.parse::<Token![=]>()?;
                    options.name = Some(if input.peek(LitStr) {
                        SpanName::Static(input.parse()?)
                    } else {
                        SpanName::Dynamic(Box::new(input.parse()?))
                    });
                }
                "kind" => options.kind = Some(parse_choice(input, "span kind", KINDS, errors)?),
                "level" => options.level = Some(parse_choice(input, "level", LEVELS, errors)?),
                "fields" => {
                    let content;
                    syn::parenthesized!(content in input);
                    options
                        .fields
                        .extend(Punctuated::<Field, Token![,]>::parse_terminated(&content)?);
                }
                "record_ok" => {
                    input.parse::<Token![=]>()?;
                    options.record_ok = Some(input.parse()?);
                }
                "record_err" => {
                    input.parse::<Token![=]>()?;
                    options.record_err = Some(input.parse()?);
                }
                "err" => options.err = Some(parse_err(input, errors)?),
                "target" => {
                    input.parse::<Token![=]>()?;
                    let target: LitStr = input.parse()?;
                    if target.value().is_empty() {
                        errors.push(syn::Error::new(
                            target.span(),
                            "a target cannot be empty; remove `target` to use the module path",
                        ));
                    }
                    options.target = Some(target);
                }
                "metric" => {
                    input.parse::<Token![=]>()?;
                    if input.peek(LitBool) {
                        let off: LitBool = input.parse()?;
                        if off.value {
                            errors.push(syn::Error::new(
                                off.span(),
                                "`metric = true` is the default where a metric applies; name a histogram (`metric = \"cache.lookup.duration\"`) or write `metric = false`",
                            ));
                        }
                        options.metric = Some(MetricOption::Off);
                    } else {
                        options.metric = Some(MetricOption::Named(input.parse()?));
                    }
                }
                "bounded" => {
                    let content;
                    syn::parenthesized!(content in input);
                    let keys = Punctuated::<Key, Token![,]>::parse_terminated(&content)?;
                    options
                        .bounded
                        .extend(keys.into_iter().map(|key| LitStr::new(&key.text, key.span)));
                }
                "future" | "stream" if level == Level::Impl => {
                    errors.push(syn::Error::new(
                        key.span(),
                        format!("`{name}` describes what one method returns; put `#[instrument_proxy({name})]` on that method"),
                    ));
                }
                "future" => options.future = Some(flag(input, &key)?),
                "stream" => options.stream = Some(flag(input, &key)?),
                "skip" => options.skip = Some(flag(input, &key)?),
                "inner" | "crate" if level == Level::Method => {
                    errors.push(syn::Error::new(
                        key.span(),
                        format!("`{name}` applies to the whole impl; move it to the `#[instrument_proxy]` on the impl block"),
                    ));
                    skip_value(input)?;
                }
                "inner" => {
                    input.parse::<Token![=]>()?;
                    options.inner = Some(input.parse()?);
                }
                "crate" => {
                    input.parse::<Token![=]>()?;
                    options.krate = Some(crate_path(input)?);
                }
                _ => {
                    let expected = match level {
                        Level::Impl => IMPL_OPTIONS,
                        Level::Method => METHOD_OPTIONS,
                    };
                    errors.push(syn::Error::new(
                        key.span(),
                        format!("unknown option `{name}`; expected one of: {expected}"),
                    ));
                    skip_value(input)?;
                }
            }
            options.keys.push(key);
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(options)
    }

    /// The method's options over the impl's defaults; `fields` are merged,
    /// the method's value winning for a key given twice.
    pub(crate) fn merged_over(&self, defaults: &Options) -> Options {
        let mut fields = defaults.fields.clone();
        for field in &self.fields {
            fields.retain(|f| f.key != field.key);
            fields.push(field.clone());
        }
        Options {
            name: self.name.clone().or_else(|| defaults.name.clone()),
            kind: self.kind.clone().or_else(|| defaults.kind.clone()),
            level: self.level.clone().or_else(|| defaults.level.clone()),
            fields,
            record_ok: self
                .record_ok
                .clone()
                .or_else(|| defaults.record_ok.clone()),
            record_err: self
                .record_err
                .clone()
                .or_else(|| defaults.record_err.clone()),
            err: self.err.clone().or_else(|| defaults.err.clone()),
            target: self.target.clone().or_else(|| defaults.target.clone()),
            metric: self.metric.clone().or_else(|| defaults.metric.clone()),
            bounded: defaults
                .bounded
                .iter()
                .chain(&self.bounded)
                .cloned()
                .collect(),
            future: self.future.clone(),
            stream: self.stream.clone(),
            skip: self.skip.clone().or_else(|| defaults.skip.clone()),
            inner: defaults.inner.clone(),
            krate: defaults.krate.clone(),
            keys: self.keys.clone(),
        }
    }
}

/// `err = bool` or `err(debug, level = warn)`.
fn parse_err(input: ParseStream, errors: &mut Vec<syn::Error>) -> syn::Result<ErrOption> {
    let mut err = ErrOption {
        mark: true,
        debug: None,
        event: None,
    };
    if input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in input);
        while !content.is_empty() {
            let key = content.call(Ident::parse_any)?;
            match key.to_string().as_str() {
                "debug" => err.debug = Some(flag(&content, &key)?),
                "level" => err.event = Some(parse_choice(&content, "level", LEVELS, errors)?),
                other => {
                    errors.push(syn::Error::new(
                        key.span(),
                        format!("unknown `err` option `{other}`; expected `debug` (describe errors with `Debug`) or `level = warn` (an event on `Err`)"),
                    ));
                    skip_value(&content)?;
                }
            }
            if content.is_empty() {
                break;
            }
            content.parse::<Token![,]>()?;
        }
        return Ok(err);
    }
    if !input.peek(Token![=]) {
        return Err(syn::Error::new(
            input.span(),
            "write `err = false` to leave `Err` results unmarked, or `err(level = warn)` / `err(debug)`",
        ));
    }
    input.parse::<Token![=]>()?;
    if input.peek(LitBool) {
        err.mark = input.parse::<LitBool>()?.value;
    } else {
        let value: Expr = input.parse()?;
        errors.push(syn::Error::new(
            value.span(),
            "`err` takes `true` or `false`; write `err = false` to leave `Err` results unmarked",
        ));
    }
    Ok(err)
}

fn flag(input: ParseStream, key: &Ident) -> syn::Result<Ident> {
    if input.peek(Token![=]) {
        return Err(syn::Error::new(
            input.span(),
            format!("`{key}` takes no value; write just `{key}`"),
        ));
    }
    Ok(key.clone())
}

fn parse_choice(
    input: ParseStream,
    what: &str,
    choices: &[&'static str],
    errors: &mut Vec<syn::Error>,
) -> syn::Result<Choice> {
    input.parse::<Token![=]>()?;
    let value: Expr = input.parse()?;
    let written = match &value {
        Expr::Path(path) => path.path.get_ident().map(Ident::to_string),
        _ => None,
    };
    match choices.iter().find(|c| Some(**c) == written.as_deref()) {
        Some(choice) => Ok(Choice {
            value: choice,
            span: value.span(),
        }),
        None => {
            let written = quote::ToTokens::to_token_stream(&value).to_string();
            errors.push(syn::Error::new(
                value.span(),
                format!(
                    "unknown {what} `{written}`; expected one of: {}",
                    choices.join(", ")
                ),
            ));
            Ok(Choice {
                value: choices[0],
                span: value.span(),
            })
        }
    }
}

/// Skips `= value` or `(...)` after an option that was rejected, so that the
/// options after it are still read.
fn skip_value(input: ParseStream) -> syn::Result<()> {
    if input.parse::<Option<Token![=]>>()?.is_some() {
        input.parse::<Expr>()?;
    } else if input.peek(syn::token::Paren) {
        let _content;
        syn::parenthesized!(_content in input);
    }
    Ok(())
}

/// A field's key as written: `db.system.name`, `r#type`, or `"any text"`.
pub(crate) struct Key {
    pub text: String,
    pub span: Span,
    /// The key's tokens, so that an error covers all of `db.system.name`.
    pub tokens: proc_macro2::TokenStream,
}

impl Parse for Key {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut tokens = proc_macro2::TokenStream::new();
        if input.peek(LitStr) {
            let lit: LitStr = input.parse()?;
            lit.to_tokens(&mut tokens);
            return Ok(Key {
                text: lit.value(),
                span: lit.span(),
                tokens,
            });
        }
        let first = input.call(Ident::parse_any)?;
        first.to_tokens(&mut tokens);
        let mut text = first.unraw().to_string();
        let mut span = first.span();
        while input.peek(Token![.]) {
            input.parse::<Token![.]>()?.to_tokens(&mut tokens);
            let part = input.call(Ident::parse_any)?;
            part.to_tokens(&mut tokens);
            text.push('.');
            text.push_str(&part.unraw().to_string());
            span = span.join(part.span()).unwrap_or(span);
        }
        Ok(Key { text, span, tokens })
    }
}

impl Parse for Field {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let Key {
            text: key,
            span: key_span,
            tokens: key_tokens,
        } = input.parse()?;
        if !input.peek(Token![=]) {
            return Err(syn::Error::new_spanned(
                &key_tokens,
                format!("`{key}` needs a value: write `{key} = expr`, or `{key} = instrument_proxy::Empty` to declare a key that `record_ok` / `record_err` fills"),
            ));
        }
        input.parse::<Token![=]>()?;
        let sigil = if input.peek(Token![%]) || input.peek(Token![?]) {
            Some(input.parse()?)
        } else {
            None
        };
        let value = input.parse()?;
        Ok(Field {
            key,
            key_span,
            key_tokens,
            sigil,
            value,
        })
    }
}

/// Whether an attribute is `#[inject]`.
pub(crate) fn is_inject(attr: &syn::Attribute) -> bool {
    attr.path().is_ident("inject")
}

/// Whether an attribute is a method-level `#[instrument_proxy(...)]`.
pub(crate) fn is_instrument_proxy(attr: &syn::Attribute) -> bool {
    attr.path().is_ident("instrument_proxy")
        || attr
            .path()
            .segments
            .last()
            .is_some_and(|s| s.ident == "instrument_proxy")
}

/// A level as the runtime names it (`INFO`), spanned at the option; `INFO`
/// when none is given.
pub(crate) fn level_ident(level: Option<&Choice>) -> syn::Ident {
    match level {
        Some(level) => syn::Ident::new(&level.value.to_uppercase(), level.span),
        None => syn::Ident::new("INFO", proc_macro2::Span::call_site()),
    }
}

/// `crate = path`: where the runtime is, for crates that re-export it. The
/// one grammar of the option, for the attribute and both derives.
pub(crate) fn crate_path(input: ParseStream) -> syn::Result<Path> {
    input.call(Path::parse_mod_style)
}

/// The fields of the struct a derive is on; an enum, a union or a unit
/// struct is an error at its token, saying what the derive goes on.
pub(crate) fn struct_fields<'a>(
    input: &'a syn::DeriveInput,
    derive: &str,
    goes_on: &str,
    unit: &str,
) -> syn::Result<&'a syn::Fields> {
    let (span, what) = match &input.data {
        syn::Data::Struct(data) if !matches!(data.fields, syn::Fields::Unit) => {
            return Ok(&data.fields)
        }
        syn::Data::Struct(_) => return Err(syn::Error::new(input.ident.span(), unit)),
        syn::Data::Enum(data) => (data.enum_token.span, "an enum"),
        syn::Data::Union(data) => (data.union_token.span, "a union"),
    };
    Err(syn::Error::new(
        span,
        format!("#[derive({derive})] goes on {goes_on}, not on {what}"),
    ))
}
