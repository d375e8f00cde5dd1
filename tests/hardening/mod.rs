//! Bad inputs: nothing an author can put in `content/` may crash tifa, hang
//! it, or get script into the site. One file per kind of input; the
//! helpers every one of them uses are here.
//!
//! Each test copies the `basic` fixture, adds one bad input (the committed
//! ones are in `tests/fixtures/bad/`; the 20 MB file and the symlinks are
//! made here), and runs both `tifa build` and `tifa check` under a time
//! limit: each must exit normally (0, 1 or 2; never a panic or a signal) and
//! an error must name the file, with line and column where the input has
//! them. Sites that build are scanned for script that came from content.
//! Both commands are run again in Chinese (the default) and with
//! `--lang en`: every diagnostic the corpus produces must be reported the
//! same in both, in Chinese and in English
//! (`common::languages::assert_bilingual`).

mod corpus;
mod encodings;
mod file_names;
mod front_matter;
mod http;
mod ids;
mod markdown;
mod messages;
mod script;
mod symlinks;

use std::fs::File;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use scraper::Html;

use crate::common::languages::assert_bilingual;
use crate::common::{Run, Site, select, text};

/// A run still going after this long is a hang, and fails the test.
pub(super) const TIME_LIMIT: Duration = Duration::from_secs(60);

/// What a bad input must lead to, for build and check alike.
pub(super) enum Expect<'a> {
    /// Builds (exit 0); `check` finds no error.
    Builds,
    /// Builds, with a warning that names `file` and says `message`.
    Warns { file: &'a str, message: &'a str },
    /// Both exit 1 with an error at `at` (`content/x.md:3:1`) saying `message`.
    Fails { at: &'a str, message: &'a str },
}

/// Runs `tifa <args> --root <site>`, killing it after [`TIME_LIMIT`].
/// Output goes to files, so a chatty child can never block on a full pipe.
pub(super) fn run_bounded(site: &Site, args: &[&str]) -> Run {
    let logs = tempfile::tempdir().expect("temp dir");
    let (out_path, err_path) = (logs.path().join("stdout"), logs.path().join("stderr"));
    let mut child = crate::common::tifa_command()
        .args(args)
        .arg("--root")
        .arg(site.root())
        .stdin(Stdio::null())
        .stdout(File::create(&out_path).expect("stdout file"))
        .stderr(File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("run tifa");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for tifa") {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "tifa {args:?} hung: killed after {TIME_LIMIT:?}\n{}",
                std::fs::read_to_string(&err_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |path: &Path| String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: read(&out_path),
        stderr: read(&err_path),
    };
    assert!(
        status.code().is_some(),
        "tifa {args:?} was killed by a signal ({status}):\n{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("panicked") && run.code != 101,
        "tifa {args:?} panicked:\n{}",
        run.stderr
    );
    assert!(
        [0, 1, 2].contains(&run.code),
        "tifa {args:?} exited {}:\n{}",
        run.code,
        run.stderr
    );
    run
}

/// Runs build and check on `site` and holds both to `expect`, and both
/// to the two languages. Returns the build's run.
#[track_caller]
pub(super) fn survives(site: &Site, expect: Expect) -> Run {
    let build = run_bounded(site, &["build"]);
    let check = run_bounded(site, &["check"]);
    for command in ["build", "check"] {
        assert_bilingual(site, &[command]);
    }
    for (command, run) in [("build", &build), ("check", &check)] {
        match expect {
            Expect::Builds => {
                assert_eq!(run.code, 0, "tifa {command} failed:\n{}", run.stderr);
            }
            Expect::Warns { file, message } => {
                assert_eq!(run.code, 0, "tifa {command} failed:\n{}", run.stderr);
                assert_reports(command, run, "warning", file, message);
            }
            Expect::Fails { at, message } => {
                assert_eq!(run.code, 1, "tifa {command} should fail:\n{}", run.stderr);
                assert_reports(command, run, "error", at, message);
            }
        }
    }
    build
}

/// The human output has a `severity[rule]: message` header followed by a
/// `--> location` line: find one whose location starts with `at` and whose
/// message contains `message`.
#[track_caller]
pub(super) fn assert_reports(command: &str, run: &Run, severity: &str, at: &str, message: &str) {
    let lines: Vec<&str> = run.stderr.lines().collect();
    let found = lines.windows(2).any(|pair| {
        pair[0].starts_with(&format!("{severity}["))
            && pair[0].contains(message)
            && pair[1]
                .trim_start()
                .strip_prefix("--> ")
                .is_some_and(|location| location == at || location.starts_with(&format!("{at}:")))
    });
    assert!(
        found,
        "tifa {command}: expected {severity} `{message}` at {at}, got:\n{}",
        run.stderr
    );
}

/// A committed bad input.
pub(super) fn bad(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Builds once (must succeed), applies `change`, builds again and expects
/// exit `code` with every one of `expected` in the message, and the
/// previous output exactly as it was (no staging folder left either);
/// `build` and `check` say the same in Chinese and in English.
#[track_caller]
pub(super) fn fails_keeping_output(
    site: &Site,
    change: impl FnOnce(&Site),
    code: i32,
    expected: &[&str],
) -> Run {
    site.build().assert_ok();
    let before = site.snapshot();
    change(site);
    let run = run_bounded(site, &["build"]);
    assert_eq!(run.code, code, "expected exit {code}:\n{}", run.stderr);
    for text in expected {
        assert!(
            run.stderr.contains(text),
            "missing {text:?} in:\n{}",
            run.stderr
        );
    }
    assert_untouched(site, &before);
    for command in ["build", "check"] {
        assert_bilingual(site, &[command]);
    }
    assert_untouched(site, &before);
    run
}

/// The output is exactly `before` and no staging folder was left; on a
/// difference, only the names of the files that differ are shown.
#[track_caller]
pub(super) fn assert_untouched(site: &Site, before: &[(String, Vec<u8>)]) {
    let after = site.snapshot();
    if after != before {
        let differ: Vec<&String> = before
            .iter()
            .chain(&after)
            .filter(|entry| !before.contains(entry) || !after.contains(entry))
            .map(|(name, _)| name)
            .collect();
        panic!("a failed build changed the output: {differ:?}");
    }
    assert!(
        !site.path("public/.tifa-staging").exists() && !site.path(".public.tifa-staging").exists(),
        "a staging folder was left behind"
    );
}
