//! The knowledge graph as it shows on the site: linking, backlinks, counts.

use std::collections::BTreeMap;

use crate::common::{Site, percent_decode, select, text};

fn built() -> Site {
    let site = Site::fixture("basic");
    site.build().assert_ok();
    site
}

/// hrefs of auto-linked mentions (`a.term`) in the page's main content.
fn term_links(site: &Site, page: &str) -> Vec<(String, String)> {
    let html = site.html(page);
    select(&html, "main a.term")
        .iter()
        .map(|a| (text(a), percent_decode(a.value().attr("href").unwrap())))
        .collect()
}

#[test]
fn longest_match_wins_and_quotes_stay_outside() {
    let site = built();
    let links = term_links(&site, "excerpts/x-report/002/index.html");
    assert_eq!(
        links,
        [
            (
                "四风问题".to_string(),
                "/formulations/si-feng-wen-ti/".to_string()
            ),
            ("四风".to_string(), "/formulations/si-feng/".to_string()),
            (
                "四个意识".to_string(),
                "/formulations/si-ge-yi-shi/".to_string()
            ),
        ]
    );
    let html = site.output("excerpts/x-report/002/index.html");
    assert!(
        html.contains("“<a class=\"term\""),
        "the opening quote stays before the link"
    );
}

#[test]
fn variants_link_to_the_canonical_page_whose_card_has_the_full_wording() {
    let site = built();
    let html = site.html("excerpts/x-report/001/index.html");
    let link = select(&html, "main a.term[data-term=两个维护]");
    assert_eq!(link.len(), 1);
    assert_eq!(text(&link[0]), "两个坚决维护");
    assert_eq!(
        link[0].value().attr("href"),
        Some("/formulations/liang-ge-wei-hu/")
    );
    // The link copies nothing of the entry; its hover card reads the
    // wording from the formulation's card.json.
    assert_eq!(link[0].value().attr("title"), None);
    let card: serde_json::Value =
        serde_json::from_str(&site.output("formulations/liang-ge-wei-hu/card.json")).unwrap();
    assert_eq!(card["title"], "两个维护");
    assert!(
        card["full"]
            .as_str()
            .unwrap()
            .starts_with("坚决维护习近平总书记"),
        "{card}"
    );
    assert_eq!(card["status"], "current");
    // An outdated entry's card says so, and that its wording is unchecked
    // when the entry does not say (no `wording:`).
    let card: serde_json::Value =
        serde_json::from_str(&site.output("formulations/si-feng-wen-ti/card.json")).unwrap();
    assert_eq!(card["status"], "adjusted");
    assert_eq!(card["wording"], "unstated");
}

#[test]
fn no_links_inside_code_links_headings_or_on_the_own_page() {
    let site = built();
    let html = site.html("guide/markdown/index.html");
    assert!(select(&html, "main code a, main pre a").is_empty());
    assert!(select(&html, "main h1 a.term, main h2 a.term").is_empty());
    assert!(select(&html, "main a a").is_empty(), "no nested links");
    // One mention in the summary paragraph (四风) and one in the table (四个意识).
    let links = term_links(&site, "guide/markdown/index.html");
    let names: Vec<&str> = links.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(names, ["四风", "四个意识"]);
    let own = site.html("formulations/si-ge-yi-shi/index.html");
    assert!(
        select(&own, "main .prose a.term").is_empty(),
        "not linked on its own page"
    );
}

/// Mentions per formulation by plain substring counting over the fixture's
/// Markdown bodies (excluding its own page), longer spellings first.
fn substring_counts(site: &Site) -> BTreeMap<&'static str, usize> {
    let spellings: [(&str, &[&str]); 4] = [
        ("四风问题", &["四风问题"]),
        ("四风", &["四风"]),
        ("四个意识", &["四个意识"]),
        ("两个维护", &["两个坚决维护", "两个维护"]),
    ];
    let mut counts = BTreeMap::new();
    for entry in walkdir::WalkDir::new(site.path("content"))
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path().to_string_lossy().into_owned();
        if !entry.file_type().is_file() || path.ends_with("_index.md") {
            continue;
        }
        let file = std::fs::read_to_string(entry.path()).unwrap();
        let mut body = file.splitn(3, "---\n").nth(2).unwrap().to_string();
        // The fixture's code, headings and links, which are not mentions.
        for excluded in [
            "`四个意识`",
            "[四个意识](https://example.test/x)",
            "println!(\"四个意识\")",
            "[[两个坚决维护]]",
        ] {
            body = body.replace(excluded, "");
        }
        for (title, forms) in spellings {
            if path.ends_with(&format!("/{title}.md")) {
                continue;
            }
            let mut rest = body.clone();
            let mut n = 0;
            for form in forms {
                n += rest.matches(form).count();
                rest = rest.replace(form, "·");
            }
            // 四风 inside 四风问题 belongs to the longer term.
            if title == "四风" {
                n -= body.matches("四风问题").count();
            }
            *counts.entry(title).or_default() += n;
        }
    }
    counts
}

#[test]
fn backlink_counts_equal_substring_counts() {
    let site = built();
    let expected = substring_counts(&site);
    assert!(expected.values().sum::<usize>() >= 8, "{expected:?}");
    let records: Vec<serde_json::Value> =
        serde_json::from_str(&site.output("data/formulations.json")).unwrap();
    for record in &records {
        let title = record["title"].as_str().unwrap();
        let mentions = record["mentions"].as_u64().unwrap() as usize;
        assert_eq!(mentions, expected[title], "{title}");
        let page = site.html(&format!(
            "{}index.html",
            record["url"]
                .as_str()
                .unwrap()
                .trim_start_matches("http://example.test/")
        ));
        let shown = select(&page, ".usage .mentions > li").len();
        assert_eq!(
            shown, mentions,
            "{title}: every mention is listed with its sentence"
        );
    }
}

#[test]
fn verbs_and_cooccurrence_are_counted_from_the_text() {
    let site = built();
    let page = site.html("formulations/si-ge-yi-shi/index.html");
    let chips: Vec<String> = select(&page, ".usage h3 + ul.chips")
        .iter()
        .map(|ul| select_text(ul, "li"))
        .collect();
    // 增强“四个意识” (001), 切实增强“四个意识” (003), 牢固树立“四个意识” (002).
    assert_eq!(chips[0], "增强 ×2|牢固树立 ×1");
    // 两个维护 in 001 and 003; 四风 in 002 and the guide; 四风问题 in 002.
    assert_eq!(chips[1], "两个维护 2|四风 2|四风问题 1");
}

fn select_text(element: &scraper::ElementRef, css: &str) -> String {
    let selector = scraper::Selector::parse(css).unwrap();
    element
        .select(&selector)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("|")
}

#[test]
fn mentions_show_the_sentence_with_the_term_highlighted_grouped_by_part() {
    let site = built();
    let page = site.html("formulations/liang-ge-wei-hu/index.html");
    let groups: Vec<String> = select(&page, ".usage h3[id^=part-]")
        .iter()
        .map(text)
        .collect();
    assert_eq!(groups, ["问题 1", "措施 1"]);
    let quotes: Vec<String> = select(&page, ".mentions blockquote")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        quotes[0],
        "增强“四个意识”，做到“两个坚决维护”的弦绷得还不够紧。"
    );
    let marks: Vec<String> = select(&page, ".mentions mark").iter().map(text).collect();
    assert_eq!(marks, ["两个坚决维护", "两个维护"]);
}

#[test]
fn adjusted_formulation_links_its_successor() {
    let site = built();
    let page = site.html("formulations/si-feng-wen-ti/index.html");
    let note = select(&page, ".status-note");
    assert_eq!(note.len(), 1);
    assert_eq!(
        select(&page, ".status-note a")[0].value().attr("href"),
        Some("/formulations/si-feng/")
    );
}

#[test]
fn source_outline_and_excerpt_context() {
    let site = built();
    let source = site.html("sources/x-report/index.html");
    // Headings with the number of excerpts under each, then the titles.
    let outline: Vec<String> = select(&source, ".outline h3, .outline h4, .outline li > a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        outline,
        [
            "存在问题 2 段",
            "在政治建设方面 1 段",
            "政治站位不够高",
            "在作风建设方面 1 段",
            "作风问题仍有反弹",
            "整改措施 1 段",
            "强化政治引领"
        ]
    );
    let excerpt = site.html("excerpts/x-report/002/index.html");
    let crumbs: Vec<String> = select(&excerpt, ".breadcrumb li")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        crumbs,
        ["X分局党委主体责任情况报告", "存在问题", "在作风建设方面"]
    );
    assert_eq!(
        select(&excerpt, "a[rel=prev]")[0].value().attr("href"),
        Some("/excerpts/x-report/001/")
    );
    assert_eq!(
        select(&excerpt, "a[rel=next]")[0].value().attr("href"),
        Some("/excerpts/x-report/003/")
    );
    let uses: Vec<String> = select(&excerpt, "#h-uses + ul a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(uses, ["四个意识", "四风", "四风问题"]);
}

#[test]
fn related_excerpts_share_part_and_topic() {
    let site = built();
    let excerpt = site.html("excerpts/x-report/001/index.html");
    // 002 shares part (problem) but not topic; 003 shares topic but not part.
    assert!(select(&excerpt, "#h-related").is_empty());
    site.write(
        "content/excerpts/x-report/004.md",
        "---\ntitle: 另一问题\nsource: x-report\norder: 4\npart: problem\ntopics: [政治建设]\n---\n文字。\n",
    );
    site.build().assert_ok();
    let excerpt = site.html("excerpts/x-report/001/index.html");
    let related: Vec<String> = select(&excerpt, "#h-related + ul a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(related, ["另一问题"]);
}

#[test]
fn taxonomy_pages_list_terms_with_counts() {
    let site = built();
    let topics = site.html("topics/index.html");
    // The topics page is a table of topic × part counts, topics in the
    // conventional order, each row ending with the topic's total.
    let terms: Vec<String> = select(&topics, ".matrix tbody tr")
        .iter()
        .map(|row| {
            let cells: Vec<String> = row
                .children()
                .filter_map(scraper::ElementRef::wrap)
                .map(|c| text(&c))
                .collect();
            format!("{} {}", cells[0], cells[cells.len() - 1])
        })
        .collect();
    assert_eq!(terms, ["政治建设 2", "作风建设 1"]);
    let part = site.html("part/problem/index.html");
    assert_eq!(select(&part, ".page-list > li").len(), 2);
    let years = site.html("year/2019/index.html");
    assert_eq!(select(&years, ".page-list > li").len(), 2, "paginated by 2");
}

#[test]
fn home_page_is_an_entry_point() {
    let site = built();
    let home = site.html("index.html");
    assert_eq!(
        select(&home, "main form[role=search] input[name=q]").len(),
        1
    );
    let categories: Vec<String> = select(&home, "main h3").iter().map(text).collect();
    // The conventional order (政治建设 first), not the order of the names.
    assert_eq!(categories, ["政治建设", "作风建设"]);
    let cited: Vec<String> = select(&home, ".ranked li a").iter().map(text).collect();
    assert_eq!(cited[0], "四个意识");
}

#[test]
fn json_export_round_trips_the_graph() {
    let site = built();
    let excerpts: Vec<serde_json::Value> =
        serde_json::from_str(&site.output("data/excerpts.json")).unwrap();
    assert_eq!(excerpts.len(), 3);
    let first = &excerpts[0];
    assert_eq!(first["path"], "excerpts/x-report/001.md");
    assert_eq!(first["source"], "x-report");
    assert_eq!(first["part"], "problem");
    assert_eq!(
        first["section_path"],
        serde_json::json!(["存在问题", "在政治建设方面"])
    );
    assert_eq!(
        first["uses"],
        serde_json::json!([["两个维护", 1], ["四个意识", 1]])
    );
    let sources: Vec<serde_json::Value> =
        serde_json::from_str(&site.output("data/sources.json")).unwrap();
    assert_eq!(sources[0]["excerpts"], 3);
    assert_eq!(sources[0]["year"], 2019);
    let formulations: Vec<serde_json::Value> =
        serde_json::from_str(&site.output("data/formulations.json")).unwrap();
    let total_uses: u64 = excerpts
        .iter()
        .flat_map(|e| {
            e["uses"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u[1].as_u64().unwrap())
        })
        .sum();
    let from_guide = 2; // 四风 and 四个意识 in guide/markdown.md
    let total_mentions: u64 = formulations
        .iter()
        .map(|f| f["mentions"].as_u64().unwrap())
        .sum();
    assert_eq!(total_mentions, total_uses + from_guide);
    let sgys = formulations
        .iter()
        .find(|f| f["title"] == "四个意识")
        .unwrap();
    assert_eq!(sgys["full"], "政治意识、大局意识、核心意识、看齐意识");
    assert_eq!(sgys["backlinks"], 4);
}

#[test]
fn links_by_path_to_files_the_build_does_not_write_warn_with_position() {
    let site = Site::fixture("basic");
    site.write("content/guide/图表.png", b"\x89PNG\r\n")
        .write(
            "content/guide/files.md",
            "---\ntitle: 附件\n---\n[在](/extra.txt) [图](../%E5%9B%BE%E8%A1%A8.png) [页](../markdown/) [外](https://example.org/x.pdf)\n\n[缺](/static/nope.pdf) ![缺图](missing.png) [上](../nowhere/#top)\n",
        );
    let run = site.build();
    run.assert_ok();
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("missing-target"))
        .collect();
    assert_eq!(warnings.len(), 3, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("leads to /guide/files/missing.png on the site"),
        "{}",
        run.stderr
    );
    for position in [
        "content/guide/files.md:6:5",
        "content/guide/files.md:6:29",
        "content/guide/files.md:6:46",
    ] {
        assert!(
            run.stderr.contains(position),
            "missing {position}:\n{}",
            run.stderr
        );
    }
    for fine in ["extra.txt", "图表.png", "../markdown/", "example.org"] {
        assert!(
            !warnings.iter().any(|w| w.contains(fine)),
            "{fine} is written:\n{}",
            run.stderr
        );
    }
}

#[test]
fn unknown_link_targets_fail_with_position() {
    let site = Site::fixture("basic");
    site.write("content/guide/links.md", "---\ntitle: 链接\n---\n第一行\n\n见[[五个意识]]。\n\n[x](@/guide/nope.md) [y](@/guide/markdown.md#没有)\n");
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/guide/links.md:6:2"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/guide/links.md:8:5"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("broken-anchor"), "{}", run.stderr);
}
