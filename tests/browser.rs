//! Search in the browser: headless Chromium (Debian's `/usr/bin/chromium`,
//! driven by playwright-core) runs tests/browser/*.test.js against sites
//! the tests build with this very binary: recall against a scan of the
//! pages, ranking, facets, the results page, and a strict CSP.

use std::path::Path;
use std::process::Command;

#[test]
fn search_works_in_headless_chromium() {
    crate::common::ensure_test_prerequisites();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "the browser tests need Debian's Chromium at /usr/bin/chromium: run `bash .ci/install-test-deps.sh` (or `apt-get install chromium`)"
    );
    crate::common::npm_ci_if_needed(&dir);
    let output = Command::new("node")
        .args(["--test", "--test-reporter=spec"])
        .arg(dir.join("index.js"))
        .env("TIFA_BIN", crate::common::TIFA)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("node is needed by the browser tests: run `bash .ci/install-test-deps.sh`");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "browser tests failed:\n{report}");
    assert!(
        report.contains("# pass") || report.contains("ℹ pass"),
        "no test ran:\n{report}"
    );
}
