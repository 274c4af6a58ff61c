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

/// A small seeded generator (xorshift): the same inputs on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).expect("small")
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// Up to `max` distinct items, comma-separated.
    fn some(&mut self, items: &[&str], max: usize) -> String {
        let count = self.below(max + 1);
        let mut chosen: Vec<&str> = Vec::new();
        for _ in 0..count {
            let item = self.pick(items);
            if !chosen.contains(&item) {
                chosen.push(item);
            }
        }
        chosen.join(", ")
    }
}

const OPTIONS: &[&str] = &[
    "name = \"{type}.{method}\"",
    "name = key.len()",
    "kind = server",
    "level = debug",
    "target = \"orders\"",
    "fields(db.system.name = \"redis\", k = %key)",
    "err = false",
    "err(level = warn)",
    "err(debug, level = error)",
    "record_ok = record",
    "record_err = record",
    "skip",
    "future",
    "stream",
    // Misuse, each of which must be a compile error, never a panic.
    "inner = 0",
    "crate = ::instrument_proxy",
    "nmae = 1",
    "fields(bare)",
    "err(bogus)",
    "err",
    "level = loud",
    "target = \"\"",
    "name = \"{nope}\"",
    "fields(otel.kind = 1)",
];

const RECEIVERS: &[&str] = &[
    "&self, ",
    "&mut self, ",
    "self, ",
    "",
    "self: Box<Self>, ",
    "#[inject] &self, ",
];

const RETURNS: &[&str] = &[
    "",
    "-> u8",
    "-> Result<u8, Error>",
    "-> Result<impl Iterator<Item = u8>, Error>",
    "-> impl Future<Output = Result<(), Error>> + '_",
    "-> impl Stream<Item = u8>",
    "-> RedisFuture<'_, u8>",
    "-> Pin<Box<dyn Future<Output = u8> + Send + '_>>",
    "-> Self",
    "-> Result<Self, Error>",
    "-> &str",
];

const BODIES: &[&str] = &[
    ";",
    "{ loop {} }",
    "{ #![allow(unused)] use Reply::*; loop {} }",
    "{ return loop {}; }",
];

fn generated_impl(rng: &mut Rng) -> (String, String) {
    let header = rng.pick(&[
        "impl Traced",
        "impl<C: Clone> Traced<C> where C: Send",
        "impl Client for Traced",
        "impl<'a> Traced<'a>",
    ]);
    let mut methods = String::new();
    for i in 0..=rng.below(4) {
        let options = rng.some(OPTIONS, 3);
        if !options.is_empty() {
            methods.push_str(&format!("#[instrument_proxy({options})]\n"));
        }
        let attrs = rng.pick(&[
            "",
            "#[inline]",
            "#[track_caller]",
            "#[must_use] #[cfg(all())]",
        ]);
        let asyncness = rng.pick(&["", "async ", "const ", "unsafe "]);
        let receiver = rng.pick(RECEIVERS);
        let args = rng.pick(&[
            "key: &str",
            "#[inject] request: Request",
            "(a, b): (u8, u8)",
            "mut key: String, value: impl AsRef<[u8]>",
            "",
        ]);
        let output = rng.pick(RETURNS);
        let body = rng.pick(BODIES);
        methods.push_str(&format!(
            "{attrs} pub {asyncness}fn m{i}({receiver}{args}) {output} {body}\n"
        ));
    }
    (rng.some(OPTIONS, 2), format!("{header} {{ {methods} }}"))
}

/// Removes, repeats or swaps a token of `source`, to reach inputs no grammar
/// above writes.
fn mutated(rng: &mut Rng, source: &str) -> String {
    let tokens: Vec<&str> = source.split_whitespace().collect();
    if tokens.is_empty() {
        return source.to_owned();
    }
    let at = rng.below(tokens.len());
    let mut out: Vec<&str> = tokens.clone();
    match rng.below(3) {
        0 => {
            out.remove(at);
        }
        1 => out.insert(at, tokens[at]),
        _ => out.swap(at, rng.below(tokens.len())),
    }
    out.join(" ")
}

/// The macro front-end on generated and mutated inputs, valid and not: it
/// never panics, and what it emits for an impl that parses is always a
/// syntactically valid file (errors are `compile_error!`s beside the items),
/// in both the traced and the off expansion.
#[test]
fn the_front_end_never_panics_and_always_emits_valid_items() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for case in 0..3000 {
        let (attr, item) = generated_impl(&mut rng);
        let (attr, item) = if case % 3 == 2 {
            (mutated(&mut rng, &attr), mutated(&mut rng, &item))
        } else {
            (attr, item)
        };
        let (Ok(attr_tokens), Ok(item_tokens)) =
            (attr.parse::<TokenStream>(), item.parse::<TokenStream>())
        else {
            continue;
        };
        let parses = syn::parse2::<syn::ItemImpl>(item_tokens.clone()).is_ok();
        for off in [false, true] {
            let output = crate::instrument_impl(attr_tokens.clone(), item_tokens.clone(), off);
            if parses {
                if let Err(error) = syn::parse2::<syn::File>(output.clone()) {
                    panic!(
                        "case {case}: the expansion does not parse ({error})\n\
                         attr: {attr}\nitem: {item}\noutput: {output}"
                    );
                }
            }
        }
    }
}

/// The pinned opentelemetry-semantic-conventions' `attribute.rs`, found
/// through `cargo metadata`.
fn pinned_semantic_conventions() -> String {
    let output = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    let metadata = String::from_utf8(output.stdout).expect("UTF-8");
    let manifest = metadata
        .split("\"manifest_path\":\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|path| path.contains("opentelemetry-semantic-conventions-"))
        .expect("the semantic conventions are a dependency");
    let source = Path::new(manifest)
        .parent()
        .expect("crate folder")
        .join("src/attribute.rs");
    std::fs::read_to_string(source).expect("attribute.rs")
}

/// `(name, note)` for each deprecated attribute whose note names another
/// attribute, sorted: what `deprecated_names.rs` holds.
fn deprecated_with_replacement(source: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for block in source.split("#[deprecated(").skip(1) {
        let Some(note) = block.split("note = \"").nth(1).and_then(|rest| {
            rest.split("\"\n")
                .next()
                .or_else(|| rest.split("\")]").next())
        }) else {
            continue;
        };
        let note = note.split("\")]").next().unwrap_or(note);
        let Some(name) = block
            .split("pub const ")
            .nth(1)
            .and_then(|rest| rest.split('"').nth(1))
        else {
            continue;
        };
        let text = note.replace("\\n", " ");
        let text = text
            .strip_prefix("{note: ")
            .and_then(|t| t.split(", reason: ").next())
            .unwrap_or(&text);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.contains('`') {
            found.push((name.to_owned(), text));
        }
    }
    found.sort();
    found
}

#[test]
fn deprecated_names_match_the_pinned_semantic_conventions() {
    let expected = deprecated_with_replacement(&pinned_semantic_conventions());
    assert!(
        expected.len() > 100,
        "the pinned crate deprecates many names"
    );
    let table: Vec<(String, String)> = crate::deprecated_names::DEPRECATED
        .iter()
        .map(|(name, note)| ((*name).to_owned(), (*note).to_owned()))
        .collect();
    if std::env::var_os("UPDATE_DEPRECATED_NAMES").is_some() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/deprecated_names.rs");
        let current = std::fs::read_to_string(&path).expect("table");
        let head = current
            .split("pub(crate) const DEPRECATED")
            .next()
            .expect("header");
        let mut text = format!("{head}pub(crate) const DEPRECATED: &[(&str, &str)] = &[\n");
        for (name, note) in &expected {
            text.push_str(&format!("    ({name:?}, {note:?}),\n"));
        }
        text.push_str("];\n");
        std::fs::write(path, text).expect("rewrite");
        return;
    }
    let missing: Vec<_> = expected.iter().filter(|e| !table.contains(e)).collect();
    let extra: Vec<_> = table.iter().filter(|e| !expected.contains(e)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "deprecated_names.rs differs from the pinned conventions (run with UPDATE_DEPRECATED_NAMES=1):\nmissing {missing:#?}\nextra {extra:#?}"
    );
}

#[test]
fn the_names_the_macro_reads_are_the_pinned_conventions() {
    use opentelemetry_semantic_conventions::attribute as semconv;
    assert_eq!(crate::names::DB_SYSTEM_NAME, semconv::DB_SYSTEM_NAME);
    assert_eq!(
        crate::names::HTTP_REQUEST_METHOD,
        semconv::HTTP_REQUEST_METHOD
    );
}
