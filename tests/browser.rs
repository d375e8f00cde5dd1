//! The site in a browser: headless Chromium (Debian's `/usr/bin/chromium`,
//! driven by playwright-core) runs each suite of tests/browser/*.test.js,
//! as a test of its own, against sites the suites build with this very
//! binary: the search API and its recall against a scan of the pages, the
//! search UI, the 校稿 page and its conformance suite, live reload under
//! `tifa serve`, and a strict CSP.

use std::path::Path;
use std::process::Command;

/// The suites, each run as its own test below; a suite file that is not
/// listed here fails [`every_suite_is_run`].
const SUITES: [&str; 7] = [
    "api",
    "check-page",
    "conformance",
    "csp",
    "live",
    "recall",
    "ui",
];

/// Runs one suite file with node's test runner.
fn run_suite(name: &str) {
    crate::common::ensure_test_prerequisites();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    crate::common::npm_ci_if_needed(&dir);
    let file = dir.join(format!("{name}.test.js"));
    let output = Command::new("node")
        .args(["--test", "--test-reporter=spec"])
        .arg(&file)
        .env("TIFA_BIN", crate::common::TIFA)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("node is needed by the browser tests: run `bash .ci/install-test-deps.sh`");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{name}.test.js failed:\n{report}");
    assert!(
        report.contains("# pass") || report.contains("ℹ pass"),
        "{name}.test.js ran no test:\n{report}"
    );
}

#[test]
fn browser_search_api() {
    run_suite("api");
}

#[test]
fn browser_check_page() {
    run_suite("check-page");
}

/// The 校稿 conformance suite in the browser (the command's half is in
/// tests/conformance.rs).
#[test]
fn browser_check_conformance() {
    run_suite("conformance");
}

#[test]
fn browser_strict_csp() {
    run_suite("csp");
}

#[test]
fn browser_live_reload() {
    run_suite("live");
}

#[test]
fn browser_search_recall() {
    run_suite("recall");
}

#[test]
fn browser_search_ui() {
    run_suite("ui");
}

#[test]
fn every_suite_is_run() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".test.js")
                .map(str::to_string)
        })
        .collect();
    found.sort();
    assert_eq!(
        found, SUITES,
        "add a test for each suite to tests/browser.rs"
    );
}
