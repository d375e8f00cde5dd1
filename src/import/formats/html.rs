//! Web pages saved from a browser (.html, .htm): the report's text, without
//! the site around it.
//!
//! A saved page holds the report inside a site: navigation, a header and a
//! footer, a sidebar, share buttons, related links, ads, scripts. The reader
//! keeps the main text only:
//! 1. elements that are never text (`script`, `style`, `nav`, forms, frames
//!    …) and elements whose `id`/`class` names a site part (`nav`, `menu`,
//!    `sidebar`, `footer`, `share`, `ad` …) are dropped, and listed in a note;
//! 2. the main container is the element whose paragraphs hold the most text
//!    that is not link text (menus are mostly links), counted for each
//!    paragraph's parent and, at half weight, its grandparent (a common
//!    "readability" rule that needs no site-specific selectors);
//! 3. the page's `<h1>` (or else its `<title>` without the site's name) is
//!    the report's title when the container does not start with it.
//!
//! The text then goes through the same splitter as every format, whose junk
//! rules remove what is left of ads inside the main text (关注公众号 …).

use std::collections::HashMap;

use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::document::{Block, Paragraph, Span};
use super::{Extracted, Location};
use crate::import::messages::Msg;

/// Elements whose content is never the report's text.
const NEVER_TEXT: &[&str] = &[
    "head", "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object",
    "embed", "svg", "canvas", "video", "audio", "map", "form", "button", "select", "input",
    "textarea", "label", "nav", "aside", "dialog", "menu",
];

/// `id`/`class` words (split at `-`, `_`, spaces and case changes) that
/// name a part of the site rather than of the article.
const SITE_PART_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "sidebar",
    "side",
    "footer",
    "foot",
    "banner",
    "ad",
    "ads",
    "advert",
    "advertisement",
    "guanggao",
    "gg",
    "share",
    "sharing",
    "social",
    "comment",
    "comments",
    "related",
    "recommend",
    "tuijian",
    "xgwz",
    "copyright",
    "login",
    "toolbar",
    "topbar",
    "friendlink",
    "links",
    "sitemap",
    "qrcode",
    "erweima",
    "popup",
    "modal",
    "cookie",
];

/// Block elements: each starts a new paragraph.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// A paragraph shorter than this (in non-space chars) does not vote for
/// its container: captions and buttons are not the article.
const MIN_VOTING_CHARS: usize = 10;

/// How many removed blocks the note quotes.
const NOTE_EXAMPLES: usize = 5;

pub(crate) fn read(bytes: &[u8]) -> Result<Extracted, Msg> {
    let text = match crate::fs::decode_text(bytes) {
        Ok(decoded) => decoded.text,
        Err(e) => {
            return Err(Msg::UndecodableText {
                error: e.to_string(),
            });
        }
    };
    let page = Html::parse_document(&text);
    let root = page.tree.root();
    let mut removed = Vec::new();
    let main = main_container(root).ok_or(Msg::NoMainText)?;
    let mut walker = Walker::default();
    walker.walk(main, &mut removed);
    walker.flush();
    let mut blocks = walker.blocks;
    if !blocks.iter().any(is_title) {
        if let Some(title) = page_title(root, main) {
            let starts_with_title = blocks.first().is_some_and(|b| match b {
                Block::Paragraph(p) => p.plain_text().trim() == title,
                Block::Table { .. } => false,
            });
            if !starts_with_title {
                blocks.insert(0, title_paragraph(title));
            }
        }
    }
    number_paragraphs(&mut blocks);
    if blocks.iter().all(|b| match b {
        Block::Paragraph(p) => p.plain_text().trim().is_empty(),
        Block::Table { .. } => false,
    }) {
        return Err(Msg::NoMainText);
    }
    let mut site_parts = site_parts_outside(root, main);
    site_parts.extend(removed);
    let mut notes = Vec::new();
    if !site_parts.is_empty() {
        notes.push(Msg::PageBlocksRemoved {
            count: site_parts.len(),
            examples: site_parts
                .iter()
                .take(NOTE_EXAMPLES)
                .map(|s| format!("“{s}”"))
                .collect::<Vec<_>>()
                .join(" "),
        });
    }
    let (text, origins) = super::document::render(&blocks);
    Ok(Extracted {
        text,
        origins: Some(origins),
        notes,
    })
}

fn element_name(node: NodeRef<'_, Node>) -> Option<&str> {
    node.value().as_element().map(|e| e.name())
}

/// An element that is not text, or that names a site part.
fn is_site_part(node: NodeRef<'_, Node>) -> bool {
    let Some(el) = node.value().as_element() else {
        return false;
    };
    if NEVER_TEXT.contains(&el.name()) {
        return true;
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if el
        .attr("style")
        .is_some_and(|s| s.replace(' ', "").contains("display:none"))
    {
        return true;
    }
    let names = el.id().into_iter().chain(el.classes());
    names
        .flat_map(words)
        .any(|w| SITE_PART_WORDS.contains(&w.as_str()))
        || matches!(
            el.attr("role"),
            Some("navigation" | "banner" | "contentinfo" | "complementary")
        )
}

/// `mainNav` → [main, nav]; `article-footer_links` → [article, footer, links].
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            out.push(std::mem::take(&mut word));
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower {
            out.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_ascii_lowercase();
        word.push(c.to_ascii_lowercase());
    }
    out.push(word);
    out.retain(|w| !w.is_empty());
    out
}

/// Text weight of every node, computed once bottom-up: (non-space chars,
/// of which inside links); site parts weigh nothing. One pass, so that a
/// deeply nested page costs linear time, not a walk per ancestor.
fn text_weights(body: NodeRef<'_, Node>) -> HashMap<NodeId, (usize, usize)> {
    let mut weights: HashMap<NodeId, (usize, usize)> = HashMap::new();
    let nodes: Vec<NodeRef<'_, Node>> = body.descendants().collect();
    // Reverse pre-order visits every child before its parent.
    for node in nodes.into_iter().rev() {
        let weight = match node.value() {
            Node::Text(t) => (t.chars().filter(|c| !c.is_whitespace()).count(), 0),
            Node::Element(el) if !is_site_part(node) => {
                let (chars, links) = node
                    .children()
                    .filter_map(|c| weights.get(&c.id()))
                    .fold((0, 0), |(a, b), (x, y)| (a + x, b + y));
                (chars, if el.name() == "a" { chars } else { links })
            }
            _ => (0, 0),
        };
        weights.insert(node.id(), weight);
    }
    weights
}

/// The element holding the article: see the module docs. A paragraph
/// element votes for its parent and grandparent; a `div`, `td` or the like
/// that holds text itself (old pages separate paragraphs with `<br>`) votes
/// for itself and its parent, so that a layout table's text cell wins over
/// the row that also holds the menu cell.
fn main_container(root: NodeRef<'_, Node>) -> Option<NodeRef<'_, Node>> {
    let body = root
        .descendants()
        .find(|n| element_name(*n) == Some("body"))?;
    let weights = text_weights(body);
    let weight = |n: NodeRef<'_, Node>| weights.get(&n.id()).copied().unwrap_or((0, 0));
    // Nodes in or under a site part, found top-down in one pass.
    let mut excluded: std::collections::HashSet<NodeId> = std::collections::HashSet::new();
    for node in body.descendants() {
        let parent_excluded = node.parent().is_some_and(|p| excluded.contains(&p.id()));
        if parent_excluded || is_site_part(node) {
            excluded.insert(node.id());
        }
    }
    let mut scores: HashMap<NodeId, usize> = HashMap::new();
    let mut vote = |node: Option<NodeRef<'_, Node>>, w: usize| {
        if let Some(node) = node {
            *scores.entry(node.id()).or_default() += w;
        }
    };
    for node in body.descendants() {
        let Some(name) = element_name(node).filter(|_| !excluded.contains(&node.id())) else {
            continue;
        };
        let paragraph = matches!(
            name,
            "p" | "pre" | "blockquote" | "li" | "dd" | "h1" | "h2" | "h3" | "h4"
        );
        let (chars, links) = if paragraph {
            weight(node)
        } else {
            // The text it holds itself: text and inline children.
            node.children()
                .filter(|c| !element_name(*c).is_some_and(|n| BLOCKS.contains(&n)))
                .map(weight)
                .fold((0, 0), |(a, b), (x, y)| (a + x, b + y))
        };
        let own = chars - links;
        if own < MIN_VOTING_CHARS || links * 2 >= chars {
            continue;
        }
        if paragraph {
            vote(node.parent(), own * 2);
            vote(node.parent().and_then(|p| p.parent()), own);
        } else {
            vote(Some(node), own * 2);
            vote(node.parent(), own);
        }
    }
    let best = scores
        .iter()
        .max_by_key(|(id, score)| (**score, std::cmp::Reverse(**id)))
        .map(|(id, _)| *id);
    match best {
        Some(id) => root.tree().get(id),
        None => Some(body),
    }
}

/// The start of the text of every site part outside the main container, in
/// document order (for the note).
fn site_parts_outside(root: NodeRef<'_, Node>, main: NodeRef<'_, Node>) -> Vec<String> {
    let inside = |n: NodeRef<'_, Node>| n.ancestors().any(|a| a.id() == main.id());
    root.descendants()
        .filter(|n| is_site_part(*n) && !inside(*n))
        .filter(|n| !matches!(element_name(*n), Some("head" | "script" | "style")))
        .filter(|n| !n.ancestors().any(is_site_part))
        .map(snippet)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The first words of a removed block, for the note.
fn snippet(node: NodeRef<'_, Node>) -> String {
    plain_text(node).chars().take(20).collect()
}

/// The page's title: the first `<h1>` outside the container, else `<title>`
/// without the site's name after a separator (`报告标题_某某网`).
fn page_title(root: NodeRef<'_, Node>, main: NodeRef<'_, Node>) -> Option<String> {
    let h1 = root
        .descendants()
        .filter(|n| element_name(*n) == Some("h1"))
        .filter(|n| !n.ancestors().any(|a| a.id() == main.id()))
        .map(plain_text)
        .find(|t| !t.is_empty());
    if h1.is_some() {
        return h1;
    }
    let title = root
        .descendants()
        .find(|n| element_name(*n) == Some("title"))
        .map(plain_text)?;
    let cut = [" - ", " — ", "——", "_", " | ", "|", " – "]
        .iter()
        .filter_map(|sep| title.find(sep))
        .min()
        .unwrap_or(title.len());
    let title = title[..cut].trim().to_string();
    (!title.is_empty()).then_some(title)
}

fn plain_text(node: NodeRef<'_, Node>) -> String {
    let text: String = node
        .descendants()
        .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
        .collect();
    collapse_spaces(&text).trim().to_string()
}

fn is_title(block: &Block) -> bool {
    matches!(block, Block::Paragraph(p) if p.heading == Some(0))
}

fn title_paragraph(title: String) -> Block {
    Block::Paragraph(Paragraph {
        heading: Some(0),
        label: String::new(),
        spans: vec![Span {
            text: title,
            bold: false,
        }],
        origin: Location::Paragraph(1),
    })
}

/// Locations: the n-th paragraph of the main text.
fn number_paragraphs(blocks: &mut [Block]) {
    for (i, block) in blocks.iter_mut().enumerate() {
        let at = Location::Paragraph(i + 1);
        match block {
            Block::Paragraph(p) => p.origin = at,
            Block::Table { origin, .. } => *origin = at,
        }
    }
}

/// Collapses runs of HTML whitespace to one space, and drops a line break
/// between two CJK characters (source line breaks inside Chinese text are
/// not spaces to a reader).
fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending: Option<bool> = None; // Some(had a line break)
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            let newline = matches!(c, '\n' | '\r');
            pending = Some(pending.unwrap_or(false) || newline);
            continue;
        }
        if let Some(newline) = pending.take() {
            let joins_cjk = newline && out.chars().last().is_some_and(is_cjk) && is_cjk(c);
            if !joins_cjk {
                out.push(' ');
            }
        }
        out.push(c);
    }
    if pending.is_some() {
        out.push(' ');
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2e80}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
        || matches!(c, '\u{3000}'..='\u{303f}')
}

/// Deeper elements are read as plain text, not walked (no page nests its
/// article this deep; a hostile one could overflow the stack).
const MAX_DEPTH: usize = 200;

#[derive(Default)]
struct Walker {
    blocks: Vec<Block>,
    spans: Vec<Span>,
    heading: Option<u8>,
    bold_depth: usize,
    depth: usize,
}

impl Walker {
    fn walk(&mut self, node: NodeRef<'_, Node>, removed: &mut Vec<String>) {
        match node.value() {
            Node::Text(t) => {
                let text = collapse_spaces(t);
                if !text.is_empty() {
                    self.spans.push(Span {
                        text,
                        bold: self.bold_depth > 0,
                    });
                }
            }
            Node::Element(el) => {
                if is_site_part(node) {
                    let text = snippet(node);
                    if !text.is_empty() && !matches!(el.name(), "head" | "script" | "style") {
                        removed.push(text);
                    }
                    return;
                }
                let name = el.name();
                if name == "br" {
                    self.spans.push(Span {
                        text: "\n".to_string(),
                        bold: false,
                    });
                    return;
                }
                if name == "table" && self.table(node) {
                    return;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    self.flush();
                }
                if let Some(level) = heading_level(name) {
                    self.heading = Some(level);
                }
                let bold = matches!(name, "b" | "strong")
                    || el
                        .attr("style")
                        .is_some_and(|s| s.replace(' ', "").contains("font-weight:bold"));
                self.bold_depth += usize::from(bold);
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    self.spans.push(Span {
                        text: plain_text(node),
                        bold: false,
                    });
                } else {
                    for child in node.children() {
                        self.walk(child, removed);
                    }
                }
                self.depth -= 1;
                self.bold_depth -= usize::from(bold);
                if block {
                    self.flush();
                }
            }
            _ => {}
        }
    }

    /// A table of two or more columns as a table; returns false for a
    /// one-column layout table, whose cells are then read as paragraphs.
    fn table(&mut self, table: NodeRef<'_, Node>) -> bool {
        let rows: Vec<Vec<String>> = table
            .descendants()
            .filter(|n| element_name(*n) == Some("tr"))
            .filter(|tr| {
                // Rows of this table, not of a table nested in a cell.
                tr.ancestors()
                    .find(|a| element_name(*a) == Some("table"))
                    .is_some_and(|t| t.id() == table.id())
            })
            .map(|tr| {
                tr.children()
                    .filter(|c| matches!(element_name(*c), Some("td" | "th")))
                    .map(plain_text)
                    .collect()
            })
            .collect();
        if rows.iter().map(Vec::len).max().unwrap_or(0) < 2 {
            return false;
        }
        self.flush();
        self.blocks.push(Block::Table {
            rows,
            origin: Location::Paragraph(1),
        });
        true
    }

    /// Ends the current paragraph.
    fn flush(&mut self) {
        let heading = self.heading.take();
        let spans = std::mem::take(&mut self.spans);
        let text: String = spans.iter().map(|s| s.text.as_str()).collect();
        if text.trim().is_empty() {
            return;
        }
        let spans = trim_spans(spans);
        self.blocks.push(Block::Paragraph(Paragraph {
            heading,
            label: String::new(),
            spans,
            origin: Location::Paragraph(1),
        }));
    }
}

/// `h1` → 0 (the title), `h2` → 1 …
fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(0),
        "h2" => Some(1),
        "h3" => Some(2),
        "h4" => Some(3),
        "h5" => Some(4),
        "h6" => Some(5),
        _ => None,
    }
}

/// Spaces around line breaks and at the paragraph's ends removed (HTML
/// shows none of them).
fn trim_spans(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for span in spans {
        let text = span
            .text
            .split('\n')
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("\n");
        out.push(Span { text, ..span });
    }
    if let Some(first) = out.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = out.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    out.retain(|s| !s.text.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>某局2023年工作总结_某某市人民政府网</title>
<style>.x{color:red}</style><script>var ad = "广告脚本";</script></head>
<body>
<div id="header"><a href="/">首页</a> <a href="/news">新闻中心</a> <a href="/gk">政务公开</a></div>
<nav class="mainNav"><ul><li><a href="/a">机构概况</a></li><li><a href="/b">政策文件</a></li></ul></nav>
<div class="breadcrumb">当前位置：首页 &gt; 工作总结</div>
<div class="wrap">
  <div class="left-side"><h3>热点推荐</h3><ul><li><a href="/1">关于开展专项整治工作的通知</a></li><li><a href="/2">全市作风建设大会召开</a></li></ul></div>
  <div class="article">
    <h1>某局2023年工作总结</h1>
    <div class="info">发布时间：2024-01-05 来源：办公室</div>
    <div class="TRS_Editor">
      <p>　　2023年，我局坚持以习近平新时代中国特色社会主义思想为指导，全面落实
      从严治党主体责任。现将有关情况报告如下：</p>
      <p><strong>一、主要工作</strong></p>
      <p>（一）加强理论学习。<b>一是</b>抓好中心组学习，全年开展集中学习12次。二是抓好支部学习，坚持“三会一课”制度。</p>
      <table border="1"><tr><th>指标</th><th>完成情况</th></tr><tr><td>发展党员</td><td>12名</td></tr></table>
      <p><strong>二、存在问题</strong></p>
      <p>理论学习不够深入，学用结合不够紧密。<br>制度执行有时打折扣。</p>
      <p>扫码关注公众号，获取更多范文</p>
    </div>
    <div class="share">分享到：微信 微博 QQ空间</div>
  </div>
</div>
<div class="footer">版权所有：某某市人民政府 地址：某某路1号 电话：12345678</div>
</body></html>"#;

    #[test]
    fn keeps_the_article_and_drops_the_site() {
        let extracted = read(PAGE.as_bytes()).unwrap();
        assert_eq!(
            extracted.text,
            "# 某局2023年工作总结\n\
             2023年，我局坚持以习近平新时代中国特色社会主义思想为指导，全面落实从严治党主体责任。现将有关情况报告如下：\n\
             **一、主要工作**\n\
             （一）加强理论学习。**一是**抓好中心组学习，全年开展集中学习12次。二是抓好支部学习，坚持“三会一课”制度。\n\
             \n\
             | 指标 | 完成情况 |\n\
             | --- | --- |\n\
             | 发展党员 | 12名 |\n\
             \n\
             **二、存在问题**\n\
             理论学习不够深入，学用结合不够紧密。\n制度执行有时打折扣。\n\
             扫码关注公众号，获取更多范文\n"
        );
        for junk in [
            "首页",
            "机构概况",
            "当前位置",
            "热点推荐",
            "分享到",
            "版权所有",
            "广告脚本",
        ] {
            assert!(!extracted.text.contains(junk), "{junk}");
        }
        let [Msg::PageBlocksRemoved { count, examples }] = extracted.notes.as_slice() else {
            panic!("{:?}", extracted.notes);
        };
        assert!(*count >= 5, "{count}");
        assert!(examples.contains("分享到"), "{examples}");
    }

    #[test]
    fn title_from_the_title_element_and_gbk_pages() {
        let page = "<html><head><meta charset=\"gbk\"><title>关于整改情况的通报 - 某某网</title></head><body><div><p>经研究，现将整改情况通报如下。</p><p>一是整改到位。二是建章立制。</p></div></body></html>";
        let (gbk, _, _) = encoding_rs::GBK.encode(page);
        let extracted = read(&gbk).unwrap();
        assert!(
            extracted.text.starts_with("# 关于整改情况的通报\n经研究"),
            "{}",
            extracted.text
        );
    }

    #[test]
    fn pages_without_text_are_refused() {
        assert_eq!(
            read(b"<html><body><nav><a href='/'>home</a></nav><script>x()</script></body></html>"),
            Err(Msg::NoMainText)
        );
    }

    #[test]
    fn deeply_nested_pages_do_not_overflow() {
        // Deeper than MAX_DEPTH; html5ever itself takes quadratic time in
        // the depth, so not much deeper.
        let depth = 2_000;
        let page = format!(
            "<html><body>{}<p>经研究，现将整改情况通报如下。</p>{}</body></html>",
            "<div><span>".repeat(depth),
            "</span></div>".repeat(depth)
        );
        let extracted = read(page.as_bytes()).unwrap();
        assert!(extracted.text.contains("现将整改情况通报如下"));
    }

    #[test]
    fn words_of_ids_and_classes() {
        assert_eq!(words("mainNav"), ["main", "nav"]);
        assert_eq!(
            words("article-footer_links"),
            ["article", "footer", "links"]
        );
        assert_eq!(words("TRS_Editor"), ["trs", "editor"]);
    }
}
