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

/// Expands an impl of 100 methods (sync, async, body-less, with options) and
/// reports how long one expansion takes; BENCHMARKS.md quotes the figure.
#[test]
fn an_impl_of_100_methods_expands_and_its_time_is_reported() {
    let mut methods = String::new();
    for i in 0..100 {
        methods.push_str(&match i % 4 {
            0 => format!("pub fn get{i}(&self, key: &str) -> Result<String, Error>;\n"),
            1 => format!("pub async fn fetch{i}(&mut self, key: &str) -> Option<u64>;\n"),
            2 => format!(
                "#[instrument_proxy(name = key, fields(db.operation.name = key))]\n\
                 pub fn named{i}(&self, key: &str) -> u64 {{ key.len() as u64 }}\n"
            ),
            _ => format!(
                "pub fn boxed{i}(&self) -> Pin<Box<dyn Future<Output = u8> + Send + '_>>;\n"
            ),
        });
    }
    let item: proc_macro2::TokenStream = format!("impl Traced {{ {methods} }}")
        .parse()
        .expect("tokens");
    let attr: proc_macro2::TokenStream = "fields(db.system.name = \"redis\")"
        .parse()
        .expect("tokens");

    let runs = 20;
    let mut times = Vec::with_capacity(runs);
    let mut expanded = TokenStream::new();
    for _ in 0..runs {
        let start = std::time::Instant::now();
        expanded = crate::instrument_impl(attr.clone(), item.clone(), false);
        times.push(start.elapsed());
    }
    times.sort();
    let file = syn::parse2::<syn::File>(expanded).expect("the expansion parses");
    let syn::Item::Impl(expanded) = &file.items[0] else {
        panic!("an impl");
    };
    // An `async fn` also has its documentation twin, `#[cfg(doc)]`.
    let compiled = expanded
        .items
        .iter()
        .filter(|item| {
            let syn::ImplItem::Fn(f) = item else {
                return true;
            };
            !f.attrs.iter().any(|attr| {
                attr.path().is_ident("cfg")
                    && attr
                        .meta
                        .require_list()
                        .is_ok_and(|list| list.tokens.to_string() == "doc")
            })
        })
        .count();
    assert_eq!(compiled, 100);
    println!(
        "expansion of 100 methods: median {:?}, fastest {:?}",
        times[runs / 2],
        times[0]
    );
}
