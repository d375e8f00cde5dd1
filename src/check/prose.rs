//! The prose of a Markdown body, block by block, mapped back to the source.
//!
//! Lint rules look at what a reader reads: the text of paragraphs, headings,
//! list items, table cells and quotes. Code (fenced, indented, inline), raw
//! HTML, link destinations, images and `[[…]]` link names are not prose and
//! are left out. pulldown-cmark's offsets make the mapping exact: every byte
//! of a block's text knows the byte of the body it came from, so a rule can
//! report file:line:column without re-scanning the Markdown.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

/// Stands in for things in a sentence that are not prose (inline code, HTML,
/// footnote references, `[[…]]` links): it matches no term and is neither
/// Chinese nor punctuation, so rules neither match across it nor flag it.
pub const PLACEHOLDER: char = '\u{FFFC}';

/// The text of one block (paragraph, heading, list item, table cell …).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Block {
    pub text: String,
    pieces: Vec<Piece>,
}

/// A stretch of `Block::text` and where it came from in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    /// Byte range in the block's text.
    text: Range<usize>,
    /// Byte offset of the piece in the body.
    source: usize,
    /// The text is the source verbatim, so offsets inside map one to one.
    /// (Not so for entities like `&amp;` or placeholders.)
    exact: bool,
}

impl Block {
    /// A block that is `text` itself, found at byte `source` (a line of a
    /// plain-text draft).
    pub fn plain(text: &str, source: usize) -> Block {
        let mut block = Block::default();
        block.push(text, source, true);
        block
    }

    /// The byte offset in the body of byte `offset` of the block's text.
    pub fn source_offset(&self, offset: usize) -> usize {
        let index = self
            .pieces
            .partition_point(|p| p.text.end <= offset)
            .min(self.pieces.len().saturating_sub(1));
        match self.pieces.get(index) {
            Some(p) if p.exact => p.source + offset.saturating_sub(p.text.start),
            Some(p) => p.source,
            None => 0,
        }
    }

    fn push(&mut self, text: &str, source: usize, exact: bool) {
        let start = self.text.len();
        self.text.push_str(text);
        self.pieces.push(Piece {
            text: start..self.text.len(),
            source,
            exact,
        });
    }
}

/// Splits a Markdown body into the text blocks a reader sees.
pub fn blocks(body: &str) -> Vec<Block> {
    let mut scanner = Scanner::default();
    for (event, range) in
        Parser::new_ext(body, crate::markdown::parser_options()).into_offset_iter()
    {
        scanner.event(body, event, range);
    }
    scanner.flush();
    scanner.blocks
}

#[derive(Default)]
struct Scanner {
    blocks: Vec<Block>,
    current: Block,
    /// A soft line break waiting to see the next character: between two
    /// Chinese characters it vanishes (as it does when rendered).
    pending_break: Option<usize>,
    /// Inside a code block, an image or a `[[…]]` link: text is not prose.
    skip_depth: usize,
    /// For each open link, whether it is a `[[…]]` link (whose text is a name).
    links: Vec<bool>,
}

impl Scanner {
    fn event(&mut self, body: &str, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::HtmlBlock) => {
                self.flush();
                self.skip_depth += 1;
            }
            Event::End(TagEnd::CodeBlock) | Event::End(TagEnd::HtmlBlock) => {
                self.skip_depth = self.skip_depth.saturating_sub(1);
            }
            Event::Start(Tag::Image { .. }) => {
                self.placeholder(range.start);
                self.skip_depth += 1;
            }
            Event::End(TagEnd::Image) => self.skip_depth = self.skip_depth.saturating_sub(1),
            Event::Start(Tag::Link { link_type, .. }) => {
                let wiki = matches!(link_type, LinkType::WikiLink { .. });
                if wiki {
                    self.placeholder(range.start);
                    self.skip_depth += 1;
                }
                self.links.push(wiki);
            }
            Event::End(TagEnd::Link) => {
                if self.links.pop() == Some(true) {
                    self.skip_depth = self.skip_depth.saturating_sub(1);
                }
            }
            Event::Start(tag) if is_inline(&tag) => {}
            Event::End(tag) if is_inline_end(&tag) => {}
            Event::Start(_) | Event::End(_) => self.flush(),
            _ if self.skip_depth > 0 => {}
            Event::Text(text) => {
                let exact = body.get(range.clone()) == Some(&*text);
                self.text(&text, range.start, exact);
            }
            Event::SoftBreak => self.pending_break = Some(range.start),
            Event::HardBreak => self.text("\n", range.start, false),
            Event::Code(_)
            | Event::InlineHtml(_)
            | Event::Html(_)
            | Event::FootnoteReference(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => self.placeholder(range.start),
            Event::Rule | Event::TaskListMarker(_) => {}
        }
    }

    fn text(&mut self, text: &str, source: usize, exact: bool) {
        if let Some(at) = self.pending_break.take() {
            let joined = self
                .current
                .text
                .chars()
                .next_back()
                .is_some_and(is_chinese)
                && text.chars().next().is_some_and(is_chinese);
            if !joined {
                self.current.push("\n", at, false);
            }
        }
        self.current.push(text, source, exact);
    }

    fn placeholder(&mut self, source: usize) {
        if self.skip_depth == 0 {
            self.text(PLACEHOLDER.encode_utf8(&mut [0; 4]), source, false);
        }
    }

    fn flush(&mut self) {
        self.pending_break = None;
        let block = std::mem::take(&mut self.current);
        if !block.text.trim().is_empty() {
            self.blocks.push(block);
        }
    }
}

/// Tags inside a sentence: they do not end a block.
fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Superscript | Tag::Subscript
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// Chinese characters and full-width punctuation: what a Chinese sentence is
/// made of, and what is set solid (no spaces, no line-break spaces).
pub fn is_chinese(c: char) -> bool {
    crate::slug::is_cjk(c)
        || matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF | 0x2014..=0x201D | 0x2026)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<String> {
        blocks(body).into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn code_html_and_wiki_links_are_not_prose() {
        let body = "甲`乙`丙\n\n```\n四个意识\n```\n\n    缩进代码\n\n见[[两个坚决维护]]和[链接](http://a.cn/四个意识)。\n\n<div>四风</div>\n";
        assert_eq!(
            texts(body),
            ["甲\u{FFFC}丙", "见\u{FFFC}和链接。"],
            "{body}"
        );
    }

    #[test]
    fn lines_join_between_chinese_characters_only() {
        assert_eq!(texts("政治\n意识\nand\nmore"), ["政治意识\nand\nmore"]);
    }

    #[test]
    fn emphasis_does_not_split_a_block_but_items_do() {
        assert_eq!(
            texts("增强**政治意识**、大局意识"),
            ["增强政治意识、大局意识"]
        );
        assert_eq!(texts("- 一\n- 二\n"), ["一", "二"]);
    }

    #[test]
    fn offsets_map_back_to_the_body() {
        let body = "# 标题\n\n第一行\n第二行 **粗体**x\n";
        let blocks = blocks(body);
        let block = &blocks[1];
        for needle in ["第二行", "粗体", "x"] {
            let in_block = block.text.find(needle).unwrap();
            let in_body = body.find(needle).unwrap();
            assert_eq!(block.source_offset(in_block), in_body, "{needle}");
        }
    }

    #[test]
    fn entities_map_to_their_start() {
        let body = "甲&amp;乙";
        let block = &blocks(body)[0];
        assert_eq!(block.text, "甲&乙");
        let amp = block.text.find('&').unwrap();
        assert_eq!(block.source_offset(amp), body.find('&').unwrap());
        assert_eq!(block.source_offset(amp + 1), body.find('乙').unwrap());
    }
}
