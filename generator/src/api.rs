//! The tool's own model of a type's API, independent of the rustdoc JSON
//! format it was read from: what the generated file holds.

/// A type's forwardable API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Api {
    /// The dependency's package name and version, for the header.
    pub package: String,
    pub version: String,
    /// The type's public path, as its users write it.
    pub type_path: String,
    /// The type's generic parameters with their bounds (`<C: Send>`), and
    /// the arguments that name them (`<C>`); empty for a plain type.
    pub generic_params: String,
    pub generic_args: String,
    /// The type's where clause (` where C: Send`), which the wrapper repeats.
    pub generic_where: String,
    /// Derives the wrapper can have because the type has them (`Clone`).
    pub derives: Vec<&'static str>,
    /// One block per inherent impl of the type.
    pub inherent: Vec<Block>,
    /// One block per requested trait.
    pub traits: Vec<Block>,
    /// Requested traits whose impl is not written (a required method that
    /// cannot be forwarded), each with the reason.
    pub unwritten: Vec<(String, String)>,
    /// Inherent methods left out with their whole impl block: its generic
    /// parameters or bounds cannot be written (a bound from a crate the
    /// package does not depend on). Each with the reason.
    pub unwritten_methods: Vec<(String, String)>,
}

/// The methods of one impl block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// `None` for an inherent impl; the trait's public path otherwise.
    pub trait_path: Option<String>,
    /// For the methods reached through `Deref`: the target type's path.
    pub via_deref: Option<String>,
    /// The impl's generic parameters and where clause, as Rust source
    /// (`<C: Send>`, `where C: Clone`); empty for none.
    pub generic_params: String,
    pub where_clause: String,
    /// The generic arguments of the type in this impl (`<C>`).
    pub type_args: String,
    pub entries: Vec<Entry>,
}

/// A method of the type: generated, or left out with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Method(Method),
    LeftOut { name: String, reason: String },
}

/// A method to forward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Method {
    pub name: String,
    /// The signature as Rust source, without visibility and without the
    /// final `;`: `async fn get(&self, key: &str) -> u8`.
    pub signature: String,
    /// `future` or `stream` when the method returns such a type through an
    /// alias the macro cannot see through; `skip` for a method that only
    /// builds a request.
    pub marker: Option<&'static str>,
    /// For a method that builds a request: the builder's method that makes
    /// the call (`send`).
    pub builds_for: Option<&'static str>,
    /// A body that forwards the call, for a method the macro cannot forward
    /// itself (`self: Pin<&mut Self>`, through `Pin::new`); `None` for a
    /// body-less method.
    pub body: Option<String>,
}
