//! Script in content: every way markup could get into a page is escaped or refused.

use super::*;

/// Every vector for markup in front matter and Markdown, at once: titles,
/// variants, tags, topics, slugs, section titles, `extra`, the site footer,
/// raw HTML, heading ids and classes, code languages, footnote labels.
const SCRIPT: &str = "<script>alert(1)</script>";

fn script_site() -> Site {
    let site = Site::fixture("basic");
    let quoted = |s: &str| serde_json::to_string(s).unwrap();
    let attack = quoted(&format!("\"><img src=x onerror=alert(1)>{SCRIPT}"));
    site.write(
        "config.toml",
        format!(
            "title = {}\nbase_url = \"http://example.test/\"\n[extra]\nfooter = {}\n",
            quoted(&format!("站点{SCRIPT}")),
            quoted(&format!("页脚{SCRIPT}<a href=\"javascript:alert(1)\">x</a>"))
        ),
    )
    .write(
        "content/formulations/脚本.md",
        format!(
            "---\ntitle: {attack}\nfull: {attack}\nvariants: [{attack}, \"javascript:alert(1)\"]\ncategory: {attack}\norigin: {attack}\ncollocations: [{attack}]\nslug: {attack}\ndescription: {attack}\ntags: [{attack}]\nextra: {{ footer: {attack}, x: {attack} }}\n---\n正文提到 {SCRIPT} 与 javascript:alert(1)。\n"
        ),
    )
    .write(
        "content/excerpts/x-report/004.md",
        format!(
            "---\ntitle: {attack}\nsource: x-report\nsection_path: [{attack}, {attack}]\norder: 4\npart: measure\ntopics: [{attack}]\n---\n提到“四个意识”，{SCRIPT}。\n"
        ),
    )
    .write(
        "content/sources/y-report.md",
        format!(
            "---\ntitle: {attack}\ndoc_type: {attack}\nlevel: {attack}\nissuer: {attack}\nyear: 2020\n---\n"
        ),
    )
    .write(
        "content/脚本/_index.md",
        format!("---\ntitle: {attack}\ndescription: {attack}\nextra: {{ x: {attack} }}\n---\n{SCRIPT}\n"),
    )
    .write(
        "content/脚本/page.md",
        format!(
            "---\ntitle: {attack}\ndate: 2021-01-01\ntags: [{attack}]\n---\n\
# 标题 {{#x .y}}\n\n\
<script>alert(1)</script>\n\n\
<img src=x onerror=alert(1)>\n\n\
<a href=\"javascript:alert(1)\">raw</a>\n\n\
```js\" onmouseover=\"alert(1)\n{SCRIPT}\n```\n\n\
注[^x\"y]\n\n[^x\"y]: 脚注 {SCRIPT}\n\n\
![img](<x.png> \"\\\" onerror=alert(1)\")\n\n\
<!-- more -->\n\n\
`{SCRIPT}` 和“四个意识”\n"
        ),
    );
    site
}

/// Attributes that hold a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "data",
    "srcset",
];

/// Script the theme did not put there: `<script>` other than the theme's
/// own files, inline handlers, and script URLs, in every HTML output.
fn script_from_content(site: &Site) -> Vec<String> {
    let mut found = Vec::new();
    for rel in site
        .output_files()
        .into_iter()
        .filter(|f| f.ends_with(".html"))
    {
        let html = site.html(&rel);
        for element in select(&html, "*") {
            let name = element.value().name();
            if name == "script" {
                let src = element.value().attr("src").unwrap_or_default();
                let theirs = [
                    "/tifa.js",
                    "/search.js",
                    "/basket.js",
                    "/check.js",
                    "/check-page.js",
                ]
                .iter()
                .any(|script| src.ends_with(script));
                if !theirs || !text(&element).trim().is_empty() {
                    found.push(format!("{rel}: <script src={src:?}>{}", text(&element)));
                }
            }
            if ["iframe", "object", "embed", "base", "frame"].contains(&name) {
                found.push(format!("{rel}: <{name}>"));
            }
            for (attr, value) in element.value().attrs() {
                let attr = attr.to_ascii_lowercase();
                if attr.starts_with("on") {
                    found.push(format!("{rel}: <{name} {attr}={value:?}>"));
                }
                if URL_ATTRIBUTES.contains(&attr.as_str()) && is_script_url(value) {
                    found.push(format!("{rel}: <{name} {attr}={value:?}>"));
                }
                if name == "meta" && attr == "http-equiv" {
                    found.push(format!("{rel}: <meta http-equiv={value:?}>"));
                }
            }
        }
    }
    found
}

/// `javascript:`, `data:` or `vbscript:`, whatever the case or spacing.
fn is_script_url(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "data:", "vbscript:"]
        .iter()
        .any(|scheme| compact.starts_with(scheme))
}

#[test]
fn script_in_front_matter_and_markdown_is_escaped() {
    let site = script_site();
    survives(&site, Expect::Builds);
    let found = script_from_content(&site);
    assert!(
        found.is_empty(),
        "script from content in the output:\n{}",
        found.join("\n")
    );
    // The scan sees the theme's own scripts, so it is not vacuous, and the
    // text authors wrote is shown, not dropped.
    let page = site.html("jiao-ben/page/index.html");
    assert_eq!(select(&page, "script[src$='/tifa.js']").len(), 1);
    assert!(
        page.root_element()
            .html()
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(text(&select(&page, "h1")[0]).contains(SCRIPT));
}

#[test]
fn script_in_output_is_detected() {
    // The scanner itself: each of these must be reported.
    let site = Site::fixture("basic");
    site.build().assert_ok();
    std::fs::write(
        site.path("public/probe.html"),
        "<!DOCTYPE html><title>x</title><script>alert(1)</script><a href=' JaVa\tScRiPt:alert(1)'>x</a><img src=x onerror=alert(1)><a href='data:text/html,x'>d</a><iframe></iframe>",
    )
    .unwrap();
    let found = script_from_content(&site);
    assert_eq!(found.len(), 5, "{found:#?}");
}

/// Each way of writing a script link is refused with the link's position.
#[test]
fn script_links_are_refused_where_they_are_written() {
    let cases = [
        ("inline", "[x](javascript:alert(1))", "5:1"),
        ("cased", "[x]( JaVaScRiPt:alert(1) )", "5:1"),
        ("entity", "[x](&#106;avascript:alert(1))", "5:1"),
        ("named-entity", "[x](javascript&colon;alert(1))", "5:1"),
        ("angle", "[x](<java script:alert(1)>)", "5:1"),
        ("autolink", "<javascript:alert(1)>", "5:1"),
        ("image", "![x](data:text/html,<b>x</b>)", "5:1"),
        ("vbscript", "前文 [x](vbscript:msgbox(1))", "5:4"),
        ("reference", "[x][r]\n\n[r]: javascript:alert(1)", "5:1"),
    ];
    for (name, markdown, position) in cases {
        let site = Site::fixture("basic");
        let file = format!("content/guide/{name}.md");
        site.write(&file, format!("---\ntitle: 链接\n---\n\n{markdown}\n"));
        let at = format!("{file}:{position}");
        survives(
            &site,
            Expect::Fails {
                at: &at,
                message: "would run script",
            },
        );
    }
}

/// pulldown-cmark's `{key=value}` heading attributes let a heading carry
/// `onclick`; they are refused, ids and classes still work.
#[test]
fn heading_attribute_onclick_is_refused() {
    let site = Site::fixture("basic");
    site.write(
        "content/guide/attr.md",
        "---\ntitle: 属性\n---\n\n## 标题 {#ok .c onclick=alert(1)}\n",
    );
    survives(
        &site,
        Expect::Fails {
            at: "content/guide/attr.md:5:1",
            message: "onclick",
        },
    );
    site.write(
        "content/guide/attr.md",
        "---\ntitle: 属性\n---\n\n## 标题 {#ok .c}\n",
    );
    survives(&site, Expect::Builds);
    let page = site.html("guide/attr/index.html");
    assert_eq!(select(&page, "h2#ok.c").len(), 1);
}

/// Found by the markdown fuzz target: a spelling with a space at its start,
/// matched right after a sentence end, made the sentence trim cut into the
/// match, and the mention's span underflowed (a panic in debug builds, a
/// slicing panic in the formulation page in release). The graph trims
/// spellings, so content could not reach it; the renderer's API could.
#[test]
fn mention_span_with_spaced_term_stays_inside_its_sentence() {
    use tifa::markdown::{Context, Resolve, Target, TermMatcher, TermTarget};
    struct Nothing;
    impl Resolve for Nothing {
        fn wiki(&self, _: &str) -> Option<Target> {
            None
        }
        fn path(&self, _: &str) -> Option<Target> {
            None
        }
    }
    let target = TermTarget {
        formulation: 0,
        url: "/f/".into(),
        title: " 四".into(),
        full: " 四".into(),
        status: "",
        wording: "",
    };
    let terms = TermMatcher::new(
        vec![target],
        &[(" 四".to_string(), 0), ("个 ".to_string(), 0)],
    );
    let context = Context {
        terms: &terms,
        resolve: &Nothing,
        own_formulation: None,
        highlight_code: false,
        link_terms: true,
        file: "content/a.md",
        body_line: 1,
    };
    let rendered = tifa::markdown::render("a。 四个 。\n", &context);
    assert_eq!(rendered.mentions.len(), 2);
    let text = &rendered.plain_text;
    let matched: Vec<&str> = rendered.mentions.iter().map(|m| m.matched(text)).collect();
    assert_eq!(matched, [" 四", "个 "]);
    for mention in &rendered.mentions {
        assert!(mention.sentence(text).contains(mention.matched(text)));
    }
}

/// Found by the markdown fuzz target: an aligned table column (`|--:|`)
/// came out as `<td style="text-align: right">`, an inline style that the
/// strict Content-Security-Policy the theme is built for blocks.
#[test]
fn table_alignment_is_a_class_not_an_inline_style() {
    let site = Site::fixture("basic");
    site.write(
        "content/guide/table.md",
        "---\ntitle: 表格\n---\n\n| 左 | 中 | 右 |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n",
    );
    survives(&site, Expect::Builds);
    let page = site.html("guide/table/index.html");
    assert!(
        select(&page, "[style]").is_empty(),
        "inline style in the output"
    );
    assert_eq!(select(&page, "th.align-left, td.align-left").len(), 2);
    assert_eq!(select(&page, "th.align-center, td.align-center").len(), 2);
    assert_eq!(select(&page, "th.align-right, td.align-right").len(), 2);
}
