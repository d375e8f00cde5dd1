//! `tifa build`: output structure, errors, safety, sub-paths, encodings.

use crate::common::{Site, percent_decode, select, text, urls};

#[test]
fn builds_the_fixture_with_pretty_pinyin_urls() {
    let site = Site::fixture("basic");
    site.build().assert_ok();
    let files = site.output_files();
    for expected in [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "atom.xml",
        "extra.txt",
        "style.css",
        "formulations/index.html",
        "formulations/si-ge-yi-shi/index.html",
        "formulations/liang-ge-wei-hu/index.html",
        "excerpts/x-report/001/index.html",
        "sources/x-report/index.html",
        "guide/markdown/index.html",
        "topics/zheng-zhi-jian-she/index.html",
        "part/problem/index.html",
        "data/formulations.json",
    ] {
        assert!(
            files.contains(&expected.to_string()),
            "missing {expected}; have {files:#?}"
        );
    }
    let page = site.html("formulations/si-ge-yi-shi/index.html");
    assert_eq!(text(&select(&page, "h1")[0]), "四个意识");
    assert_eq!(select(&page, "html")[0].value().attr("lang"), Some("zh-CN"));
}

#[test]
fn markdown_features_render() {
    let site = Site::fixture("basic");
    site.build().assert_ok();
    let page = site.html("guide/markdown/index.html");
    assert_eq!(select(&page, ".prose table").len(), 1);
    assert_eq!(select(&page, ".prose .footnote-definition").len(), 1);
    assert_eq!(select(&page, ".prose input[type=checkbox]").len(), 2);
    let heading_ids: Vec<_> = select(&page, ".prose h2")
        .iter()
        .map(|h| h.value().attr("id").unwrap().to_string())
        .collect();
    assert_eq!(heading_ids, ["一-表格与脚注", "二-代码"]);
    let code = select(&page, "pre.code[data-lang=rust] span[class^=hl-]");
    assert!(!code.is_empty(), "code is highlighted with classes");
    assert!(select(&page, "[style]").is_empty(), "no inline styles");
    // The anchor link to the page's own heading resolved.
    let hrefs: Vec<_> = select(&page, ".prose a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .map(percent_decode)
        .collect();
    assert!(
        hrefs.contains(&"/guide/markdown/#一-表格与脚注".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"/formulations/liang-ge-wei-hu/".to_string()),
        "wiki link by variant: {hrefs:?}"
    );
}

#[test]
fn summary_stops_at_more_marker() {
    let site = Site::fixture("basic");
    site.build().assert_ok();
    let feed = site.output("atom.xml");
    assert!(feed.contains("<title>写作示例</title>"), "{feed}");
    assert!(feed.contains("http://example.test/guide/markdown/"));
}

#[test]
fn sections_paginate() {
    let site = Site::fixture("basic");
    // paginate_by = 2 in config; the excerpts section has 3 pages.
    site.build().assert_ok();
    let first = site.html("excerpts/index.html");
    assert_eq!(select(&first, ".page-list > li").len(), 2);
    let second = site.html("excerpts/page/2/index.html");
    assert_eq!(select(&second, ".page-list > li").len(), 1);
    assert_eq!(
        select(&second, "a[rel=prev]")[0].value().attr("href"),
        Some("/excerpts/")
    );
}

#[test]
fn long_lists_link_the_ends_and_the_pages_near_the_current_one() {
    let site = Site::fixture("basic");
    // 3 excerpts + 20 more, 2 a page: 12 pages.
    for k in 10..30 {
        site.write(
            &format!("content/excerpts/x-report/0{k}.md"),
            format!(
                "---\ntitle: 摘录{k}\nsource: x-report\norder: {k}\npart: problem\ntopics: [作风建设]\n---\n正文{k}。\n"
            ),
        );
    }
    site.build().assert_ok();
    let sixth = site.html("excerpts/page/6/index.html");
    let numbers: Vec<String> = select(&sixth, ".pager a:not([rel]), .pager [aria-current]")
        .iter()
        .map(text)
        .collect();
    assert_eq!(numbers, ["1", "3", "4", "5", "6", "7", "8", "9", "12"]);
    assert_eq!(text(&select(&sixth, ".pager [aria-current=page]")[0]), "6");
    assert_eq!(
        select(&sixth, ".pager .gap").len(),
        2,
        "an ellipsis on each side"
    );
    let first = site.html("excerpts/index.html");
    assert_eq!(select(&first, ".pager .gap").len(), 1);
    assert_eq!(
        select(&first, ".pager a:not([rel])")
            .last()
            .and_then(|a| a.value().attr("href")),
        Some("/excerpts/page/12/")
    );
}

#[test]
fn front_matter_errors_point_at_file_line_column_and_leave_output_untouched() {
    let cases = [
        (
            "content/guide/bad-yaml.md",
            "---\ntitle: [未闭合\n---\n",
            "content/guide/bad-yaml.md:2:",
        ),
        (
            "content/guide/wrong-type.md",
            "---\ntitle: 类型\ntags: 示例\n---\n",
            "content/guide/wrong-type.md:3:7",
        ),
        (
            "content/guide/unknown.md",
            "---\ntitle: 未知\ntitel: x\n---\n",
            "content/guide/unknown.md:3:1",
        ),
        (
            "content/guide/open.md",
            "---\ntitle: 未结束\n正文\n",
            "content/guide/open.md:1:1",
        ),
    ];
    for (file, text, location) in cases {
        let site = Site::fixture("basic");
        site.build().assert_ok();
        let before = site.snapshot();
        site.write(file, text);
        let run = site.build();
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        assert!(
            run.stderr.contains(location),
            "{file}: expected {location} in\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("help:"),
            "{file}: a hint is given\n{}",
            run.stderr
        );
        assert_eq!(site.snapshot(), before, "{file}: public/ must be untouched");
        assert!(
            !site.path(".public.tifa-staging").exists(),
            "{file}: staging removed"
        );
    }
}

#[test]
fn unknown_field_error_lists_allowed_fields() {
    let site = Site::fixture("basic");
    site.write(
        "content/guide/unknown.md",
        "---\ntitle: 未知\ntitel: x\n---\n",
    );
    let run = site.build();
    assert!(
        run.stderr.contains("unknown field `titel`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("`title`"), "{}", run.stderr);
}

#[test]
fn all_errors_of_a_build_are_reported() {
    let site = Site::fixture("basic");
    site.write("content/guide/a.md", "---\ntitle: [\n---\n");
    site.write("content/guide/b.md", "---\ntitle: b\ncolour: red\n---\n");
    site.write(
        "content/excerpts/x-report/009.md",
        "---\ntitle: c\nsource: nope\n---\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1);
    for file in [
        "content/guide/a.md",
        "content/guide/b.md",
        "content/excerpts/x-report/009.md",
    ] {
        assert!(
            run.stderr.contains(file),
            "{file} missing from\n{}",
            run.stderr
        );
    }
    assert!(
        !site.path("public").exists(),
        "nothing written on a failed first build"
    );
}

#[test]
fn unknown_config_key_names_key_and_allowed_ones() {
    let site = Site::fixture("basic");
    site.write("config.toml", "title = \"x\"\nbase_ulr = \"http://x/\"\n");
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("config.toml:2:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("base_ulr") && run.stderr.contains("base_url"),
        "{}",
        run.stderr
    );
}

#[test]
fn sub_path_base_url_keeps_every_link_inside_it() {
    let site = Site::fixture("basic");
    site.tifa(&["build", "--base-url", "http://oa.example/kb/"])
        .assert_ok();
    let mut checked = 0;
    for file in site.output_files().iter().filter(|f| f.ends_with(".html")) {
        for url in urls(&site.html(file)) {
            checked += 1;
            let inside = url.starts_with("/kb/")
                || url.starts_with("http://oa.example/kb/")
                || url.starts_with('#')
                || url.starts_with("https://example.test/");
            assert!(inside, "{file}: link {url} leaves the sub-path");
        }
    }
    assert!(checked > 100, "checked {checked} links");
    let sitemap = site.output("sitemap.xml");
    for loc in sitemap.split("<loc>").skip(1) {
        assert!(loc.starts_with("http://oa.example/kb/"), "{loc}");
    }
    assert!(
        site.output("atom.xml")
            .contains("href=\"http://oa.example/kb/atom.xml\"")
    );
}

#[test]
fn no_output_refers_to_another_host() {
    let site = Site::fixture("basic");
    site.build().assert_ok();
    // The only absolute URLs allowed: the site itself, the one external link
    // the fixture's author wrote, and XML namespace identifiers.
    let allowed = [
        "http://example.test/",
        "https://example.test/",
        "http://www.sitemaps.org/",
        "http://www.w3.org/",
        // XML namespace names in the .docx the 素材篮 writes (basket.js):
        // names, never requested.
        "http://schemas.openxmlformats.org/",
        "http://purl.org/dc/",
    ];
    for file in site.output_files() {
        let Ok(text) = std::fs::read_to_string(site.path("public").join(&file)) else {
            continue;
        };
        for scheme in ["http://", "https://", "//"] {
            for (i, _) in text.match_indices(scheme) {
                let rest = &text[i..];
                if scheme == "//"
                    && (i == 0
                        || text[..i].ends_with(':')
                        || !text[..i].ends_with(['"', '\'', '(']))
                {
                    continue;
                }
                assert!(
                    allowed.iter().any(|a| rest.starts_with(a)),
                    "{file} refers to another host: {}",
                    &rest[..rest.len().min(60)]
                );
            }
        }
    }
}

fn text_of(html: &scraper::Html, css: &str) -> String {
    text(&select(html, css)[0])
}

#[test]
fn duplicate_urls_fail_naming_both_files() {
    let site = Site::fixture("basic");
    site.write(
        "content/guide/other.md",
        "---\ntitle: 另一个\nslug: markdown\n---\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/guide/other.md")
            && run.stderr.contains("content/guide/markdown.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn slug_override_and_keep_style() {
    let site = Site::fixture("basic");
    site.write("content/guide/三重一大.md", "---\ntitle: 三重一大\n---\n");
    site.write(
        "content/guide/custom.md",
        "---\ntitle: 自定义\nslug: ../../Escape Me\n---\n",
    );
    site.build().assert_ok();
    let files = site.output_files();
    assert!(files.contains(&"guide/san-zhong-yi-da/index.html".to_string()));
    assert!(
        files.contains(&"guide/escape-me/index.html".to_string()),
        "slug sanitised: {files:?}"
    );
    site.write(
        "config.toml",
        "title = \"x\"\nbase_url = \"http://example.test/\"\nslugify = \"keep\"\n",
    );
    site.build().assert_ok();
    assert!(
        site.output_files()
            .contains(&"guide/三重一大/index.html".to_string())
    );
}

#[test]
fn rebuild_writes_only_changes_and_removes_stale_files() {
    let site = Site::fixture("basic");
    site.build().assert_ok();
    let again = site.build();
    again.assert_ok();
    assert!(
        again.stderr.contains("(0 written") && again.stderr.contains("0 removed"),
        "{}",
        again.stderr
    );
    site.remove("content/guide/markdown.md");
    let after = site.build();
    after.assert_ok();
    assert!(!site.path("public/guide/markdown").exists());
    assert!(after.stderr.contains("removed"), "{}", after.stderr);
}

#[test]
fn output_folder_safety() {
    let site = Site::fixture("basic");
    for (dir, why) in [
        (".", "root"),
        ("content", "content"),
        ("content/out", "inside content"),
    ] {
        let run = site.tifa(&["build", "--output-dir", site.path(dir).to_str().unwrap()]);
        assert_eq!(run.code, 2, "{why}: {}", run.stderr);
    }
    site.write("elsewhere/notes.txt", "an author's notes");
    let run = site.tifa(&[
        "build",
        "--output-dir",
        site.path("elsewhere").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    site.tifa(&[
        "build",
        "--force",
        "--output-dir",
        site.path("elsewhere").to_str().unwrap(),
    ])
    .assert_ok();
    assert_eq!(
        std::fs::read_to_string(site.path("elsewhere/notes.txt")).unwrap(),
        "an author's notes"
    );
    // Now it is a tifa output: no --force needed, and the notes still survive.
    site.tifa(&[
        "build",
        "--output-dir",
        site.path("elsewhere").to_str().unwrap(),
    ])
    .assert_ok();
    assert!(site.path("elsewhere/notes.txt").exists());
}

#[test]
fn site_templates_override_the_theme() {
    let site = Site::fixture("basic");
    site.write("templates/page.html", "{% extends \"base.html\" %}{% block content %}<p id=\"custom\">{{ page.title }}</p>{% endblock content %}");
    site.build().assert_ok();
    let page = site.html("guide/markdown/index.html");
    assert_eq!(text_of(&page, "#custom"), "写作示例");
}

#[test]
fn template_errors_name_the_template_and_line() {
    let site = Site::fixture("basic");
    site.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ page.no_such_field.deeper }}\n{% endblock content %}");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("templates/page.html:3:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("no_such_field"), "{}", run.stderr);
}

#[test]
fn drafts_are_built_only_when_asked() {
    let site = Site::fixture("basic");
    site.write(
        "content/guide/draft.md",
        "---\ntitle: 草稿\ndraft: true\n---\n",
    );
    site.build().assert_ok();
    assert!(!site.path("public/guide/draft").exists());
    site.tifa(&["build", "--drafts"]).assert_ok();
    assert!(site.path("public/guide/draft/index.html").exists());
}

#[test]
fn the_shipped_knowledge_base_builds_without_errors() {
    let out = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let output = crate::common::tifa_command()
        .args(["build", "--root", root, "--output-dir"])
        .arg(out.path().join("public"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
}

#[test]
fn aliases_keep_old_urls_working_and_may_not_shadow_a_page() {
    let site = Site::fixture("basic");
    let entry = std::fs::read_to_string(site.path("content/formulations/四个意识.md")).unwrap();
    site.write(
        "content/formulations/四个意识.md",
        entry.replacen(
            "---\n",
            "---\naliases: [formulations/si-ge-yishi, /old/四个意识.html]\n",
            1,
        ),
    );
    site.build().assert_ok();
    let old = site.html("formulations/si-ge-yishi/index.html");
    let refresh = &select(&old, "meta[http-equiv=refresh]")[0];
    assert_eq!(
        refresh.value().attr("content"),
        Some("0; url=/formulations/si-ge-yi-shi/")
    );
    assert_eq!(
        select(&old, "a")[0].value().attr("href"),
        Some("/formulations/si-ge-yi-shi/")
    );
    assert!(!select(&site.html("old/四个意识.html"), "meta[http-equiv=refresh]").is_empty());
    let map = site.output("redirects.map");
    assert!(
        map.contains("/formulations/si-ge-yishi/ /formulations/si-ge-yi-shi/;"),
        "{map}"
    );
    assert!(
        map.contains("/old/四个意识.html /formulations/si-ge-yi-shi/;"),
        "{map}"
    );

    // An alias that is another page's URL would hide that page.
    site.write(
        "content/formulations/四个意识.md",
        entry.replacen(
            "---\n",
            "---\naliases: [formulations/liang-ge-wei-hu/]\n",
            1,
        ),
    );
    let before = site.snapshot();
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/formulations/四个意识.md:2:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/formulations/两个维护.md"),
        "{}",
        run.stderr
    );
    assert_eq!(
        site.snapshot(),
        before,
        "a failed build leaves the output untouched"
    );
}
