//! Expansion snapshots: each input in `macros/snapshots/NAME.rs` is expanded
//! and pretty-printed, and must equal `NAME.expanded.rs`. Inputs named `off_*`
//! are expanded with the compile-time off switch. `UPDATE_SNAPSHOTS=1`
//! rewrites the expected files, to be reviewed like code.

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::ToTokens;

fn snapshots() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots")
}

/// Expands one input file, dispatching on its attribute.
fn expand(source: &str, off: bool) -> String {
    let file = syn::parse_file(source).expect("snapshot input parses");
    let mut output = TokenStream::new();
    for item in file.items {
        match item {
            syn::Item::Impl(mut item) => {
                let attr = item.attrs.remove(0);
                let args = match attr.meta {
                    syn::Meta::List(list) => list.tokens,
                    _ => TokenStream::new(),
                };
                output.extend(crate::instrument_impl(args, item.into_token_stream(), off));
            }
            syn::Item::Struct(mut item) => {
                let attr = item.attrs.remove(0);
                let derive = attr
                    .meta
                    .require_list()
                    .expect("#[derive(...)]")
                    .tokens
                    .to_string();
                let tokens = item.into_token_stream();
                output.extend(match derive.as_str() {
                    "InstrumentProxy" => crate::derive::instrument_proxy(tokens),
                    "ContextCarrier" => crate::carrier::context_carrier(tokens),
                    other => panic!("unknown derive {other}"),
                });
            }
            other => panic!("unexpected snapshot input: {}", other.into_token_stream()),
        }
    }
    let file = syn::parse2::<syn::File>(output).expect("the expansion parses");
    prettyplease::unparse(&file)
}

#[test]
fn expansions_match_their_snapshots() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(snapshots())
        .expect("snapshots folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| !path.to_string_lossy().ends_with(".expanded.rs"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 10, "expected at least ten snapshot inputs");
    let mut mismatched = Vec::new();
    for input in inputs {
        let name = input
            .file_stem()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let source = std::fs::read_to_string(&input).expect("read input");
        let actual = expand(&source, name.starts_with("off_"));
        let expected_path = snapshots().join(format!("{name}.expanded.rs"));
        if update {
            std::fs::write(&expected_path, &actual).expect("write snapshot");
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == actual => {}
            Ok(_) => mismatched.push(format!("{name}: expansion changed")),
            Err(_) => mismatched.push(format!("{name}: no {name}.expanded.rs")),
        }
    }
    assert!(
        mismatched.is_empty(),
        "{mismatched:#?}\nrun with UPDATE_SNAPSHOTS=1 and review the diff"
    );
}
