//! What the user asked for, as the model needs it besides the JSON.

use std::collections::HashMap;

/// What the model needs to know besides the JSON.
pub struct Request<'a> {
    /// `crate::path::Type`, as the user writes it.
    pub type_path: &'a str,
    /// The first segment of that path.
    pub crate_name: &'a str,
    pub package: &'a str,
    pub version: &'a str,
    pub traits: &'a [String],
    /// The crates the user's package can name.
    pub dependencies: &'a [String],
    /// Also generate the methods of the type's `Deref` target.
    pub deref: bool,
    /// Inherent methods written by hand beside the generated file.
    pub except: &'a [String],
    /// The public paths of another crate's items, shortest first, by the
    /// path that defines them (`bytes::bytes::Bytes` → `bytes::Bytes`), read
    /// from that crate's own rustdoc JSON; `None` when it cannot be built.
    pub public_paths_of: &'a dyn Fn(&str) -> Option<ForeignPaths>,
}

/// Another crate's public paths (shortest first), by the path that defines
/// each item.
pub type ForeignPaths = HashMap<String, Vec<String>>;
