//! The command line: `cargo instrument-proxy generate <crate::path::Type> ...`.

use std::path::PathBuf;

use crate::error::Error;

/// What to generate, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generate {
    /// `crate::path::Type`, as the user writes it.
    pub type_path: String,
    /// The wrapper's name.
    pub name: String,
    /// Traits to forward, as paths.
    pub traits: Vec<String>,
    pub out: Option<PathBuf>,
    pub check: bool,
    /// Only the impl blocks: the user's wrapper struct exists.
    pub impl_only: bool,
    /// Leave out the methods of the type's `Deref` target.
    pub no_deref: bool,
    /// Inherent methods written by hand beside the generated file: left
    /// out, saying so.
    pub except: Vec<String>,
    pub manifest_path: Option<PathBuf>,
    pub target_dir: Option<PathBuf>,
}

impl Generate {
    /// Reads the arguments after the program name (cargo passes the
    /// subcommand's name, `instrument-proxy`, first).
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Result<Generate, Error> {
        let mut args = args.into_iter().peekable();
        if args.peek().map(String::as_str) == Some("instrument-proxy") {
            args.next();
        }
        match args.next().as_deref() {
            Some("generate") => {}
            Some(other) => return Err(Error::Usage(format!("unknown command `{other}`"))),
            None => return Err(Error::Usage("no command given".into())),
        }
        let mut type_path = None;
        let mut name = None;
        let mut traits = Vec::new();
        let mut out = None;
        let mut check = false;
        let mut impl_only = false;
        let mut no_deref = false;
        let mut except = Vec::new();
        let mut manifest_path = None;
        let mut target_dir = None;
        while let Some(arg) = args.next() {
            let mut value = |flag: &str| {
                args.next()
                    .ok_or_else(|| Error::Usage(format!("`{flag}` needs a value")))
            };
            match arg.as_str() {
                "--name" => name = Some(value("--name")?),
                "--trait" => traits.push(value("--trait")?),
                "--out" => out = Some(PathBuf::from(value("--out")?)),
                "--manifest-path" => manifest_path = Some(PathBuf::from(value("--manifest-path")?)),
                "--target-dir" => target_dir = Some(PathBuf::from(value("--target-dir")?)),
                "--check" => check = true,
                "--impl-only" => impl_only = true,
                "--no-deref" => no_deref = true,
                "--except" => except.extend(
                    value("--except")?
                        .split(',')
                        .map(str::trim)
                        .filter(|name| !name.is_empty())
                        .map(str::to_owned),
                ),
                flag if flag.starts_with('-') => {
                    return Err(Error::Usage(format!("unknown option `{flag}`")))
                }
                path if type_path.is_none() => type_path = Some(path.to_owned()),
                extra => return Err(Error::Usage(format!("unexpected argument `{extra}`"))),
            }
        }
        let type_path = type_path
            .ok_or_else(|| Error::Usage("give the type's path: `crate::path::Type`".into()))?;
        if !type_path.contains("::") {
            return Err(Error::Usage(format!(
                "`{type_path}` has no crate: write the path the dependency's users write, such as `redis::Client`"
            )));
        }
        if check && out.is_none() {
            return Err(Error::Usage(
                "`--check` compares with the file named by `--out`".into(),
            ));
        }
        let name = name.unwrap_or_else(|| {
            let last = type_path.rsplit("::").next().unwrap_or(&type_path);
            format!("Traced{last}")
        });
        Ok(Generate {
            type_path,
            name,
            traits,
            out,
            check,
            impl_only,
            no_deref,
            except,
            manifest_path,
            target_dir,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<Generate, Error> {
        Generate::from_args(line.split_whitespace().map(str::to_owned))
    }

    #[test]
    fn arguments_after_the_cargo_subcommand_name_are_read() {
        let generate = parse(
            "instrument-proxy generate redis::aio::MultiplexedConnection --trait redis::aio::ConnectionLike --out src/traced.rs --check",
        )
        .unwrap();
        assert_eq!(generate.type_path, "redis::aio::MultiplexedConnection");
        assert_eq!(generate.name, "TracedMultiplexedConnection");
        assert_eq!(generate.traits, ["redis::aio::ConnectionLike"]);
        assert!(generate.check);
    }

    #[test]
    fn misuse_is_an_error_with_the_usage() {
        for line in [
            "generate",
            "generate Client",
            "generate a::B --bogus",
            "generate a::B --name",
            "generate a::B --check",
            "publish a::B",
        ] {
            let error = parse(line).unwrap_err().to_string();
            assert!(error.contains("usage:"), "{line}: {error}");
        }
    }
}
