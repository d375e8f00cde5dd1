//! What a hostile or clumsy author can still do (issue 17): each test is
//! named after the hole it closes, asserts the exit code, the file:line in
//! the message, and that a failed build leaves the previous output as it was.

use crate::common::{Run, Site};

/// Builds once (must succeed), applies `change`, builds again and expects
/// a failure whose message contains every one of `expected`.
fn fails_keeping_output(site: &Site, change: impl FnOnce(&Site), expected: &[&str]) -> Run {
    site.build().assert_ok();
    let before = site.snapshot();
    change(site);
    let run = site.build();
    assert_eq!(run.code, 1, "expected a content error:\n{}", run.stderr);
    for text in expected {
        assert!(
            run.stderr.contains(text),
            "missing {text:?} in:\n{}",
            run.stderr
        );
    }
    assert_eq!(site.snapshot(), before, "a failed build changed the output");
    run
}

#[test]
fn script_capable_files_in_content_and_static_are_refused_unless_trusted() {
    for path in [
        "content/guide/page.html",
        "content/guide/logo.svg",
        "static/tools/app.js",
        "static/x.XHTML",
        "static/feed.xml",
    ] {
        let site = Site::fixture("basic");
        fails_keeping_output(
            &site,
            |s| {
                s.write(path, "<script>alert(1)</script>");
            },
            &[path, "[active-file]", "[security] trust"],
        );
        let check = site.tifa(&["check"]);
        assert_eq!(
            check.code, 1,
            "check must report {path} too:\n{}",
            check.stderr
        );
        assert!(check.stderr.contains(path), "{}", check.stderr);
    }
    // Trusted by name or by folder, it is published; plain files always are.
    let site = Site::fixture("basic");
    site.write("static/tools/app.js", "console.log(1)")
        .write("static/tools/map.svg", "<svg/>")
        .write("content/guide/chart.png", "png")
        .write(
            "config.toml",
            std::fs::read_to_string(site.path("config.toml")).unwrap()
                + "\n[security]\ntrust = [\"static/tools/\"]\n",
        );
    site.build().assert_ok();
    let files = site.output_files();
    for published in ["tools/app.js", "tools/map.svg", "guide/chart.png"] {
        assert!(
            files.contains(&published.to_string()),
            "{published} missing: {files:?}"
        );
    }
}
