//! `async fn` → `fn ... -> impl Future`.
//!
//! An instrumented `async fn` that kept its `async` would hold the span's
//! future inside its own state machine, which stores the arguments a second
//! time (rust-lang/rust#62958) and so grows the future by far more than the
//! span handle. Returning the instrumented future directly keeps the growth to
//! the span handle alone.
//!
//! In an inherent impl of an edition-2021 crate, `impl Trait` in return
//! position does not capture lifetimes it does not name, so every lifetime of
//! the signature (elided ones get a name here) is listed in a `Captures` bound.
//! Trait impls need none of this: a return-position `impl Trait` of a trait
//! method captures everything in scope.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{
    FnArg, GenericArgument, GenericParam, Generics, Lifetime, LifetimeParam, PathArguments,
    ReturnType, Signature, Type, TypeParamBound,
};

pub(crate) fn async_to_impl_future(
    sig: &Signature,
    impl_generics: &Generics,
    in_trait_impl: bool,
    krate: &TokenStream,
) -> Signature {
    let mut sig = sig.clone();
    sig.asyncness = None;
    let captures = if in_trait_impl {
        None
    } else {
        let mut namer = Namer::default();
        for input in &mut sig.inputs {
            match input {
                FnArg::Receiver(receiver) => {
                    if let syn::ReceiverKind::Reference(_, lifetime, _) = &mut receiver.kind {
                        let lifetime =
                            lifetime.get_or_insert_with(|| Lifetime::new("'_", Span::call_site()));
                        namer.lifetime(lifetime);
                    }
                    if let syn::ReceiverKind::Typed(_, ty) = &mut receiver.kind {
                        namer.visit(ty);
                    }
                }
                FnArg::Typed(typed) => namer.visit(&mut typed.ty),
            }
        }
        // The output's elided lifetimes are the ones elision would pick: the
        // receiver's, else the only input lifetime. Naming them keeps
        // `mismatched_lifetime_syntaxes` quiet on the user's signature.
        let receiver_lifetime = sig.inputs.first().and_then(|input| match input {
            FnArg::Receiver(receiver) => match &receiver.kind {
                syn::ReceiverKind::Reference(_, lifetime, _) => lifetime.clone(),
                _ => None,
            },
            FnArg::Typed(_) => None,
        });
        let target = receiver_lifetime.or_else(|| match namer.seen.as_slice() {
            [only] => Some(only.clone()),
            _ => None,
        });
        if let (Some(target), ReturnType::Type(_, ty)) = (target, &mut sig.output) {
            let mut elided = Namer {
                target: Some(target),
                ..Namer::default()
            };
            elided.visit(ty);
        }
        for (index, lifetime) in namer.named.iter().enumerate() {
            let param = GenericParam::Lifetime(LifetimeParam::new(lifetime.clone()));
            sig.generics.params.insert(index, param);
        }
        let lifetimes = impl_generics
            .lifetimes()
            .chain(sig.generics.lifetimes())
            .map(|param| param.lifetime.clone())
            .collect::<Vec<_>>();
        Some(quote!(+ #krate::__private::Captures<(#(&#lifetimes (),)*)>))
    };
    // Spanned at the user's return type (or name, for `()`): a body whose
    // type does not fit is reported there, not at the attribute.
    let (output, span) = match &sig.output {
        ReturnType::Type(_, ty) => (quote!(#ty), syn::spanned::Spanned::span(&**ty)),
        ReturnType::Default => (quote!(()), sig.ident.span()),
    };
    sig.output = syn::parse_quote_spanned!(span=> -> impl ::core::future::Future<Output = #output> #captures);
    sig
}

/// `impl Session<'_>`: the elided lifetimes of an inherent impl's type get
/// names, so that its `async fn`s' `Captures` bound can list them (a future
/// that holds `self` holds them).
pub(crate) fn name_impl_lifetimes(item: &mut syn::ItemImpl) {
    if item.trait_.is_some() {
        return;
    }
    let mut namer = Namer {
        prefix: "'__instrument_proxy_impl",
        ..Namer::default()
    };
    namer.visit(&mut item.self_ty);
    for (index, lifetime) in namer.named.into_iter().enumerate() {
        let param = GenericParam::Lifetime(LifetimeParam::new(lifetime));
        item.generics.params.insert(index, param);
    }
}

/// Gives every elided lifetime of the argument types a name.
/// With a `target`, every elided lifetime becomes the target instead.
#[derive(Default)]
struct Namer {
    /// The names' prefix; empty for the methods' own.
    prefix: &'static str,
    /// The lifetimes created here.
    named: Vec<Lifetime>,
    /// Every distinct lifetime of the inputs, named or created.
    seen: Vec<Lifetime>,
    target: Option<Lifetime>,
}

impl Namer {
    fn fresh(&mut self) -> Lifetime {
        if let Some(target) = &self.target {
            return target.clone();
        }
        let prefix = if self.prefix.is_empty() {
            "'__instrument_proxy_life"
        } else {
            self.prefix
        };
        let lifetime = Lifetime::new(&format!("{prefix}{}", self.named.len()), Span::mixed_site());
        self.named.push(lifetime.clone());
        lifetime
    }

    fn lifetime(&mut self, lifetime: &mut Lifetime) {
        if lifetime.ident == "_" {
            *lifetime = self.fresh();
        }
        if lifetime.ident != "static" && !self.seen.contains(lifetime) {
            self.seen.push(lifetime.clone());
        }
    }

    fn visit(&mut self, ty: &mut Type) {
        match ty {
            Type::Reference(reference) => {
                let lifetime = reference
                    .lifetime
                    .get_or_insert_with(|| Lifetime::new("'_", Span::call_site()));
                self.lifetime(lifetime);
                self.visit(&mut reference.elem);
            }
            Type::Path(path) => {
                if let Some(qself) = &mut path.qself {
                    self.visit(&mut qself.ty);
                }
                for segment in &mut path.path.segments {
                    if let PathArguments::AngleBracketed(args) = &mut segment.arguments {
                        for arg in &mut args.args {
                            match arg {
                                GenericArgument::Lifetime(lifetime) => self.lifetime(lifetime),
                                GenericArgument::Type(ty) => self.visit(ty),
                                _ => {}
                            }
                        }
                    }
                }
            }
            Type::Tuple(tuple) => tuple.elems.iter_mut().for_each(|ty| self.visit(ty)),
            Type::Array(array) => self.visit(&mut array.elem),
            Type::Slice(slice) => self.visit(&mut slice.elem),
            Type::Paren(paren) => self.visit(&mut paren.elem),
            Type::Group(group) => self.visit(&mut group.elem),
            Type::Ptr(ptr) => self.visit(&mut ptr.elem),
            Type::ImplTrait(bounded) => self.bounds(bounded.bounds.iter_mut()),
            Type::TraitObject(bounded) => self.bounds(bounded.bounds.iter_mut()),
            // A `fn(&T)` type has its own binder: its elided lifetimes are not
            // the method's.
            _ => {}
        }
    }

    fn bounds<'a>(&mut self, bounds: impl Iterator<Item = &'a mut TypeParamBound>) {
        for bound in bounds {
            if let TypeParamBound::Lifetime(lifetime) = bound {
                self.lifetime(lifetime);
            }
        }
    }
}
