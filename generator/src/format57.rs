//! rustdoc JSON format 57 (rustdoc-types 0.57) into the [`Api`] model.
//!
//! Paths are public paths: items of the documented crate are named by the
//! shortest path through public modules and re-exports from its root (never
//! the private module that defines them), other crates' items by rustdoc's
//! own summary, with `core` and `alloc` written as `std`.

use std::collections::{HashMap, HashSet, VecDeque};

use rustdoc_types_57::{
    Crate, FunctionPointer, FunctionSignature, GenericArg, GenericArgs, GenericBound,
    GenericParamDef, GenericParamDefKind, Generics, Id, Impl, Item, ItemEnum, ItemKind, Path,
    PreciseCapturingArg, Term, TraitBoundModifier, Type, Visibility, WherePredicate,
};

use crate::api::{Api, Block, Entry, Method};
use crate::{closest, Error, Request};

/// Names of methods the derive gives the wrapper: forwarding one would clash.
const DERIVED: &[&str] = &["new", "inner", "inner_mut", "into_inner", "from"];

pub(crate) fn api(krate: &Crate, request: &Request<'_>) -> Result<Api, Error> {
    let reader = Reader::new(krate, request);
    let type_id = reader.find_type(request.type_path)?;
    let item = &krate.index[&type_id];
    let (generics, impls) = match &item.inner {
        ItemEnum::Struct(s) => (&s.generics, &s.impls),
        ItemEnum::Enum(e) => (&e.generics, &e.impls),
        ItemEnum::Union(u) => (&u.generics, &u.impls),
        _ => unreachable!("find_type returns types"),
    };
    let impls: Vec<&Impl> = impls
        .iter()
        .filter_map(|id| match &krate.index.get(id)?.inner {
            ItemEnum::Impl(i) if !i.is_negative && !i.is_synthetic => Some(i),
            _ => None,
        })
        .collect();

    let mut seen = HashSet::new();
    let mut inherent = Vec::new();
    for imp in impls.iter().filter(|i| i.trait_.is_none()) {
        let entries: Vec<Entry> = imp
            .items
            .iter()
            .filter_map(|id| krate.index.get(id))
            .filter(|item| matches!(item.visibility, Visibility::Public))
            .filter_map(|item| match &item.inner {
                ItemEnum::Function(_) if seen.insert(item.name.clone()) => {
                    Some(reader.entry(item, type_id, false))
                }
                _ => None,
            })
            .collect();
        if entries.is_empty() {
            continue;
        }
        inherent.push(reader.block(None, imp, entries));
    }

    let mut traits = Vec::new();
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
        let entries = definition
            .items
            .iter()
            .filter_map(|id| krate.index.get(id))
            .filter_map(|item| match &item.inner {
                ItemEnum::Function(_) => Some(reader.entry(item, type_id, true)),
                ItemEnum::AssocType { .. } | ItemEnum::AssocConst { .. } => Some(Entry::LeftOut {
                    name: item.name.clone().unwrap_or_default(),
                    reason: "is an associated type or constant; write this impl by hand".into(),
                }),
                _ => None,
            })
            .collect();
        let mut block = reader.block(Some(wanted.clone()), imp, entries);
        block.trait_path = Some(wanted.clone());
        traits.push(block);
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
    let (generic_params, _) = reader.generics(generics);
    let generic_args = args_of(generics);
    Ok(Api {
        package: request.package.to_owned(),
        version: request.version.to_owned(),
        type_path: request.type_path.to_owned(),
        generic_params,
        generic_args,
        derives,
        inherent,
        traits,
    })
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
}

/// Why a method cannot be generated.
type LeftOut = String;

impl<'a> Reader<'a> {
    fn new(krate: &'a Crate, request: &'a Request<'a>) -> Reader<'a> {
        let mut reader = Reader {
            krate,
            request,
            public: HashMap::new(),
        };
        reader.walk_public_modules();
        reader
    }

    /// Breadth first from the crate root through public modules and
    /// re-exports, so that each item gets its shortest public path.
    fn walk_public_modules(&mut self) {
        let mut queue =
            VecDeque::from([(self.krate.root, vec![self.request.crate_name.to_owned()])]);
        let mut visited = HashSet::new();
        while let Some((module_id, path)) = queue.pop_front() {
            if !visited.insert(module_id) {
                continue;
            }
            let Some(ItemEnum::Module(module)) = self.krate.index.get(&module_id).map(|i| &i.inner)
            else {
                continue;
            };
            for id in &module.items {
                let Some(item) = self.krate.index.get(id) else {
                    continue;
                };
                if !matches!(item.visibility, Visibility::Public) {
                    continue;
                }
                match &item.inner {
                    ItemEnum::Use(use_) => {
                        let Some(target) = use_.id else { continue };
                        if use_.is_glob {
                            queue.push_back((target, path.clone()));
                        } else {
                            let mut path = path.clone();
                            path.push(use_.name.clone());
                            self.public.entry(target).or_insert_with(|| path.clone());
                            queue.push_back((target, path));
                        }
                    }
                    _ => {
                        let Some(name) = &item.name else { continue };
                        let mut path = path.clone();
                        path.push(name.clone());
                        self.public.entry(*id).or_insert_with(|| path.clone());
                        if matches!(item.inner, ItemEnum::Module(_)) {
                            queue.push_back((*id, path));
                        }
                    }
                }
            }
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
    fn path_of(&self, id: Id) -> Option<String> {
        if let Some(path) = self.public.get(&id) {
            return Some(path.join("::"));
        }
        let summary = self.krate.paths.get(&id)?;
        if summary.crate_id == 0 {
            return None;
        }
        Some(standard_library_path(&summary.path))
    }

    fn block(&self, trait_path: Option<String>, imp: &Impl, entries: Vec<Entry>) -> Block {
        let (generic_params, where_clause) = self.generics(&imp.generics);
        let type_args = match &imp.for_ {
            Type::ResolvedPath(path) => path
                .args
                .as_deref()
                .map(|args| self.generic_args(args, Place::Type).unwrap_or_default())
                .unwrap_or_default(),
            _ => String::new(),
        };
        Block {
            trait_path,
            generic_params,
            where_clause,
            type_args,
            entries,
        }
    }

    fn entry(&self, item: &Item, type_id: Id, in_trait: bool) -> Entry {
        let name = item.name.clone().unwrap_or_default();
        match self.method(item, type_id, in_trait) {
            Ok(method) => Entry::Method(method),
            Err(reason) => Entry::LeftOut { name, reason },
        }
    }

    fn method(&self, item: &Item, type_id: Id, in_trait: bool) -> Result<Method, LeftOut> {
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
        let hidden = item.attrs.iter().any(|attr| {
            matches!(attr, rustdoc_types_57::Attribute::Other(text) if text.contains("doc(hidden)"))
        });
        if hidden && !in_trait {
            return Err("is `#[doc(hidden)]`: not part of the public API (a trait's hidden methods are generated: its impl needs them)".into());
        }
        if !in_trait && DERIVED.contains(&name.as_str()) {
            return Err(format!(
                "its name is taken by `#[derive(InstrumentProxy)]` (`{name}`), which wraps and unwraps the client"
            ));
        }
        let header = &function.header;
        if !matches!(header.abi, rustdoc_types_57::Abi::Rust) {
            return Err("has a foreign ABI".into());
        }
        if function.sig.is_c_variadic {
            return Err("is variadic".into());
        }
        let (generic_params, where_clause) = self.generics(&function.generics);
        let mut inputs = Vec::new();
        for (index, (arg, ty)) in function.sig.inputs.iter().enumerate() {
            if index == 0 && arg == "self" {
                inputs.push(self.receiver(ty)?);
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
        let marker = function
            .sig
            .output
            .as_ref()
            .and_then(|ty| self.future_alias(ty));
        let asyncness = if header.is_async { "async " } else { "" };
        let unsafety = if header.is_unsafe { "unsafe " } else { "" };
        Ok(Method {
            name: name.clone(),
            signature: format!(
                "{asyncness}{unsafety}fn {name}{generic_params}({}){output}{where_clause}",
                inputs.join(", ")
            ),
            marker,
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

    /// `<T: Bound, 'a>` and ` where T: Bound`, leaving out the parameters
    /// rustdoc makes for `impl Trait` arguments.
    fn generics(&self, generics: &Generics) -> (String, String) {
        let params: Vec<String> = generics
            .params
            .iter()
            .filter(|p| {
                !matches!(
                    p.kind,
                    GenericParamDefKind::Type {
                        is_synthetic: true,
                        ..
                    }
                )
            })
            .filter_map(|p| self.generic_param(p).ok())
            .collect();
        let params = if params.is_empty() {
            String::new()
        } else {
            format!("<{}>", params.join(", "))
        };
        let predicates: Vec<String> = generics
            .where_predicates
            .iter()
            .filter_map(|p| self.where_predicate(p).ok())
            .collect();
        let where_clause = if predicates.is_empty() {
            String::new()
        } else {
            format!(" where {}", predicates.join(", "))
        };
        (params, where_clause)
    }

    fn generic_param(&self, param: &GenericParamDef) -> Result<String, String> {
        Ok(match &param.kind {
            GenericParamDefKind::Lifetime { outlives } if outlives.is_empty() => param.name.clone(),
            GenericParamDefKind::Lifetime { outlives } => {
                format!("{}: {}", param.name, outlives.join(" + "))
            }
            GenericParamDefKind::Type {
                bounds, default, ..
            } => {
                let mut text = param.name.clone();
                if !bounds.is_empty() {
                    text.push_str(": ");
                    text.push_str(&self.bounds(bounds)?);
                }
                if let Some(default) = default {
                    text.push_str(" = ");
                    text.push_str(&self.ty(default, Place::Type)?);
                }
                text
            }
            GenericParamDefKind::Const { type_, default } => {
                let mut text = format!("const {}: {}", param.name, self.ty(type_, Place::Type)?);
                if let Some(default) = default {
                    text.push_str(" = ");
                    text.push_str(default);
                }
                text
            }
        })
    }

    fn where_predicate(&self, predicate: &WherePredicate) -> Result<String, String> {
        Ok(match predicate {
            WherePredicate::BoundPredicate {
                type_,
                bounds,
                generic_params,
            } => format!(
                "{}{}: {}",
                self.binder(generic_params)?,
                self.ty(type_, Place::Type)?,
                self.bounds(bounds)?
            ),
            WherePredicate::LifetimePredicate { lifetime, outlives } => {
                format!("{lifetime}: {}", outlives.join(" + "))
            }
            WherePredicate::EqPredicate { lhs, rhs } => {
                format!("{} = {}", self.ty(lhs, Place::Type)?, self.term(rhs)?)
            }
        })
    }

    /// `for<'a> ` for higher-ranked bounds.
    fn binder(&self, params: &[GenericParamDef]) -> Result<String, String> {
        if params.is_empty() {
            return Ok(String::new());
        }
        let params = params
            .iter()
            .map(|p| self.generic_param(p))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(format!("for<{}> ", params.join(", ")))
    }

    fn bounds(&self, bounds: &[GenericBound]) -> Result<String, String> {
        let bounds = bounds
            .iter()
            .map(|bound| {
                Ok(match bound {
                    GenericBound::TraitBound {
                        trait_,
                        generic_params,
                        modifier,
                    } => {
                        let modifier = match modifier {
                            TraitBoundModifier::None => "",
                            TraitBoundModifier::Maybe => "?",
                            TraitBoundModifier::MaybeConst => "~const ",
                        };
                        format!(
                            "{}{modifier}{}",
                            self.binder(generic_params)?,
                            self.path(trait_, Place::Type)?
                        )
                    }
                    GenericBound::Outlives(lifetime) => lifetime.clone(),
                    GenericBound::Use(args) => {
                        let args: Vec<&str> = args
                            .iter()
                            .map(|arg| match arg {
                                PreciseCapturingArg::Lifetime(l) => l.as_str(),
                                PreciseCapturingArg::Param(p) => p.as_str(),
                            })
                            .collect();
                        format!("use<{}>", args.join(", "))
                    }
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(bounds.join(" + "))
    }

    fn term(&self, term: &Term) -> Result<String, String> {
        match term {
            Term::Type(ty) => self.ty(ty, Place::Type),
            Term::Constant(constant) => Ok(constant.expr.clone()),
        }
    }

    fn path(&self, path: &Path, place: Place) -> Result<String, String> {
        let name = self
            .path_of(path.id)
            .ok_or_else(|| format!("names `{}`, which is not public", path.path))?;
        self.reachable(&name)?;
        let args = match path.args.as_deref() {
            Some(args) => self.generic_args(args, place)?,
            None => String::new(),
        };
        Ok(format!("{}{args}", prelude(&name)))
    }

    /// A path the user's crate can write: its first segment is `std`, the
    /// documented crate, or another crate the user's package depends on.
    fn reachable(&self, path: &str) -> Result<(), String> {
        let krate = path.split("::").next().unwrap_or_default();
        if krate == "std"
            || krate == self.request.crate_name
            || self.request.dependencies.iter().any(|d| d == krate)
        {
            Ok(())
        } else {
            Err(format!(
                "names `{path}`, from `{krate}`, which this package does not depend on (add it to [dependencies] to get this method)"
            ))
        }
    }

    fn generic_args(&self, args: &GenericArgs, place: Place) -> Result<String, String> {
        match args {
            GenericArgs::AngleBracketed { args, constraints } => {
                let mut all = args
                    .iter()
                    .map(|arg| self.generic_arg(arg, place))
                    .collect::<Result<Vec<_>, _>>()?;
                for constraint in constraints {
                    let args = match constraint.args.as_deref() {
                        Some(args) => self.generic_args(args, place)?,
                        None => String::new(),
                    };
                    all.push(match &constraint.binding {
                        rustdoc_types_57::AssocItemConstraintKind::Equality(term) => {
                            format!("{}{args} = {}", constraint.name, self.term(term)?)
                        }
                        rustdoc_types_57::AssocItemConstraintKind::Constraint(bounds) => {
                            format!("{}{args}: {}", constraint.name, self.bounds(bounds)?)
                        }
                    });
                }
                Ok(if all.is_empty() {
                    String::new()
                } else {
                    format!("<{}>", all.join(", "))
                })
            }
            GenericArgs::Parenthesized { inputs, output } => {
                let inputs = inputs
                    .iter()
                    .map(|ty| self.ty(ty, place))
                    .collect::<Result<Vec<_>, _>>()?;
                let output = match output {
                    Some(ty) => format!(" -> {}", self.ty(ty, place)?),
                    None => String::new(),
                };
                Ok(format!("({}){output}", inputs.join(", ")))
            }
            GenericArgs::ReturnTypeNotation => Ok("(..)".into()),
        }
    }

    fn generic_arg(&self, arg: &GenericArg, place: Place) -> Result<String, String> {
        match arg {
            GenericArg::Lifetime(lifetime) => Ok(lifetime.clone()),
            GenericArg::Type(ty) => self.ty(ty, place),
            GenericArg::Const(constant) => Ok(constant.expr.clone()),
            GenericArg::Infer => Ok("_".into()),
        }
    }

    fn ty(&self, ty: &Type, place: Place) -> Result<String, String> {
        Ok(match ty {
            Type::ResolvedPath(path) => self.path(path, place)?,
            Type::DynTrait(object) => {
                let mut parts = object
                    .traits
                    .iter()
                    .map(|t| {
                        Ok(format!(
                            "{}{}",
                            self.binder(&t.generic_params)?,
                            self.path(&t.trait_, place)?
                        ))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                parts.extend(object.lifetime.clone());
                format!("dyn {}", parts.join(" + "))
            }
            Type::Generic(name) if name == "Self" && place != Place::Type => {
                return Err(match place {
                    Place::Argument => {
                        "takes `Self`, and the inner client's method wants its own type".into()
                    }
                    _ => "holds `Self` where forwarding cannot convert the inner client's result"
                        .into(),
                })
            }
            Type::Generic(name) | Type::Primitive(name) => name.clone(),
            Type::FunctionPointer(pointer) => self.function_pointer(pointer, place)?,
            Type::Tuple(types) => {
                let types = types
                    .iter()
                    .map(|t| self.ty(t, place))
                    .collect::<Result<Vec<_>, _>>()?;
                match types.as_slice() {
                    [one] => format!("({one},)"),
                    _ => format!("({})", types.join(", ")),
                }
            }
            Type::Slice(ty) => format!("[{}]", self.ty(ty, place)?),
            Type::Array { type_, len } => format!("[{}; {len}]", self.ty(type_, place)?),
            Type::Pat { .. } => return Err("uses a pattern type".into()),
            Type::ImplTrait(bounds) => format!("impl {}", self.bounds(bounds)?),
            Type::Infer => "_".into(),
            Type::RawPointer { is_mutable, type_ } => format!(
                "*{} {}",
                if *is_mutable { "mut" } else { "const" },
                self.ty(type_, place)?
            ),
            Type::BorrowedRef {
                lifetime,
                is_mutable,
                type_,
            } => format!(
                "&{}{}{}",
                lifetime
                    .as_ref()
                    .map(|l| format!("{l} "))
                    .unwrap_or_default(),
                if *is_mutable { "mut " } else { "" },
                self.ty(type_, place)?
            ),
            Type::QualifiedPath {
                name,
                args,
                self_type,
                trait_,
            } => {
                let args = match args.as_deref() {
                    Some(args) => self.generic_args(args, place)?,
                    None => String::new(),
                };
                let self_type = self.ty(self_type, Place::Type)?;
                match trait_ {
                    Some(trait_) => format!(
                        "<{self_type} as {}>::{name}{args}",
                        self.path(trait_, Place::Type)?
                    ),
                    None => format!("{self_type}::{name}{args}"),
                }
            }
        })
    }

    fn function_pointer(&self, pointer: &FunctionPointer, place: Place) -> Result<String, String> {
        let FunctionSignature { inputs, output, .. } = &pointer.sig;
        let inputs = inputs
            .iter()
            .map(|(_, ty)| self.ty(ty, place))
            .collect::<Result<Vec<_>, _>>()?;
        let output = match output {
            Some(ty) => format!(" -> {}", self.ty(ty, place)?),
            None => String::new(),
        };
        let unsafety = if pointer.header.is_unsafe {
            "unsafe "
        } else {
            ""
        };
        Ok(format!(
            "{}{unsafety}fn({}){output}",
            self.binder(&pointer.generic_params)?,
            inputs.join(", ")
        ))
    }
}

fn first_type_arg(path: &Path) -> Option<&Type> {
    match path.args.as_deref()? {
        GenericArgs::AngleBracketed { args, .. } => args.iter().find_map(|arg| match arg {
            GenericArg::Type(ty) => Some(ty),
            _ => None,
        }),
        _ => None,
    }
}

/// Where a type is written, which decides what `Self` may mean there.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A bound, a where clause, a qualified path's self type: `Self` is fine.
    Type,
    Argument,
    Return,
}

/// rustdoc names other crates' items by where they are defined, which for
/// the standard library is often a private module
/// (`core::iter::traits::collect::IntoIterator`). Its public facade is
/// `std::<module>::<Name>` (`std::os::<os>::<module>::<Name>` under `os`);
/// other crates' paths are kept as rustdoc gives them.
fn standard_library_path(path: &[String]) -> String {
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

/// The prelude's items by their short names.
fn prelude(path: &str) -> &str {
    match path {
        "std::option::Option" => "Option",
        "std::result::Result" => "Result",
        "std::string::String" => "String",
        "std::vec::Vec" => "Vec",
        "std::boxed::Box" => "Box",
        "std::convert::Into" => "Into",
        "std::convert::From" => "From",
        "std::convert::AsRef" => "AsRef",
        "std::convert::AsMut" => "AsMut",
        "std::iter::IntoIterator" => "IntoIterator",
        "std::iter::Iterator" => "Iterator",
        "std::ops::Fn" => "Fn",
        "std::ops::FnMut" => "FnMut",
        "std::ops::FnOnce" => "FnOnce",
        "std::marker::Send" => "Send",
        "std::marker::Sync" => "Sync",
        "std::marker::Sized" => "Sized",
        "std::marker::Unpin" => "Unpin",
        "std::clone::Clone" => "Clone",
        "std::default::Default" => "Default",
        "std::string::ToString" => "ToString",
        other => other,
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && name != "_"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str) -> Vec<String> {
        text.split("::").map(str::to_owned).collect()
    }

    #[test]
    fn standard_library_items_are_named_by_their_public_facade() {
        for (defined, public) in [
            (
                "core::iter::traits::collect::IntoIterator",
                "std::iter::IntoIterator",
            ),
            ("core::future::future::Future", "std::future::Future"),
            ("alloc::string::String", "std::string::String"),
            (
                "std::collections::hash::map::HashMap",
                "std::collections::HashMap",
            ),
            ("core::time::Duration", "std::time::Duration"),
            (
                "std::os::unix::net::stream::UnixStream",
                "std::os::unix::net::UnixStream",
            ),
            ("redis::types::Value", "redis::types::Value"),
        ] {
            assert_eq!(standard_library_path(&path(defined)), public);
        }
        assert_eq!(prelude("std::iter::IntoIterator"), "IntoIterator");
    }
}
