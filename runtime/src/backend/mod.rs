//! The span backends. Each provides the same small set of functions over its
//! own span type; the rest of the runtime never names a backend directly.

#[cfg(feature = "tracing")]
mod tracing;
#[cfg(feature = "tracing")]
pub use self::tracing::Empty;
#[cfg(feature = "tracing")]
pub(crate) use self::tracing::*;

#[cfg(not(feature = "tracing"))]
mod none;
#[cfg(not(feature = "tracing"))]
pub use self::none::Empty;
#[cfg(not(feature = "tracing"))]
pub(crate) use self::none::*;
