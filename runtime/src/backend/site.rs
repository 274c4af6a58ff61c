//! A method's site: what its span is, known at compile time (level, name,
//! target), and with the `tracing` backend its callsite — the interest the
//! subscribers have in the span, which the check on every call reads, and
//! the decision `tracing`'s own `span!` makes, made the same way.

#[cfg(feature = "tracing")]
pub(crate) use self::callsite::{level_of, wants, SiteCallsite};

/// What an instrumented method's span is, known at compile time, as
/// constants of a type of its own: the level (an index of
/// [`level`](super::level)), the name, the `target = "..."` option.
#[doc(hidden)]
pub trait SiteInfo: 'static {
    const LEVEL: usize;
    const NAME: &'static str;
    const TARGET: Option<&'static str>;
}

/// A method's [`SiteInfo`] and, with the `tracing` backend, its callsite.
/// Each method has one in a `static` ([`__site!`](crate::__site)): the check
/// on every call reads its byte of interest, or the thread's countdown of
/// the level, and nothing else; the rest are constants.
#[doc(hidden)]
pub struct Site<S: SiteInfo> {
    info: core::marker::PhantomData<fn() -> S>,
    #[cfg(feature = "tracing")]
    callsite: SiteCallsite,
}

impl<S: SiteInfo> Site<S> {
    #[doc(hidden)]
    pub const fn new(
        #[cfg(feature = "tracing")] metadata: &'static ::tracing::Metadata<'static>,
    ) -> Self {
        Site {
            info: core::marker::PhantomData,
            #[cfg(feature = "tracing")]
            callsite: SiteCallsite::new(metadata),
        }
    }

    /// The level, as an index of [`level`](super::level).
    #[inline(always)]
    pub fn level(&self) -> usize {
        S::LEVEL
    }

    /// The span's name, unless the method names it at run time.
    #[inline(always)]
    pub fn name(&self) -> &'static str {
        S::NAME
    }

    /// The `target = "..."` option, which names the OpenTelemetry
    /// instrumentation scope.
    #[inline(always)]
    pub fn target(&self) -> Option<&'static str> {
        S::TARGET
    }
}

impl<S: SiteInfo> core::fmt::Debug for Site<S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Site")
            .field("level", &S::LEVEL)
            .field("name", &S::NAME)
            .field("target", &S::TARGET)
            .finish_non_exhaustive()
    }
}

/// The `tracing` side of a site: its callsite's state and the decision.
#[cfg(feature = "tracing")]
mod callsite {
    use core::sync::atomic::{AtomicU8, Ordering};

    use tracing::callsite::Callsite;
    use tracing::level_filters::{LevelFilter, STATIC_MAX_LEVEL};
    use tracing::subscriber::Interest;

    use super::{Site, SiteInfo};

    /// A method's `tracing` callsite state, kept in its [`Site`] (which is
    /// the callsite `tracing` registers): the interest the subscribers have
    /// in it, as one byte whose zero means `never`, so that the check on
    /// every call is one compare with zero.
    #[doc(hidden)]
    pub struct SiteCallsite {
        interest: AtomicU8,
        registration: AtomicU8,
        metadata: &'static tracing::Metadata<'static>,
    }

    const NEVER: u8 = 0;
    const SOMETIMES: u8 = 1;
    const ALWAYS: u8 = 2;
    /// Not registered yet: not zero, so that the first call goes past the
    /// check and registers.
    const UNREGISTERED: u8 = 0xFF;

    const REGISTRATION_NONE: u8 = 0;
    const REGISTRATION_UNDER_WAY: u8 = 1;
    const REGISTRATION_DONE: u8 = 2;

    /// Whether an interest is not `never`: a relaxed load of the byte
    /// compared with zero. On x86-64 this is one compare with memory and a
    /// jump: the compiler does not fold an atomic load into a compare (a
    /// load, a test and a jump), so the compare is written out. An aligned
    /// byte read is a single-copy-atomic access on x86-64, the very instruction
    /// `load(Ordering::Relaxed)` compiles to.
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    #[inline(always)]
    #[allow(unsafe_code)]
    fn not_never(interest: &AtomicU8) -> bool {
        const _: () = assert!(NEVER == 0, "the compare is with zero");
        let mut not_never = false;
        // SAFETY: the pointer comes from a reference, so it is valid and
        // aligned for a one-byte read, and the byte is only ever accessed
        // atomically; the block reads that byte and nothing else, writes no
        // memory (`readonly`) and touches no stack (`nostack`). Its only
        // effect is the jump to the label when the byte is not zero.
        unsafe {
            core::arch::asm!(
                "cmp byte ptr [{interest}], 0",
                "jne {not_never}",
                interest = in(reg) interest.as_ptr(),
                not_never = label { not_never = true },
                options(nostack, readonly),
            );
        }
        not_never
    }

    /// Whether an interest is not `never`: a relaxed load of the byte
    /// compared with zero.
    #[cfg(not(all(target_arch = "x86_64", not(miri))))]
    #[inline(always)]
    fn not_never(interest: &AtomicU8) -> bool {
        interest.load(Ordering::Relaxed) != NEVER
    }

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
        /// Whether a subscriber may want the method's span: the callsite's
        /// interest is not `never` (or the callsite is not registered yet). One
        /// load and compare; the level and the rest are [`wants`]'s.
        #[inline(always)]
        #[cfg_attr(feature = "opentelemetry", allow(dead_code))]
        pub(crate) fn interested(&self) -> bool {
            not_never(&self.callsite.interest)
        }

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
    pub(crate) const fn level_of(level: usize) -> tracing::Level {
        match level {
            0 => tracing::Level::TRACE,
            1 => tracing::Level::DEBUG,
            2 => tracing::Level::INFO,
            3 => tracing::Level::WARN,
            _ => tracing::Level::ERROR,
        }
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
        interest.is_always()
            || tracing::dispatcher::get_default(|dispatch| dispatch.enabled(metadata))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn an_interest_is_not_never_unless_its_byte_is_zero() {
            for (byte, expected) in [
                (NEVER, false),
                (SOMETIMES, true),
                (ALWAYS, true),
                (UNREGISTERED, true),
                (0x80, true),
            ] {
                assert_eq!(not_never(&AtomicU8::new(byte)), expected, "{byte:#x}");
            }
        }
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
#[cfg(feature = "tracing")]
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
