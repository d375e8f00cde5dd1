//! The output folder: no build or serve may write, move or delete anything
//! outside it, and a build that cannot finish leaves it as it was. One
//! regression test per bug, named after it.

use std::path::Path;

use crate::common::{Site, TIFA};

/// Every file under `dir` with its bytes (links listed as links).
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let bytes = if e.path_is_symlink() {
                format!("-> {}", std::fs::read_link(e.path()).unwrap().display()).into_bytes()
            } else {
                std::fs::read(e.path()).unwrap()
            };
            (rel, bytes)
        })
        .collect();
    files.sort();
    files
}

/// `output_dir = "public/../content/out"` was compared as written, so it
/// was not "inside content/" and the build wrote into the author's files.
#[test]
fn output_dir_with_dot_dot_into_content_is_refused() {
    let site = Site::fixture("basic");
    let content_before = tree(&site.path("content"));
    for output in [
        "public/../content/out",
        "public/../static",
        "x/../templates/y",
    ] {
        let config = std::fs::read_to_string(site.path("config.toml")).unwrap();
        site.write(
            "config.toml",
            format!("output_dir = \"{output}\"\n{config}"),
        );
        let run = site.build();
        assert_eq!(run.code, 2, "{output}: {}", run.stderr);
        assert!(run.stderr.contains("inside content/"), "{}", run.stderr);
        site.write("config.toml", config);
        let run = site.tifa(&[
            "build",
            "--output-dir",
            &site.path(output).to_string_lossy(),
        ]);
        assert_eq!(run.code, 2, "--output-dir {output}: {}", run.stderr);
    }
    assert_eq!(tree(&site.path("content")), content_before);
    assert!(!site.path("static/index.html").exists());
}

/// A bad config.toml made build say "build failed: …;  left untouched",
/// naming an empty folder.
#[test]
fn invalid_config_says_nothing_was_written() {
    let site = Site::fixture("basic");
    site.write("config.toml", "title = \n");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("config.toml:1"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(!run.stderr.contains(";  left untouched"), "{}", run.stderr);
    assert!(!site.path("public").exists());
}

/// Stale files were removed by joining their path to the output folder: a
/// folder of pages replaced by a link made the next build delete the
/// files where the link led.
#[cfg(unix)]
#[test]
fn stale_file_removal_does_not_follow_a_linked_folder() {
    let site = Site::fixture("basic");
    site.build().assert_ok();
    let elsewhere = tempfile::tempdir().unwrap();
    let linked = elsewhere.path().join("guide");
    std::fs::rename(site.path("public/guide"), &linked).unwrap();
    std::os::unix::fs::symlink(&linked, site.path("public/guide")).unwrap();
    let outside_before = tree(elsewhere.path());
    site.remove("content/guide/markdown.md");
    let run = site.build();
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert_eq!(
        tree(elsewhere.path()),
        outside_before,
        "files outside were touched"
    );
    // With the link gone, the build goes on and removes its own stale page.
    std::fs::remove_file(site.path("public/guide")).unwrap();
    site.build().assert_ok();
    assert!(!site.path("public/guide/markdown/index.html").exists());
    assert_eq!(tree(elsewhere.path()), outside_before);
}

/// A link in content/ to the output folder published the output inside
/// itself, one level deeper at every build.
#[cfg(unix)]
#[test]
fn a_content_link_to_the_output_is_skipped() {
    let site = Site::fixture("basic");
    site.build().assert_ok();
    let count = site.output_files().len();
    std::os::unix::fs::symlink(site.path("public"), site.path("content/mirror")).unwrap();
    for _ in 0..2 {
        let run = site.build();
        run.assert_ok();
        assert!(
            run.stderr.contains("link into the output folder"),
            "{}",
            run.stderr
        );
        assert_eq!(site.output_files().len(), count);
        assert!(!site.path("public/mirror").exists());
    }
}

/// A write error part-way through the commit left the output half old,
/// half new. The obstacle here, a folder where the build must put a new
/// page's file, is now found before the commit begins (issue 17); a move
/// that fails during the commit is undone (`write::staged` tests make the
/// obstacle between rendering and the commit).
#[test]
fn a_failed_commit_leaves_the_previous_output() {
    let site = Site::fixture("basic");
    site.build().assert_ok();
    site.write(
        "content/guide/markdown.md",
        std::fs::read_to_string(site.path("content/guide/markdown.md"))
            .unwrap()
            .replace("写作示例", "写作示例（新）"),
    );
    site.write(
        "content/guide/zzz.md",
        "---\ntitle: 最后一页\n---\n正文。\n",
    );
    std::fs::create_dir_all(site.path("public/guide/zzz/index.html")).unwrap();
    let before = site.snapshot();
    let run = site.build();
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("guide/zzz/index.html is a folder tifa did not make")
            && run.stderr.contains("left untouched"),
        "{}",
        run.stderr
    );
    assert_eq!(site.snapshot(), before, "the output changed");
    assert!(!site.path("public/.tifa-staging").exists());
    std::fs::remove_dir(site.path("public/guide/zzz/index.html")).unwrap();
    site.build().assert_ok();
    assert!(
        site.output("guide/markdown/index.html")
            .contains("写作示例（新）")
    );
}

/// An output folder that is a mount point never built: every move from
/// the staging folder beside it failed with "Invalid cross-device link",
/// and the empty folders left behind made later builds refuse it. The
/// mount is made in a private mount namespace (`unshare`), so the test
/// needs no root and leaves nothing mounted.
#[cfg(target_os = "linux")]
#[test]
fn an_output_folder_that_is_a_mount_point_builds() {
    let site = Site::fixture("basic");
    std::fs::create_dir_all(site.path("public")).unwrap();
    let root = site.root().to_string_lossy().into_owned();
    let public = site.path("public").to_string_lossy().into_owned();
    let script = format!(
        "set -e; mount -t tmpfs tmpfs '{public}'; \
         '{TIFA}' build --root '{root}'; \
         echo changed >> '{root}/content/guide/markdown.md'; \
         '{TIFA}' build --root '{root}'; \
         test -f '{public}/guide/markdown/index.html'; \
         grep -q changed '{public}/guide/markdown/index.html'; \
         test ! -e '{public}/.tifa-staging'; \
         stat -f -c %T '{public}'"
    );
    let output = std::process::Command::new("unshare")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "en_US.UTF-8")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", &script])
        .output()
        .expect("unshare (util-linux) is needed by this test");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(stdout.trim(), "tmpfs", "the output was not a mount point");
    assert!(!stderr.contains("cross-device"), "{stderr}");
    assert_eq!(stderr.matches("built ").count(), 2, "{stderr}");
}
