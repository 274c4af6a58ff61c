//! `cargo instrument-proxy generate`: writes an instrument-proxy wrapper for
//! a dependency's type from the dependency's public API, as rustdoc
//! describes it (its JSON output), so that nobody pastes a client's
//! signatures by hand.
//!
//! The pipeline: [`metadata`] finds the dependency and the features the
//! user's package builds it with; [`rustdoc`] builds its JSON (or lets cargo
//! reuse it) and reads it with the module of its format version
//! (`format57`), which turns it into the tool's own [`mod@api`] model; [`render`]
//! writes the file, keeping what the user owns in the previous one
//! ([`keep`]); [`check`] compares.
//!
//! Rules for what is generated:
//! - every public inherent method, body-less, with its signature written with
//!   public paths; `-> Self`, `Result<Self, E>` and `Option<Self>` (and the type
//!   itself in those places) return the wrapper; aliases of boxed futures and
//!   streams get `#[instrument_proxy(future)]` / `(stream)`;
//! - for each `--trait`, every method of the trait's definition, in an
//!   `#[instrument_proxy] impl Trait for Wrapper`;
//! - left out, each with a comment saying why: deprecated methods (a wrapper
//!   would forward to them and warn in the user's crate; call them through
//!   `inner()`), receivers other than `self`, `&self`, `&mut self`, `Self`
//!   in an argument or anywhere but the top of the return type, types that
//!   are not public or come from a crate the package does not depend on,
//!   foreign ABIs, and the names the derive takes (`new`, `inner`,
//!   `inner_mut`, `into_inner`, `from`);
//! - the inherent methods named by `--except` are left out, saying they are
//!   written by hand (beside the generated file, in an impl of its own);
//! - `#[doc(hidden)]` inherent methods are left out (they are not the
//!   dependency's public API); a trait's hidden methods are generated, since
//!   an impl of the trait needs every required one;
//! - a `self: Pin<&mut Self>` receiver (`AsyncRead::poll_read`) is forwarded
//!   untraced through `Pin::new(self.get_mut().inner_mut())` when the type is
//!   always `Unpin`, and left out otherwise;
//! - another crate's items are named by their public path in that crate
//!   (read from its own rustdoc JSON: `bytes::Bytes`, not the defining
//!   `bytes::bytes::Bytes`), or through the dependency's re-export of that
//!   crate (`tokio_postgres::types::ToSql`) when the package does not depend
//!   on it;
//! - `const fn` is generated without `const` (a span cannot be opened in a
//!   const context).

pub mod api;
mod cli;
mod error;
mod format57;
pub mod keep;
pub mod metadata;
pub mod render;
mod request;
pub mod rustdoc;
mod suggest;

pub use cli::Generate;
pub use error::Error;

pub use request::{ForeignPaths, Request};

/// The model of the requested type's API in `document`.
pub fn api(document: &rustdoc::Document, request: &Request<'_>) -> Result<api::Api, Error> {
    match document {
        rustdoc::Document::V57(krate) => format57::api(krate, request),
    }
}

/// What a run of the command did.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The file was written (or printed, without `--out`).
    Written(String),
    /// `--check`: the file is current.
    Current,
    /// `--check`: the file is stale; the unified diff to regenerate it.
    Stale(String),
}

/// Runs `cargo instrument-proxy generate` as the arguments say.
pub fn run(generate: &Generate) -> Result<Outcome, Error> {
    let krate = generate
        .type_path
        .split("::")
        .next()
        .unwrap_or_default()
        .to_owned();
    let mut dependency = metadata::dependency(generate.manifest_path.as_deref(), &krate)?;
    if let Some(dir) = &generate.target_dir {
        dependency.target_directory.clone_from(dir);
    }
    let json_path = rustdoc::build(&dependency)?;
    let json = std::fs::read_to_string(&json_path)
        .map_err(|error| Error::Io(format!("cannot read {}: {error}", json_path.display())))?;
    let document = rustdoc::read(&json)?;
    let previous = match &generate.out {
        Some(path) => std::fs::read_to_string(path).ok(),
        None => None,
    };
    // Another crate's public paths, from its own JSON, built like the
    // dependency's (once; cargo reuses it after).
    let public_paths_of = |lib_name: &str| {
        let library = dependency.library(lib_name)?;
        let json = std::fs::read_to_string(rustdoc::build(&library).ok()?).ok()?;
        match rustdoc::read(&json).ok()? {
            rustdoc::Document::V57(krate) => Some(format57::public_paths(&krate, lib_name)),
        }
    };
    let request = Request {
        type_path: &generate.type_path,
        crate_name: &krate,
        package: &dependency.package,
        version: &dependency.version,
        traits: &generate.traits,
        dependencies: &dependency.user_dependencies,
        deref: !generate.no_deref,
        except: &generate.except,
        public_paths_of: &public_paths_of,
    };
    let api = api(&document, &request)?;
    let kept = keep::read(previous.as_deref().unwrap_or_default()).map_err(|message| {
        Error::Unparsable {
            path: generate
                .out
                .as_ref()
                .map_or_else(|| "the file".to_owned(), |path| path.display().to_string()),
            message,
        }
    })?;
    let text = render::file(
        &api,
        &generate.name,
        generate.impl_only,
        &command_line(generate),
        &kept,
    )?;
    if generate.check {
        let previous = previous.unwrap_or_default();
        return Ok(match check(&previous, &text, generate) {
            None => Outcome::Current,
            Some(diff) => Outcome::Stale(diff),
        });
    }
    if let Some(path) = &generate.out {
        std::fs::write(path, &text)
            .map_err(|error| Error::Io(format!("cannot write {}: {error}", path.display())))?;
    }
    Ok(Outcome::Written(text))
}

/// The unified diff from `previous` to `regenerated`, or `None` when they
/// say the same: equal text, or equal once both are formatted alike (a file
/// the user ran `cargo fmt` on is current).
pub fn check(previous: &str, regenerated: &str, generate: &Generate) -> Option<String> {
    if previous == regenerated || normalized(previous) == normalized(regenerated) {
        return None;
    }
    let name = generate
        .out
        .as_ref()
        .map_or_else(|| "generated".into(), |p| p.display().to_string());
    Some(
        similar::TextDiff::from_lines(previous, regenerated)
            .unified_diff()
            .context_radius(3)
            .header(&name, &format!("{name} (regenerated)"))
            .to_string(),
    )
}

/// The code formatted by prettyplease, and the comments in order: what two
/// formattings of one generated file share. `None` for text that does not
/// parse.
fn normalized(text: &str) -> Option<(String, Vec<&str>)> {
    let file = syn::parse_file(text).ok()?;
    let comments = text
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("//") && !line.starts_with("///"))
        .collect();
    Some((prettyplease::unparse(&file), comments))
}

/// The command that regenerates the file, for its header.
fn command_line(generate: &Generate) -> String {
    let mut line = format!(
        "cargo instrument-proxy generate {} --name {}",
        generate.type_path, generate.name
    );
    if generate.impl_only {
        line.push_str(" --impl-only");
    }
    if generate.no_deref {
        line.push_str(" --no-deref");
    }
    if !generate.except.is_empty() {
        line.push_str(&format!(" --except {}", generate.except.join(",")));
    }
    for path in &generate.traits {
        line.push_str(&format!(" --trait {path}"));
    }
    if let Some(manifest) = &generate.manifest_path {
        line.push_str(&format!(" --manifest-path {}", manifest.display()));
    }
    if let Some(out) = &generate.out {
        line.push_str(&format!(" --out {}", out.display()));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_formatted_otherwise_is_current_and_a_changed_one_is_not() {
        let generate = Generate::from_args(
            "generate a::B --out x.rs --check"
                .split_whitespace()
                .map(str::to_owned),
        )
        .unwrap();
        let generated = "// Generated.\nimpl B {\n    pub fn get(&self) -> u8;\n}\n";
        let reformatted = "// Generated.\nimpl B { pub fn get(&self)\n  -> u8; }\n";
        assert_eq!(check(reformatted, generated, &generate), None);
        let changed = "// Generated.\nimpl B {\n    pub fn get(&self) -> u16;\n}\n";
        let diff = check(changed, generated, &generate).expect("stale");
        assert!(diff.contains("-    pub fn get(&self) -> u16;"), "{diff}");
        assert!(diff.contains("+    pub fn get(&self) -> u8;"), "{diff}");
    }
}
