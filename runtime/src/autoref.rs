//! One wrapper for the generated code's autoref specialization: it calls a
//! method on `&Autoref(&value)`, so an impl for `&Autoref<'_, Specific>` is
//! chosen when it applies and the general impl for `Autoref<'_, T>`, reached
//! by auto-deref, otherwise. Used to ask a receiver for its client attributes
//! only when it is a [`Proxy`](crate::Proxy), to leave empty strings out of
//! `tracing` fields, and to take a [`SharedStr`](crate::SharedStr) span name
//! without formatting it.

#[doc(hidden)]
pub struct Autoref<'a, T: ?Sized>(pub &'a T);

impl<T: ?Sized> Clone for Autoref<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized> Copy for Autoref<'_, T> {}
