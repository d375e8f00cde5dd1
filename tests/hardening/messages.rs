//! Message quality (issue 17): errors that were raw OS errors, named
//! neither side of a conflict, or said the wrong thing. Each names the file
//! (and line where there is one), what is wrong and how to fix it, and is
//! found before anything in the output changes.

use std::path::Path;

use super::{assert_untouched, fails_keeping_output, run_bounded};
use crate::common::{Site, copy_tree, run_tifa};

fn append_config(site: &Site, text: &str) {
    let config = std::fs::read_to_string(site.path("config.toml")).unwrap();
    site.write("config.toml", config + text);
}

#[test]
fn an_output_dir_naming_a_file_says_it_is_a_file_at_its_config_line() {
    let site = Site::fixture("basic");
    fails_keeping_output(
        &site,
        |s| {
            s.write("out.txt", "notes");
            append_config(s, "output_dir = \"out.txt\"\n");
        },
        2,
        &[
            "config.toml:4: output_dir",
            "out.txt is a file, not a folder",
            "choose a folder for the output",
        ],
    );
    assert_eq!(
        std::fs::read_to_string(site.path("out.txt")).unwrap(),
        "notes"
    );
    let run = site.tifa(&[
        "build",
        "--output-dir",
        &site.path("out.txt/x").display().to_string(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--output-dir: "), "{}", run.stderr);
    assert!(
        run.stderr.contains("is a file, not a folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_static_file_colliding_with_a_page_names_the_static_file_and_the_markdown_file() {
    let site = Site::fixture("basic");
    fails_keeping_output(
        &site,
        |s| {
            s.write("static/guide/markdown/index.html", "<p>mine</p>");
            append_config(s, "[security]\ntrust = [\"static/guide/\"]\n");
        },
        1,
        &[
            "two outputs claim guide/markdown/index.html",
            "static/guide/markdown/index.html",
            "content/guide/markdown.md:1:1",
            "another `slug:`",
        ],
    );
    let check = site.tifa(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("two outputs claim guide/markdown/index.html"),
        "{}",
        check.stderr
    );
}

/// A theme's static file named like a section folder: the build failed
/// at commit with a raw OS error naming neither file.
#[test]
fn a_theme_static_file_where_a_page_goes_is_found_before_writing_naming_both() {
    let site = Site::fixture("basic");
    fails_keeping_output(
        &site,
        |s| {
            copy_tree(
                &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
                &s.path("themes/plain"),
            );
            s.write("themes/plain/static/guide", "not a folder");
            append_config(s, "theme = \"plain\"\n");
        },
        1,
        &[
            "themes/plain/static/guide makes the file guide",
            "content/guide/markdown.md needs a folder for guide/markdown/index.html",
            "rename or move themes/plain/static/guide",
        ],
    );
    // A static folder where a page's file goes, in a first build too.
    let site = Site::fixture("basic");
    site.write("static/guide/markdown/index.html/x.png", "png");
    let run = run_bounded(&site, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/guide/markdown.md makes the file guide/markdown/index.html"),
        "{}",
        run.stderr
    );
    assert!(!site.path("public").exists(), "a failed first build wrote");
}

#[test]
fn a_user_folder_or_file_inside_the_output_is_found_before_writing() {
    let site = Site::fixture("basic");
    site.build().assert_ok();
    std::fs::create_dir_all(site.path("public/guide/new/index.html")).unwrap();
    site.write("public/guide/other", "my notes");
    let before = site.snapshot();
    site.write("content/guide/new.md", "---\ntitle: 新页\n---\n正文。\n")
        .write(
            "content/guide/other.md",
            "---\ntitle: 另一页\n---\n正文。\n",
        )
        .write(
            "content/guide/markdown.md",
            std::fs::read_to_string(site.path("content/guide/markdown.md")).unwrap() + "\n改动。\n",
        );
    let run = run_bounded(&site, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for expected in [
        "public/guide/new/index.html is a folder tifa did not make",
        "public/guide/other is a file where the build needs a folder",
        "move it out of the output folder",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected}:\n{}",
            run.stderr
        );
    }
    assert_untouched(&site, &before);
}

/// A read-only folder inside the output (a read-only bind mount, made in
/// a private mount namespace): the commit stopped part-way and its undo
/// failed on that same folder. Now it is found before the first move.
#[cfg(target_os = "linux")]
#[test]
fn a_read_only_folder_inside_the_output_is_found_before_the_commit() {
    let site = Site::fixture("basic");
    site.build().assert_ok();
    site.write(
        "content/guide/markdown.md",
        std::fs::read_to_string(site.path("content/guide/markdown.md")).unwrap() + "\n改动。\n",
    );
    site.write(
        "content/excerpts/x-report/003.md",
        "---\ntitle: 三（改）\nsource: x-report\norder: 3\n---\n改过的正文。\n",
    );
    let before = site.snapshot();
    let guide = site.path("public/guide").display().to_string();
    let build_on_read_only = |lang: &str| {
        let script = format!(
            "set -e; mount --bind '{guide}' '{guide}'; mount -o remount,bind,ro '{guide}'; \
             '{tifa}' build --lang {lang} --root '{root}'",
            tifa = crate::common::TIFA,
            root = site.root().display()
        );
        let output = std::process::Command::new("unshare")
            .args(["--user", "--map-root-user", "--mount", "sh", "-c", &script])
            .output()
            .expect("unshare (util-linux) is needed by this test");
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("public/guide"), "{stderr}");
        stderr
    };
    let stderr = build_on_read_only("en");
    assert!(stderr.contains("read-only file system"), "{stderr}");
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    assert!(!stderr.contains("undoing failed"), "{stderr}");
    assert_untouched(&site, &before);
    let stderr = build_on_read_only("zh");
    assert!(
        stderr.contains("文件系统是只读的") && stderr.contains("什么都没有改动"),
        "{stderr}"
    );
    assert_untouched(&site, &before);
    site.build().assert_ok();
}

#[test]
fn a_link_to_a_draft_says_it_is_a_draft_and_how_to_build_it() {
    let site = Site::fixture("basic");
    fails_keeping_output(
        &site,
        |s| {
            s.write(
                "content/guide/draft.md",
                "---\ntitle: 草稿\ndraft: true\n---\n草稿正文。\n",
            )
            .write(
                "content/guide/link.md",
                "---\ntitle: 链接\n---\n见[草稿](@/guide/draft.md)。\n",
            );
        },
        1,
        &[
            "content/guide/link.md:4:7",
            "content/guide/draft.md is a draft",
            "--drafts",
            "remove `draft: true`",
        ],
    );
    site.tifa(&["build", "--drafts"]).assert_ok();
    // A file that does not exist is still "no such file".
    site.write(
        "content/guide/link.md",
        "---\ntitle: 链接\n---\n见[草稿](@/guide/nothing.md)。\n",
    );
    let run = site.build();
    assert!(
        run.stderr.contains("there is no content/guide/nothing.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_root_or_into_that_is_a_file_is_named_as_a_file() {
    let site = Site::fixture("basic");
    let file = site.path("config.toml").display().to_string();
    for args in [
        vec!["build", "--root", &file],
        vec!["check", "--root", &file],
        vec!["serve", "--port", "0", "--root", &file],
        vec!["new", "source", "x", "--root", &file],
        vec!["import", "report.txt", "--root", &file],
    ] {
        let run = run_tifa(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("is a file, not a folder") && run.stderr.contains("--root"),
            "{args:?}: {}",
            run.stderr
        );
    }
    let missing = site.path("nothing-here").display().to_string();
    let run = run_tifa(&["build", "--root", &missing]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);

    site.write(
        "report.txt",
        "一、总体情况\n今年以来，我们认真落实主体责任。\n",
    );
    let report = site.path("report.txt").display().to_string();
    for into in [file.clone(), format!("{file}/content")] {
        let run = site.tifa(&["import", &report, "--into", &into]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("--into"), "{}", run.stderr);
        assert!(run.stderr.contains("is a file"), "{}", run.stderr);
        assert!(!run.stderr.contains("os error"), "{}", run.stderr);
    }
}

/// `tifa import` errors were reported at `file:0`, or past the file's last
/// line: a line named is a line of the file, or there is none (a problem of
/// the whole file, like having no text at all).
#[test]
fn import_errors_are_never_at_line_zero() {
    let site = Site::fixture("basic");
    for (name, bytes) in [
        ("empty.txt", &b""[..]),
        ("blank.txt", b"\n\n\n"),
        (
            "only-junk.txt",
            "本文系邮箱投稿，仅供学习参考，请勿照搬照抄！\n".as_bytes(),
        ),
        ("headings.txt", "一、总体情况\n\n二、存在问题\n".as_bytes()),
        ("binary.txt", b"\x00\x01\x02binary"),
        ("broken.docx", b"not a zip"),
        (
            "scripts.html",
            b"<html><body><script>x</script></body></html>",
        ),
    ] {
        site.write(name, bytes);
        let file = site.path(name).display().to_string();
        let run = site.tifa(&["import", &file, "--dry-run"]);
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        assert!(run.stderr.contains(&file), "{name}: {}", run.stderr);
        // As an editor counts them: a final newline ends the last line.
        let lines_in_file = match bytes.strip_suffix(b"\n").unwrap_or(bytes) {
            _ if bytes.is_empty() => 0,
            text => text.split(|&b| b == b'\n').count(),
        };
        let named = format!("{file}:");
        for at in run.stderr.match_indices(&named) {
            let digits: String = run.stderr[at.0 + named.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(line) = digits.parse::<usize>() {
                assert!(
                    (1..=lines_in_file).contains(&line),
                    "{name} has {lines_in_file} lines: {}",
                    run.stderr
                );
            }
        }
        assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    }
}

/// A tab in the front matter's indentation (the Tab key in Notepad, or a
/// list pasted from a word processor) was "found character that cannot
/// start any token" with a hint about quoting: the tab is named, at its
/// column, with the fix.
#[test]
fn a_tab_in_front_matter_indentation_is_named_with_the_fix() {
    for (front_matter, at) in [
        ("tags:\n\t- 政治建设\n", "content/guide/tab.md:4:1"),
        ("extra:\n  a: 1\n \tb: 2\n", "content/guide/tab.md:5:2"),
    ] {
        let site = Site::fixture("basic");
        let run = fails_keeping_output(
            &site,
            |s| {
                s.write(
                    "content/guide/tab.md",
                    format!("---\ntitle: 甲\n{front_matter}---\n正文。\n"),
                );
            },
            1,
            &[at, "a tab is used for indentation", "indent with spaces"],
        );
        assert!(!run.stderr.contains("quote values"), "{}", run.stderr);
    }
}

/// A link to a Markdown file by its path (`[见](markdown.md)`, as on
/// GitHub) built without a word and was broken on the site (the site has
/// no .md files): an error at the link, with the `@/` form to write
/// instead. Web addresses ending in .md are left alone.
#[test]
fn a_link_to_a_markdown_file_by_its_path_is_an_error_naming_the_at_form() {
    for (link, at, suggestion) in [
        (
            "markdown.md",
            "content/guide/a.md:4:",
            "(@/guide/markdown.md)",
        ),
        (
            "../sources/x-report.md#标题",
            "content/guide/a.md:4:",
            "(@/sources/x-report.md#标题)",
        ),
        ("./sub/b.MD", "content/guide/a.md:4:", "(@/guide/sub/b.MD)"),
    ] {
        let site = Site::fixture("basic");
        fails_keeping_output(
            &site,
            |s| {
                s.write(
                    "content/guide/a.md",
                    format!("---\ntitle: 甲\n---\n另见[写作示例]({link})。\n"),
                );
            },
            1,
            &[
                at,
                &format!("link to `{link}`: a link to a Markdown file is broken on the site"),
                suggestion,
            ],
        );
        let check = run_bounded(&site, &["check"]);
        assert_eq!(check.code, 1, "{}", check.stderr);
        assert!(check.stderr.contains(suggestion), "{}", check.stderr);
    }
    let site = Site::fixture("basic");
    site.write(
        "content/guide/a.md",
        "---\ntitle: 甲\n---\n见[说明](https://example.org/README.md)和[写作示例](@/guide/markdown.md)。\n",
    );
    site.build().assert_ok();
}
