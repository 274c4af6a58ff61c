//! `#[derive(InstrumentProxy)]`: the `Proxy` trait, constructors and accessors
//! of a wrapper struct around a client.

use proc_macro2::{Span, TokenStream};
use quote::{quote, ToTokens};
use syn::spanned::Spanned;
use syn::{DeriveInput, Member, Path, Type};

/// The wrapper as the derive sees it.
struct Wrapper {
    input: DeriveInput,
    /// The field holding the client.
    inner: Member,
    inner_ty: Type,
    /// The other fields, filled with `Default::default()` by `new`.
    others: Vec<Member>,
    options: WrapperOptions,
}

#[derive(Default)]
struct WrapperOptions {
    deref: Option<Span>,
    attributes: Option<Path>,
    krate: Option<Path>,
}

pub(crate) fn instrument_proxy(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let mut errors = Vec::new();
    let options = wrapper_options(&input.attrs, &mut errors);
    let krate = options
        .krate
        .as_ref()
        .map_or_else(|| quote!(::instrument_proxy), ToTokens::to_token_stream);
    // Next to its errors, the derive still implements what the attribute
    // relies on, so that one mistake gives one error and not one more at
    // every forwarded method (as thiserror does).
    let expanded = match Wrapper::from_input(input.clone(), options, &mut errors) {
        Ok(wrapper) => expand(&wrapper, &krate),
        Err(error) => {
            errors.insert(0, error);
            fallback(&input, &krate)
        }
    };
    let mut tokens = to_compile_errors(errors);
    tokens.extend(expanded);
    tokens
}

/// What a wrapper that cannot be read still provides: a `Proxy` whose inner
/// client is itself, so that the impl using it type-checks.
fn fallback(input: &DeriveInput, krate: &TokenStream) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        impl #impl_generics #krate::Proxy for #ident #type_generics #where_clause {
            type Inner = Self;
            fn from_inner(inner: Self) -> Self {
                inner
            }
            fn inner(&self) -> &Self {
                self
            }
            fn inner_mut(&mut self) -> &mut Self {
                self
            }
            fn into_inner(self) -> Self {
                self
            }
        }
    }
}

fn to_compile_errors(errors: Vec<syn::Error>) -> TokenStream {
    errors.into_iter().map(|e| e.to_compile_error()).collect()
}

impl Wrapper {
    fn from_input(
        input: DeriveInput,
        options: WrapperOptions,
        errors: &mut Vec<syn::Error>,
    ) -> syn::Result<Wrapper> {
        let fields = crate::attr::struct_fields(
            &input,
            "InstrumentProxy",
            "a struct that wraps a client (`struct Traced(Client);`)",
            "a unit struct has no client to wrap; write `struct Traced(Client);`",
        )?;
        let mut marked = Vec::new();
        for field in fields {
            for attr in field.attrs.iter().filter(|a| a.path().is_ident("proxy")) {
                let parsed = attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("inner") {
                        if !marked.is_empty() {
                            errors.push(meta.error(
                                "only one field can be `#[proxy(inner)]`: calls go to one client",
                            ));
                        }
                        marked.push(field);
                        Ok(())
                    } else {
                        Err(meta
                            .error("unknown field option; the field option is `#[proxy(inner)]`"))
                    }
                });
                if let Err(error) = parsed {
                    errors.push(error);
                }
            }
        }
        let inner_field = match (marked.first(), fields.len()) {
            (Some(field), _) => *field,
            (None, 1) => fields.iter().next().expect("one field"),
            (None, _) => {
                errors.push(syn::Error::new(
                    input.ident.span(),
                    "this struct has several fields; mark the one holding the client with `#[proxy(inner)]`",
                ));
                // The first field stands in, so that nothing else fails.
                fields.iter().next().expect("several fields")
            }
        };
        let member = |index: usize, field: &syn::Field| match &field.ident {
            Some(ident) => Member::Named(ident.clone()),
            None => Member::Unnamed(index.into()),
        };
        let mut inner = None;
        let mut others = Vec::new();
        for (index, field) in fields.iter().enumerate() {
            if std::ptr::eq::<syn::Field>(field, inner_field) {
                inner = Some(member(index, field));
            } else {
                others.push(member(index, field));
            }
        }
        Ok(Wrapper {
            inner: inner.expect("the inner field is one of the fields"),
            inner_ty: inner_field.ty.clone(),
            others,
            options,
            input,
        })
    }
}

fn wrapper_options(attrs: &[syn::Attribute], errors: &mut Vec<syn::Error>) -> WrapperOptions {
    let mut options = WrapperOptions::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("proxy")) {
        let parsed = attr.parse_nested_meta(|meta| {
            let duplicate = |set: bool| {
                if set {
                    Err(meta.error("duplicate option; give each option once"))
                } else {
                    Ok(())
                }
            };
            if meta.path.is_ident("deref") {
                duplicate(options.deref.is_some())?;
                options.deref = Some(meta.path.span());
            } else if meta.path.is_ident("attributes") {
                duplicate(options.attributes.is_some())?;
                options.attributes = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("crate") {
                duplicate(options.krate.is_some())?;
                options.krate = Some(crate::attr::crate_path(meta.value()?)?);
            } else if meta.path.is_ident("inner") {
                return Err(meta.error(
                    "`inner` marks a field: write `#[proxy(inner)]` on the field holding the client",
                ));
            } else {
                return Err(meta.error(
                    "unknown option; the struct options are `deref`, `attributes = path` and `crate = path`",
                ));
            }
            Ok(())
        });
        if let Err(error) = parsed {
            errors.push(error);
        }
    }
    options
}

fn expand(wrapper: &Wrapper, krate: &TokenStream) -> TokenStream {
    let input = &wrapper.input;
    let ident = &input.ident;
    let vis = &input.vis;
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
    let inner = &wrapper.inner;
    let inner_ty = &wrapper.inner_ty;
    let others = &wrapper.others;
    let attributes = wrapper.options.attributes.as_ref().map(|path| {
        quote! {
            fn client_attributes(&self) -> #krate::ClientAttributes<'_> {
                #path(self)
            }
        }
    });
    let deref = wrapper.options.deref.map(|_| {
        quote! {
            /// Untraced access to the client (`#[proxy(deref)]`): calls made
            /// through it open no span.
            impl #impl_generics ::core::ops::Deref for #ident #type_generics #where_clause {
                type Target = #inner_ty;
                fn deref(&self) -> &#inner_ty {
                    &self.#inner
                }
            }

            impl #impl_generics ::core::ops::DerefMut for #ident #type_generics #where_clause {
                fn deref_mut(&mut self) -> &mut #inner_ty {
                    &mut self.#inner
                }
            }
        }
    });
    let construct = quote! {
        Self {
            #inner: inner,
            #(#others: ::core::default::Default::default(),)*
        }
    };
    quote! {
        #[allow(dead_code)]
        impl #impl_generics #ident #type_generics #where_clause {
            /// Wraps a client; its calls through this wrapper are traced.
            #[inline]
            #[must_use]
            #vis fn new(inner: #inner_ty) -> Self {
                #construct
            }

            /// The wrapped client. Calls made on it directly open no span.
            #[inline]
            #[must_use]
            #vis fn inner(&self) -> &#inner_ty {
                &self.#inner
            }

            /// The wrapped client, mutably. Calls made on it directly open no span.
            #[inline]
            #[must_use]
            #vis fn inner_mut(&mut self) -> &mut #inner_ty {
                &mut self.#inner
            }

            /// Unwraps the client.
            #[inline]
            #[must_use]
            #vis fn into_inner(self) -> #inner_ty {
                self.#inner
            }
        }

        impl #impl_generics ::core::convert::From<#inner_ty> for #ident #type_generics #where_clause {
            #[inline]
            fn from(inner: #inner_ty) -> Self {
                #construct
            }
        }

        impl #impl_generics #krate::Proxy for #ident #type_generics #where_clause {
            type Inner = #inner_ty;

            #[inline]
            fn from_inner(inner: #inner_ty) -> Self {
                #construct
            }

            #[inline]
            fn inner(&self) -> &#inner_ty {
                &self.#inner
            }

            #[inline]
            fn inner_mut(&mut self) -> &mut #inner_ty {
                &mut self.#inner
            }

            #[inline]
            fn into_inner(self) -> #inner_ty {
                self.#inner
            }

            #attributes
        }

        #deref
    }
}
