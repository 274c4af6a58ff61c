//! `#[derive(ContextCarrier)]`: a message type whose field holds propagation
//! headers can be `#[inject]`ed and extracted, so trace context crosses
//! channels and queues.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Member, Path};

pub(crate) fn context_carrier(input: TokenStream) -> TokenStream {
    match syn::parse2(input).and_then(|input| expand(&input)) {
        Ok(tokens) => tokens,
        Err(error) => error.to_compile_error(),
    }
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let mut krate: Option<Path> = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("carrier")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                krate = Some(meta.value()?.call(Path::parse_mod_style)?);
                Ok(())
            } else {
                Err(meta.error("unknown option; the struct option is `crate = path`"))
            }
        })?;
    }
    let krate = krate.map_or_else(|| quote!(::instrument_proxy), |p| p.to_token_stream());
    let fields = match &input.data {
        Data::Struct(data) if !matches!(data.fields, Fields::Unit) => &data.fields,
        Data::Struct(_) => {
            return Err(syn::Error::new(
                input.ident.span(),
                "a unit struct has nowhere to put trace context; add a field such as `headers: HashMap<String, String>` and mark it `#[carrier]`",
            ))
        }
        Data::Enum(data) => {
            return Err(syn::Error::new(
                data.enum_token.span,
                "#[derive(ContextCarrier)] goes on a struct with a `#[carrier]` field",
            ))
        }
        Data::Union(data) => {
            return Err(syn::Error::new(
                data.union_token.span,
                "#[derive(ContextCarrier)] goes on a struct with a `#[carrier]` field",
            ))
        }
    };
    let mut marked = Vec::new();
    for (index, field) in fields.iter().enumerate() {
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("carrier")) {
            if !matches!(attr.meta, syn::Meta::Path(_)) {
                return Err(syn::Error::new(
                    attr.meta.span(),
                    "a field is marked with a bare `#[carrier]`",
                ));
            }
            if !marked.is_empty() {
                return Err(syn::Error::new(
                    attr.span(),
                    "only one field can be `#[carrier]`: the context goes into one place",
                ));
            }
            marked.push(match &field.ident {
                Some(ident) => Member::Named(ident.clone()),
                None => Member::Unnamed(index.into()),
            });
        }
    }
    let Some(member) = marked.pop() else {
        return Err(syn::Error::new(
            input.ident.span(),
            "mark the field that holds the propagation headers with `#[carrier]`",
        ));
    };
    let ident = &input.ident;
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
    Ok(quote! {
        impl #impl_generics #krate::Inject for #ident #type_generics #where_clause {
            #krate::__private::carrier_inject!(#member);
        }

        impl #impl_generics #krate::Extract for #ident #type_generics #where_clause {
            #krate::__private::carrier_extract!(#member);
        }
    })
}
