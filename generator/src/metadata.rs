//! Finds the dependency a type path starts with, and the features the user's
//! package builds it with, in `cargo metadata`.

use std::path::{Path, PathBuf};

use cargo_metadata::{MetadataCommand, Package};

use crate::error::Error;

/// The dependency to document.
#[derive(Debug, Clone)]
pub struct Dependency {
    /// The package's name (`redis`), for `cargo rustdoc -p`.
    pub package: String,
    pub version: String,
    /// The name its users write in paths (`redis`, or a rename).
    pub crate_name: String,
    /// The name of its library target, which names the JSON file.
    pub lib_name: String,
    /// Features the user's build enables (cargo resolves the same set when
    /// it documents the dependency from the user's package).
    pub features: Vec<String>,
    /// Where the user's package builds, so that a JSON built before is reused.
    pub target_directory: PathBuf,
    /// The user's manifest, where `cargo rustdoc` runs.
    pub manifest_path: PathBuf,
    /// The crates the user's package can name in paths.
    pub user_dependencies: Vec<String>,
    /// Every package of the build with a library: its library's name, the
    /// package's name and version (for another crate's public paths).
    pub libraries: Vec<Library>,
}

/// A package with a library, as `cargo rustdoc -p` names it.
#[derive(Debug, Clone)]
pub struct Library {
    pub lib_name: String,
    pub package: String,
    pub version: cargo_metadata::semver::Version,
}

impl Dependency {
    /// The library named `lib_name` (the highest version when the build has
    /// several), documented like this dependency.
    pub fn library(&self, lib_name: &str) -> Option<Dependency> {
        let library = self
            .libraries
            .iter()
            .filter(|library| library.lib_name == lib_name)
            .max_by(|a, b| a.version.cmp(&b.version))?;
        Some(Dependency {
            package: library.package.clone(),
            version: library.version.to_string(),
            crate_name: library.lib_name.clone(),
            lib_name: library.lib_name.clone(),
            features: Vec::new(),
            ..self.clone()
        })
    }
}

fn lib_name(package: &Package) -> Option<String> {
    package
        .targets
        .iter()
        .find(|target| target.is_lib())
        .map(|target| target.name.replace('-', "_"))
}

/// The dependency named `krate` of the package at `manifest_path` (or the
/// current directory's).
pub fn dependency(manifest_path: Option<&Path>, krate: &str) -> Result<Dependency, Error> {
    let mut command = MetadataCommand::new();
    if let Some(path) = manifest_path {
        command.manifest_path(path);
    }
    let metadata = command
        .exec()
        .map_err(|error| Error::Metadata(error.to_string()))?;
    let resolve = metadata
        .resolve
        .as_ref()
        .ok_or_else(|| Error::Metadata("no dependency graph".into()))?;
    let user: &Package = match manifest_path {
        Some(path) => {
            let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
            metadata
                .packages
                .iter()
                .find(|p| std::fs::canonicalize(&p.manifest_path).ok().as_deref() == Some(&*path))
        }
        None => metadata.root_package(),
    }
    .ok_or_else(|| {
        Error::Metadata(
            "no package here: run from a package, or name one with --manifest-path".into(),
        )
    })?;
    let node = resolve
        .nodes
        .iter()
        .find(|node| node.id == user.id)
        .ok_or_else(|| {
            Error::Metadata(format!("`{}` is not in the dependency graph", user.name))
        })?;
    // A dependency of the library and binaries: a dev-dependency is not
    // there when the generated file is compiled.
    let normal = |dep: &&cargo_metadata::NodeDep| {
        dep.dep_kinds
            .iter()
            .any(|kind| kind.kind == cargo_metadata::DependencyKind::Normal)
    };
    let Some(dep) = node
        .deps
        .iter()
        .filter(normal)
        .find(|dep| dep.name == krate)
    else {
        let mut dependencies: Vec<String> = node
            .deps
            .iter()
            .filter(normal)
            .map(|dep| dep.name.clone())
            .collect();
        dependencies.sort();
        return Err(Error::NotADependency {
            krate: krate.to_owned(),
            dependencies,
        });
    };
    let package = metadata
        .packages
        .iter()
        .find(|p| p.id == dep.pkg)
        .ok_or_else(|| Error::Metadata(format!("no package for `{krate}`")))?;
    let features = resolve
        .nodes
        .iter()
        .find(|node| node.id == dep.pkg)
        .map(|node| node.features.iter().map(ToString::to_string).collect())
        .unwrap_or_default();
    let library_name = lib_name(package).unwrap_or_else(|| package.name.replace('-', "_"));
    let libraries = metadata
        .packages
        .iter()
        .filter_map(|package| {
            Some(Library {
                lib_name: lib_name(package)?,
                package: package.name.to_string(),
                version: package.version.clone(),
            })
        })
        .collect();
    let user_dependencies = node
        .deps
        .iter()
        .filter(normal)
        .map(|dep| dep.name.clone())
        .collect();
    Ok(Dependency {
        user_dependencies,
        libraries,
        package: package.name.to_string(),
        version: package.version.to_string(),
        crate_name: krate.to_owned(),
        lib_name: library_name,
        features,
        target_directory: metadata.target_directory.clone().into_std_path_buf(),
        manifest_path: user.manifest_path.clone().into_std_path_buf(),
    })
}
