//! Linear cost at scale (issue 16), pinned without timing: pages stay under
//! a size cap however often a formulation is used, long lists are split
//! into linkable pages that together hold every item, text with no
//! sentence breaks builds within a memory limit, and related excerpts keep
//! their ranking in buckets of any size.

use std::process::Command;

use crate::common::{Site, TIFA, select, text};

/// The largest HTML page these tests accept: far below the 1 MB every page
/// must stay under, and far below what listing every mention would take.
const PAGE_CAP: usize = 256 * 1024;

const FORMULATION: &str =
    "---\ntitle: 四个意识\nfull: 政治意识、大局意识、核心意识、看齐意识\n---\n说明。\n";

fn site_with_formulation() -> Site {
    let site = Site::empty();
    site.write(
        "config.toml",
        "title = \"测试\"\nbase_url = \"http://example.org/\"\n",
    );
    site.write(
        "content/formulations/_index.md",
        "---\ntitle: 提法\npage_kind: formulation\n---\n",
    );
    site.write(
        "content/sources/_index.md",
        "---\ntitle: 来源\npage_kind: source\n---\n",
    );
    site.write(
        "content/excerpts/_index.md",
        "---\ntitle: 摘录\npage_kind: excerpt\n---\n",
    );
    site.write("content/formulations/四个意识.md", FORMULATION);
    site.write(
        "content/sources/s1.md",
        "---\ntitle: 报告一\ndoc_type: 对照检查材料\nyear: 2020\n---\n",
    );
    site.write(
        "content/sources/s2.md",
        "---\ntitle: 报告二\ndoc_type: 对照检查材料\nyear: 2022\n---\n",
    );
    site
}

fn page_bytes(site: &Site, rel: &str) -> usize {
    std::fs::metadata(site.path("public").join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
        .len() as usize
}

#[test]
fn a_formulation_with_ten_thousand_mentions_lists_them_on_pages_under_the_cap() {
    let site = site_with_formulation();
    // 100 excerpts of 100 sentences, each mentioning the formulation once:
    // 10,000 mentions, in the problem part of two sources.
    for i in 0..100 {
        let source = if i % 2 == 0 { "s1" } else { "s2" };
        let body: String = (0..100)
            .map(|k| format!("第{i}段第{k}句，要不断增强“四个意识”，切实把要求落到实处。"))
            .collect();
        site.write(
            &format!("content/excerpts/{source}/{i:03}.md"),
            format!(
                "---\ntitle: 摘录{i}\nsource: {source}\norder: {i}\npart: problem\ntopics: [政治建设]\n---\n{body}\n"
            ),
        );
    }
    site.build().assert_ok();
    let formulation = "formulations/si-ge-yi-shi/index.html";
    assert!(
        page_bytes(&site, formulation) < PAGE_CAP,
        "the formulation page has {} bytes",
        page_bytes(&site, formulation)
    );
    let html = site.html(formulation);
    let count: Vec<String> = select(&html, "#h-usage .count").iter().map(text).collect();
    assert_eq!(count, ["10000 处 · 100 页"]);
    // The page shows the first mentions of the part and links the rest.
    let shown = select(&html, "#part-problem + ul.mentions > li").len();
    assert!(shown > 0 && shown < 100, "{shown} mentions on the page");
    let more = select(&html, "p.more a");
    assert_eq!(more.len(), 1);
    assert_eq!(
        more[0].value().attr("href"),
        Some("/formulations/si-ge-yi-shi/uses/problem/")
    );
    // The list pages hold every mention once, each page under the cap,
    // linked one to the next.
    let mut listed = std::collections::BTreeSet::new();
    let mut path = "formulations/si-ge-yi-shi/uses/problem/index.html".to_string();
    let mut pages = 0;
    loop {
        pages += 1;
        assert!(page_bytes(&site, &path) < PAGE_CAP, "{path} is too big");
        let list = site.html(&path);
        for item in select(&list, "ul.mentions > li") {
            let quote = text(&select_one(&item, "blockquote"));
            assert!(quote.contains("四个意识"), "{quote}");
            // Each mention's own sentence, not the whole paragraph.
            assert!(quote.chars().count() < 40, "{quote}");
            assert!(listed.insert(quote), "listed twice");
        }
        let next: Vec<_> = select(&list, "a[rel=next]");
        match next.first().and_then(|a| a.value().attr("href")) {
            Some(href) => path = format!("{}index.html", href.trim_start_matches('/')),
            None => break,
        }
    }
    assert_eq!(pages, 100);
    assert_eq!(listed.len(), 10_000);
    // Most useful first: one mention of each source before a second of
    // either, the newer source first.
    let first = site.html("formulations/si-ge-yi-shi/uses/problem/index.html");
    let sources: Vec<String> = select(&first, "ul.mentions > li .meta")
        .iter()
        .take(3)
        .map(text)
        .collect();
    assert!(sources[0].contains("报告二"), "{sources:?}");
    assert!(sources[1].contains("报告一"), "{sources:?}");
}

fn select_one<'a>(element: &scraper::ElementRef<'a>, css: &str) -> scraper::ElementRef<'a> {
    let selector = scraper::Selector::parse(css).unwrap();
    element.select(&selector).next().expect(css)
}

/// Address space a build may use (`prlimit --as`): a build of a small site
/// needs a fraction of it, and the text below took gigabytes when every
/// mention kept its whole "sentence".
const MEMORY_LIMIT: u64 = 1536 * 1024 * 1024;

#[test]
fn a_paragraph_of_100000_comma_separated_mentions_builds_and_checks_within_a_memory_limit() {
    let site = site_with_formulation();
    let list = vec!["增强“四个意识”"; 100_000].join("，");
    site.write(
        "content/excerpts/s1/001.md",
        format!("---\ntitle: 一段很长的列表\nsource: s1\norder: 1\npart: problem\n---\n{list}\n"),
    );
    for command in ["build", "check"] {
        let output = Command::new("prlimit")
            .arg(format!("--as={MEMORY_LIMIT}"))
            .arg("--")
            .arg(TIFA)
            .arg(command)
            .arg("--root")
            .arg(site.root())
            .output()
            .expect("run prlimit (util-linux)");
        assert!(
            output.status.success(),
            "tifa {command} under a {MEMORY_LIMIT}-byte limit: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let html = site.html("formulations/si-ge-yi-shi/index.html");
    let count: Vec<String> = select(&html, "#h-usage .count").iter().map(text).collect();
    assert_eq!(count, ["100000 处 · 1 页"]);
    // A mention's context is a window around it, marked as cut.
    let first = site.html("formulations/si-ge-yi-shi/uses/problem/index.html");
    let quote = text(&select(&first, "ul.mentions blockquote")[0]);
    assert!(quote.ends_with('…'), "{quote}");
    assert!(quote.chars().count() <= 130, "{quote}");
    assert!(page_bytes(&site, "formulations/si-ge-yi-shi/index.html") < PAGE_CAP);
}

#[test]
fn related_excerpts_share_the_most_topics_first_in_a_large_bucket() {
    let site = site_with_formulation();
    // 400 excerpts share part and one topic; one of them shares a second
    // topic with the first excerpt.
    for i in 0..400 {
        let topics = match i {
            0 | 257 => "[政治建设, 作风建设]",
            _ => "[政治建设]",
        };
        site.write(
            &format!("content/excerpts/s1/{i:03}.md"),
            format!(
                "---\ntitle: 摘录{i}\nsource: s1\norder: {i}\npart: problem\ntopics: {topics}\n---\n正文{i}。\n"
            ),
        );
    }
    site.build().assert_ok();
    for i in [0, 1, 199, 399] {
        let page = site.html(&format!("excerpts/s1/{i:03}/index.html"));
        let related: Vec<String> = select(&page, "#h-related + ul a")
            .iter()
            .map(text)
            .collect();
        assert_eq!(related.len(), 6, "excerpt {i}: {related:?}");
        assert!(!related.contains(&format!("摘录{i}")), "not itself");
        if i == 0 {
            assert_eq!(related[0], "摘录257", "two shared topics rank first");
        }
    }
}

/// Reads the unsigned LEB128 varints of `bytes`.
fn varints(bytes: &[u8]) -> Vec<u64> {
    let mut out = Vec::new();
    let (mut value, mut shift) = (0u64, 0);
    for &byte in bytes {
        value |= u64::from(byte & 0x7f) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            out.push(value);
            (value, shift) = (0, 0);
        }
    }
    assert_eq!(shift, 0, "truncated varint");
    out
}

fn json(site: &Site, rel: &str) -> serde_json::Value {
    serde_json::from_str(&site.output(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The first search reads the manifest's layout and `topics.bin` instead of
/// a row per document (docs/search-format.md, version 4): they must give
/// every document the facets the whole table (`docs.json`) gives it, and the
/// row files the same URL, title and date, whatever order the excerpts'
/// paths, sources, parts and dates come in.
#[test]
fn the_search_layout_gives_every_document_the_facets_of_the_document_table() {
    let site = site_with_formulation();
    let parts = ["problem", "measure", "cause", "achievement"];
    let topics = ["[政治建设]", "[作风建设, 政治建设]", "[]", "[纪律建设]"];
    for i in 0..40 {
        let source = if i % 3 == 0 { "s1" } else { "s2" };
        let date = if i % 7 == 0 {
            format!("date: 2021-0{}-01\n", 1 + i % 9)
        } else {
            String::new()
        };
        site.write(
            &format!("content/excerpts/e{i:02}.md"),
            format!(
                "---\ntitle: 摘录{i}\nsource: {source}\norder: {i}\npart: {}\ntopics: {}\n{date}---\n正文{i}，增强“四个意识”。\n",
                parts[i % 4],
                topics[i % 4]
            ),
        );
    }
    site.build().assert_ok();
    let manifest = json(&site, "search/manifest.json");
    assert_eq!(manifest["version"], 4);
    let docs = json(&site, "search/docs.json");
    let docs = docs.as_array().unwrap();
    let layout = &manifest["layout"];
    let number = |v: &serde_json::Value| v.as_i64().unwrap();
    let kind_starts: Vec<i64> = layout["kind_starts"]
        .as_array()
        .unwrap()
        .iter()
        .map(number)
        .collect();
    assert_eq!(*kind_starts.last().unwrap() as usize, docs.len());
    let kinds = manifest["kinds"].as_array().unwrap();
    let kind_of = |name: &str| kinds.iter().position(|k| k == name).unwrap();
    let (excerpt, source) = (kind_of("excerpt"), kind_of("source"));
    // Each excerpt's source and part, unpacked from the blocks.
    let mut excerpts: Vec<(i64, i64)> = Vec::new();
    for block in layout["excerpt_blocks"].as_array().unwrap() {
        let block: Vec<i64> = block.as_array().unwrap().iter().map(number).collect();
        for (part, &n) in block[1..].iter().enumerate() {
            excerpts.extend(std::iter::repeat_n((block[0], part as i64), n as usize));
        }
    }
    let first_excerpt = kind_starts[excerpt] as usize;
    assert_eq!(excerpts.len(), 40);
    // A few blocks, not one per excerpt: one per source at most per part run.
    assert!(
        layout["excerpt_blocks"].as_array().unwrap().len() <= 2,
        "{layout}"
    );
    let sets = varints(&std::fs::read(site.path("public/search/topics.bin")).unwrap());
    assert_eq!(sets.len(), 40, "a topic set per excerpt");
    let topic_sets = manifest["topic_sets"].as_array().unwrap();
    let sources = layout["sources"].as_array().unwrap();
    let per_file = manifest["rows_per_file"].as_u64().unwrap() as usize;
    for (id, row) in docs.iter().enumerate() {
        let kind = kind_starts.iter().rposition(|&s| s as usize <= id).unwrap();
        assert_eq!(row[2].as_u64(), Some(kind as u64), "kind of {id}");
        let (mut part, mut about, mut set) = (-1, None, Vec::new());
        if kind == excerpt {
            let e = id - first_excerpt;
            part = excerpts[e].1;
            about = usize::try_from(excerpts[e].0).ok().map(|s| &sources[s]);
            set = topic_sets[sets[e] as usize].as_array().unwrap().clone();
        } else if kind == source {
            about = Some(&sources[id - kind_starts[source] as usize]);
        }
        assert_eq!(row[3].as_i64(), Some(part), "part of {id}");
        let year = about.map_or(0, |s| number(&s[0]));
        let doc_type = about.map_or(-1, |s| number(&s[1]));
        assert_eq!(
            (row[4].as_i64(), row[5].as_i64()),
            (Some(year), Some(doc_type)),
            "{id}"
        );
        let mut own: Vec<i64> = row[6].as_array().unwrap().iter().map(number).collect();
        own.sort_unstable();
        let set: Vec<i64> = set.iter().map(number).collect();
        assert_eq!(own, set, "topics of {id}");
        let shown = json(&site, &format!("search/rows/{}.json", id / per_file));
        let shown = &shown[id % per_file];
        assert_eq!(
            (&shown[0], &shown[1], &shown[2]),
            (&row[0], &row[1], &row[10]),
            "row of {id}"
        );
    }
    // Ties rank by id: the newer source's excerpts come first.
    let first = &docs[first_excerpt];
    assert!(
        first[7]
            .as_i64()
            .is_some_and(|s| docs[s as usize][1] == "报告二"),
        "{first}"
    );
}

/// Follows `a[rel=next]` from `first` (an output path), returning each
/// page's path and parsed HTML.
fn list_pages(site: &Site, first: &str) -> Vec<(String, scraper::Html)> {
    let mut pages = Vec::new();
    let mut path = first.to_string();
    loop {
        let html = site.html(&path);
        let next = select(&html, "a[rel=next]")
            .first()
            .and_then(|a| a.value().attr("href"))
            .map(|href| format!("{}index.html", href.trim_start_matches('/')));
        pages.push((path, html));
        match next {
            Some(next) => path = next,
            None => return pages,
        }
        assert!(pages.len() < 100, "the pager loops");
    }
}

/// A source with 1,200 excerpts (a real one had 25,000) and a topic on all
/// of them, with `paginate_by = 0` ("no pagination"): the source's page
/// and every list page stay under the cap, and the pages together reach
/// every excerpt once (the topic's list, and the source's whole-document
/// view, which the source's page links), so nothing a writer could reach
/// from the source or the topic is lost.
#[test]
fn a_source_and_a_topic_with_many_excerpts_paginate_under_the_cap() {
    let site = site_with_formulation();
    site.write(
        "config.toml",
        "title = \"测试\"\nbase_url = \"http://example.org/\"\npaginate_by = 0\n",
    );
    let count = 1200;
    for i in 0..count {
        let heading = format!("[第{}部分]", i / 300 + 1);
        site.write(
            &format!("content/excerpts/s1/{i:04}.md"),
            format!(
                "---\ntitle: 摘录{i}\nsource: s1\norder: {i}\npart: problem\nsection_path: {heading}\ntopics: [政治建设]\n---\n这是第{i}段摘录的正文，讲的是加强政治建设的具体做法和取得的成效。\n"
            ),
        );
    }
    site.build().assert_ok();
    let source = "sources/s1/index.html";
    assert!(
        page_bytes(&site, source) < PAGE_CAP,
        "{} bytes",
        page_bytes(&site, source)
    );
    let page = site.html(source);
    let whole = select(&page, "a[href]")
        .into_iter()
        .filter_map(|a| a.value().attr("href"))
        .find(|href| href.contains("/full/"))
        .map(|href| {
            format!(
                "{}index.html",
                href.trim_start_matches('/')
                    .split('#')
                    .next()
                    .unwrap_or_default()
            )
        })
        .expect("the source's page links its whole-document view");
    for (first, links) in [
        (whole.as_str(), ".passage-title a"),
        ("topics/zheng-zhi-jian-she/index.html", "ol.page-list a"),
    ] {
        let pages = list_pages(&site, first);
        assert!(pages.len() >= 3, "{first}: {} pages", pages.len());
        let mut seen = std::collections::BTreeSet::new();
        for (path, html) in &pages {
            assert!(
                page_bytes(&site, path) < PAGE_CAP,
                "{path}: {} bytes",
                page_bytes(&site, path)
            );
            for a in select(html, links) {
                let href = a.value().attr("href").unwrap_or_default().to_string();
                if href.contains("/excerpts/") {
                    assert!(seen.insert(href.clone()), "{href} listed twice");
                }
            }
        }
        assert_eq!(seen.len(), count, "{first}: every excerpt on some page");
    }
}
