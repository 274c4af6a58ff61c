//! Types, bounds, generics and paths of format 57 written as Rust source,
//! with the public paths the generated file can name.

use rustdoc_types_57::{
    FunctionPointer, FunctionSignature, GenericArg, GenericArgs, GenericBound, GenericParamDef,
    GenericParamDefKind, Generics, Path, PreciseCapturingArg, Term, TraitBoundModifier, Type,
    WherePredicate,
};

use super::Reader;

impl Reader<'_> {
    /// `<T: Bound, 'a>` and ` where T: Bound`, leaving out the parameters
    /// rustdoc makes for `impl Trait` arguments. A parameter or predicate
    /// that cannot be written (a bound from a crate the package does not
    /// depend on) is an error saying why: dropping it would leave a
    /// signature that names an undeclared parameter.
    pub(super) fn generics(&self, generics: &Generics) -> Result<(String, String), String> {
        let mut params = Vec::new();
        for param in generics.params.iter().filter(|p| {
            !matches!(
                p.kind,
                GenericParamDefKind::Type {
                    is_synthetic: true,
                    ..
                }
            )
        }) {
            let written = self
                .generic_param(param)
                .map_err(|why| format!("its generic parameter `{}` {why}", param.name))?;
            params.push(written);
        }
        let params = if params.is_empty() {
            String::new()
        } else {
            format!("<{}>", params.join(", "))
        };
        let mut predicates = Vec::new();
        for predicate in &generics.where_predicates {
            let written = self
                .where_predicate(predicate)
                .map_err(|why| format!("its where clause {why}"))?;
            predicates.push(written);
        }
        let where_clause = if predicates.is_empty() {
            String::new()
        } else {
            format!(" where {}", predicates.join(", "))
        };
        Ok((params, where_clause))
    }

    pub(super) fn generic_param(&self, param: &GenericParamDef) -> Result<String, String> {
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

    pub(super) fn where_predicate(&self, predicate: &WherePredicate) -> Result<String, String> {
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
    pub(super) fn binder(&self, params: &[GenericParamDef]) -> Result<String, String> {
        if params.is_empty() {
            return Ok(String::new());
        }
        let params = params
            .iter()
            .map(|p| self.generic_param(p))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(format!("for<{}> ", params.join(", ")))
    }

    pub(super) fn bounds(&self, bounds: &[GenericBound]) -> Result<String, String> {
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

    pub(super) fn term(&self, term: &Term) -> Result<String, String> {
        match term {
            Term::Type(ty) => self.ty(ty, Place::Type),
            Term::Constant(constant) => Ok(constant.expr.clone()),
        }
    }

    pub(super) fn path(&self, path: &Path, place: Place) -> Result<String, String> {
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
    pub(super) fn reachable(&self, path: &str) -> Result<(), String> {
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

    pub(super) fn generic_args(&self, args: &GenericArgs, place: Place) -> Result<String, String> {
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

    pub(super) fn generic_arg(&self, arg: &GenericArg, place: Place) -> Result<String, String> {
        match arg {
            GenericArg::Lifetime(lifetime) => Ok(lifetime.clone()),
            GenericArg::Type(ty) => self.ty(ty, place),
            GenericArg::Const(constant) => Ok(constant.expr.clone()),
            GenericArg::Infer => Ok("_".into()),
        }
    }

    pub(super) fn ty(&self, ty: &Type, place: Place) -> Result<String, String> {
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
                    _ => "holds `Self` where forwarding cannot convert the inner client's result; call it on the wrapped type (through `inner()` for a method) and wrap the clients it returns (`Wrapper::from`)"
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
                self.pointee(type_, place)?
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
                self.pointee(type_, place)?
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

    /// What a reference or pointer points to: `dyn A + B` and `impl A + B`
    /// are parenthesised there (`&(dyn ToSql + Sync)`), or `+` would bind to
    /// the reference.
    fn pointee(&self, ty: &Type, place: Place) -> Result<String, String> {
        let written = self.ty(ty, place)?;
        let several = match ty {
            Type::DynTrait(object) => {
                object.traits.len() + usize::from(object.lifetime.is_some()) > 1
            }
            Type::ImplTrait(bounds) => bounds.len() > 1,
            _ => false,
        };
        Ok(if several {
            format!("({written})")
        } else {
            written
        })
    }

    pub(super) fn function_pointer(
        &self,
        pointer: &FunctionPointer,
        place: Place,
    ) -> Result<String, String> {
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

pub(super) fn first_type_arg(path: &Path) -> Option<&Type> {
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
pub(super) enum Place {
    /// A bound, a where clause, a qualified path's self type: `Self` is fine.
    Type,
    Argument,
    Return,
}

/// The prelude's items by their short names.
pub(super) fn prelude(path: &str) -> &str {
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

pub(super) fn is_identifier(name: &str) -> bool {
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
            assert_eq!(
                super::super::paths::standard_library_path(&path(defined)),
                public
            );
        }
        assert_eq!(prelude("std::iter::IntoIterator"), "IntoIterator");
    }
}
