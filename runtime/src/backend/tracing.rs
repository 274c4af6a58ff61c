//! The `tracing` backend: spans with static callsites whose `otel.*` fields and
//! semantic-convention names tracing-opentelemetry turns into the right OTel span.

use super::value::AttributeValue;
use crate::autoref::Autoref;

use core::sync::atomic::{AtomicU8, Ordering};

use super::{Site, SiteInfo};
use tracing::callsite::Callsite;
use tracing::level_filters::{LevelFilter, STATIC_MAX_LEVEL};
use tracing::subscriber::Interest;

/// A method's `tracing` callsite state, kept in its [`Site`] (which is the
/// callsite `tracing` registers): the interest the subscribers have in it,
/// as one byte whose zero means `never`, so that the check on every call is
/// one compare with zero.
#[doc(hidden)]
pub struct SiteCallsite {
    interest: AtomicU8,
    registration: AtomicU8,
    metadata: &'static tracing::Metadata<'static>,
}

const NEVER: u8 = 0;
const SOMETIMES: u8 = 1;
const ALWAYS: u8 = 2;
/// Not registered yet: not zero, so that the first call goes past the check
/// and registers.
const UNREGISTERED: u8 = 0xFF;

const REGISTRATION_NONE: u8 = 0;
const REGISTRATION_UNDER_WAY: u8 = 1;
const REGISTRATION_DONE: u8 = 2;

impl SiteCallsite {
    pub(crate) const fn new(metadata: &'static tracing::Metadata<'static>) -> Self {
        SiteCallsite {
            interest: AtomicU8::new(UNREGISTERED),
            registration: AtomicU8::new(REGISTRATION_NONE),
            metadata,
        }
    }
}

impl<S: SiteInfo> Callsite for Site<S> {
    fn set_interest(&self, interest: Interest) {
        let interest = if interest.is_never() {
            NEVER
        } else if interest.is_always() {
            ALWAYS
        } else {
            SOMETIMES
        };
        self.callsite.interest.store(interest, Ordering::SeqCst);
    }

    #[inline(always)]
    fn metadata(&self) -> &tracing::Metadata<'_> {
        self.callsite.metadata
    }
}

impl<S: SiteInfo> Site<S> {
    /// The subscribers' interest in the span; registers the callsite on the
    /// first call.
    fn interest(&'static self) -> Interest {
        self.kept_interest().unwrap_or_else(|| self.register())
    }

    /// The interest kept since the subscribers were last asked; `None`
    /// before the callsite is registered.
    fn kept_interest(&self) -> Option<Interest> {
        match self.callsite.interest.load(Ordering::Relaxed) {
            NEVER => Some(Interest::never()),
            SOMETIMES => Some(Interest::sometimes()),
            ALWAYS => Some(Interest::always()),
            _ => None,
        }
    }

    /// Registers the callsite once, as `tracing`'s `DefaultCallsite` does:
    /// a thread that finds the registration under way asks the subscriber
    /// this time.
    fn register(&'static self) -> Interest {
        let state = &self.callsite.registration;
        match state.compare_exchange(
            REGISTRATION_NONE,
            REGISTRATION_UNDER_WAY,
            Ordering::AcqRel,
            Ordering::Acquire,
        ) {
            Ok(_) => {
                tracing::callsite::register(self);
                state.store(REGISTRATION_DONE, Ordering::Release);
            }
            Err(REGISTRATION_DONE) => {}
            Err(_) => return Interest::sometimes(),
        }
        self.kept_interest().unwrap_or_else(Interest::sometimes)
    }
}

/// The `tracing` level of a level index (`__private::level`).
const fn level_of(level: usize) -> tracing::Level {
    match level {
        0 => tracing::Level::TRACE,
        1 => tracing::Level::DEBUG,
        2 => tracing::Level::INFO,
        3 => tracing::Level::WARN,
        _ => tracing::Level::ERROR,
    }
}

/// Whether a subscriber may want the method's span: the callsite's interest
/// is not `never` (or the callsite is not registered yet). One load and
/// compare; the level and the rest are [`wants`]'s.
#[inline(always)]
#[cfg_attr(feature = "opentelemetry", allow(dead_code))]
pub(crate) fn enabled<S: SiteInfo>(site: &'static Site<S>) -> bool {
    site.callsite.interest.load(Ordering::Relaxed) != NEVER
}

/// Whether the current subscriber wants the method's span, as `tracing`'s
/// `span!` decides it: the level within the compiled-in and the global
/// maximum, and the callsite's interest, `sometimes` asking the subscriber.
/// A callsite every subscriber always wants, or none does, is read inline;
/// the others (and registering the callsite, whose byte the check on every
/// call reads) are out of line.
#[inline(always)]
pub(crate) fn wants<S: SiteInfo>(site: &'static Site<S>) -> bool {
    let interest = site.callsite.interest.load(Ordering::Relaxed);
    if interest == ALWAYS {
        let level = const { level_of(S::LEVEL) };
        level <= STATIC_MAX_LEVEL && level <= LevelFilter::current()
    } else if interest == NEVER {
        // Reached with `opentelemetry`, whose check let the call through.
        false
    } else {
        wants_sometimes(site)
    }
}

/// [`wants`] for a callsite that is not always wanted, or not registered.
#[cold]
#[inline(never)]
fn wants_sometimes<S: SiteInfo>(site: &'static Site<S>) -> bool {
    let interest = site.interest();
    let level = const { level_of(S::LEVEL) };
    if interest.is_never() || level > STATIC_MAX_LEVEL || level > LevelFilter::current() {
        return false;
    }
    let metadata = site.callsite.metadata;
    interest.is_always() || tracing::dispatcher::get_default(|dispatch| dispatch.enabled(metadata))
}

/// Whether any subscriber may want spans at `level` (an index of
/// `__private::level`): the global maximum level, which `tracing` lowers to
/// what its subscribers' filters allow.
#[cfg_attr(not(feature = "opentelemetry"), allow(dead_code))]
pub(crate) fn level_enabled(level: usize) -> bool {
    LevelFilter::current() >= level_of(level)
}

/// Whether a call's `tracing` span reaches a subscriber that wants it.
#[inline]
pub(crate) fn wanted(span: &tracing::Span) -> bool {
    // A callsite keeps the interest the last subscriber gave it (`always`),
    // and `tracing` then makes the span without asking: once scoped
    // subscribers are gone, it goes to no subscriber at all. That is no span.
    // `NoSubscriber` gives every span the id 0xDEAD: the id is compared
    // first, so that a wanted span costs one compare, and only such an id
    // asks which subscriber made it.
    match span.id() {
        None => false,
        Some(id) if id.into_u64() == NO_SUBSCRIBER_ID => !span
            .with_subscriber(|(_, dispatch)| dispatch.is::<tracing::subscriber::NoSubscriber>())
            .unwrap_or(true),
        Some(_) => true,
    }
}

/// The id `tracing_core::subscriber::NoSubscriber` gives every span.
const NO_SUBSCRIBER_ID: u64 = 0xDEAD;

#[inline]
pub(crate) fn enter(span: &tracing::Span) {
    span.with_subscriber(|(id, dispatch)| dispatch.enter(id));
}

#[inline]
pub(crate) fn exit(span: &tracing::Span) {
    span.with_subscriber(|(id, dispatch)| dispatch.exit(id));
}

pub(crate) fn record(span: &tracing::Span, key: &'static str, value: AttributeValue<'_>) {
    match value {
        AttributeValue::Str(value) => span.record(key, value),
        AttributeValue::I64(value) => span.record(key, value),
        AttributeValue::F64(value) => span.record(key, value),
        AttributeValue::Bool(value) => span.record(key, value),
    };
}

pub(crate) fn record_error(span: &tracing::Span, error_type: &str, description: &str) {
    span.record("otel.status_code", "error");
    if !description.is_empty() {
        span.record("otel.status_description", description);
    }
    if !error_type.is_empty() {
        span.record(
            opentelemetry_semantic_conventions::attribute::ERROR_TYPE,
            error_type,
        );
    }
}

/// A method's [`Site`] with its `tracing` callsite, in a `static` of its own
/// (`&'static`): the span's name, target, level, and its fields — the
/// `otel.*` fields, the names the runtime records later (declared `Empty`;
/// this macro is the one place that lists them), then `otel.name` for a name
/// made at run time (`dynamic_name: _`), then the keys of `fields(...)`, in
/// the order [`__tracing_span!`](crate::__tracing_span) gives their values.
///
/// The fields the runtime records are declared before the user's: a field
/// of the same name keeps its value, and the runtime's record, which goes to
/// the first field of a name, overwrites it (as it would a field of its own).
///
/// The `Site` is the callsite `tracing` registers and identifies the
/// metadata by (`Identifier`, as `tracing`'s own `span!` builds it in this
/// version), so that the check on every call reads the site's byte of
/// interest and nothing else.
#[doc(hidden)]
#[macro_export]
macro_rules! __site {
    (level: $level:ident, name: $name:literal $(, target: $target:literal)? $(, dynamic_name: $dynamic:tt)? $(, fields: [$($key:literal),*])?) => {{
        struct Info;
        impl $crate::__private::SiteInfo for Info {
            const LEVEL: usize = $crate::__private::level::$level;
            const NAME: &'static str = $name;
            const TARGET: $crate::__private::Option<&'static str> = $crate::__site!(@option $($target)?);
        }
        static SITE: $crate::__private::Site<Info> = {
            use $crate::__private::tracing as tracing;
            static METADATA: tracing::Metadata<'static> = tracing::Metadata::new(
                $name,
                $crate::__site!(@target $($target)?),
                tracing::Level::$level,
                $crate::__private::Some(::core::file!()),
                $crate::__private::Some(::core::line!()),
                $crate::__private::Some(::core::module_path!()),
                tracing::field::FieldSet::new(
                    &[
                        "otel.kind",
                        "otel.status_code",
                        "otel.status_description",
                        "error.type",
                        "server.address",
                        "server.port",
                        "db.namespace",
                        $($crate::__site!(@dynamic $dynamic),)?
                        $($($key),*)?
                    ],
                    tracing::callsite::Identifier(&SITE),
                ),
                tracing::metadata::Kind::SPAN,
            );
            $crate::__private::Site::new(&METADATA)
        };
        &SITE
    }};
    (@option $target:literal) => { $crate::__private::Some($target) };
    (@option) => { $crate::__private::None };
    (@target $target:literal) => { $target };
    (@target) => { ::core::module_path!() };
    (@dynamic _) => { "otel.name" };
}

/// The `tracing` span of one call (its values, in the order of the fields
/// `__site!` declared): `None` when no subscriber wants it. The user's
/// fields were classified by the attribute (`display`, `debug`, `literal`,
/// `empty`, `value`).
#[doc(hidden)]
#[macro_export]
macro_rules! __tracing_span {
    (site: $site:expr, kind: $kind:literal, dynamic_name: ($($dynamic:expr)?), fields: { $($class:ident($key:literal, $value:expr)),* }) => {
        $crate::__private::tracing_span($site, |metadata| {
            use $crate::__private::tracing::field::Value;
            $crate::__private::tracing::Span::new(
                metadata,
                &metadata.fields().value_set_all(&[
                    $crate::__private::Some(&$kind as &dyn Value),
                    $crate::__private::Some(&$crate::__private::Empty as &dyn Value),
                    $crate::__private::Some(&$crate::__private::Empty as &dyn Value),
                    $crate::__private::Some(&$crate::__private::Empty as &dyn Value),
                    $crate::__private::Some(&$crate::__private::Empty as &dyn Value),
                    $crate::__private::Some(&$crate::__private::Empty as &dyn Value),
                    $crate::__private::Some(&$crate::__private::Empty as &dyn Value),
                    $( $crate::__private::Some(&$crate::__private::tracing::field::display(&$dynamic) as &dyn Value), )?
                    $( $crate::__private::Some(&$crate::__tracing_value!($class $value) as &dyn Value), )*
                ]),
            )
        })
    };
}

/// One classified field's value. A literal is passed as it is, so that a
/// span whose values are all constant builds no value set at run time; a
/// plain value is left out when it is an empty string.
#[doc(hidden)]
#[macro_export]
macro_rules! __tracing_value {
    (literal $value:expr) => {
        $value
    };
    (empty $value:expr) => {
        $crate::__private::Empty
    };
    (display $value:expr) => {
        $crate::__private::tracing::field::display(&$value)
    };
    (debug $value:expr) => {
        $crate::__private::tracing::field::debug(&$value)
    };
    (value $value:expr) => {{
        #[allow(unused_imports)]
        use $crate::__private::{
            OptionalStrField as _, OtherField as _, StrField as _, UnsignedField as _,
        };
        (&&&$crate::__private::Autoref(&$value)).non_empty()
    }};
}

// A `fields(...)` value: an empty string, or `Some` of one, is left out of the span (`None`),
// an unsigned integer is recorded as an `i64` (saturating, as the
// OpenTelemetry backend does: tracing-opentelemetry would otherwise record it
// as its `Debug` text), anything else is recorded as it is (the generated
// code calls `(&&&Autoref(&value)).non_empty()`). Each impl is on its own level of
// references, so that a value whose type is already an error (a field
// expression that does not compile) meets one candidate, not an ambiguity.

#[doc(hidden)]
pub trait UnsignedField {
    fn non_empty(self) -> Option<i64>;
}

macro_rules! unsigned_field {
    ($($ty:ty),*) => {$(
        impl UnsignedField for &&&Autoref<'_, $ty> {
            #[inline]
            fn non_empty(self) -> Option<i64> {
                Some(i64::try_from(*self.0).unwrap_or(i64::MAX))
            }
        }

        // `None` leaves the field out, as an empty string does.
        impl UnsignedField for &&&Autoref<'_, Option<$ty>> {
            #[inline]
            fn non_empty(self) -> Option<i64> {
                self.0.map(|value| i64::try_from(value).unwrap_or(i64::MAX))
            }
        }
    )*};
}
unsigned_field!(u8, u16, u32, u64, usize, u128);

#[doc(hidden)]
pub trait StrField<'a> {
    fn non_empty(self) -> Option<&'a str>;
}

impl<'a, T: AsRef<str> + ?Sized> StrField<'a> for &Autoref<'a, T> {
    #[inline]
    fn non_empty(self) -> Option<&'a str> {
        Some(self.0.as_ref()).filter(|s| !s.is_empty())
    }
}

#[doc(hidden)]
pub trait OptionalStrField<'a> {
    fn non_empty(self) -> Option<&'a str>;
}

impl<'a, T: AsRef<str>> OptionalStrField<'a> for &&Autoref<'a, Option<T>> {
    #[inline]
    fn non_empty(self) -> Option<&'a str> {
        self.0
            .as_ref()
            .map(AsRef::as_ref)
            .filter(|s: &&str| !s.is_empty())
    }
}

#[doc(hidden)]
pub trait OtherField<'a, T: ?Sized> {
    fn non_empty(self) -> Option<&'a T>;
}

impl<'a, T: ?Sized> OtherField<'a, T> for Autoref<'a, T> {
    #[inline]
    fn non_empty(self) -> Option<&'a T> {
        Some(self.0)
    }
}

/// The `tracing` event of `err(level = ...)`, a child of the call's span.
#[doc(hidden)]
#[macro_export]
macro_rules! __tracing_error_event {
    (level: $level:ident, target: ($($target:literal)?), span: $span:expr, failure: $failure:expr) => {
        if let $crate::__private::Some(parent) = $crate::__private::tracing_parent($span) {
            $crate::__private::tracing::event!(
                $(target: $target,)?
                parent: parent,
                $crate::__private::tracing::Level::$level,
                { "exception.type" = $failure.error_type.as_str(), "exception.message" = $crate::__private::Some($failure.description.as_str()).filter(|d| !d.is_empty()) },
                "exception"
            );
        }
    };
}
