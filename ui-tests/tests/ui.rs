//! trybuild: what must compile (`pass`, each also run) and what must be
//! rejected with a clear message at the offending token (`fail`, with
//! reviewed `.stderr` files). A package of its own: trybuild compiles the
//! cases against the package's dev-dependencies, which here are only the
//! crates the cases use.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("pass/*.rs");
    cases.compile_fail("fail/*.rs");
}
