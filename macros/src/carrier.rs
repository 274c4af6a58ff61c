//! `#[derive(ContextCarrier)]`: a message type whose field holds propagation
//! headers can be `#[inject]`ed and extracted, so trace context crosses
//! channels and queues.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::spanned::Spanned;
use syn::{DeriveInput, Member, Path};

pub(crate) fn context_carrier(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    // Every problem is reported at once.
    let mut errors = Vec::new();
    let expanded = expand(&input, &mut errors);
    let mut tokens: TokenStream = errors.iter().map(syn::Error::to_compile_error).collect();
    tokens.extend(expanded);
    tokens
}

fn expand(input: &DeriveInput, errors: &mut Vec<syn::Error>) -> TokenStream {
    let mut krate: Option<Path> = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("carrier")) {
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                krate = Some(crate::attr::crate_path(meta.value()?)?);
                Ok(())
            } else {
                Err(meta.error("unknown option; the struct option is `crate = path`"))
            }
        });
        if let Err(error) = parsed {
            errors.push(error);
        }
    }
    let krate = krate.map_or_else(|| quote!(::instrument_proxy), |p| p.to_token_stream());
    let fields = match crate::attr::struct_fields(
        input,
        "ContextCarrier",
        "a struct with a `#[carrier]` field",
        "a unit struct has nowhere to put trace context; add a field such as `headers: HashMap<String, String>` and mark it `#[carrier]`",
    ) {
        Ok(fields) => fields,
        Err(error) => {
            errors.push(error);
            return TokenStream::new();
        }
    };
    let mut marked = Vec::new();
    for (index, field) in fields.iter().enumerate() {
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("carrier")) {
            if !matches!(attr.meta, syn::Meta::Path(_)) {
                errors.push(syn::Error::new(
                    attr.meta.span(),
                    "a field is marked with a bare `#[carrier]`",
                ));
            }
            if !marked.is_empty() {
                errors.push(syn::Error::new(
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
    let Some(member) = marked.into_iter().next() else {
        errors.push(syn::Error::new(
            input.ident.span(),
            "mark the field that holds the propagation headers with `#[carrier]`",
        ));
        return TokenStream::new();
    };
    let ident = &input.ident;
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        impl #impl_generics #krate::Inject for #ident #type_generics #where_clause {
            #krate::__private::carrier_inject!(#member);
        }

        impl #impl_generics #krate::Extract for #ident #type_generics #where_clause {
            #krate::__private::carrier_extract!(#member);
        }
    }
}
