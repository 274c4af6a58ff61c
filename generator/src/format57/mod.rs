//! rustdoc JSON format 57 (rustdoc-types 0.57) into the [`Api`] model.
//!
//! Paths are public paths: items of the documented crate are named by the
//! shortest path through public modules and re-exports from its root (never
//! the private module that defines them), other crates' items by rustdoc's
//! own summary, with `core` and `alloc` written as `std`.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use rustdoc_types_57::{
    Crate, GenericArg, GenericArgs, Generics, Id, Impl, Item, ItemEnum, ItemKind, Path, Type,
    Visibility,
};

use crate::api::{Api, Block, Entry, Method};
use crate::error::Error;
use crate::request::{ForeignPaths, Request};
use crate::suggest::closest;

mod paths;
mod types;

pub(crate) use paths::public_paths;
use paths::{is_hidden, standard_library_path, PublicPaths};
use types::{first_type_arg, is_identifier, Place};

/// Names of methods the derive gives the wrapper: forwarding one would clash.
const DERIVED: &[&str] = &["new", "inner", "inner_mut", "into_inner", "from"];

pub(crate) fn api(krate: &Crate, request: &Request<'_>) -> Result<Api, Error> {
    let mut reader = Reader::new(krate, request);
    let type_id = reader.find_type(request.type_path)?;
    let item = &krate.index[&type_id];
    let (generics, impls) = match &item.inner {
        ItemEnum::Struct(s) => (&s.generics, &s.impls),
        ItemEnum::Enum(e) => (&e.generics, &e.impls),
        ItemEnum::Union(u) => (&u.generics, &u.impls),
        _ => unreachable!("find_type returns types"),
    };
    // `Unpin` with no condition (rustdoc lists auto traits as synthetic
    // impls, with the bounds they hold under).
    reader.unpin = impls.iter().any(|id| {
        matches!(&krate.index.get(id).map(|i| &i.inner), Some(ItemEnum::Impl(imp))
            if !imp.is_negative
                && imp.generics.where_predicates.is_empty()
                && imp.generics.params.is_empty()
                && imp.trait_.as_ref().is_some_and(|t| reader.path_of(t.id).as_deref() == Some("std::marker::Unpin")))
    });
    let reader = reader;
    let impls: Vec<&Impl> = impls
        .iter()
        .filter_map(|id| match &krate.index.get(id)?.inner {
            ItemEnum::Impl(i) if !i.is_negative && !i.is_synthetic => Some(i),
            _ => None,
        })
        .collect();

    let mut seen = HashSet::new();
    let mut inherent = Vec::new();
    let mut unwritten_methods = Vec::new();
    for imp in impls.iter().filter(|i| i.trait_.is_none()) {
        let entries: Vec<Entry> = imp
            .items
            .iter()
            .filter_map(|id| krate.index.get(id))
            .filter(|item| matches!(item.visibility, Visibility::Public))
            .filter_map(|item| match &item.inner {
                ItemEnum::Function(_) if seen.insert(item.name.clone()) => {
                    Some(reader.entry(item, type_id, Owner::Type))
                }
                _ => None,
            })
            .collect();
        if entries.is_empty() {
            continue;
        }
        match reader.block(None, imp, entries) {
            Ok(block) => inherent.push(block),
            // Written without its bounds, the block would not compile
            // (E0277, or E0425 for an undeclared parameter): each of its
            // methods is left out, saying why.
            Err((why, entries)) => {
                unwritten_methods.extend(entries.into_iter().map(|entry| {
                    let name = match entry {
                        Entry::Method(method) => method.name,
                        Entry::LeftOut { name, .. } => name,
                    };
                    (name, format!("the impl block that has it: {why}"))
                }));
            }
        }
    }

    // The methods users call through `Deref` (`sled::Db` derefs to
    // `sled::Tree`, where `insert` and `get` are): forwarded like the type's
    // own, since the inner client's call reaches them the same way.
    // (A generic type's target would need the impl's parameters: not yet.)
    if request.deref && generics.params.is_empty() {
        if let Some(block) = deref_block(&reader, &impls, &mut seen) {
            inherent.push(block);
        }
    }

    // A name that matches nothing would be accepted and ignored.
    if let Some(name) = request
        .except
        .iter()
        .find(|name| !seen.contains(&Some((*name).clone())))
    {
        let names: Vec<String> = seen.iter().flatten().cloned().collect();
        return Err(Error::MethodNotFound {
            path: request.type_path.to_owned(),
            name: name.clone(),
            closest: closest(name, &names),
        });
    }

    let mut traits = Vec::new();
    let mut unwritten = Vec::new();
    for wanted in request.traits {
        let implemented: Vec<(&Impl, &Path)> = impls
            .iter()
            .filter(|i| i.blanket_impl.is_none())
            .filter_map(|i| Some((*i, i.trait_.as_ref()?)))
            .collect();
        let found = implemented
            .iter()
            .find(|(_, path)| reader.path_of(path.id).as_deref() == Some(wanted.as_str()));
        let Some((imp, trait_path)) = found else {
            let names: Vec<String> = implemented
                .iter()
                .filter_map(|(_, path)| reader.path_of(path.id))
                .collect();
            return Err(Error::TraitNotFound {
                path: wanted.clone(),
                closest: closest(wanted, &names),
            });
        };
        let Some(ItemEnum::Trait(definition)) = krate.index.get(&trait_path.id).map(|i| &i.inner)
        else {
            return Err(Error::TraitNotFound {
                path: format!(
                    "{wanted} (defined in another crate: generate from the crate that defines it)"
                ),
                closest: Vec::new(),
            });
        };
        let items: Vec<&Item> = definition
            .items
            .iter()
            .filter_map(|id| krate.index.get(id))
            .collect();
        let entries: Vec<Entry> = items
            .iter()
            .filter_map(|item| match &item.inner {
                ItemEnum::Function(_) => Some(reader.entry(item, type_id, Owner::Trait(wanted))),
                ItemEnum::AssocType { .. } | ItemEnum::AssocConst { .. } => Some(Entry::LeftOut {
                    name: item.name.clone().unwrap_or_default(),
                    reason: "is an associated type or constant; write this impl by hand".into(),
                }),
                _ => None,
            })
            .collect();
        // An impl without one of the trait's required items does not
        // compile: it is not written, and a comment says why.
        let missing = items.iter().zip(&entries).find_map(|(item, entry)| {
            let required = match &item.inner {
                ItemEnum::Function(function) => !function.has_body,
                ItemEnum::AssocType { type_, .. } => type_.is_none(),
                ItemEnum::AssocConst { value, .. } => value.is_none(),
                _ => false,
            };
            match entry {
                Entry::LeftOut { name, reason } if required => Some((name.clone(), reason.clone())),
                _ => None,
            }
        });
        if let Some((name, reason)) = missing {
            unwritten.push((
                wanted.clone(),
                format!("its required `{name}` {reason}; implement the trait by hand, forwarding `{name}` to the inner client (`self.inner()`)"),
            ));
            continue;
        }
        match reader.block(Some(wanted.clone()), imp, entries) {
            Ok(block) => traits.push(block),
            Err((why, _)) => unwritten.push((wanted.clone(), format!("the impl: {why}"))),
        }
    }

    let derives = ["Clone", "Debug"]
        .into_iter()
        .filter(|name| {
            impls.iter().any(|i| {
                i.trait_.as_ref().is_some_and(|t| {
                    reader.path_of(t.id).as_deref() == Some(&format!("std::clone::{name}"))
                        || reader.path_of(t.id).as_deref() == Some(&format!("std::fmt::{name}"))
                })
            })
        })
        .collect();
    // The type's own parameters, with their bounds and defaults (the impl
    // blocks' bounds say the rest).
    let (generic_params, generic_where) =
        reader
            .generics(generics)
            .map_err(|why| Error::UnwritableType {
                path: request.type_path.to_owned(),
                why,
            })?;
    let generic_args = args_of(generics);
    Ok(Api {
        package: request.package.to_owned(),
        version: request.version.to_owned(),
        type_path: request.type_path.to_owned(),
        generic_params,
        generic_args,
        generic_where,
        derives,
        inherent,
        traits,
        unwritten,
        unwritten_methods,
    })
}

/// The inherent methods of the type's `Deref` target (of the same crate),
/// those the type does not have itself; `None` without such a target.
fn deref_block(
    reader: &Reader<'_>,
    impls: &[&Impl],
    seen: &mut HashSet<Option<String>>,
) -> Option<Block> {
    let krate = reader.krate;
    let deref = impls.iter().find(|imp| {
        imp.trait_
            .as_ref()
            .is_some_and(|t| reader.path_of(t.id).as_deref() == Some("std::ops::Deref"))
    })?;
    let target = deref
        .items
        .iter()
        .find_map(|id| match &krate.index.get(id)?.inner {
            ItemEnum::AssocType {
                type_: Some(Type::ResolvedPath(path)),
                ..
            } => Some(path),
            _ => None,
        })?;
    let target_path = reader.path_of(target.id)?;
    let ItemEnum::Struct(structure) = &krate.index.get(&target.id)?.inner else {
        return None;
    };
    let target_impl = structure
        .impls
        .iter()
        .filter_map(|id| match &krate.index.get(id)?.inner {
            ItemEnum::Impl(imp) if imp.trait_.is_none() && !imp.is_synthetic => Some(imp),
            _ => None,
        });
    let mut entries = Vec::new();
    for imp in target_impl {
        for item in imp.items.iter().filter_map(|id| krate.index.get(id)) {
            if !matches!(item.visibility, Visibility::Public)
                || !matches!(item.inner, ItemEnum::Function(_))
                || !seen.insert(item.name.clone())
            {
                continue;
            }
            // `Self` here is the target, which the wrapper cannot stand for.
            entries.push(reader.entry(item, target.id, Owner::Deref));
        }
    }
    (!entries.is_empty()).then(|| Block {
        trait_path: None,
        via_deref: Some(target_path),
        generic_params: String::new(),
        where_clause: String::new(),
        type_args: String::new(),
        entries,
    })
}

/// Whose method a method is, for what forwarding it can call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner<'a> {
    /// The type's own.
    Type,
    /// The trait's at this path.
    Trait(&'a str),
    /// The type's `Deref` target's.
    Deref,
}

/// `self: Pin<&mut Self>`.
fn is_pinned_self(ty: &Type) -> bool {
    let Type::ResolvedPath(path) = ty else {
        return false;
    };
    path.path.rsplit("::").next() == Some("Pin")
        && matches!(
            first_type_arg(path),
            Some(Type::BorrowedRef { is_mutable: true, type_, .. })
                if matches!(&**type_, Type::Generic(name) if name == "Self")
        )
}

/// `<C, 'a>`: the parameters of `generics` as arguments.
fn args_of(generics: &Generics) -> String {
    let args: Vec<&str> = generics.params.iter().map(|p| p.name.as_str()).collect();
    if args.is_empty() {
        String::new()
    } else {
        format!("<{}>", args.join(", "))
    }
}

struct Reader<'a> {
    krate: &'a Crate,
    request: &'a Request<'a>,
    /// The public path of each item of the documented crate reachable from
    /// its root, shortest first found.
    public: HashMap<Id, Vec<String>>,
    /// Another crate's modules the documented crate re-exports
    /// (`amq_protocol_types` as `lapin::types`): their path, and ours.
    foreign_modules: Vec<(String, String)>,
    /// Per other crate, the public path of each of its items by the path
    /// that defines it; `None` when its JSON could not be had.
    foreign_public: RefCell<HashMap<String, Option<Rc<ForeignPaths>>>>,
    /// The type is `Unpin` whatever its parameters: a `Pin<&mut Self>`
    /// receiver can be forwarded through `Pin::new`.
    unpin: bool,
}

/// Why a method cannot be generated.
type LeftOut = String;

impl<'a> Reader<'a> {
    fn new(krate: &'a Crate, request: &'a Request<'a>) -> Reader<'a> {
        let walk = PublicPaths::walk(krate, request.crate_name);
        Reader {
            krate,
            request,
            public: walk.public,
            foreign_modules: walk.foreign_modules,
            foreign_public: RefCell::new(HashMap::new()),
            unpin: false,
        }
    }

    fn find_type(&self, wanted: &str) -> Result<Id, Error> {
        let is_type = |id: &Id| {
            matches!(
                self.krate.index.get(id).map(|i| i.inner.item_kind()),
                Some(ItemKind::Struct | ItemKind::Enum | ItemKind::Union)
            )
        };
        let mut types: Vec<(&Id, String)> = self
            .public
            .iter()
            .filter(|(id, _)| is_type(id))
            .map(|(id, path)| (id, path.join("::")))
            .collect();
        types.sort_by(|a, b| a.1.cmp(&b.1));
        if let Some((id, _)) = types.iter().find(|(_, path)| path == wanted) {
            return Ok(**id);
        }
        let names: Vec<String> = types.into_iter().map(|(_, path)| path).collect();
        Err(Error::TypeNotFound {
            path: wanted.to_owned(),
            closest: closest(wanted, &names),
        })
    }

    /// The public path of an item, as the user's crate can write it; `None`
    /// for an item of the documented crate that is not public.
    pub(super) fn path_of(&self, id: Id) -> Option<String> {
        if let Some(path) = self.public.get(&id) {
            return Some(path.join("::"));
        }
        let summary = self.krate.paths.get(&id)?;
        if summary.crate_id == 0 {
            return None;
        }
        let defined = standard_library_path(&summary.path);
        if defined.starts_with("std::") {
            return Some(defined);
        }
        Some(self.foreign_path(&defined))
    }

    /// Another crate's item, named by a path the user's crate can write: its
    /// public path in its own crate (`bytes::Bytes`, not the defining
    /// `bytes::bytes::Bytes`), or through the documented crate's re-export
    /// of that crate (`tokio_postgres::types::ToSql`) when the user's
    /// package does not depend on it.
    fn foreign_path(&self, defined: &str) -> String {
        let krate = defined.split("::").next().unwrap_or_default();
        let known = self.foreign_public(krate);
        let public: Vec<&str> = known
            .as_deref()
            .and_then(|paths| paths.get(defined))
            .map(|paths| paths.iter().map(String::as_str).collect())
            .unwrap_or_default();
        if !self.request.dependencies.iter().any(|d| d == krate) {
            for (module, ours) in &self.foreign_modules {
                // Any of the item's public paths through the re-exported
                // module; without that crate's JSON, only an item the module
                // defines itself (a deeper defining path may be private).
                let through = public
                    .iter()
                    .find_map(|path| path.strip_prefix(module.as_str()));
                let through = through.or_else(|| {
                    let rest = defined.strip_prefix(module.as_str())?;
                    (known.is_none() && rest.matches("::").count() == 1).then_some(rest)
                });
                if let Some(rest) = through.filter(|rest| rest.starts_with("::")) {
                    return format!("{ours}{rest}");
                }
            }
        }
        public.first().copied().unwrap_or(defined).to_owned()
    }

    fn foreign_public(&self, krate: &str) -> Option<Rc<ForeignPaths>> {
        self.foreign_public
            .borrow_mut()
            .entry(krate.to_owned())
            .or_insert_with(|| (self.request.public_paths_of)(krate).map(Rc::new))
            .clone()
    }

    /// The block of `imp`'s methods; with the reason and the entries back
    /// when its generic parameters, bounds or the type's arguments cannot be
    /// written.
    fn block(
        &self,
        trait_path: Option<String>,
        imp: &Impl,
        entries: Vec<Entry>,
    ) -> Result<Block, (String, Vec<Entry>)> {
        let written = self.generics(&imp.generics).and_then(|generics| {
            let type_args = match &imp.for_ {
                Type::ResolvedPath(path) => match path.args.as_deref() {
                    Some(args) => self.generic_args(args, Place::Type)?,
                    None => String::new(),
                },
                _ => String::new(),
            };
            Ok((generics, type_args))
        });
        let ((generic_params, where_clause), type_args) = match written {
            Ok(written) => written,
            Err(why) => return Err((why, entries)),
        };
        Ok(Block {
            trait_path,
            via_deref: None,
            generic_params,
            where_clause,
            type_args,
            entries,
        })
    }

    fn entry(&self, item: &Item, type_id: Id, owner: Owner<'_>) -> Entry {
        let name = item.name.clone().unwrap_or_default();
        match self.method(item, type_id, owner) {
            Ok(method) => Entry::Method(method),
            Err(reason) => Entry::LeftOut { name, reason },
        }
    }

    fn method(&self, item: &Item, type_id: Id, owner: Owner<'_>) -> Result<Method, LeftOut> {
        let in_trait = matches!(owner, Owner::Trait(_));
        let ItemEnum::Function(function) = &item.inner else {
            return Err("not a function".into());
        };
        let name = item.name.clone().unwrap_or_default();
        if let Some(deprecation) = &item.deprecation {
            return Err(match &deprecation.note {
                Some(note) => format!("is deprecated: {note}"),
                None => "is deprecated".into(),
            });
        }
        if !in_trait && self.request.except.contains(&name) {
            return Err("written by hand beside this file (`--except`)".into());
        }
        if is_hidden(item) && !in_trait {
            return Err("is `#[doc(hidden)]`: not part of the public API".into());
        }
        if !in_trait && DERIVED.contains(&name.as_str()) {
            return Err(format!(
                "its name is taken by `#[derive(InstrumentProxy)]` (`{name}`), which wraps and unwraps the client: call it on the client and wrap the result (`Wrapper::from(client)`)"
            ));
        }
        let header = &function.header;
        if !matches!(header.abi, rustdoc_types_57::Abi::Rust) {
            return Err("has a foreign ABI".into());
        }
        if function.sig.is_c_variadic {
            return Err("is variadic".into());
        }
        // Checked after the parameters and the result, whose reasons say
        // more about why a method cannot be forwarded.
        let generics = self.generics(&function.generics);
        let mut inputs = Vec::new();
        let mut arguments = Vec::new();
        let mut pinned = false;
        for (index, (arg, ty)) in function.sig.inputs.iter().enumerate() {
            if index == 0 && arg == "self" {
                match self.receiver(ty) {
                    Ok(receiver) => inputs.push(receiver),
                    // `self: Pin<&mut Self>` (`AsyncRead::poll_read`) is
                    // forwarded through `Pin::new` when the client is
                    // `Unpin`, untraced: a span per poll is noise.
                    Err(_) if self.unpin && is_pinned_self(ty) && owner != Owner::Deref => {
                        inputs.push("self: std::pin::Pin<&mut Self>".into());
                        pinned = true;
                    }
                    Err(why) => {
                        return Err(if is_pinned_self(ty) {
                            format!(
                                "{why}; it is forwarded only for a client that is always `Unpin`"
                            )
                        } else {
                            why
                        })
                    }
                }
                continue;
            }
            let arg = if is_identifier(arg) {
                arg.clone()
            } else {
                format!("arg{index}")
            };
            let ty = self
                .ty(ty, Place::Argument)
                .map_err(|why| format!("its parameter `{arg}` {why}"))?;
            inputs.push(format!("{arg}: {ty}"));
            arguments.push(arg);
        }
        let output = match &function.sig.output {
            None => String::new(),
            Some(ty) => {
                let ty = self
                    .return_type(ty, type_id)
                    .map_err(|why| format!("its return type {why}"))?;
                format!(" -> {ty}")
            }
        };
        // A method that only builds a request (`reqwest::Client::get`
        // returns a builder whose `send` makes the call) would get a span
        // that ends before anything is sent: it is forwarded untraced.
        let builder = function
            .sig
            .output
            .as_ref()
            .and_then(|ty| self.builder_call(ty));
        let body = if pinned {
            if header.is_async || !function.generics.params.is_empty() {
                return Err("takes `self: Pin<&mut Self>` and is async or generic; forward it by hand through `Pin::new(self.get_mut().inner_mut())`".into());
            }
            let callee = match owner {
                Owner::Trait(path) => format!("<{} as {path}>::{name}", self.request.type_path),
                _ => format!("{}::{name}", self.request.type_path),
            };
            let mut call = vec!["std::pin::Pin::new(self.get_mut().inner_mut())".to_owned()];
            call.extend(arguments);
            Some(format!("{{ {callee}({}) }}", call.join(", ")))
        } else {
            None
        };
        let marker = match builder {
            _ if pinned => Some("skip"),
            Some(_) => Some("skip"),
            None => function
                .sig
                .output
                .as_ref()
                .and_then(|ty| self.future_alias(ty)),
        };
        let (generic_params, where_clause) = generics?;
        let asyncness = if header.is_async { "async " } else { "" };
        let unsafety = if header.is_unsafe { "unsafe " } else { "" };
        Ok(Method {
            name: name.clone(),
            signature: format!(
                "{asyncness}{unsafety}fn {name}{generic_params}({}){output}{where_clause}",
                inputs.join(", ")
            ),
            marker,
            builds_for: builder,
            body,
        })
    }

    fn receiver(&self, ty: &Type) -> Result<String, LeftOut> {
        match ty {
            Type::Generic(name) if name == "Self" => Ok("self".into()),
            Type::BorrowedRef {
                lifetime,
                is_mutable,
                type_,
            } if matches!(&**type_, Type::Generic(name) if name == "Self") => {
                let lifetime = lifetime
                    .as_ref()
                    .map(|l| format!("{l} "))
                    .unwrap_or_default();
                let mutability = if *is_mutable { "mut " } else { "" };
                Ok(format!("&{lifetime}{mutability}self"))
            }
            other => Err(format!(
                "takes `self: {}`; a forwarded method takes `self`, `&self` or `&mut self`",
                self.ty(other, Place::Type).unwrap_or_else(|_| "..".into())
            )),
        }
    }

    /// A return type: `Self` is allowed alone and as the first argument of a
    /// `Result` or `Option` (forwarding converts those), and the type itself
    /// is written `Self` there, so that a constructor returns the wrapper.
    fn return_type(&self, ty: &Type, type_id: Id) -> Result<String, String> {
        // The type with other arguments than `Self`'s (`Transaction<'_>`
        // returned by `Transaction<'a>::transaction`) is another type:
        // forwarding cannot make it the wrapper.
        if let Some(path) = self.the_type_otherwise(ty, type_id) {
            return Err(format!(
                "is `{path}`, the type with other generic arguments than the wrapped one's: call it on the wrapped type (through `inner()`) and wrap what it returns"
            ));
        }
        let is_the_type = |ty: &Type| match ty {
            Type::Generic(name) => name == "Self",
            Type::ResolvedPath(path) => path.id == type_id,
            _ => false,
        };
        if is_the_type(ty) {
            return Ok("Self".into());
        }
        if let Type::ResolvedPath(path) = ty {
            let name = self.path_of(path.id).unwrap_or_default();
            let last = name.rsplit("::").next().unwrap_or_default();
            if last.ends_with("Result") || last == "Option" {
                if let Some(GenericArgs::AngleBracketed { args, constraints }) =
                    path.args.as_deref()
                {
                    if let Some(GenericArg::Type(first)) = args.first() {
                        if is_the_type(first) && constraints.is_empty() {
                            let rest = args[1..]
                                .iter()
                                .map(|arg| self.generic_arg(arg, Place::Return))
                                .collect::<Result<Vec<_>, _>>()?;
                            let mut all = vec!["Self".to_owned()];
                            all.extend(rest);
                            return Ok(format!("{name}<{}>", all.join(", ")));
                        }
                    }
                }
            }
        }
        self.ty(ty, Place::Return)
    }

    /// `ty` written as the type itself (or first in a `Result` / `Option`)
    /// with arguments other than its own parameters, as written.
    fn the_type_otherwise(&self, ty: &Type, type_id: Id) -> Option<String> {
        let Type::ResolvedPath(path) = ty else {
            return None;
        };
        if path.id != type_id {
            let name = self.path_of(path.id).unwrap_or_default();
            let last = name.rsplit("::").next().unwrap_or_default();
            if !(last.ends_with("Result") || last == "Option") {
                return None;
            }
            let Some(GenericArgs::AngleBracketed { args, .. }) = path.args.as_deref() else {
                return None;
            };
            return match args.first() {
                Some(GenericArg::Type(first)) => self.the_type_otherwise(first, type_id),
                _ => None,
            };
        }
        let own: Vec<&str> = match &self.krate.index.get(&type_id)?.inner {
            ItemEnum::Struct(s) => &s.generics,
            ItemEnum::Enum(e) => &e.generics,
            ItemEnum::Union(u) => &u.generics,
            _ => return None,
        }
        .params
        .iter()
        .map(|param| param.name.as_str())
        .collect();
        let written: Vec<String> = match path.args.as_deref() {
            None => Vec::new(),
            Some(GenericArgs::AngleBracketed { args, .. }) => args
                .iter()
                .map(|arg| match arg {
                    GenericArg::Lifetime(lifetime) => lifetime.clone(),
                    GenericArg::Type(Type::Generic(name)) => name.clone(),
                    _ => String::new(),
                })
                .collect(),
            Some(_) => return None,
        };
        // No arguments written: rustdoc leaves elided ones out only where
        // the type has none.
        if written.is_empty() || written.iter().map(String::as_str).eq(own.iter().copied()) {
            return None;
        }
        Some(
            self.ty(ty, Place::Type)
                .unwrap_or_else(|_| path.path.clone()),
        )
    }

    /// `future` / `stream` for an alias (of an alias...) of
    /// `Pin<Box<dyn Future ...>>`, `BoxFuture` or their stream counterparts,
    /// which the macro cannot see through.
    fn future_alias(&self, ty: &Type) -> Option<&'static str> {
        let Type::ResolvedPath(path) = ty else {
            return None;
        };
        let ItemEnum::TypeAlias(alias) = &self.krate.index.get(&path.id)?.inner else {
            return None;
        };
        self.future_type(&alias.type_)
    }

    /// `send` (or `execute`) when `ty` is a builder of the documented crate
    /// whose own method of that name, taking it by value, makes the call.
    fn builder_call(&self, ty: &Type) -> Option<&'static str> {
        let Type::ResolvedPath(path) = ty else {
            return None;
        };
        let ItemEnum::Struct(builder) = &self.krate.index.get(&path.id)?.inner else {
            return None;
        };
        let methods = builder
            .impls
            .iter()
            .filter_map(|id| match &self.krate.index.get(id)?.inner {
                ItemEnum::Impl(imp) if imp.trait_.is_none() => Some(&imp.items),
                _ => None,
            })
            .flatten()
            .filter_map(|id| self.krate.index.get(id));
        for method in methods {
            let (Some(name), ItemEnum::Function(function)) = (&method.name, &method.inner) else {
                continue;
            };
            let by_value = function.sig.inputs.first().is_some_and(|(arg, ty)| {
                arg == "self" && matches!(ty, Type::Generic(s) if s == "Self")
            });
            match name.as_str() {
                "send" if by_value => return Some("send"),
                "execute" if by_value => return Some("execute"),
                _ => {}
            }
        }
        None
    }

    fn future_type(&self, ty: &Type) -> Option<&'static str> {
        let Type::ResolvedPath(path) = ty else {
            return None;
        };
        match path.path.rsplit("::").next()? {
            "BoxFuture" | "LocalBoxFuture" => return Some("future"),
            "BoxStream" | "LocalBoxStream" => return Some("stream"),
            "Pin" => {}
            _ => return self.future_alias(ty),
        }
        let Type::ResolvedPath(boxed) = first_type_arg(path)? else {
            return None;
        };
        let Type::DynTrait(object) = first_type_arg(boxed)? else {
            return None;
        };
        object
            .traits
            .iter()
            .find_map(|t| match t.trait_.path.rsplit("::").next()? {
                "Future" => Some("future"),
                "Stream" => Some("stream"),
                _ => None,
            })
    }
}
