//! What can go wrong, each with what the user can do about it.

use std::fmt;

/// The command line's usage, shown after every usage error.
pub(crate) const USAGE: &str = "\
usage: cargo instrument-proxy generate <crate::path::Type> [options]

options:
  --name <Wrapper>         the wrapper's name (default: Traced<Type>)
  --trait <path::Trait>    also forward this trait the type implements (repeatable)
  --impl-only              the wrapper exists (its struct and derive are yours): write the
                           impl blocks only; --name may carry generic arguments
  --no-deref               leave out the methods the type reaches through `Deref`
  --except <a,b>           leave out these methods: written by hand beside the file (repeatable)
  --out <file.rs>          write here (default: standard output); kept options are read from it
  --check                  regenerate in memory; exit 1 with a diff when --out is stale
  --manifest-path <path>   the package whose dependency the type is in (default: ./Cargo.toml)
  --target-dir <dir>       where to build the rustdoc JSON (default: the package's target directory)";

/// An error the user can act on.
#[derive(Debug)]
pub enum Error {
    /// The command line could not be read.
    Usage(String),
    /// `cargo metadata` failed.
    Metadata(String),
    /// The first segment of the type's path names no dependency.
    NotADependency {
        krate: String,
        dependencies: Vec<String>,
    },
    /// `cargo rustdoc` could not build the JSON.
    RustdocFailed { package: String, output: String },
    /// The JSON is of a format this tool cannot read.
    UnsupportedFormat {
        found: u32,
        supported: &'static [u32],
    },
    /// The JSON could not be read.
    Json(String),
    /// No public type at this path.
    TypeNotFound { path: String, closest: Vec<String> },
    /// `--except` names no public inherent method of the type.
    MethodNotFound {
        path: String,
        name: String,
        closest: Vec<String>,
    },
    /// No public trait at this path, or the type does not implement it.
    TraitNotFound { path: String, closest: Vec<String> },
    /// The type's own generic parameters cannot be written (a bound from a
    /// crate the package does not depend on): no wrapper can be declared.
    UnwritableType { path: String, why: String },
    /// The generated code does not parse (a bug of the tool).
    Render(String),
    /// Reading or writing a file.
    Io(String),
    /// The file to regenerate does not parse: it is left as it is, since
    /// what the user kept in it cannot be read.
    Unparsable { path: String, message: String },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message) => write!(f, "{message}\n\n{}", USAGE),
            Error::Metadata(message) => write!(f, "`cargo metadata` failed: {message}"),
            Error::NotADependency {
                krate,
                dependencies,
            } => write!(
                f,
                "`{krate}` is not a dependency of this package; add it to [dependencies] first (dependencies: {})",
                dependencies.join(", ")
            ),
            Error::RustdocFailed { package, output } => write!(
                f,
                "could not build the rustdoc JSON of `{package}` (`cargo rustdoc` with RUSTC_BOOTSTRAP=1 and `--output-format json`); \
                 a Rust toolchain with rustdoc is needed, and the package must build:\n{output}"
            ),
            Error::UnsupportedFormat { found, supported } => write!(
                f,
                "the rustdoc JSON is in format version {found}, and this tool reads format{} {} ({}); \
                 install that toolchain (`rustup toolchain install {}`) and run the tool with it \
                 (`cargo +{} instrument-proxy generate ...`), or use a version of the tool made for your toolchain",
                if supported.len() == 1 { "" } else { "s" },
                supported.iter().map(u32::to_string).collect::<Vec<_>>().join(", "),
                supported.iter().map(|format| format!("written by Rust {}", toolchain_of(*format))).collect::<Vec<_>>().join(", "),
                supported.first().map_or("stable", |format| toolchain_of(*format)),
                supported.first().map_or("stable", |format| toolchain_of(*format)),
            ),
            Error::Json(message) => write!(f, "the rustdoc JSON cannot be read: {message}"),
            Error::TypeNotFound { path, closest } => {
                write!(f, "no public struct, enum or union `{path}`")?;
                suggest(f, closest)
            }
            Error::MethodNotFound {
                path,
                name,
                closest,
            } => {
                write!(f, "`--except {name}`: `{path}` has no public method `{name}`")?;
                suggest(f, closest)
            }
            Error::TraitNotFound { path, closest } => {
                write!(f, "the type implements no public trait `{path}`")?;
                suggest(f, closest)
            }
            Error::UnwritableType { path, why } => {
                write!(f, "no wrapper can be declared for `{path}`: {why}")
            }
            Error::Render(message) => write!(f, "the generated code does not parse: {message}"),
            Error::Unparsable { path, message } => write!(
                f,
                "{path} does not parse ({message}); it was left as it is, since the options kept in it cannot be read: fix it, or remove it to write it anew"
            ),
            Error::Io(message) => f.write_str(message),
        }
    }
}

fn suggest(f: &mut fmt::Formatter<'_>, closest: &[String]) -> fmt::Result {
    match closest {
        [] => Ok(()),
        [one] => write!(f, "; did you mean `{one}`?"),
        many => write!(f, "; did you mean one of: {}?", many.join(", ")),
    }
}

impl std::error::Error for Error {}

/// The toolchain that writes a rustdoc JSON format this tool reads.
fn toolchain_of(format: u32) -> &'static str {
    match format {
        57 => "1.95",
        _ => "of that format",
    }
}
