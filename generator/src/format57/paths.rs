//! Public paths of a crate's items: the shortest path through public
//! modules and re-exports from its root, the other crates' modules it
//! re-exports, and the standard library's facade.

use std::collections::{HashMap, HashSet, VecDeque};

use rustdoc_types_57::{Crate, Id, Item, ItemEnum, ItemKind, Visibility};

use crate::request::ForeignPaths;

/// The public paths of a crate's items, by the path that defines them
/// (`bytes::bytes::Bytes` → `bytes::Bytes`), for another crate's reader.
pub(crate) fn public_paths(krate: &Crate, crate_name: &str) -> ForeignPaths {
    let walk = PublicPaths::walk(krate, crate_name);
    let mut paths = ForeignPaths::new();
    for (id, path) in walk.every {
        let Some(summary) = krate.paths.get(&id) else {
            continue;
        };
        if summary.crate_id == 0 {
            paths
                .entry(summary.path.join("::"))
                .or_default()
                .push(path.join("::"));
        }
    }
    paths
}

/// The items reachable from a crate's root through public modules and
/// re-exports, each with its shortest public path, and the other crates'
/// modules it re-exports.
pub(super) struct PublicPaths {
    pub(super) public: HashMap<Id, Vec<String>>,
    /// Every public path found, shortest first (an item re-exported in
    /// several modules has several).
    every: Vec<(Id, Vec<String>)>,
    pub(super) foreign_modules: Vec<(String, String)>,
}

impl PublicPaths {
    /// Breadth first from the crate root, so that each item gets its
    /// shortest public path.
    pub(super) fn walk(krate: &Crate, crate_name: &str) -> PublicPaths {
        let mut walk = PublicPaths {
            public: HashMap::new(),
            every: Vec::new(),
            foreign_modules: Vec::new(),
        };
        let mut queue = VecDeque::from([(krate.root, vec![crate_name.to_owned()])]);
        let mut visited = HashSet::new();
        while let Some((module_id, path)) = queue.pop_front() {
            if !visited.insert(module_id) {
                continue;
            }
            let Some(ItemEnum::Module(module)) = krate.index.get(&module_id).map(|i| &i.inner)
            else {
                continue;
            };
            for id in &module.items {
                let Some(item) = krate.index.get(id) else {
                    continue;
                };
                // A `#[doc(hidden)]` module or re-export is no public path
                // (`tokio::macros::support::Poll` is `std::task::Poll`).
                if !matches!(item.visibility, Visibility::Public) || is_hidden(item) {
                    continue;
                }
                match &item.inner {
                    ItemEnum::Use(use_) => {
                        let Some(target) = use_.id else { continue };
                        let mut path = path.clone();
                        if !use_.is_glob {
                            path.push(use_.name.clone());
                            walk.public.entry(target).or_insert_with(|| path.clone());
                            walk.every.push((target, path.clone()));
                        }
                        // Another crate's module: its items are reached
                        // through this path.
                        if !krate.index.contains_key(&target) {
                            if let Some(summary) = krate.paths.get(&target) {
                                if summary.kind == ItemKind::Module && summary.crate_id != 0 {
                                    walk.foreign_modules
                                        .push((summary.path.join("::"), path.join("::")));
                                }
                            }
                        }
                        queue.push_back((target, path));
                    }
                    _ => {
                        let Some(name) = &item.name else { continue };
                        let mut path = path.clone();
                        path.push(name.clone());
                        walk.public.entry(*id).or_insert_with(|| path.clone());
                        walk.every.push((*id, path.clone()));
                        if matches!(item.inner, ItemEnum::Module(_)) {
                            queue.push_back((*id, path));
                        }
                    }
                }
            }
        }
        walk
    }
}

/// rustdoc names other crates' items by where they are defined, which for
/// the standard library is often a private module
/// (`core::iter::traits::collect::IntoIterator`). Its public facade is
/// `std::<module>::<Name>` (`std::os::<os>::<module>::<Name>` under `os`);
/// other crates' paths are kept as rustdoc gives them.
pub(super) fn standard_library_path(path: &[String]) -> String {
    let Some((first, rest)) = path.split_first() else {
        return String::new();
    };
    if !matches!(first.as_str(), "std" | "core" | "alloc") || rest.len() < 2 {
        return path.join("::");
    }
    let keep = if rest[0] == "os" { 3 } else { 1 };
    let modules = &rest[..keep.min(rest.len() - 1)];
    let name = &rest[rest.len() - 1];
    format!("std::{}::{name}", modules.join("::"))
}

/// Whether an item is `#[doc(hidden)]`: not part of the public API.
pub(super) fn is_hidden(item: &Item) -> bool {
    item.attrs.iter().any(|attr| {
        matches!(attr, rustdoc_types_57::Attribute::Other(text) if text.contains("doc(hidden)"))
    })
}
