//! `tifa check`: each lint rule on a small fixture text, the human and JSON
//! output, exit codes, `allow`, and the shipped knowledge base.

use serde_json::Value;

use crate::common::Site;

/// The diagnostics of `tifa check --format json`.
fn json(site: &Site) -> (i32, Vec<Value>) {
    let run = site.tifa(&["check", "--format", "json"]);
    let list: Vec<Value> = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr));
    (run.code, list)
}

/// The diagnostics of one rule in one file.
fn of<'a>(list: &'a [Value], rule: &str, file: &str) -> Vec<&'a Value> {
    list.iter()
        .filter(|d| d["rule"] == rule && d["file"] == file)
        .collect()
}

fn position(d: &Value) -> (u64, u64) {
    (
        d["line"].as_u64().unwrap_or(0),
        d["column"].as_u64().unwrap_or(0),
    )
}

/// An excerpt of the fixture's 2019 report with `body` as its text.
fn excerpt(site: &Site, name: &str, front: &str, body: &str) {
    site.write(
        &format!("content/excerpts/x-report/{name}.md"),
        format!("---\ntitle: 测试\nsource: x-report\n{front}---\n{body}"),
    );
}

#[test]
fn variant_spelling_is_a_warning_at_file_line_col_with_the_canonical_wording() {
    let site = Site::fixture("basic");
    let run = site.tifa(&["check"]);
    assert_eq!(run.code, 0, "warnings only exit 0:\n{}", run.stderr);
    let human = &run.stderr;
    assert!(
        human.contains("warning[variant-spelling]: `两个坚决维护` is a variant of `两个维护`"),
        "{human}"
    );
    // 8 lines of front matter; the variant starts at the 13th character.
    assert!(
        human.contains("--> content/excerpts/x-report/001.md:9:13"),
        "{human}"
    );
    assert!(
        human.contains("9 | 增强“四个意识”，做到“两个坚决维护”的弦绷得还不够紧。"),
        "{human}"
    );
    assert!(
        human.contains("= help: use the canonical wording `两个维护` instead of `两个坚决维护`"),
        "{human}"
    );
    assert!(human.contains("0 error(s)"), "{human}");
}

#[test]
fn json_output_is_an_array_of_diagnostics() {
    let site = Site::fixture("basic");
    let (code, list) = json(&site);
    assert_eq!(code, 0);
    let found = of(
        &list,
        "variant-spelling",
        "content/excerpts/x-report/001.md",
    );
    assert_eq!(found.len(), 1, "{list:?}");
    let d = found[0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(position(d), (9, 13));
    assert_eq!(d["span_chars"], 6);
    assert_eq!(
        d["hint"],
        "use the canonical wording `两个维护` instead of `两个坚决维护`"
    );
    assert_eq!(
        d["snippet"],
        "增强“四个意识”，做到“两个坚决维护”的弦绷得还不够紧。"
    );
}

#[test]
fn stale_formulation_after_the_change_names_the_successor() {
    let site = Site::fixture("basic");
    site.write(
        "content/formulations/旧提法.md",
        "---\ntitle: 旧提法\nstatus: historical\nsuperseded_by: 四个意识\nextra:\n  changed_year: 2018\n---\n",
    );
    excerpt(&site, "010", "", "坚持旧提法。\n");
    let (code, list) = json(&site);
    assert_eq!(code, 0, "{list:?}");
    let found = of(
        &list,
        "stale-formulation",
        "content/excerpts/x-report/010.md",
    );
    assert_eq!(found.len(), 1, "{list:?}");
    assert_eq!(position(found[0]), (5, 3));
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("changed in 2018; this text is of 2019"),
        "{message}"
    );
    assert_eq!(found[0]["hint"], "use `四个意识` instead of `旧提法`");

    // The same text in a report of the change year is fine.
    let source = std::fs::read_to_string(site.path("content/sources/x-report.md")).unwrap();
    site.write(
        "content/sources/x-report.md",
        source.replace("year: 2019", "year: 2018"),
    );
    let (_, list) = json(&site);
    assert!(
        of(
            &list,
            "stale-formulation",
            "content/excerpts/x-report/010.md"
        )
        .is_empty()
    );
}

#[test]
fn misquoted_wording_reports_missing_and_disordered_parts() {
    let site = Site::fixture("basic");
    excerpt(
        &site,
        "010",
        "",
        "第一段。\n\n牢固树立政治意识、大局意识、看齐意识。\n\n增强政治意识、核心意识、大局意识、看齐意识。\n",
    );
    let (code, list) = json(&site);
    assert_eq!(code, 0);
    let found = of(
        &list,
        "misquoted-wording",
        "content/excerpts/x-report/010.md",
    );
    assert_eq!(found.len(), 2, "{list:?}");
    assert_eq!(position(found[0]), (7, 5));
    assert_eq!(found[0]["span_chars"], 14);
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("`核心意识` missing")
    );
    assert_eq!(
        found[0]["hint"],
        "the canonical wording is `政治意识、大局意识、核心意识、看齐意识`"
    );
    assert_eq!(position(found[1]), (9, 3));
    assert!(
        found[1]["message"]
            .as_str()
            .unwrap()
            .contains("out of order")
    );
}

#[test]
fn punctuation_rules_report_unbalanced_pairs_and_half_width_marks() {
    let site = Site::fixture("basic");
    excerpt(
        &site,
        "010",
        "",
        "增强“四个意识，坚定信心。\n\n政治建设,作风建设。共1,000人，见 `a,b`。\n",
    );
    let (code, list) = json(&site);
    assert_eq!(code, 0);
    let file = "content/excerpts/x-report/010.md";
    let unbalanced = of(&list, "unbalanced-punctuation", file);
    assert_eq!(unbalanced.len(), 1, "{list:?}");
    assert_eq!(position(unbalanced[0]), (5, 3));
    assert!(unbalanced[0]["hint"].as_str().unwrap().contains('”'));
    let half_width = of(&list, "half-width-punctuation", file);
    assert_eq!(half_width.len(), 1, "numbers and code are fine: {list:?}");
    assert_eq!(position(half_width[0]), (7, 5));
    assert_eq!(half_width[0]["hint"], "use the full-width `，`");
}

#[test]
fn an_empty_excerpt_is_an_error_and_exits_1() {
    let site = Site::fixture("basic");
    excerpt(&site, "010", "", "\n");
    let (code, list) = json(&site);
    assert_eq!(code, 1, "{list:?}");
    let found = of(&list, "empty-excerpt", "content/excerpts/x-report/010.md");
    assert_eq!(found.len(), 1, "{list:?}");
    assert_eq!(found[0]["severity"], "error");
    assert_eq!(position(found[0]), (4, 1));

    let run = site.tifa(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error[empty-excerpt]"),
        "{}",
        run.stderr
    );
}

#[test]
fn allow_in_front_matter_silences_a_rule_for_that_file() {
    let site = Site::fixture("basic");
    let text = std::fs::read_to_string(site.path("content/excerpts/x-report/001.md")).unwrap();
    site.write(
        "content/excerpts/x-report/001.md",
        text.replacen(
            "topics:",
            "# check: 原文如此\nallow: [variant-spelling]\ntopics:",
            1,
        ),
    );
    let (code, list) = json(&site);
    assert_eq!(code, 0, "{list:?}");
    assert!(
        of(
            &list,
            "variant-spelling",
            "content/excerpts/x-report/001.md"
        )
        .is_empty(),
        "{list:?}"
    );
    // Other rules and other files still report (四风问题 is adjusted with
    // no date of the change: the entry is warned, not the texts using it).
    assert_eq!(
        of(
            &list,
            "stale-formulation",
            "content/formulations/四风问题.md"
        )
        .len(),
        1,
        "{list:?}"
    );
}

#[test]
fn allow_in_config_silences_a_rule_site_wide() {
    let site = Site::fixture("basic");
    let config = std::fs::read_to_string(site.path("config.toml")).unwrap();
    site.write(
        "config.toml",
        format!("{config}\n[check]\nallow = [\"variant-spelling\", \"stale-formulation\"]\n"),
    );
    let run = site.tifa(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("no problems found"), "{}", run.stderr);

    // A misspelt rule name switches nothing off and says so.
    site.write(
        "config.toml",
        format!("{config}\n[check]\nallow = [\"variant-speling\"]\n"),
    );
    let (_, list) = json(&site);
    assert_eq!(
        of(&list, "unknown-rule", "config.toml").len(),
        1,
        "{list:?}"
    );
    assert_eq!(
        of(
            &list,
            "variant-spelling",
            "content/excerpts/x-report/001.md"
        )
        .len(),
        1
    );
}

#[test]
fn an_allow_naming_no_rule_is_reported() {
    let site = Site::fixture("basic");
    excerpt(&site, "010", "allow: [varient-spelling]\n", "正文。\n");
    let (_, list) = json(&site);
    let found = of(&list, "unknown-rule", "content/excerpts/x-report/010.md");
    assert_eq!(found.len(), 1, "{list:?}");
    assert_eq!(position(found[0]).0, 4);
    assert!(
        found[0]["hint"]
            .as_str()
            .unwrap()
            .contains("variant-spelling")
    );
}

#[test]
fn check_lints_even_when_the_build_fails_and_writes_nothing() {
    let site = Site::fixture("basic");
    excerpt(&site, "010", "", "见[[不存在的提法]]。\n");
    let (code, list) = json(&site);
    assert_eq!(code, 1, "{list:?}");
    assert_eq!(
        of(&list, "link", "content/excerpts/x-report/010.md").len(),
        1,
        "{list:?}"
    );
    assert_eq!(
        of(
            &list,
            "variant-spelling",
            "content/excerpts/x-report/001.md"
        )
        .len(),
        1,
        "lint rules run beside build errors: {list:?}"
    );
    assert!(!site.path("public").exists(), "check wrote output");
}

/// The repository's own knowledge base.
fn repo() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

#[test]
fn shipped_content_is_clean() {
    let output = crate::common::tifa_command()
        .args(["check", "--format", "json", "--root"])
        .arg(repo())
        .output()
        .expect("run tifa");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let list: Vec<Value> = serde_json::from_str(&stdout).expect("JSON");
    // Deliberate exceptions are allowed in the files, each with a reason
    // (see the next test), so nothing may remain.
    assert_eq!(output.status.code(), Some(0), "{list:#?}");
    assert!(list.is_empty(), "unexplained warnings: {list:#?}");
}

#[test]
fn every_allow_in_shipped_content_is_explained() {
    for entry in walkdir::WalkDir::new(repo().join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
    {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let front = text.split("\n---\n").next().unwrap_or("");
        let lines: Vec<&str> = front.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with("allow:") {
                assert!(
                    i > 0 && lines[i - 1].starts_with("# check: "),
                    "{}: `{line}` needs a `# check: <why>` line above it",
                    entry.path().display()
                );
            }
        }
    }
}

/// A rule pack section with one pack of `rules` (YAML list items).
fn rule_pack(site: &Site, rules: &str) {
    site.write(
        "content/rules/_index.md",
        "---\ntitle: 规则\npage_kind: rulepack\n---\n",
    );
    site.write(
        "content/rules/names.md",
        format!("---\ntitle: 法规名称\nrules:\n{rules}---\n说明。\n"),
    );
}

#[test]
fn a_rule_pack_is_a_page_with_its_rules_as_a_table() {
    let site = Site::fixture("basic");
    rule_pack(
        &site,
        "  - kind: name\n    right: 中国共产党廉洁自律准则\n    issuer: 中共中央\n    date: 2015-10\n  - kind: forbidden\n    wrong: [某词]\n    note: 不用\n    not_in: [讲话稿]\n",
    );
    site.build().assert_ok();
    let html = site.html("rules/names/index.html");
    let rows = crate::common::select(&html, "table.rules tbody tr");
    assert_eq!(rows.len(), 2);
    let first = crate::common::text(&rows[0]);
    assert!(first.contains("《中国共产党廉洁自律准则》"), "{first}");
    assert!(first.contains("也可写作：廉洁自律准则"), "{first}");
    assert!(first.contains("中共中央2015年10月"), "{first}");
    let second = crate::common::text(&rows[1]);
    assert!(
        second.contains("禁用词") && second.contains("某词") && second.contains("不用于讲话稿"),
        "{second}"
    );
    // The checker's data carries the pack's rules, and the site links the 校稿 page.
    let data: Value = serde_json::from_str(&site.output("check/rules.json")).unwrap();
    assert_eq!(data["rules"][0]["right"], "中国共产党廉洁自律准则");
    assert_eq!(data["rules"][1]["not_in"][0], "讲话稿");
    let home = site.html("index.html");
    let nav: Vec<String> = crate::common::select(&home, ".site-nav a")
        .iter()
        .map(|a| a.value().attr("href").unwrap_or_default().to_string())
        .collect();
    assert!(nav.contains(&"/check/".to_string()), "{nav:?}");
    assert!(!crate::common::select(&site.html("check/index.html"), "#check-input").is_empty());
}

#[test]
fn a_rule_without_what_its_kind_needs_is_an_error_at_its_line() {
    let site = Site::fixture("basic");
    rule_pack(
        &site,
        "  - kind: name\n    right: 甲乙丙丁条例\n  - kind: house\n    wrong: [旧写法]\n",
    );
    let (code, list) = json(&site);
    assert_eq!(code, 1, "{list:#?}");
    let errors = of(&list, "front-matter", "content/rules/names.md");
    assert_eq!(errors.len(), 1, "{list:#?}");
    assert_eq!(
        position(errors[0]).0,
        7,
        "the line of its first wrong wording"
    );
    assert!(
        errors[0]["message"].as_str().unwrap().contains("rule 2"),
        "{}",
        errors[0]
    );
}

#[test]
fn rule_pack_rules_report_pages_but_not_the_pack_or_formulation_entries() {
    let site = Site::fixture("basic");
    rule_pack(&site, "  - kind: name\n    right: 中国共产党廉洁自律准则\n");
    excerpt(&site, "050", "", "学习《中共共产党廉洁自律准则》。\n");
    site.write(
        "content/formulations/廉洁.md",
        "---\ntitle: 廉洁\n---\n不要写作《中共共产党廉洁自律准则》。\n",
    );
    let (code, list) = json(&site);
    assert_eq!(code, 0, "{list:#?}");
    let found: Vec<&Value> = list.iter().filter(|d| d["rule"] == "wrong-name").collect();
    assert_eq!(found.len(), 1, "{list:#?}");
    assert_eq!(found[0]["file"], "content/excerpts/x-report/050.md");
    assert_eq!(
        found[0]["hint"],
        "the exact name is `中国共产党廉洁自律准则`"
    );
}
