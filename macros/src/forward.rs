//! Forwarding: where a body-less method's call goes, how `self` is passed,
//! how the inner client's result becomes `Self`, and which methods cannot be
//! forwarded at all. Decided once, when the model is built.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, Member, Path, ReturnType, Safety, Signature, Type};

use crate::types::{first_type_argument, Receiver};

/// How a body-less method reaches the inner client.
pub(crate) struct Forward {
    target: ForwardTarget,
    /// `Some` in a trait impl: the call is made through the trait.
    trait_path: Option<Path>,
    receiver: Receiver,
    conversion: Option<SelfConversion>,
}

/// The inner client.
enum ForwardTarget {
    /// The `Proxy` trait of `#[derive(InstrumentProxy)]`.
    Proxy,
    /// The field named by `inner = ...` on the impl.
    Field(Member),
}

/// How a forwarded result becomes `Self`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum SelfConversion {
    /// `-> Self`
    Direct,
    /// `-> Result<Self, E>` / `-> Option<Self>`: `.map(...)`.
    Mapped,
}

/// Whether the forwarded call of an `async fn` is awaited.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Await {
    IfAsync,
    Never,
}

impl Forward {
    /// The forwarding of a body-less method, or why it cannot be forwarded.
    pub(crate) fn new(
        sig: &Signature,
        receiver: &Receiver,
        inner: Option<&Member>,
        trait_path: Option<&Path>,
    ) -> Result<Forward, syn::Error> {
        let conversion = match &sig.output {
            ReturnType::Type(_, ty) => self_conversion(ty),
            ReturnType::Default => None,
        };
        match receiver {
            Receiver::Other(_, span) => {
                return Err(syn::Error::new(
                    *span,
                    "a method taking this receiver cannot be forwarded to the inner client; give it a body",
                ))
            }
            Receiver::None if inner.is_some() => {
                return Err(syn::Error::new(
                    sig.ident.span(),
                    "an associated function without `self` is forwarded through the `Proxy` trait of #[derive(InstrumentProxy)]; derive it instead of naming `inner = ...`, or give the function a body",
                ))
            }
            _ => {}
        }
        if inner.is_some() && conversion.is_some() {
            return Err(syn::Error::new(
                sig.output.span(),
                "a forwarded method returning `Self` converts the inner client's result through the `Proxy` trait of #[derive(InstrumentProxy)]; derive it instead of naming `inner = ...`, or give the method a body",
            ));
        }
        Ok(Forward {
            target: inner.map_or(ForwardTarget::Proxy, |field| {
                ForwardTarget::Field(field.clone())
            }),
            trait_path: trait_path.cloned(),
            receiver: receiver.clone(),
            conversion,
        })
    }

    /// Whether the result is converted into `Self` (an `async fn` then needs
    /// a state machine of its own around the inner future).
    pub(crate) fn converts(&self) -> bool {
        self.conversion.is_some()
    }

    /// The call to the inner client.
    pub(crate) fn call(
        &self,
        krate: &TokenStream,
        sig: &Signature,
        args: &[Ident],
        awaiting: Await,
    ) -> TokenStream {
        let proxy = quote!(#krate::__private::Proxy);
        let name = &sig.ident;
        let call = match (&self.trait_path, &self.receiver) {
            (None, Receiver::None) => quote!(<<Self as #proxy>::Inner>::#name(#(#args),*)),
            (Some(path), Receiver::None) => {
                quote!(<<Self as #proxy>::Inner as #path>::#name(#(#args),*))
            }
            (None, receiver) => {
                let target = self.target(krate, false);
                quote_spanned!(receiver.span()=> #target.#name(#(#args),*))
            }
            (Some(path), _) => {
                let target = self.target(krate, true);
                quote!(<_ as #path>::#name(#target #(, #args)*))
            }
        };
        let call = if sig.asyncness.is_some() && awaiting == Await::IfAsync {
            quote!(#call.await)
        } else {
            call
        };
        // At the return type: a wrapper without the derive is told there
        // too that the result cannot become `Self`.
        let into_self = match &sig.output {
            ReturnType::Type(_, ty) => {
                quote_spanned!(ty.span()=> <Self as #krate::__private::ForwardTo<_>>::forwarded)
            }
            ReturnType::Default => TokenStream::new(),
        };
        let call = match self.conversion {
            Some(SelfConversion::Direct) => quote!(#into_self(#call)),
            Some(SelfConversion::Mapped) => quote!(#call.map(#into_self)),
            None => call,
        };
        match &sig.safety {
            Safety::Unsafe(token) => quote_spanned!(token.span=> unsafe { #call }),
            _ => call,
        }
    }

    /// The inner client: the `Proxy` trait's accessor, or the field named by
    /// `inner = ...`. `as_argument` when it is passed as the receiver argument
    /// of a fully qualified trait call.
    fn target(&self, krate: &TokenStream, as_argument: bool) -> TokenStream {
        let (self_token, accessor, borrow) = match &self.receiver {
            Receiver::Ref(token) => (token, quote!(forward_ref), quote!(&)),
            Receiver::RefMut(token) => (token, quote!(forward_mut), quote!(&mut)),
            Receiver::Value(token) => (token, quote!(forward_owned), quote!()),
            Receiver::None | Receiver::Other(..) => return quote!(self),
        };
        match &self.target {
            // Spanned at `self`, so that a wrapper without the derive gets its
            // error there, with the trait's note on what to add.
            // Every token at `self`: the trait's requirement and the
            // normalization of its `Inner` then make one error, not two.
            ForwardTarget::Proxy => {
                quote_spanned!(self_token.span=> #krate::__private::ForwardTo::#accessor(#self_token))
            }
            ForwardTarget::Field(field) if as_argument => quote!(#borrow #self_token.#field),
            ForwardTarget::Field(field) => quote!(#self_token.#field),
        }
    }
}

impl Receiver {
    fn span(&self) -> Span {
        match self {
            Receiver::Ref(token)
            | Receiver::RefMut(token)
            | Receiver::Value(token)
            | Receiver::Other(token, _) => token.span,
            Receiver::None => Span::call_site(),
        }
    }
}

/// `-> Self`, or a `Result`/`Option` of `Self`, which forwarding converts from
/// the inner client's type.
fn self_conversion(ty: &Type) -> Option<SelfConversion> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_none() && path.path.is_ident("Self") {
        return Some(SelfConversion::Direct);
    }
    let last = path.path.segments.last()?;
    let name = last.ident.to_string();
    if !(name.ends_with("Result") || name == "Option") {
        return None;
    }
    match first_type_argument(&last.arguments)? {
        Type::Path(inner) if inner.qself.is_none() && inner.path.is_ident("Self") => {
            Some(SelfConversion::Mapped)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_conversions_are_recognised() {
        let ty = |s: &str| syn::parse_str::<Type>(s).unwrap();
        assert_eq!(self_conversion(&ty("Self")), Some(SelfConversion::Direct));
        assert_eq!(
            self_conversion(&ty("Result<Self, E>")),
            Some(SelfConversion::Mapped)
        );
        assert_eq!(
            self_conversion(&ty("io::Result<Self>")),
            Some(SelfConversion::Mapped)
        );
        assert_eq!(
            self_conversion(&ty("Option<Self>")),
            Some(SelfConversion::Mapped)
        );
        assert!(self_conversion(&ty("Vec<Self>")).is_none());
        assert!(self_conversion(&ty("u8")).is_none());
    }
}
