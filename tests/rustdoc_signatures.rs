//! rustdoc shows an instrumented `async fn` with the signature the user
//! wrote: `async fn`, no generated lifetimes, no `Captures` bound.
//! Documents the pedantic crate (which has instrumented `async fn`s) with the
//! toolchain's `cargo doc` and reads the page of its wrapper.

use std::path::Path;
use std::process::Command;

#[test]
fn rustdoc_shows_instrumented_async_fns_as_written() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = root.join("target").join("rustdoc-signatures");
    let status = Command::new(env!("CARGO"))
        .args([
            "doc",
            "--no-deps",
            "-p",
            "instrument-proxy-pedantic",
            "--target-dir",
        ])
        .arg(&target)
        .current_dir(root)
        .status()
        .expect("cargo doc runs");
    assert!(status.success(), "cargo doc failed");
    let page =
        std::fs::read_to_string(target.join("doc/instrument_proxy_pedantic/struct.Traced.html"))
            .expect("the wrapper's page");
    for generated in ["__instrument_proxy", "Captures"] {
        assert!(
            !page.contains(generated),
            "the documented signatures show `{generated}`"
        );
    }
    for written in ["fn.set", "fn.count"] {
        let anchor = format!("id=\"method.{}\"", &written[3..]);
        let at = page
            .find(&anchor)
            .unwrap_or_else(|| panic!("no `{written}` on the page"));
        let signature = &page[at..at + 400.min(page.len() - at)];
        assert!(
            signature.contains("async fn"),
            "`{written}` is not shown as `async fn`: {signature}"
        );
    }
}
