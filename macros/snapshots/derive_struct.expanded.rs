#[allow(dead_code)]
impl<C: Clone> Traced<C> {
    /// Wraps a client; its calls through this wrapper are traced.
    #[inline]
    #[must_use]
    pub fn new(inner: C) -> Self {
        Self {
            client: inner,
            label: ::core::default::Default::default(),
        }
    }
    /// The wrapped client. Calls made on it directly open no span.
    #[inline]
    #[must_use]
    pub fn inner(&self) -> &C {
        &self.client
    }
    /// The wrapped client, mutably. Calls made on it directly open no span.
    #[inline]
    #[must_use]
    pub fn inner_mut(&mut self) -> &mut C {
        &mut self.client
    }
    /// Unwraps the client.
    #[inline]
    #[must_use]
    pub fn into_inner(self) -> C {
        self.client
    }
}
impl<C: Clone> ::core::convert::From<C> for Traced<C> {
    #[inline]
    fn from(inner: C) -> Self {
        Self {
            client: inner,
            label: ::core::default::Default::default(),
        }
    }
}
impl<C: Clone> ::instrument_proxy::Proxy for Traced<C> {
    type Inner = C;
    #[inline]
    fn from_inner(inner: C) -> Self {
        Self {
            client: inner,
            label: ::core::default::Default::default(),
        }
    }
    #[inline]
    fn inner(&self) -> &C {
        &self.client
    }
    #[inline]
    fn inner_mut(&mut self) -> &mut C {
        &mut self.client
    }
    #[inline]
    fn into_inner(self) -> C {
        self.client
    }
    fn client_attributes(&self) -> ::instrument_proxy::ClientAttributes<'_> {
        client_attributes(self)
    }
}
/// Untraced access to the client (`#[proxy(deref)]`): calls made
/// through it open no span.
impl<C: Clone> ::core::ops::Deref for Traced<C> {
    type Target = C;
    fn deref(&self) -> &C {
        &self.client
    }
}
impl<C: Clone> ::core::ops::DerefMut for Traced<C> {
    fn deref_mut(&mut self) -> &mut C {
        &mut self.client
    }
}
