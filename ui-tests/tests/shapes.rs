//! A seeded generator of method shapes, every one of which must compile and
//! run: receivers × argument types × fields and names that read the
//! arguments through plain reads, sigils, method calls, closures, format
//! strings' implicit captures and other macros, with bodies that move,
//! mutate or borrow what the fields read. The macro picks a call shape per
//! method; whichever it picks, code that is valid without the attribute must
//! stay valid with it.
//!
//! The seed is printed; `INSTRUMENT_PROXY_SHAPES_SEED=N` reproduces a run, and
//! `INSTRUMENT_PROXY_SHAPES=N` sets how many methods are generated.

use std::fmt::Write as _;

/// xorshift64*: reproducible without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// One argument type: how it is declared, passed, read by a field (`{x}`
/// stands for the binding) and used by the body.
struct Arg {
    pattern: &'static str,
    ty: &'static str,
    value: &'static str,
    reads: &'static [&'static str],
    body: &'static str,
}

const ARGS: &[Arg] = &[
    Arg {
        pattern: "{x}",
        ty: "u64",
        value: "7",
        reads: &[
            "{x}",
            "?{x}",
            "%{x}",
            "format!(\"{{x}}\")",
            "{x} + 1",
            "(|| {x} * 2)()",
        ],
        body: "let _ = {x};",
    },
    Arg {
        pattern: "{x}",
        ty: "&str",
        value: "\"s\"",
        reads: &[
            "{x}",
            "%{x}",
            "format!(\"{{x}}!\")",
            "{x}.len()",
            "(|| {x}.to_uppercase())()",
        ],
        body: "let _ = {x}.len();",
    },
    Arg {
        pattern: "{x}",
        ty: "String",
        value: "\"o\".to_owned()",
        reads: &[
            "%{x}",
            "{x}.clone()",
            "format!(\"{{x}:?}\")",
            "(|| {x}.len())()",
            "{x}.as_str()",
            "std::format!(\"{}\", {x})",
        ],
        body: "drop({x});",
    },
    Arg {
        pattern: "{x}",
        ty: "Bar",
        value: "Bar(1)",
        reads: &[
            "?{x}",
            "%{x}",
            "format!(\"{{x}:?}\")",
            "{x}.0",
            "(|| {x}.0)()",
            "{x}.to_string()",
            "{ let r = &{x}; format!(\"{r}\") }",
        ],
        body: "drop({x});",
    },
    Arg {
        pattern: "{x}",
        ty: "&Bar",
        value: "&Bar(2)",
        reads: &[
            "?{x}",
            "%{x}",
            "format!(\"{{x}:?}\")",
            "{x}.0",
            "(|| {x}.0 + 1)()",
        ],
        body: "let _ = {x}.0;",
    },
    Arg {
        pattern: "{x}",
        ty: "&mut Vec<u8>",
        value: "&mut vec![1]",
        reads: &[
            "{x}.len()",
            "format!(\"{{x}:?}\")",
            "?{x}",
            "{x}.is_empty()",
        ],
        body: "{x}.push(1);",
    },
    Arg {
        pattern: "({x}_s, {x}_n)",
        ty: "(String, u8)",
        value: "(\"t\".to_owned(), 3)",
        reads: &[
            "%{x}_s",
            "format!(\"{{x}_s}{{x}_n}\")",
            "{x}_n",
            "{x}_s.len()",
        ],
        body: "drop({x}_s); let _ = {x}_n;",
    },
    Arg {
        pattern: "{x}",
        ty: "Id",
        value: "9",
        reads: &["{x}", "format!(\"{{x}}\")", "?{x}"],
        body: "let _ = {x};",
    },
];

const RECEIVERS: &[&str] = &["&self", "&mut self", "self", ""];
const SELF_READS: &[&str] = &[
    "%self.name",
    "self.name.len()",
    "format!(\"{}\", self.name)",
    "?self.count",
    "(|| self.count)()",
];

fn method(rng: &mut Rng, index: usize, source: &mut String, calls: &mut String) {
    let receiver = rng.pick(RECEIVERS);
    let asyncness = if rng.below(5) == 0 { "async " } else { "" };
    let returns_value = rng.below(2) == 0;
    let mut params = Vec::new();
    let mut values = Vec::new();
    let mut reads = Vec::new();
    let mut body = String::new();
    for a in 0..rng.below(4) {
        let arg = &ARGS[rng.below(ARGS.len())];
        let x = format!("a{a}");
        params.push(format!("{}: {}", arg.pattern.replace("{x}", &x), arg.ty));
        values.push(arg.value.to_owned());
        for _ in 0..rng.below(3) {
            reads.push(rng.pick(arg.reads).replace("{x}", &x));
        }
        body.push_str(&arg.body.replace("{x}", &x));
        body.push(' ');
    }
    if !receiver.is_empty() && rng.below(2) == 0 {
        reads.push(rng.pick(SELF_READS).to_owned());
    }
    match receiver {
        "&mut self" => body.push_str("self.count += 1; "),
        "self" => body.push_str("drop(self); "),
        _ => {}
    }
    let mut options = Vec::new();
    // A dynamic name reads like a field does.
    if !reads.is_empty() && rng.below(3) == 0 {
        let read = reads.pop().unwrap_or_default();
        let read = read.trim_start_matches(['%', '?']);
        options.push(format!("name = format!(\"{{:?}}\", {read})"));
    }
    if !reads.is_empty() {
        let fields: Vec<String> = reads
            .iter()
            .enumerate()
            .map(|(i, read)| format!("f{i} = {read}"))
            .collect();
        options.push(format!("fields({})", fields.join(", ")));
    }
    let attribute = if options.is_empty() {
        String::new()
    } else {
        format!("#[instrument_proxy({})]\n    ", options.join(", "))
    };
    let receiver_and_params: Vec<String> = (!receiver.is_empty())
        .then(|| receiver.to_owned())
        .into_iter()
        .chain(params)
        .collect();
    let (ret, tail) = if returns_value {
        (" -> u64", "1")
    } else {
        ("", "")
    };
    let _ = writeln!(
        source,
        "    {attribute}pub {asyncness}fn m{index}({}){ret} {{ {body}{tail} }}\n",
        receiver_and_params.join(", ")
    );
    let call = match receiver {
        "" => format!("Shapes::m{index}({})", values.join(", ")),
        _ => format!("Shapes::new().m{index}({})", values.join(", ")),
    };
    let _ = if asyncness.is_empty() {
        writeln!(calls, "    let _ = {call};")
    } else {
        writeln!(calls, "    drop({call});")
    };
}

fn generate(seed: u64, count: usize) -> String {
    let mut rng = Rng(seed.max(1));
    let mut source = String::from(
        "//! Generated by ui-tests/tests/shapes.rs; do not edit.\n\
         #![allow(clippy::all, unused_mut)]\n\
         use instrument_proxy::instrument_proxy;\n\n\
         type Id = u64;\n\n\
         #[derive(Debug)]\n\
         pub struct Bar(u8);\n\n\
         impl std::fmt::Display for Bar {\n    \
             fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {\n        \
                 write!(f, \"bar {}\", self.0)\n    \
             }\n\
         }\n\n\
         pub struct Shapes {\n    name: String,\n    count: u64,\n}\n\n\
         impl Shapes {\n    fn new() -> Self {\n        Shapes { name: \"n\".to_owned(), count: 0 }\n    }\n}\n\n\
         #[instrument_proxy]\n\
         impl Shapes {\n",
    );
    let mut calls = String::new();
    for index in 0..count {
        method(&mut rng, index, &mut source, &mut calls);
    }
    source.push_str("}\n\nfn main() {\n");
    source.push_str(&calls);
    source.push_str("}\n");
    source
}

#[test]
fn every_generated_shape_compiles_and_runs() {
    let seed = std::env::var("INSTRUMENT_PROXY_SHAPES_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or(0x5eed_1234_abcd_0001_u64);
    let count = std::env::var("INSTRUMENT_PROXY_SHAPES")
        .ok()
        .and_then(|count| count.parse().ok())
        .unwrap_or(120);
    println!("shapes: seed {seed}, {count} methods");
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("shapes");
    std::fs::create_dir_all(&dir).expect("the target directory is writable");
    let file = dir.join(format!("shapes_{seed:x}.rs"));
    std::fs::write(&file, generate(seed, count)).expect("the generated file is written");
    trybuild::TestCases::new().pass(&file);
}
