//! Formulation pages a writer can cite: the authoritative sentence with its
//! document, whether the wording is verbatim or a gloss, the wording's
//! history with the changed characters marked, and the verified date.

use crate::common::{Site, select, text};

const 四个全面: &str = "---
title: 四个全面
full: 全面建设社会主义现代化国家、全面深化改革、全面依法治国、全面从严治党
wording: verbatim
verified: 2026-12-04
authority:
  text: 协调推进“四个全面”战略布局。
  document: 示例决定
  issuer: 示例全会
  date: 2020-10-29
  article: 第三部分
history:
  - date: 2014-12
    wording: 全面建成小康社会、全面深化改革、全面依法治国、全面从严治党
    event: 首次并提
  - date: 2020-10
    wording: 全面建设社会主义现代化国家、全面深化改革、全面依法治国、全面从严治党
    event: 全会调整
misuses:
  - wrong: 统筹推进“四个全面”
    right: 协调推进“四个全面”
    note: 固定搭配
phrasings:
  problem: [协调推进“四个全面”的认识不够深]
---
说明。
";

const 三重一大: &str = "---
title: 三重一大
full: 重大事项决策、重要干部任免、重大项目安排和大额度资金运作
wording: gloss
authority:
  text: 凡属重大决策、重要人事任免、重大项目安排和大额度资金运作事项必须由领导班子集体作出决定。
  document: 示例意见
  issuer: 示例机关
  number: 示发〔2010〕17号
  pending: true
---
说明。
";

fn site() -> Site {
    let site = Site::fixture("basic");
    site.write("content/formulations/四个全面.md", 四个全面)
        .write("content/formulations/三重一大.md", 三重一大);
    site.build().assert_ok();
    site
}

#[test]
fn a_verbatim_wording_is_offered_as_the_documents_words_with_its_authority() {
    let site = site();
    let page = site.html("formulations/si-ge-quan-mian/index.html");
    let badges: Vec<String> = select(&page, ".badges .badge").iter().map(text).collect();
    assert_eq!(badges, ["现行", "文件原文"]);
    assert!(text(&select(&page, ".badges .verified")[0]).contains("2026年12月4日"));
    assert_eq!(
        text(&select(&page, ".full-wording button.copy")[0]),
        "复制规范表述"
    );
    assert!(select(&page, ".wording-note").is_empty());
    assert_eq!(
        text(&select(&page, "#authority-text")[0]),
        "协调推进“四个全面”战略布局。"
    );
    assert_eq!(
        text(&select(&page, "#authority-citation")[0]),
        "《示例决定》（示例全会，2020年10月29日），第三部分"
    );
    let copy = &select(&page, ".authority button.copy")[0];
    assert_eq!(
        copy.value().attr("data-copy-cite"),
        Some("authority-citation")
    );
}

#[test]
fn the_history_marks_what_each_wording_changed() {
    let site = site();
    let page = site.html("formulations/si-ge-quan-mian/index.html");
    let items = select(&page, ".timeline li");
    assert_eq!(items.len(), 2);
    assert!(text(&items[0]).contains("2014年12月"));
    let inserted: Vec<String> = select(&page, ".timeline li.current ins")
        .iter()
        .map(text)
        .collect();
    let deleted: Vec<String> = select(&page, ".timeline li.current del")
        .iter()
        .map(text)
        .collect();
    assert_eq!(inserted, ["设社会主义现代化国家"]);
    assert_eq!(deleted, ["成小康社会"]);
    assert!(select(&page, ".timeline li:first-child ins").is_empty());
    let misuse: Vec<String> = select(&page, ".misuses td").iter().map(text).collect();
    assert_eq!(
        misuse,
        ["统筹推进“四个全面”", "协调推进“四个全面”", "固定搭配"]
    );
    let phrasing = &select(&page, ".phrasings li a")[0];
    assert!(
        phrasing
            .value()
            .attr("href")
            .unwrap()
            .starts_with("/search/?q=%22")
    );
}

#[test]
fn a_gloss_or_unchecked_sentence_is_never_offered_as_verbatim() {
    let site = site();
    let page = site.html("formulations/san-zhong-yi-da/index.html");
    let badges: Vec<String> = select(&page, ".badges .badge").iter().map(text).collect();
    assert_eq!(badges, ["现行", "编者概括"]);
    assert_eq!(
        text(&select(&page, ".full-wording button.copy")[0]),
        "复制（概括表述）"
    );
    assert!(text(&select(&page, ".wording-note")[0]).contains("不是文件原文"));
    assert!(!select(&page, ".authority.pending").is_empty());
    assert!(text(&select(&page, ".authority h2")[0]).contains("待核实"));
    assert_eq!(
        text(&select(&page, "#authority-citation")[0]),
        "《示例意见》（示例机关，示发〔2010〕17号）"
    );
    assert!(text(&select(&page, ".facts")[0]).contains("尚未核对"));
    // An entry that says nothing about its wording is treated as unchecked.
    let page = site.html("formulations/si-ge-yi-shi/index.html");
    assert_eq!(
        text(&select(&page, ".full-wording button.copy")[0]),
        "复制（未核对）"
    );
}

#[test]
fn a_bad_date_in_the_history_names_the_line() {
    let site = site();
    site.write(
        "content/formulations/四个全面.md",
        四个全面.replace("date: 2014-12", "date: 2014-13"),
    );
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/formulations/四个全面.md:13:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("2014-13"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("write dates as YYYY-MM-DD, YYYY-MM or YYYY"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_on_page_nav_lists_each_section_once() {
    let site = Site::fixture("basic");
    // A body with its own 规范表述 and 提法演变 beside the history field (as
    // the shipped 四个全面 has): each title is one link.
    let body = 四个全面.replace(
        "---\n说明。\n",
        "---\n## 规范表述\n\n说明。\n\n## 提法演变\n\n各时期的写法。\n\n## 用法\n\n用法。\n",
    );
    site.write("content/formulations/四个全面.md", body);
    site.build().assert_ok();
    let page = site.html("formulations/si-ge-quan-mian/index.html");
    let links: Vec<String> = select(&page, "nav.on-page > ul > li > a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        links,
        [
            "权威表述",
            "提法演变",
            "常见错误",
            "问题式表述",
            "规范表述",
            "用法",
            "使用情况"
        ]
    );
    let history = select(&page, "nav.on-page a[href='#history']");
    assert_eq!(history.len(), 1, "提法演变 leads to the timeline");
}
