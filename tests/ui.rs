//! trybuild: what must compile (`ui-tests/pass`, each also run) and what must
//! be rejected with a clear message at the offending token (`ui-tests/fail`,
//! with reviewed `.stderr` files).

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui-tests/pass/*.rs");
    cases.compile_fail("ui-tests/fail/*.rs");
}
