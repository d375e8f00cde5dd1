//! The writer's workbench as built pages: topic × part lists, whole-document
//! views (paginated, so no page grows with a source), citation lines from
//! `[citation] format`, the formulation list grouped by category, the
//! search document table's formulation fields, and no internal jargon on
//! any page a writer sees. (What the browser does with them is tested in
//! tests/browser/workbench.test.js.)

use std::collections::BTreeMap;

use crate::common::{Site, select, text};

const CONFIG: &str =
    "title = \"测试库\"\nbase_url = \"http://example.test/kb/\"\npaginate_by = 2\n";

fn section(site: &Site, dir: &str, title: &str, kind: &str) {
    site.write(
        &format!("content/{dir}/_index.md"),
        format!("---\ntitle: {title}\npage_kind: {kind}\n---\n"),
    );
}

/// A site with one source of `excerpts` excerpts: every third under
/// 作风建设 + 问题, the others under 作风建设 + 措施 and 政治建设 + 问题.
fn site_with(excerpts: usize, body: &str) -> Site {
    let site = Site::empty();
    site.write("config.toml", CONFIG);
    section(&site, "sources", "来源", "source");
    section(&site, "excerpts", "摘录", "excerpt");
    site.write(
        "content/sources/big.md",
        "---\ntitle: 某局工作报告\ndoc_type: 工作报告\nissuer: 某局党委\nlevel: 区县\nyear: 2021\n---\n正文。\n",
    );
    for i in 1..=excerpts {
        let (part, topic) = match i % 3 {
            0 => ("problem", "作风建设"),
            1 => ("measure", "作风建设"),
            _ => ("problem", "政治建设"),
        };
        site.write(
            &format!("content/excerpts/big/{i:05}.md"),
            format!(
                "---\ntitle: 第{i}段\nsource: big\nsection_path: [第{}部分, 第{}节]\norder: {i}\npart: {part}\ntopics: [{topic}]\n---\n第{i}段。{body}\n",
                (i - 1) / 50 + 1,
                (i - 1) / 10 + 1
            ),
        );
    }
    site
}

fn hrefs(html: &scraper::Html, css: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect()
}

#[test]
fn topic_part_lists_are_paginated_and_reached_from_topic_part_and_topics_pages() {
    let site = site_with(9, "");
    site.build().assert_ok();
    // 作风建设 + 问题: excerpts 3, 6, 9; two per page.
    let list = site.html("topics/zuo-feng-jian-she/problem/index.html");
    assert_eq!(text(&select(&list, "h1")[0]), "作风建设 · 问题");
    let titles: Vec<String> = select(&list, ".page-list a.page-link")
        .iter()
        .map(text)
        .collect();
    assert_eq!(titles, ["第3段", "第6段"]);
    assert!(
        select(&list, ".page-list .badge.part")
            .iter()
            .all(|b| text(b) == "问题")
    );
    assert_eq!(
        hrefs(&list, ".pager a[rel=next]"),
        ["/kb/topics/zuo-feng-jian-she/problem/page/2/"]
    );
    let second = site.html("topics/zuo-feng-jian-she/problem/page/2/index.html");
    let titles: Vec<String> = select(&second, ".page-list a.page-link")
        .iter()
        .map(text)
        .collect();
    assert_eq!(titles, ["第9段"]);
    // The topic's other part, current marked, and the whole-document view.
    assert_eq!(
        text(&select(&list, ".filter-links [aria-current=page]")[0]),
        "问题 3"
    );
    assert_eq!(
        hrefs(&list, ".filter-links a"),
        ["/kb/topics/zuo-feng-jian-she/measure/"]
    );
    assert!(
        hrefs(&list, "main a").contains(&"/kb/topics/zuo-feng-jian-she/problem/full/".to_string())
    );
    // The topic's page filters by part, the part's page by topic.
    let topic = site.html("topics/zuo-feng-jian-she/index.html");
    assert_eq!(
        hrefs(&topic, ".filter-links a"),
        [
            "/kb/topics/zuo-feng-jian-she/problem/",
            "/kb/topics/zuo-feng-jian-she/measure/"
        ]
    );
    let part = site.html("part/problem/index.html");
    assert_eq!(
        hrefs(&part, ".filter-links a"),
        [
            "/kb/topics/zheng-zhi-jian-she/problem/",
            "/kb/topics/zuo-feng-jian-she/problem/"
        ]
    );
    // The topics page: a table of topic × part counts, each a link.
    let topics = site.html("topics/index.html");
    let cells: Vec<(String, String)> = select(&topics, ".matrix td a")
        .iter()
        .map(|a| (a.value().attr("href").unwrap_or("").to_string(), text(a)))
        .collect();
    assert!(cells.contains(&("/kb/topics/zuo-feng-jian-she/problem/".into(), "3".into())));
    assert!(cells.contains(&("/kb/topics/zuo-feng-jian-she/measure/".into(), "3".into())));
    assert!(cells.contains(&("/kb/topics/zheng-zhi-jian-she/problem/".into(), "3".into())));
    // Conventional order: 政治建设 before 作风建设.
    let rows: Vec<String> = select(&topics, ".matrix tbody th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(rows, ["政治建设", "作风建设"]);
    // An excerpt links to its topic × part list.
    let excerpt = site.html("excerpts/big/00003/index.html");
    assert_eq!(
        hrefs(&excerpt, "#h-browse + .chips a"),
        ["/kb/topics/zuo-feng-jian-she/problem/"]
    );
    // No list for a pair without passages.
    assert!(
        !site
            .path("public/topics/zheng-zhi-jian-she/measure")
            .exists()
    );
}

#[test]
fn a_long_source_reads_as_a_paginated_document_and_no_page_passes_1_mb() {
    // 400 passages of about 1,000 characters: ten pages of 40.
    let site = site_with(400, &"作风不实、脱离群众的问题仍然存在，".repeat(60));
    site.build().assert_ok();
    let mut numbers = Vec::new();
    for n in 1..=10 {
        let rel = match n {
            1 => "sources/big/full/index.html".to_string(),
            n => format!("sources/big/full/page/{n}/index.html"),
        };
        let bytes = std::fs::metadata(site.path(&format!("public/{rel}")))
            .unwrap_or_else(|_| panic!("{rel} is missing"))
            .len();
        assert!(bytes < 1_000_000, "{rel} is {bytes} bytes");
        let page = site.html(&rel);
        let ids: Vec<String> = select(&page, ".passage .excerpt-text")
            .iter()
            .map(|p| p.value().attr("id").unwrap_or("").to_string())
            .collect();
        assert_eq!(ids.len(), 40, "{rel}");
        numbers.extend(ids);
        // Each page reads on its own: its headings start it.
        let first_heading = select(&page, ".document h2");
        assert!(!first_heading.is_empty(), "{rel} starts under its heading");
        assert_eq!(
            select(&page, ".passage .citation").len(),
            40,
            "every passage has its citation line"
        );
    }
    assert!(!site.path("public/sources/big/full/page/11").exists());
    let expected: Vec<String> = (1..=400).map(|i| format!("x_{i}")).collect();
    assert_eq!(numbers, expected, "every passage once, in document order");
    // Headings: 第1部分 → 第1节 … in order, a new 节 every 10 passages.
    let first = site.html("sources/big/full/index.html");
    let h3: Vec<String> = select(&first, ".document h3").iter().map(text).collect();
    assert_eq!(h3, ["第1节", "第2节", "第3节", "第4节"]);
    // The source page stays small too: headings only, linking into the view.
    let source_bytes = std::fs::metadata(site.path("public/sources/big/index.html"))
        .unwrap()
        .len();
    let source = site.html("sources/big/index.html");
    assert!(
        source_bytes < 100_000,
        "source page is {source_bytes} bytes"
    );
    assert!(select(&source, ".outline-items li").is_empty());
    assert!(
        hrefs(&source, ".outline h4 a").contains(&"/kb/sources/big/full/page/2/#x_41".to_string())
    );
    assert_eq!(hrefs(&source, ".read-whole a"), ["/kb/sources/big/full/"]);
    // A topic × part list reads the same way.
    let text_view = site.html("topics/zuo-feng-jian-she/problem/full/index.html");
    assert_eq!(select(&text_view, ".passage").len(), 40);
    assert_eq!(
        hrefs(&text_view, ".document h2 a"),
        ["/kb/sources/big/"],
        "passages grouped under their source"
    );
}

#[test]
fn citation_lines_follow_the_configured_format() {
    let site = site_with(3, "");
    site.build().assert_ok();
    let excerpt = site.html("excerpts/big/00001/index.html");
    assert_eq!(
        text(&select(&excerpt, "#excerpt-citation")[0]),
        "《某局工作报告》（工作报告，2021年），第1部分·第1节"
    );
    // Doc type, issuer, level and year stand next to the breadcrumb.
    let facts = text(&select(&excerpt, ".place .source-facts")[0]);
    for fact in ["工作报告", "某局党委", "区县", "2021年"] {
        assert!(facts.contains(fact), "{facts}");
    }
    site.write(
        "config.toml",
        format!("{CONFIG}[citation]\nformat = \"{{issuer}}：《{{source}}》（{{level}}，{{year}}），{{part}}部分\"\n"),
    );
    site.build().assert_ok();
    let excerpt = site.html("excerpts/big/00001/index.html");
    assert_eq!(
        text(&select(&excerpt, "#excerpt-citation")[0]),
        "某局党委：《某局工作报告》（区县，2021年），措施部分"
    );
    let unknown = site
        .write(
            "config.toml",
            format!("{CONFIG}[citation]\nformat = \"《{{sorce}}》\"\n"),
        )
        .build();
    assert_eq!(unknown.code, 1);
    assert!(unknown.stderr.contains("{sorce}"), "{}", unknown.stderr);
}

fn formulation(site: &Site, title: &str, category: &str, status: &str) {
    let category = if category.is_empty() {
        String::new()
    } else {
        format!("category: {category}\n")
    };
    site.write(
        &format!("content/formulations/{title}.md"),
        format!("---\ntitle: {title}\nfull: {title}的规范表述\n{category}status: {status}\n---\n说明。\n"),
    );
}

#[test]
fn the_formulation_list_is_one_page_by_category_in_the_conventional_order_and_by_pinyin() {
    let site = Site::empty();
    site.write("config.toml", CONFIG);
    section(&site, "formulations", "提法", "formulation");
    for (title, category) in [
        ("一岗双责", "党风廉政建设"),
        ("四风", "作风建设"),
        ("八项规定", "作风建设"),
        ("两个维护", "政治建设"),
        ("四个意识", "政治建设"),
        ("三会一课", "组织建设"),
        ("某提法", ""),
        ("六大纪律", "纪律建设"),
        ("民主集中制", "制度建设"),
        ("学习强国", "思想建设"),
    ] {
        formulation(&site, title, category, "current");
    }
    formulation(&site, "旧提法", "政治建设", "historical");
    site.build().assert_ok();
    let list = site.html("formulations/index.html");
    let groups: Vec<String> = select(&list, ".category h2").iter().map(text).collect();
    assert_eq!(
        groups,
        [
            "政治建设",
            "思想建设",
            "组织建设",
            "作风建设",
            "纪律建设",
            "制度建设",
            "党风廉政建设",
            "未分类"
        ]
    );
    let politics: Vec<String> = select(&list, "#cat_1 + .formulation-list a.page-link")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        politics,
        ["旧提法", "两个维护", "四个意识"],
        "by pinyin: jiu, liang, si"
    );
    // All on one page although paginate_by is 2, with wording and status.
    assert!(!site.path("public/formulations/page/2").exists());
    assert_eq!(select(&list, ".formulation-item").len(), 11);
    let old = select(&list, ".formulation-item.status-historical")[0];
    assert!(text(&old).contains("历史提法"));
    assert!(text(&old).contains("旧提法的规范表述"));
    // The home page lists the categories in the same order.
    let home = site.html("index.html");
    let home_groups: Vec<String> = select(&home, "section[aria-labelledby=h-categories] h3")
        .iter()
        .map(text)
        .collect();
    assert_eq!(home_groups, groups);
}

#[test]
fn the_search_document_table_carries_a_formulations_wording_status_and_successor() {
    let site = Site::empty();
    site.write("config.toml", CONFIG);
    section(&site, "formulations", "提法", "formulation");
    formulation(&site, "新提法", "政治建设", "current");
    site.write(
        "content/formulations/旧提法.md",
        "---\ntitle: 旧提法\nfull: 旧的表述\nwording: verbatim\nstatus: historical\nsuperseded_by: 新提法\n---\n",
    );
    site.write("content/guide.md", "---\ntitle: 说明\n---\n正文。\n");
    site.build().assert_ok();
    let docs: Vec<serde_json::Value> =
        serde_json::from_str(&site.output("search/docs.json")).unwrap();
    let by_title: BTreeMap<&str, &serde_json::Value> =
        docs.iter().map(|d| (d[1].as_str().unwrap(), d)).collect();
    let new_id = docs.iter().position(|d| d[1] == "新提法").unwrap();
    assert_eq!(
        by_title["旧提法"][12],
        serde_json::json!(["旧的表述", "historical", "verbatim", new_id])
    );
    assert_eq!(
        by_title["新提法"][12],
        serde_json::json!(["新提法的规范表述", "current", "unstated", -1])
    );
    assert_eq!(by_title["说明"][12], serde_json::Value::Null);
    let manifest: serde_json::Value =
        serde_json::from_str(&site.output("search/manifest.json")).unwrap();
    assert_eq!(
        manifest["statuses"],
        serde_json::json!(["current", "adjusted", "historical"])
    );
    assert_eq!(
        manifest["status_labels"],
        serde_json::json!(["现行", "已调整", "历史提法"])
    );
}

#[test]
fn print_css_puts_the_site_title_and_page_numbers_in_the_margins() {
    let site = site_with(1, "");
    site.write(
        "config.toml",
        CONFIG.replace("测试库", "某局\\\"知识库\\\""),
    );
    site.build().assert_ok();
    let css = site.output("print.css");
    assert!(
        css.contains(r#"@top-left { content: "某局\"知识库\"";"#),
        "{css}"
    );
    assert!(css.contains("counter(page)"));
    let page = site.output("excerpts/big/00001/index.html");
    assert!(page.contains(r#"<link rel="stylesheet" href="/kb/print.css" media="print">"#));
    let style = std::fs::read_to_string(site.path("public/style.css")).unwrap();
    assert!(!style.contains("attr(href)"), "no URLs printed after links");
}

/// Every page names the site's icon, and the icon is in the output: a
/// browser that finds none asks for /favicon.ico and logs a 404.
#[test]
fn every_page_links_the_site_icon_which_is_written() {
    let site = site_with(1, "");
    site.build().assert_ok();
    for page in [
        "index.html",
        "excerpts/big/00001/index.html",
        "search/index.html",
    ] {
        let html = site.output(page);
        assert!(
            html.contains(r#"<link rel="icon" href="/kb/favicon.svg" type="image/svg+xml">"#),
            "{page}"
        );
    }
    let icon = site.output("favicon.svg");
    assert!(
        icon.starts_with("<svg") && icon.contains("</svg>"),
        "{icon}"
    );
}

/// Words a writer should never meet: the project's internal names, file
/// names, command lines, front-matter keys and English status values.
const JARGON: &[&str] = &[
    "种子材料",
    "种子报告",
    "tifa ",
    "excluded",
    "front matter",
    "YAML",
    "slug",
    "current",
    "adjusted",
    "historical",
    "verbatim",
    "gloss",
    "pending",
    "achievement",
    "requirement",
];

/// File names (报告.txt, 四个意识.md, config.toml …).
fn file_names(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for ext in [".md", ".txt", ".toml", ".yaml", ".yml"] {
        for (at, _) in text.match_indices(ext) {
            let after = text[at + ext.len()..].chars().next();
            let before = text[..at].chars().next_back();
            if after.is_none_or(|c| !c.is_alphanumeric())
                && before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
            {
                found.push(ext.to_string());
            }
        }
    }
    found
}

/// What a reader sees of a page: the text of its title and `main` (no
/// script), and the attributes browsers show (title, placeholder,
/// aria-label, alt), each word of [`JARGON`] and file name found in it.
fn jargon_in(html: &scraper::Html) -> Vec<String> {
    let mut seen = String::new();
    for title in select(html, "title") {
        seen.push_str(&text(&title));
    }
    for main in select(html, "main") {
        for node in main.descendants() {
            if let Some(t) = node.value().as_text() {
                let in_script = node
                    .ancestors()
                    .any(|a| a.value().as_element().is_some_and(|e| e.name() == "script"));
                if !in_script {
                    seen.push_str(t);
                    seen.push(' ');
                }
            }
        }
    }
    for element in select(html, "[title], [placeholder], [aria-label], [alt]") {
        for attr in ["title", "placeholder", "aria-label", "alt"] {
            if let Some(value) = element.value().attr(attr) {
                seen.push_str(value);
                seen.push(' ');
            }
        }
    }
    let lower = seen.to_lowercase();
    let mut found: Vec<String> = JARGON
        .iter()
        .filter(|word| lower.contains(&word.to_lowercase()))
        .map(|w| w.to_string())
        .collect();
    found.extend(file_names(&seen));
    found.sort();
    found.dedup();
    found
}

fn jargon_of_site(out: &std::path::Path) -> BTreeMap<String, Vec<String>> {
    let mut pages = BTreeMap::new();
    for entry in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let html = scraper::Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap());
        let found = jargon_in(&html);
        if !found.is_empty() {
            pages.insert(rel, found);
        }
    }
    pages
}

/// The writer's guide shows the workflows with screenshots (made by
/// tests/browser/workbench.test.js with TIFA_SCREENSHOTS=content/guide/images):
/// every one it links to is in the output.
fn guide_images_exist(public: &std::path::Path) {
    let page = public.join("guide/workbench/index.html");
    let html =
        scraper::Html::parse_document(&std::fs::read_to_string(&page).expect("the writer's guide"));
    let images = select(&html, "main img");
    assert!(images.len() >= 6, "the guide shows its screenshots");
    for img in images {
        let src = img.value().attr("src").unwrap_or_default();
        let file = page.parent().unwrap().join(src);
        let bytes = std::fs::read(&file).unwrap_or_else(|_| panic!("{src}: no {}", file.display()));
        assert!(bytes.starts_with(b"\x89PNG"), "{src} is a PNG");
        assert!(
            !img.value().attr("alt").unwrap_or_default().is_empty(),
            "{src} has alt text"
        );
    }
}

/// Jargon the shipped content keeps on purpose: the guide pages written
/// for the people who maintain the knowledge base, where command names,
/// file names and front-matter keys are the topic (how to add a report,
/// the content model, how the 校稿 rules and rule packs are written).
/// Every other page is in the reader's language. The test fails on
/// anything new, and on anything listed here that is gone. Each entry:
/// page, words.
const KNOWN_CONTENT_JARGON: &[(&str, &[&str])] = &[
    (
        "guide/add-a-report/index.html",
        &[".md", ".toml", "slug", "tifa "],
    ),
    ("guide/check/index.html", &[".txt", "YAML", "tifa "]),
    (
        "guide/content-model/index.html",
        &[
            "YAML",
            "achievement",
            "adjusted",
            "current",
            "historical",
            "requirement",
        ],
    ),
];

#[test]
fn no_internal_jargon_on_any_page_a_writer_sees() {
    // The templates: a site whose content is in the reader's language
    // shows no jargon on any page, whatever its kind.
    let site = site_with(45, "");
    section(&site, "formulations", "提法", "formulation");
    formulation(&site, "四个意识", "政治建设", "current");
    formulation(&site, "旧提法", "政治建设", "historical");
    formulation(&site, "调整的提法", "作风建设", "adjusted");
    site.write("content/guide.md", "---\ntitle: 说明\n---\n正文。\n");
    section(&site, "rules", "规则", "rulepack");
    site.write(
        "content/rules/names.md",
        "---\ntitle: 法规名称\nrules:\n  - kind: name\n    right: 中国共产党廉洁自律准则\n    issuer: 中共中央\n    date: 2015-10\n---\n说明。\n",
    );
    site.build().assert_ok();
    let templates = jargon_of_site(&site.path("public"));
    assert!(
        site.path("public/rules/names/index.html").exists(),
        "a rule pack page is scanned too"
    );
    assert!(
        templates.is_empty(),
        "jargon from the templates: {templates:#?}"
    );

    // The shipped site.
    let out = tempfile::tempdir().unwrap();
    let run = std::process::Command::new(crate::common::TIFA)
        .args([
            "build",
            "--root",
            env!("CARGO_MANIFEST_DIR"),
            "--output-dir",
        ])
        .arg(out.path().join("public"))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let public = out.path().join("public");
    let shipped = jargon_of_site(&public);
    guide_images_exist(&public);
    let known: BTreeMap<String, Vec<String>> = KNOWN_CONTENT_JARGON
        .iter()
        .map(|(page, words)| {
            (
                page.to_string(),
                words.iter().map(|w| w.to_string()).collect(),
            )
        })
        .collect();
    let listing: String = shipped
        .iter()
        .map(|(page, words)| format!("    ({page:?}, &{words:?}),\n"))
        .collect();
    assert!(
        shipped == known,
        "the shipped pages' jargon differs from KNOWN_CONTENT_JARGON in tests/workbench.rs; fix the content, or (if it is the content's and on its way out) set the list to:\n{listing}"
    );
}

#[test]
fn the_basket_page_keeps_its_url() {
    let site = site_with(1, "");
    site.write("content/basket.md", "---\ntitle: 篮子\n---\n正文。\n");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("basket/"), "{}", run.stderr);
}

/// Passages whose bodies have the same headings and footnotes share one
/// whole-document page: every id on it stays unique, and every in-page
/// link still reaches its own passage's target.
#[test]
fn a_whole_document_view_keeps_ids_unique_across_passages() {
    let site = site_with(
        3,
        "\n\n## 小结\n\n要点[^1]，见[小结](#小结)。\n\n[^1]: 注释。",
    );
    site.build().assert_ok();
    let page = site.html("sources/big/full/index.html");
    let ids: Vec<String> = select(&page, "[id]")
        .iter()
        .filter_map(|e| e.value().attr("id").map(str::to_string))
        .collect();
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
    let in_page: Vec<String> = hrefs(&page, ".passage a[href^='#']");
    assert!(
        in_page.len() >= 6,
        "heading and footnote links: {in_page:?}"
    );
    for href in &in_page {
        // A browser decodes the fragment before it looks for the id.
        let id = percent_encoding::percent_decode_str(&href[1..]).decode_utf8_lossy();
        assert!(unique.contains(&id.to_string()), "{href} reaches nothing");
    }
    // The second passage's links stay inside the second passage.
    let second: Vec<String> = hrefs(&page, "#x_2 a[href^='#']");
    assert!(second.iter().all(|h| h.starts_with("#x_2-")), "{second:?}");
    // On its own page an excerpt keeps its plain ids.
    let own = site.html("excerpts/big/00002/index.html");
    assert!(!select(&own, "h2[id]").is_empty());
    assert!(select(&own, "[id^='x_2-']").is_empty());
}
