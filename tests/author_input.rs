//! What a hostile or clumsy author can still do (issue 17): each test is
//! named after the hole it closes, asserts the exit code, the file:line in
//! the message, and that a failed build leaves the previous output as it was.
//! Every diagnostic these inputs produce is also held to both languages
//! (Chinese by default, English with `--lang en`: `assert_bilingual`).

use crate::common::languages::assert_bilingual;
use crate::common::{Lang, Run, Site};

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
    assert_bilingual(site, &["build"]);
    assert_bilingual(site, &["check"]);
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

#[test]
fn a_formulation_superseded_by_itself_or_in_a_circle_is_an_error_naming_both() {
    let site = Site::fixture("basic");
    let run = fails_keeping_output(
        &site,
        |s| {
            s.write(
                "content/formulations/四风.md",
                "---\ntitle: 四风\nfull: 形式主义、官僚主义、享乐主义和奢靡之风\nstatus: adjusted\nsuperseded_by: 四风问题\n---\n",
            );
        },
        &[
            "[superseded-cycle]",
            "content/formulations/四风.md:5:",
            "content/formulations/四风问题.md:6:",
            "goes round in a circle",
        ],
    );
    assert!(
        run.stderr
            .contains("content/formulations/四风问题.md → content/formulations/四风.md")
            || run
                .stderr
                .contains("content/formulations/四风.md → content/formulations/四风问题.md")
    );
    let site = Site::fixture("basic");
    fails_keeping_output(
        &site,
        |s| {
            s.write(
                "content/formulations/四风问题.md",
                "---\ntitle: 四风问题\nfull: 四风问题\nstatus: adjusted\nsuperseded_by: 四风问题\n---\n",
            );
        },
        &[
            "content/formulations/四风问题.md:5:",
            "names the formulation itself",
        ],
    );
}

#[test]
fn a_source_title_shared_by_two_sources_is_an_error_listing_both() {
    let site = Site::fixture("basic");
    fails_keeping_output(
        &site,
        |s| {
            s.write(
                "content/sources/y-report.md",
                "---\ntitle: X分局党委主体责任情况报告\ndoc_type: 主体责任报告\nlevel: 区县\nyear: 2020\n---\n",
            )
            .write(
                "content/excerpts/x-report/004.md",
                "---\ntitle: 四\nsource: X分局党委主体责任情况报告\norder: 4\n---\n正文。\n",
            );
        },
        &[
            "[ambiguous-reference]",
            "content/excerpts/x-report/004.md:3:",
            "content/sources/x-report.md",
            "content/sources/y-report.md",
        ],
    );
}

#[test]
fn one_character_and_two_letter_terms_warn_and_latin_terms_link_whole_words() {
    let site = Site::fixture("basic");
    site.write(
        "content/formulations/人工智能.md",
        "---\ntitle: 人工智能\nvariants: [AI, 智]\nfull: 人工智能\n---\n",
    )
    .write(
        "content/guide/mail.md",
        "---\ntitle: 邮件\n---\n发EMAIL给同事，讨论AI应用。\n",
    );
    let run = site.build();
    run.assert_ok();
    for expected in [
        "[short-term]",
        "content/formulations/人工智能.md:3:",
        "`智` is one character",
        "`AI` is a Latin word shorter than three letters",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected}:\n{}",
            run.stderr
        );
    }
    let page = site.output("guide/mail/index.html");
    assert!(page.contains("EMAIL"), "{page}");
    assert_eq!(page.matches("class=\"term\"").count(), 1, "{page}");
    let (zh, _) = assert_bilingual(&site, &["build"]);
    assert!(zh.stderr.contains("`智` 只有一个字"), "{}", zh.stderr);
    assert_bilingual(&site, &["check"]);
}

#[test]
fn a_null_title_is_an_error() {
    for null in ["~", "null", "Null", "NULL", ""] {
        let site = Site::fixture("basic");
        fails_keeping_output(
            &site,
            |s| {
                s.write(
                    "content/guide/x.md",
                    format!("---\ntitle: {null}\n---\n正文。\n"),
                );
            },
            &["content/guide/x.md:2:", "`title`"],
        );
    }
    // A quoted "~" is a title like any other.
    let site = Site::fixture("basic");
    site.write("content/guide/x.md", "---\ntitle: \"~\"\n---\n正文。\n");
    site.build().assert_ok();
}

#[test]
fn a_name_too_long_for_the_file_system_is_caught_before_writing_naming_the_file() {
    let long = "关于进一步加强和改进新时代党的建设".repeat(4);
    let site = Site::fixture("basic");
    let file = format!("content/guide/{long}.md");
    fails_keeping_output(
        &site,
        |s| {
            s.write(&file, "---\ntitle: 长\n---\n正文。\n");
        },
        &[&format!("{file}:1:"), "[long-name]", "slug:"],
    );
    let check = site.tifa(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(check.stderr.contains(&file), "{}", check.stderr);
    site.write(&file, "---\ntitle: 长\nslug: chang\n---\n正文。\n");
    site.build().assert_ok();

    let site = Site::fixture("basic");
    fails_keeping_output(
        &site,
        |s| {
            s.write(
                "content/excerpts/x-report/004.md",
                format!(
                    "---\ntitle: 四\nsource: x-report\norder: 4\ntopics: [{long}]\n---\n正文。\n"
                ),
            );
        },
        &[
            "content/excerpts/x-report/004.md:5:",
            "topics `",
            "[long-name]",
        ],
    );
}

#[test]
fn a_new_excerpt_builds_at_once_and_a_name_with_a_newline_is_refused() {
    let site = Site::fixture("basic");
    site.tifa(&["new", "excerpt", "a"]).assert_ok();
    site.tifa(&["new", "formulation", "新提法"]).assert_ok();
    site.tifa(&["new", "source", "新来源"]).assert_ok();
    let run = site.build();
    run.assert_ok();
    // The new formulation has no wording yet: a warning, not an error.
    assert!(
        run.stderr
            .contains("warning[missing-wording]: formulation `新提法` has no wording")
            && run.stderr.contains("--> content/formulations/新提法.md:"),
        "{}",
        run.stderr
    );
    let (zh, _) = assert_bilingual(&site, &["build"]);
    assert!(
        zh.stderr
            .contains("警告[missing-wording]：提法“新提法”没有规范表述"),
        "{}",
        zh.stderr
    );
    // Its page says so instead of showing an empty box to copy from.
    let page = site.output("formulations/xin-ti-fa/index.html");
    assert!(
        !page.contains("id=\"full-wording\"") && page.contains("还没有规范表述"),
        "{page}"
    );
    assert!(site.path("public/excerpts/a/index.html").exists());
    let made = std::fs::read_to_string(site.path("content/excerpts/a.md")).unwrap();
    assert!(made.contains("source: \"x-report\""), "{made}");

    for bad in ["a\nb", "a\tb", "x:y", "a?", "dir/", "a./b", "con*"] {
        let run = site.tifa(&["new", "source", bad]);
        assert_eq!(run.code, 2, "{bad:?} accepted:\n{}", run.stderr);
        assert!(
            run.stderr.contains("not a usable file name"),
            "{}",
            run.stderr
        );
        let run = site.tifa_in(Lang::Zh, &["new", "source", bad]);
        assert!(
            run.code == 2 && run.stderr.contains("不能用作文件名"),
            "{}",
            run.stderr
        );
    }

    // With no source yet, the excerpt is a draft until it names one.
    let site = Site::empty();
    site.write(
        "content/excerpts/_index.md",
        "---\ntitle: 摘录\npage_kind: excerpt\n---\n",
    );
    site.tifa(&["new", "excerpt", "b"]).assert_ok();
    site.build().assert_ok();
    let made = std::fs::read_to_string(site.path("content/excerpts/b.md")).unwrap();
    assert!(made.contains("draft: true"), "{made}");
}

#[test]
fn a_duplicate_key_is_reported_at_the_duplicate_and_a_full_width_colon_is_named() {
    let site = Site::fixture("basic");
    fails_keeping_output(
        &site,
        |s| {
            s.write(
                "content/guide/x.md",
                "---\ntitle: 甲\ndescription: 乙\ntitle: 丙\n---\n正文。\n",
            );
        },
        &[
            "content/guide/x.md:4:1",
            "duplicate field `title`",
            "may appear once",
        ],
    );
    let site = Site::fixture("basic");
    fails_keeping_output(
        &site,
        |s| {
            s.write(
                "content/guide/x.md",
                "---\ntitle: 甲\ndescription：乙\n---\n正文。\n",
            );
        },
        &["content/guide/x.md:3:12", "full-width colon", "ASCII `:`"],
    );
}

#[test]
fn utf16_text_is_converted_and_a_huge_year_gets_a_year_hint_and_init_names_a_file() {
    let site = Site::fixture("basic");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(
        "---\ntitle: 记事本\n---\n用记事本保存的正文。\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    site.write("content/guide/notepad.md", bytes);
    let run = site.build();
    run.assert_ok();
    assert!(run.stderr.contains("UTF-16"), "{}", run.stderr);
    assert!(
        site.output("guide/notepad/index.html")
            .contains("用记事本保存的正文")
    );
    let (zh, _) = assert_bilingual(&site, &["build"]);
    assert!(zh.stderr.contains("文件是 UTF-16 编码"), "{}", zh.stderr);

    fails_keeping_output(
        &site,
        |s| {
            s.write(
                "content/sources/x-report.md",
                "---\ntitle: X分局党委主体责任情况报告\nyear: 99999999999\n---\n",
            );
        },
        &[
            "content/sources/x-report.md:3:",
            "write the year as four digits",
        ],
    );

    let file = site.path("a-file");
    std::fs::write(&file, "x").unwrap();
    let run = crate::common::run_tifa(&["init", file.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("is a file, not a folder"),
        "{}",
        run.stderr
    );
    let run = crate::common::run_tifa_in(Lang::Zh, &["init", file.to_str().unwrap()]);
    assert!(
        run.code == 2 && run.stderr.contains("是一个文件，不是文件夹"),
        "{}",
        run.stderr
    );
}

#[test]
fn template_errors_tera_does_not_locate_name_the_template_file_and_line() {
    type Files<'a> = &'a [(&'a str, &'a str)];
    let cases: [(Files, &str, &str); 3] = [
        (
            &[("templates/page.html", "<p>\n{% include \"page.html\" %}\n")],
            "templates/page.html:2:1",
            "Circular include",
        ),
        (
            &[
                ("templates/page.html", "{% extends \"a.html\" %}\n"),
                ("templates/a.html", "{% extends \"page.html\" %}\n"),
            ],
            "templates/",
            "Circular extend",
        ),
        (
            &[(
                "templates/page.html",
                "<p>\n\n{% include \"nope.html\" %}\n",
            )],
            "templates/page.html:3:12",
            "Unknown template `nope.html`",
        ),
    ];
    for (files, at, says) in cases {
        let site = Site::fixture("basic");
        let run = fails_keeping_output(
            &site,
            |s| {
                for (path, text) in files {
                    s.write(path, text);
                }
            },
            &[at, says],
        );
        assert!(!run.stderr.contains("--> templates\n"), "{}", run.stderr);
    }
}
