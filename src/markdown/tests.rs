use super::*;

struct Fixed;

impl Resolve for Fixed {
    fn wiki(&self, name: &str) -> Option<Target> {
        (name == "四个意识" || name == "政治意识、大局意识").then(|| Target {
            url: "/f/sgys/".into(),
            title: "四个意识".into(),
            rel_path: "formulations/四个意识.md".into(),
        })
    }
    fn path(&self, rel_path: &str) -> Option<Target> {
        (rel_path == "about.md").then(|| Target {
            url: "/about/".into(),
            title: "关于".into(),
            rel_path: rel_path.into(),
        })
    }
}

fn matcher() -> TermMatcher {
    let targets = vec![
        TermTarget {
            formulation: 0,
            url: "/f/sgys/".into(),
            title: "四个意识".into(),
            full: "政治意识、大局意识、核心意识、看齐意识".into(),
            status: "",
            wording: "",
        },
        TermTarget {
            formulation: 1,
            url: "/f/sf/".into(),
            title: "四风".into(),
            full: "形式主义、官僚主义、享乐主义和奢靡之风".into(),
            status: "",
            wording: "",
        },
        TermTarget {
            formulation: 2,
            url: "/f/sfwt/".into(),
            title: "四风问题".into(),
            full: "四风问题".into(),
            status: "historical",
            wording: "gloss",
        },
    ];
    TermMatcher::new(
        targets,
        &[
            ("四个意识".into(), 0),
            ("四风".into(), 1),
            ("四风问题".into(), 2),
        ],
    )
}

fn render_with(body: &str, own: Option<usize>) -> Rendered {
    let terms = matcher();
    let context = Context {
        terms: &terms,
        resolve: &Fixed,
        own_formulation: own,
        highlight_code: true,
        link_terms: true,
        file: "content/a.md",
        body_line: 5,
    };
    render(body, &context)
}

#[test]
fn terms_link_outside_code_links_and_headings() {
    let r = render_with(
        "# 四个意识\n\n增强“四个意识”，整治“四风问题”。\n\n`四个意识` [四个意识](http://x/)\n\n```\n四个意识\n```\n",
        None,
    );
    assert_eq!(r.html.matches("class=\"term\"").count(), 2, "{}", r.html);
    assert!(
        r.html
            .contains("“<a class=\"term\" href=\"/f/sgys/\" data-term=\"四个意识\">四个意识</a>”"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("href=\"/f/sfwt/\""),
        "longest match: {}",
        r.html
    );
    assert_eq!(r.mentions.len(), 2);
    let text = &r.plain_text;
    assert_eq!(
        r.mentions[0].sentence(text),
        "增强“四个意识”，整治“四风问题”。"
    );
    assert_eq!(r.mentions[0].matched(text), "四个意识");
    assert_eq!(r.mentions[0].before(text), "增强“");
}

/// A mention points into the page's plain text; where its block's text is
/// not one run of it (a code block inside a list item puts its code
/// between the item's lines), it keeps its own words, and both read the
/// same.
#[test]
fn mention_words_read_the_same_in_and_out_of_the_plain_text() {
    let r = render_with(
        "前言。\n\n- 增强“四个意识”\n  ```\n  代码\n  ```\n  整治四风。\n\n再谈四风问题。\n",
        None,
    );
    let text = &r.plain_text;
    let read: Vec<(&str, &str, &str)> = r
        .mentions
        .iter()
        .map(|m| (m.sentence(text), m.matched(text), m.before(text)))
        .collect();
    assert_eq!(
        read,
        [
            ("增强“四个意识”整治四风。", "四个意识", "增强“"),
            ("增强“四个意识”整治四风。", "四风", "“四个意识”整治"),
            ("再谈四风问题。", "四风问题", "再谈"),
        ],
        "{text:?}"
    );
    // The list item's text is not one run of the plain text (the code
    // stands between its lines); the last paragraph's is.
    assert!(r.mentions[..2].iter().all(|m| m.own.is_some()));
    assert!(r.mentions[2].own.is_none());
}

#[test]
fn own_page_is_not_linked() {
    let r = render_with("牢固树立“四个意识”。", Some(0));
    assert!(!r.html.contains("class=\"term\""));
    assert!(r.mentions.is_empty());
}

#[test]
fn wiki_and_at_links_resolve_or_fail_with_position() {
    let r = render_with(
        "见[[四个意识]]和[关于](@/about.md#top)。\n\n[[没有这个]] [x](@/nope.md)\n",
        None,
    );
    assert!(
        r.html.contains("<a href=\"/f/sgys/\">四个意识</a>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("href=\"/about/#top\""), "{}", r.html);
    assert_eq!(r.links.len(), 1);
    assert_eq!(r.links[0].anchor.as_deref(), Some("top"));
    assert_eq!(r.diagnostics.len(), 2, "{:?}", r.diagnostics);
    assert_eq!((r.diagnostics[0].line, r.diagnostics[0].column), (7, 1));
    assert_eq!(r.diagnostics[1].line, 7);
}

#[test]
fn raw_html_and_script_urls_are_neutralised() {
    let r = render_with(
        "<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y]( JavaScript:alert(1))\n",
        None,
    );
    assert!(!r.html.contains("<script"), "{}", r.html);
    assert!(!r.html.to_lowercase().contains("javascript:"), "{}", r.html);
    assert_eq!(r.diagnostics.len(), 2);
}

#[test]
fn html_comments_are_authors_notes_and_never_published() {
    let r = render_with(
        "正文一。<!-- 内部备注：待领导审定 -->正文二。\n\n<!--\n多行备注\n第二行\n-->\n\n<b>显示</b><!-- x --> 尾\n\n<!-- 未闭合的备注\n",
        None,
    );
    for hidden in ["内部备注", "多行备注", "第二行", "未闭合", "<!--", "-->"] {
        assert!(!r.html.contains(hidden), "{hidden} in {}", r.html);
        assert!(
            !r.plain_text.contains(hidden),
            "{hidden} in {}",
            r.plain_text
        );
    }
    assert!(r.html.contains("正文一。"), "{}", r.html);
    assert!(r.html.contains("正文二。"), "{}", r.html);
    // Other raw HTML is still shown as text.
    assert!(r.html.contains("&lt;b&gt;显示&lt;/b&gt;"), "{}", r.html);
    assert!(r.html.contains("尾"), "{}", r.html);
}

#[test]
fn headings_get_unique_readable_ids_and_toc() {
    let r = render_with(
        "## 一、存在问题\n\n## 一、存在问题\n\n### Custom {#mine}\n",
        None,
    );
    let ids: Vec<_> = r.toc.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["一-存在问题", "一-存在问题-1", "mine"]);
    assert!(r.html.contains("<h2 id=\"一-存在问题-1\">"), "{}", r.html);
}

#[test]
fn more_marker_cuts_the_summary() {
    let r = render_with("第一段。\n\n<!-- more -->\n\n第二段。\n", None);
    assert_eq!(r.summary_html.as_deref(), Some("<p>第一段。</p>\n"));
    assert!(r.html.contains("第二段"));
    assert!(!r.html.contains("more"));
}

#[test]
fn soft_breaks_between_chinese_characters_vanish() {
    let r = render_with("增强“四个\n意识”\nand more\n", None);
    assert!(r.html.contains("“<a class=\"term\""), "{}", r.html);
    assert_eq!(r.mentions.len(), 1);
}

#[test]
fn gfm_extensions_render() {
    let r = render_with(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] 完成\n\n~~删~~ 注[^1]\n\n[^1]: 脚注\n",
        None,
    );
    for needle in [
        "<table>",
        "type=\"checkbox\"",
        "<del>",
        "footnote-definition",
    ] {
        assert!(r.html.contains(needle), "{needle}: {}", r.html);
    }
}

#[test]
fn a_mention_names_its_formulation_but_copies_nothing_of_its_entry() {
    // The wording, status and kind of wording are the hover card's to look
    // up (`card.json`): a link that copied them would change on every page
    // that mentions the formulation whenever its entry is edited.
    let r = render_with("整治“四风问题”和“四风”。\n", None);
    assert!(
        r.html
            .contains("<a class=\"term\" href=\"/f/sfwt/\" data-term=\"四风问题\">四风问题</a>"),
        "{}",
        r.html
    );
    for copied in ["historical", "gloss", "title=", "奢靡之风"] {
        assert!(!r.html.contains(copied), "{copied}: {}", r.html);
    }
}

#[test]
fn image_alt_text_is_neither_searched_nor_a_mention() {
    let r = render_with("看图：![四个意识的截图](a.png)\n", None);
    assert!(r.html.contains("alt=\"四个意识的截图\""), "{}", r.html);
    assert!(!r.plain_text.contains("截图"), "{}", r.plain_text);
    assert!(r.mentions.is_empty());
}

#[test]
fn links_to_markdown_files_by_path_are_named_in_their_at_form() {
    let at = |file: &str, dest: &str| markdown_file_link(file, dest).map(|l| l.suggestion);
    assert_eq!(
        at("content/guide/a.md", "b.md").as_deref(),
        Some("@/guide/b.md")
    );
    assert_eq!(
        at("content/guide/a.md", "../x/1.md#标题").as_deref(),
        Some("@/x/1.md#标题")
    );
    assert_eq!(
        at("content/a.md", "/guide/b.md").as_deref(),
        Some("@/guide/b.md")
    );
    assert_eq!(at("content/a.md", "../../b.md").as_deref(), Some("@/b.md"));
    for not_a_file in [
        "https://x.org/a.md",
        "mailto:a.md",
        "//x.org/a.md",
        "a.html",
        "#a.md",
        "@/a.md",
    ] {
        assert_eq!(at("content/a.md", not_a_file), None, "{not_a_file}");
    }
}

#[test]
fn a_summary_drops_line_breaks_and_marks_only_a_real_cut() {
    assert_eq!(text_summary("一二\n三四", 4), "一二三四");
    assert_eq!(text_summary("一二\n三四\n", 4), "一二三四");
    assert_eq!(text_summary("一二\n三四五", 4), "一二三四…");
    assert_eq!(text_summary("一二三四五", 0), "…");
    assert_eq!(text_summary("", 3), "");
    // Counted by character, whatever its width in bytes.
    assert_eq!(text_summary("aé一𠀀b", 4), "aé一𠀀…");
    assert_eq!(text_summary("aé一𠀀", 4), "aé一𠀀");
    // A long line with no break: cut after the kept characters.
    let long = "十".repeat(100_000);
    assert_eq!(text_summary(&long, 3), "十十十…");
}
