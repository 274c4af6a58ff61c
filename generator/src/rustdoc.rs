//! The dependency's rustdoc JSON: built with `cargo rustdoc` (on a stable
//! toolchain through `RUSTC_BOOTSTRAP=1`) from the user's package, so that
//! the dependency has the features the user's build resolves for it; reused
//! when cargo finds it fresh, and read by the module of its format version.

use std::path::PathBuf;
use std::process::Command;

use crate::error::Error;
use crate::metadata::Dependency;

/// The rustdoc JSON format versions this tool reads, each with a module
/// that turns it into the tool's own [`mod@crate::api`] model.
pub const SUPPORTED_FORMATS: &[u32] = &[rustdoc_types_57::FORMAT_VERSION];

/// Builds (or lets cargo reuse) the JSON of `dependency`; returns its path.
pub fn build(dependency: &Dependency) -> Result<PathBuf, Error> {
    let spec = format!("{}@{}", dependency.package, dependency.version);
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .arg("rustdoc")
        .arg("--quiet")
        .args(["-p", &spec, "--lib"])
        .arg("--manifest-path")
        .arg(&dependency.manifest_path)
        .arg("--target-dir")
        .arg(&dependency.target_directory);
    command
        // Hidden items too: a trait's `#[doc(hidden)]` required methods must
        // be forwarded for its impl to compile (the model leaves the hidden
        // inherent methods out).
        .args([
            "--",
            "-Z",
            "unstable-options",
            "--output-format",
            "json",
            "--document-hidden-items",
        ])
        .env("RUSTC_BOOTSTRAP", "1");
    let output = command.output().map_err(|error| Error::RustdocFailed {
        package: spec.clone(),
        output: format!("cannot run cargo: {error}"),
    })?;
    if !output.status.success() {
        return Err(Error::RustdocFailed {
            package: spec,
            output: String::from_utf8_lossy(&output.stderr).into_owned(),
        });
    }
    let path = dependency
        .target_directory
        .join("doc")
        .join(format!("{}.json", dependency.lib_name));
    if path.exists() {
        Ok(path)
    } else {
        Err(Error::RustdocFailed {
            package: spec,
            output: format!("cargo rustdoc succeeded, but wrote no {}", path.display()),
        })
    }
}

/// Reads a JSON document after checking its format version.
pub fn read(json: &str) -> Result<Document, Error> {
    #[derive(serde::Deserialize)]
    struct Version {
        format_version: u32,
    }
    let version: Version =
        serde_json::from_str(json).map_err(|error| Error::Json(error.to_string()))?;
    match version.format_version {
        rustdoc_types_57::FORMAT_VERSION => serde_json::from_str(json)
            .map(|krate| Document::V57(Box::new(krate)))
            .map_err(|error| Error::Json(error.to_string())),
        found => Err(Error::UnsupportedFormat {
            found,
            supported: SUPPORTED_FORMATS,
        }),
    }
}

/// A rustdoc JSON document, in the format it was written in.
pub enum Document {
    V57(Box<rustdoc_types_57::Crate>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unsupported_format_names_the_supported_ones() {
        let error = read(r#"{"format_version": 12, "root": 0}"#)
            .err()
            .expect("format 12 is refused");
        let message = error.to_string();
        assert!(message.contains("format version 12"), "{message}");
        assert!(message.contains("57"), "{message}");
        assert!(
            message.contains("rustup toolchain install 1.95"),
            "{message}"
        );
    }

    #[test]
    fn text_that_is_not_json_is_an_error() {
        assert!(matches!(read("not json"), Err(Error::Json(_))));
    }
}
