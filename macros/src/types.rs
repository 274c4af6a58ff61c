//! Facts read off types and signatures, for the model and the expansion:
//! what a method returns and how far its span extends, which types a `let`
//! can name, which values a closure copies. A leaf: it knows syn, not the
//! model.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{GenericArgument, PathArguments, ReturnType, Signature, Token, Type, TypeParamBound};

/// What the method returns, as far as the span's extent is concerned.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Output {
    /// A plain value: the span covers the call.
    Value,
    /// `async fn`.
    Async,
    /// `impl Future<...>`: wrapped in a future that carries the span.
    ImplFuture,
    /// `Pin<Box<dyn Future>>`, `BoxFuture`, or an alias marked `future`.
    BoxedFuture,
    /// `impl Stream<...>`.
    ImplStream,
    /// `Pin<Box<dyn Stream>>`, `BoxStream`, or an alias marked `stream`.
    BoxedStream,
}

/// Whether the method returns `()`, written out (`-> ()`) or not: a plain
/// value or an `async fn` with no result to look at.
pub(crate) fn returns_unit(sig: &Signature, output: Output) -> bool {
    matches!(output, Output::Value | Output::Async)
        && match &sig.output {
            ReturnType::Default => true,
            ReturnType::Type(_, ty) => {
                matches!(&**ty, Type::Tuple(tuple) if tuple.elems.is_empty())
            }
        }
}

/// The method's return type with each `impl Trait` left to inference (`_`),
/// which a `let` accepts; `None` for `()` and for a type that is nothing
/// but `impl Trait`.
pub(crate) fn nameable(ty: &Type) -> Option<Type> {
    let ty = infer_impl_trait(ty);
    (!matches!(ty, Type::Infer(_))).then_some(ty)
}

fn infer_impl_trait(ty: &Type) -> Type {
    let mut ty = ty.clone();
    replace_impl_trait(&mut ty);
    ty
}

/// Replaces each `impl Trait` of `ty` with `_`; true when `ty` then holds a
/// `_` somewhere.
pub(crate) fn replace_impl_trait(ty: &mut Type) -> bool {
    match ty {
        Type::ImplTrait(impl_trait) => {
            *ty = syn::parse_quote_spanned!(impl_trait.impl_token.span=> _);
            true
        }
        Type::Infer(_) => true,
        Type::Path(path) => {
            let mut inferred = false;
            if let Some(qself) = &mut path.qself {
                inferred |= replace_impl_trait(&mut qself.ty);
            }
            for segment in &mut path.path.segments {
                if let syn::PathArguments::AngleBracketed(args) = &mut segment.arguments {
                    for arg in &mut args.args {
                        if let syn::GenericArgument::Type(ty) = arg {
                            inferred |= replace_impl_trait(ty);
                        }
                    }
                }
            }
            inferred
        }
        Type::Tuple(tuple) => tuple
            .elems
            .iter_mut()
            .fold(false, |inferred, ty| replace_impl_trait(ty) | inferred),
        Type::Reference(syn::TypeReference { elem, .. })
        | Type::Array(syn::TypeArray { elem, .. })
        | Type::Slice(syn::TypeSlice { elem, .. })
        | Type::Paren(syn::TypeParen { elem, .. })
        | Type::Group(syn::TypeGroup { elem, .. })
        | Type::Ptr(syn::TypePtr { elem, .. }) => replace_impl_trait(elem),
        _ => false,
    }
}

/// The return type, as a `let` or a closure can write it; `None` for `()`
/// and for a type that is nothing but `impl Trait`.
pub(crate) fn nameable_return_type(sig: &Signature) -> Option<Type> {
    match &sig.output {
        ReturnType::Type(_, ty) => nameable(ty),
        ReturnType::Default => None,
    }
}

/// The type of the call's result, as the signature says: the return type,
/// or the `Output` of an `impl Future` (with `impl Trait` parts left to
/// inference). `None` when the signature cannot name it (a future alias).
pub(crate) fn result_type(sig: &Signature, output: Output) -> Option<Type> {
    let ReturnType::Type(_, ty) = &sig.output else {
        return None;
    };
    match output {
        Output::Value | Output::Async => nameable(ty),
        Output::ImplFuture => {
            let Type::ImplTrait(impl_trait) = &**ty else {
                return None;
            };
            impl_trait.bounds.iter().find_map(|bound| {
                let TypeParamBound::Trait(bound) = bound else {
                    return None;
                };
                let last = bound.path.segments.last()?;
                let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                    return None;
                };
                args.args.iter().find_map(|arg| match arg {
                    syn::GenericArgument::AssocType(assoc) if assoc.ident == "Output" => {
                        nameable(&assoc.ty)
                    }
                    _ => None,
                })
            })
        }
        Output::BoxedFuture | Output::ImplStream | Output::BoxedStream => None,
    }
}

/// How far the span extends, from the signature and the `future` / `stream`
/// markers in force.
pub(crate) fn output_kind(sig: &Signature, future: bool, stream: bool) -> Output {
    if sig.asyncness.is_some() {
        return Output::Async;
    }
    let ReturnType::Type(_, ty) = &sig.output else {
        return Output::Value;
    };
    if let Type::ImplTrait(impl_trait) = &**ty {
        let names = impl_trait.bounds.iter().filter_map(|bound| match bound {
            TypeParamBound::Trait(t) => t.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        });
        for name in names {
            match name.as_str() {
                "Future" => return Output::ImplFuture,
                "Stream" => return Output::ImplStream,
                _ => {}
            }
        }
    }
    if stream {
        return if matches!(**ty, Type::ImplTrait(_)) {
            Output::ImplStream
        } else {
            Output::BoxedStream
        };
    }
    if future {
        return if matches!(**ty, Type::ImplTrait(_)) {
            Output::ImplFuture
        } else {
            Output::BoxedFuture
        };
    }
    match boxed_kind(ty) {
        Some("Future") => Output::BoxedFuture,
        Some("Stream") => Output::BoxedStream,
        _ => Output::Value,
    }
}

/// `Future` for `Pin<Box<dyn Future..>>`, `BoxFuture<..>`, `LocalBoxFuture<..>`;
/// `Stream` likewise.
fn boxed_kind(ty: &Type) -> Option<&'static str> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    match last.ident.to_string().as_str() {
        "BoxFuture" | "LocalBoxFuture" => return Some("Future"),
        "BoxStream" | "LocalBoxStream" => return Some("Stream"),
        "Pin" => {}
        _ => return None,
    }
    let boxed = first_type_argument(&last.arguments)?;
    let Type::Path(boxed) = boxed else {
        return None;
    };
    let boxed = boxed.path.segments.last()?;
    if boxed.ident != "Box" {
        return None;
    }
    let Type::TraitObject(object) = first_type_argument(&boxed.arguments)? else {
        return None;
    };
    object.bounds.iter().find_map(|bound| match bound {
        TypeParamBound::Trait(t) => match t.path.segments.last()?.ident.to_string().as_str() {
            "Future" => Some("Future"),
            "Stream" => Some("Stream"),
            _ => None,
        },
        _ => None,
    })
}

pub(crate) fn first_type_argument(arguments: &PathArguments) -> Option<&Type> {
    let PathArguments::AngleBracketed(args) = arguments else {
        return None;
    };
    args.args.iter().find_map(|arg| match arg {
        GenericArgument::Type(ty) => Some(ty),
        _ => None,
    })
}

pub(crate) fn is_self(ty: &Type) -> bool {
    matches!(ty, Type::Path(path) if path.qself.is_none() && path.path.is_ident("Self"))
}

/// A type whose values are copied where a closure captures them: a shared
/// reference or a primitive.
pub(crate) fn is_copied(ty: &Type) -> bool {
    const PRIMITIVES: &[&str] = &[
        "bool", "char", "f32", "f64", "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16",
        "u32", "u64", "u128", "usize",
    ];
    match ty {
        Type::Reference(reference) => reference.mutability.is_none(),
        Type::Paren(inner) => is_copied(&inner.elem),
        Type::Group(inner) => is_copied(&inner.elem),
        Type::Path(path) => {
            path.qself.is_none()
                && path
                    .path
                    .get_ident()
                    .is_some_and(|ident| PRIMITIVES.iter().any(|p| ident == p))
        }
        _ => false,
    }
}

/// How `self` is taken, which decides how a call is forwarded.
#[derive(Clone)]
pub(crate) enum Receiver {
    None,
    Ref(Token![self]),
    RefMut(Token![self]),
    Value(Token![self]),
    /// `self: Box<Self>`, `self: Pin<&mut Self>`, ...: usable in a body, not
    /// forwardable.
    Other(Token![self], Span),
}

pub(crate) fn receiver_kind(receiver: &syn::Receiver) -> Receiver {
    let token = receiver.self_token;
    match &receiver.kind {
        syn::ReceiverKind::Value => Receiver::Value(token),
        syn::ReceiverKind::Reference(_, _, None) => Receiver::Ref(token),
        syn::ReceiverKind::Reference(_, _, Some(_)) => Receiver::RefMut(token),
        syn::ReceiverKind::Typed(_, ty) => match &**ty {
            Type::Reference(reference) if is_self(&reference.elem) => {
                if reference.mutability.is_some() {
                    Receiver::RefMut(token)
                } else {
                    Receiver::Ref(token)
                }
            }
            ty if is_self(ty) => Receiver::Value(token),
            ty => Receiver::Other(token, ty.span()),
        },
        _ => Receiver::Other(token, token.span),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::Options;

    fn output(signature: &str, options: &Options) -> Output {
        let sig: Signature = syn::parse_str(signature).unwrap();
        output_kind(&sig, options.future.is_some(), options.stream.is_some())
    }

    #[test]
    fn unit_is_unit_written_out_or_not() {
        let unit = |s: &str| {
            let sig: Signature = syn::parse_str(s).unwrap();
            let output = output_kind(&sig, false, false);
            returns_unit(&sig, output)
        };
        assert!(unit("fn f(&self)"));
        assert!(unit("fn f(&self) -> ()"));
        assert!(unit("async fn f(&self) -> ()"));
        assert!(!unit("fn f(&self) -> ((),)"));
        assert!(!unit("fn f(&self) -> u8"));
        assert!(!unit("fn f(&self) -> impl Future<Output = ()>"));
    }

    #[test]
    fn return_shapes_are_recognised() {
        let none = Options::default();
        assert_eq!(output("fn f(&self) -> u8", &none), Output::Value);
        assert_eq!(output("async fn f(&self) -> u8", &none), Output::Async);
        assert_eq!(
            output("fn f(&self) -> impl Future<Output = u8> + Send", &none),
            Output::ImplFuture
        );
        assert_eq!(
            output(
                "fn f(&self) -> impl std::future::Future<Output = u8>",
                &none
            ),
            Output::ImplFuture
        );
        assert_eq!(
            output(
                "fn f(&self) -> Pin<Box<dyn Future<Output = u8> + Send + '_>>",
                &none
            ),
            Output::BoxedFuture
        );
        assert_eq!(
            output("fn f(&self) -> BoxFuture<'_, u8>", &none),
            Output::BoxedFuture
        );
        assert_eq!(
            output("fn f(&self) -> impl Stream<Item = u8>", &none),
            Output::ImplStream
        );
        assert_eq!(
            output("fn f(&self) -> BoxStream<'_, u8>", &none),
            Output::BoxedStream
        );
        assert_eq!(
            output("fn f(&self) -> RedisFuture<'_, u8>", &none),
            Output::Value
        );
        let future = Options {
            future: Some(syn::parse_str("future").unwrap()),
            ..Options::default()
        };
        assert_eq!(
            output("fn f(&self) -> RedisFuture<'_, u8>", &future),
            Output::BoxedFuture
        );
    }
}
