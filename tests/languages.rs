//! tifa speaks Chinese by default and English on request (issue 18): the
//! help and clap's errors, `check` in both formats, the draft checker,
//! import's plan; how the language is chosen; Chinese field values; long
//! lines of Chinese under a diagnostic.

use unicode_width::UnicodeWidthStr;

use crate::common::languages::{diagnostics_shown, speaks_chinese, speaks_english};
use crate::common::{Lang, Site, run_tifa_in, tifa_command_in};

/// `tifa <args>` with the locale variables given (all others cleared).
fn with_locale(vars: &[(&str, &str)], args: &[&str]) -> String {
    let mut command = tifa_command_in(Lang::Zh);
    command.envs(vars.iter().copied());
    let output = command.args(args).output().expect("run tifa");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn help_is_chinese_by_default_and_english_when_asked() {
    let zh = run_tifa_in(Lang::Zh, &["--help"]);
    zh.assert_ok();
    for expected in ["用法：tifa", "命令", "把网站构建到输出文件夹", "显示帮助"]
    {
        assert!(zh.stdout.contains(expected), "{expected}:\n{}", zh.stdout);
    }
    let build = run_tifa_in(Lang::Zh, &["build", "--help"]);
    assert!(
        build.stdout.contains("--root <ROOT>") && build.stdout.contains("（默认：.）"),
        "{}",
        build.stdout
    );
    let en = run_tifa_in(Lang::Zh, &["--lang", "en", "build", "--help"]);
    assert!(
        en.stdout.contains("Usage: tifa build") && en.stdout.contains("[default: .]"),
        "{}",
        en.stdout
    );
    // `help build` is the same page as `build --help`.
    assert_eq!(
        run_tifa_in(Lang::Zh, &["help", "build"]).stdout,
        build.stdout
    );
}

#[test]
fn every_subcommand_has_its_help_page_in_chinese() {
    for command in ["build", "serve", "check", "import", "new", "init"] {
        let page = run_tifa_in(Lang::Zh, &[command, "--help"]);
        page.assert_ok();
        let page = page.stdout;
        assert!(page.contains(&format!("用法：tifa {command}")), "{page}");
        // clap's own headings and notes, said again in Chinese with a
        // full-width colon.
        assert!(page.contains("\n选项：\n"), "{page}");
        for english in [
            "Usage",
            "Options",
            "Arguments",
            "[default",
            "possible values",
        ] {
            assert!(!page.contains(english), "{command}: {english}:\n{page}");
        }
        // The summary and every option and argument are explained in Chinese.
        let first = page.lines().next().unwrap_or_default();
        assert!(speaks_chinese(first), "{command}: {first}");
        for line in page
            .lines()
            .filter(|l| l.trim_start().starts_with(['-', '<']))
        {
            assert!(speaks_chinese(line), "{command}: {line}");
        }
    }
}

#[test]
fn the_locale_chooses_unless_lang_says_otherwise() {
    let english = "Usage: tifa";
    let chinese = "用法：tifa";
    for (vars, args, expected) in [
        (&[][..], &["--help"][..], chinese),
        (&[("LANG", "en_US.UTF-8")][..], &["--help"][..], english),
        (&[("LANG", "C.UTF-8")][..], &["--help"][..], chinese),
        (
            &[("LC_MESSAGES", "en_GB.UTF-8"), ("LANG", "zh_CN.UTF-8")][..],
            &["--help"][..],
            english,
        ),
        // LC_ALL wins over LANG.
        (
            &[("LC_ALL", "zh_CN.UTF-8"), ("LANG", "en_US.UTF-8")][..],
            &["--help"][..],
            chinese,
        ),
        // --lang wins over the locale, wherever it is written.
        (
            &[("LANG", "en_US.UTF-8")][..],
            &["--lang", "zh", "--help"][..],
            chinese,
        ),
        (&[][..], &["--help", "--lang=en"][..], english),
    ] {
        let out = with_locale(vars, args);
        assert!(out.starts_with(if expected == english {
            "提法 — "
        } else {
            "提法（tifa）"
        }));
        assert!(out.contains(expected), "{vars:?} {args:?}:\n{out}");
    }
}

#[test]
fn usage_errors_are_said_in_chinese_with_the_same_exit_code() {
    let zh = run_tifa_in(Lang::Zh, &["buld"]);
    assert_eq!(zh.code, 2);
    assert!(
        zh.stderr
            .contains("错误：不认识的命令 `buld`（是不是要写 `build`？）"),
        "{}",
        zh.stderr
    );
    let zh = run_tifa_in(Lang::Zh, &["check", "--format", "xml"]);
    assert_eq!(zh.code, 2);
    assert!(
        zh.stderr
            .contains("`--format <FORMAT>` 的值 `xml` 无效；可用的有：human、json"),
        "{}",
        zh.stderr
    );
    let zh = run_tifa_in(Lang::Zh, &["serve", "--port", "port"]);
    assert!(
        zh.code == 2 && zh.stderr.contains("只能写数字"),
        "{}",
        zh.stderr
    );
    let en = run_tifa_in(Lang::En, &["buld"]);
    assert_eq!(en.code, 2);
    assert!(
        en.stderr.contains("unrecognized subcommand 'buld'"),
        "{}",
        en.stderr
    );
    // tifa's own usage errors too.
    let zh = run_tifa_in(Lang::Zh, &["build", "--root", "/no/such/folder"]);
    assert!(
        zh.code == 2 && zh.stderr.contains("错误：根目录 /no/such/folder 不存在"),
        "{}",
        zh.stderr
    );
}

/// A paragraph of 300 characters with a variant in the middle.
fn long_paragraph_site() -> Site {
    let site = Site::fixture("basic");
    let filler = "落实全面从严治党主体责任，".repeat(12);
    site.write(
        "content/excerpts/x-report/004.md",
        format!(
            "---\ntitle: 长段落\nsource: x-report\norder: 4\npart: 问题\n---\n{filler}做到“两个坚决维护”，{filler}\n"
        ),
    );
    site
}

#[test]
fn check_speaks_the_language_and_wraps_a_long_line_around_the_span() {
    let site = long_paragraph_site();
    let zh = site.tifa_in(Lang::Zh, &["check"]);
    assert_eq!(zh.code, 0, "{}", zh.stderr);
    let shown = diagnostics_shown(&zh.stderr);
    let variant = shown
        .iter()
        .find(|d| {
            d.rule == "variant-spelling"
                && d.location
                    .starts_with("content/excerpts/x-report/004.md:7:")
        })
        .unwrap_or_else(|| panic!("no variant-spelling warning:\n{}", zh.stderr));
    assert_eq!(
        variant.message,
        "“两个坚决维护”是“两个维护”的非规范写法，规范写法为“两个维护”。"
    );
    assert_eq!(
        variant.hint.as_deref(),
        Some("把“两个坚决维护”改为规范写法“两个维护”")
    );
    // No line of the output is wider than a terminal; the marks sit under
    // the variant, counting a Chinese character as two columns.
    let widest = zh
        .stderr
        .lines()
        .filter(|l| l.contains(" | "))
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0);
    assert!(widest <= 80, "{widest} columns:\n{}", zh.stderr);
    let lines: Vec<&str> = zh.stderr.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.contains("004.md:7:"))
        .expect("the long line's location");
    let marks = header
        + lines[header..]
            .iter()
            .position(|l| l.contains('^'))
            .unwrap_or_else(|| panic!("no marks:\n{}", zh.stderr));
    let (row, under) = (lines[marks - 1], lines[marks]);
    let variant_at = row.find("两个坚决维护").expect("the variant's row");
    assert_eq!(
        row[..variant_at].width(),
        under[..under.find('^').unwrap()].width(),
        "{}",
        zh.stderr
    );
    assert_eq!(under.matches('^').count(), 12, "{}", zh.stderr);
    let warnings = shown.len();
    assert!(
        zh.stderr
            .ends_with(&format!("0 个错误，{warnings} 个警告\n")),
        "{}",
        zh.stderr
    );

    let en = site.tifa_in(Lang::Zh, &["check", "--lang", "en"]);
    let shown = diagnostics_shown(&en.stderr);
    let variant = shown.iter().find(|d| d.rule == "variant-spelling").unwrap();
    assert_eq!(variant.message, "`两个坚决维护` is a variant of `两个维护`");
    assert!(
        en.stderr
            .ends_with(&format!("0 error(s), {warnings} warning(s)\n")),
        "{}",
        en.stderr
    );
}

#[test]
fn json_diagnostics_carry_a_stable_code_and_the_message_in_the_language() {
    let site = long_paragraph_site();
    site.write("content/guide/bad.md", "---\ntitle: 坏\ntitel: x\n---\n");
    let read = |args: &[&str]| {
        let run = site.tifa_in(Lang::Zh, args);
        assert_eq!(run.code, 1, "{}", run.stderr);
        serde_json::from_str::<Vec<serde_json::Value>>(&run.stdout).expect("JSON")
    };
    let zh = read(&["check", "--format", "json"]);
    let en = read(&["check", "--format", "json", "--lang", "en"]);
    assert_eq!(zh.len(), en.len());
    for (z, e) in zh.iter().zip(&en) {
        assert_eq!(z["code"], e["code"]);
        assert_eq!(z["code"], z["rule"]);
        assert!(speaks_chinese(z["message"].as_str().unwrap()), "{z}");
        assert!(speaks_english(e["message"].as_str().unwrap()), "{e}");
    }
    let field = zh
        .iter()
        .find(|d| d["code"] == "front-matter")
        .expect("front-matter");
    assert!(
        field["message"]
            .as_str()
            .unwrap()
            .starts_with("未知的字段 `titel`"),
        "{field}"
    );
    assert_eq!(field["line"], 3);
}

#[test]
fn draft_findings_speak_the_language() {
    let site = Site::fixture("basic");
    let draft = site.path("draft.txt");
    std::fs::write(&draft, "要做到“两个坚决维护”。\n").unwrap();
    let draft = draft.to_str().unwrap();
    let zh = site.tifa_in(Lang::Zh, &["check", "--draft", draft]);
    assert!(
        zh.stdout
            .contains("1:5 [variant-spelling] “两个坚决维护”是“两个维护”的非规范写法")
            && zh.stderr.contains("中有 1 处需要注意"),
        "{}{}",
        zh.stdout,
        zh.stderr
    );
    let en = site.tifa_in(Lang::Zh, &["check", "--draft", draft, "--lang", "en"]);
    assert!(
        en.stdout.contains(
            "1:5 [variant-spelling] `两个坚决维护` is a variant of `两个维护` → 两个维护"
        ) && en.stderr.contains("1 finding(s) in"),
        "{}{}",
        en.stdout,
        en.stderr
    );
}

#[test]
fn the_import_plan_speaks_the_language() {
    let site = Site::empty();
    let report = site.path("report.txt");
    std::fs::write(
        &report,
        "关于某局党委落实主体责任情况的报告\n一、存在的问题\n（一）政治建设方面。一是学习不够深入，对“四个意识”理解不透。\n二、整改措施\n（一）加强学习。一是健全制度，做到“两个维护”。\n",
    )
    .unwrap();
    let report = report.to_str().unwrap();
    let zh = site.tifa_in(Lang::Zh, &["import", report, "--dry-run"]);
    zh.assert_ok();
    assert!(
        zh.stdout
            .contains("：《关于某局党委落实主体责任情况的报告》，")
            && zh.stdout.contains("新建"),
        "{}",
        zh.stdout
    );
    // Each excerpt's part as a curator would write it in Chinese.
    assert!(
        zh.stdout.contains("[问题] 学习不够深入") && zh.stdout.contains("[措施] 健全制度"),
        "{}",
        zh.stdout
    );
    assert!(
        zh.stderr.contains("试运行（--dry-run）：什么也没有写入"),
        "{}",
        zh.stderr
    );
    let en = site.tifa_in(Lang::En, &["import", report, "--dry-run"]);
    assert!(
        en.stdout.contains("excerpts")
            && en.stdout.contains("create")
            && en.stdout.contains("[problem] "),
        "{}",
        en.stdout
    );
    // A refused format says how to convert it, in Chinese.
    let doc = site.path("report.doc");
    std::fs::write(&doc, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 not really").unwrap();
    let zh = site.tifa_in(Lang::Zh, &["import", doc.to_str().unwrap()]);
    assert_eq!(zh.code, 1, "{}", zh.stderr);
    assert!(
        zh.stderr.contains("另存为 Word 文档（.docx）"),
        "{}",
        zh.stderr
    );
    assert!(zh.stderr.contains("什么也没有写入"), "{}", zh.stderr);
}

#[test]
fn chinese_field_values_are_read_and_exported_as_the_canonical_english() {
    let site = Site::fixture("basic");
    site.write(
        "content/excerpts/x-report/004.md",
        "---\ntitle: 第四段\nsource: x-report\norder: 4\npart: 问题\n---\n增强“四个意识”。\n",
    )
    .write(
        "content/formulations/四风.md",
        "---\ntitle: 四风\nfull: 形式主义、官僚主义、享乐主义和奢靡之风\nstatus: 现行\nwording: 原文\n---\n",
    )
    .write(
        "content/formulations/四风问题.md",
        "---\ntitle: 四风问题\nfull: 形式主义、官僚主义、享乐主义和奢靡之风问题\nstatus: 已调整\n---\n",
    );
    site.build().assert_ok();
    let excerpts: Vec<serde_json::Value> =
        serde_json::from_str(&site.output("data/excerpts.json")).unwrap();
    let fourth = excerpts
        .iter()
        .find(|e| e["path"] == "excerpts/x-report/004.md")
        .expect("the new excerpt");
    assert_eq!(fourth["part"], "problem");
    let formulations: Vec<serde_json::Value> =
        serde_json::from_str(&site.output("data/formulations.json")).unwrap();
    let by_title = |title: &str| {
        formulations
            .iter()
            .find(|f| f["title"] == title)
            .unwrap_or_else(|| panic!("{title}"))
            .clone()
    };
    assert_eq!(by_title("四风")["status"], "current");
    assert_eq!(by_title("四风")["wording"], "verbatim");
    assert_eq!(by_title("四风问题")["status"], "adjusted");
    // The part's list page is at its canonical name.
    assert!(site.path("public/part/problem/index.html").exists());
    // A value that is neither says which are, in both spellings.
    site.write(
        "content/excerpts/x-report/004.md",
        "---\ntitle: 第四段\nsource: x-report\npart: 问题们\n---\n正文。\n",
    );
    let (zh, en) = crate::common::languages::assert_bilingual(&site, &["build"]);
    assert!(zh.stderr.contains("problem/问题"), "{}", zh.stderr);
    assert!(en.stderr.contains("(or `成效`, `问题`"), "{}", en.stderr);
}
