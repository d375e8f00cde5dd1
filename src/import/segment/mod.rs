//! Report splitter of `tifa import`: turns the raw text of a report (plain
//! text or Markdown, already UTF-8 with LF line endings; the readers in
//! `import::formats` turn .docx and .html into such text) into its title,
//! its headings, one [`Item`] per paragraph or enumerated point, and the
//! junk lines it dropped. Pure functions, no I/O.
//!
//! Every non-blank character of the input ends up in exactly one place:
//! a heading (`Report::headings`, the document title included), an item's
//! `text`, or `Report::removed`. Item texts are exact slices of the input
//! (`Item::span`), never rewritten.
//!
//! The stages, one file each: `lines` (what one line looks like), `junk`
//! (lines to drop), `blocks` (lines grouped into headings and paragraphs),
//! `markers` (numbering), `builder` (sections and items), `titles`, `part`
//! and `topics` (what the builder derives for each item).

mod blocks;
mod builder;
mod junk;
mod lines;
mod markers;
mod part;
mod titles;
mod topics;

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::messages::Msg;

pub use crate::parse::Part;
pub use junk::DEFAULT_JUNK_PATTERNS;

use blocks::{build_blocks, is_table_row};
use builder::Builder;
use junk::{LineKind, classify_lines};
use lines::{analyze_line, check_binary, clean_heading, looks_like_title, split_lines};

/// Default for [`SegmentOptions::max_junk_line_chars`].
pub const DEFAULT_MAX_JUNK_LINE_CHARS: usize = 60;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentOptions {
    /// Substrings; a line containing one is junk. Compared with all
    /// whitespace removed and ASCII letters case-folded.
    pub junk_patterns: Vec<String>,
    /// A line with more non-space characters than this is never junk:
    /// real paragraphs can mention words such as 订阅 (订阅党报党刊).
    pub max_junk_line_chars: usize,
}

impl Default for SegmentOptions {
    fn default() -> Self {
        SegmentOptions {
            junk_patterns: DEFAULT_JUNK_PATTERNS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            max_junk_line_chars: DEFAULT_MAX_JUNK_LINE_CHARS,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The document title (first heading-like line or `# …`), cleaned of `**`
    /// and `#`. Without such a line it is derived from the opening paragraph
    /// (`召开…会议`, else its first clause); then no level-0 heading exists.
    pub title: String,
    /// All heading lines and in-paragraph heading sentences, in order.
    pub headings: Vec<Heading>,
    pub items: Vec<Item>,
    pub removed: Vec<RemovedLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    /// 1-based input line.
    pub line: usize,
    /// 0 = document title; 1 = `一、`, `第一部分`, a bare heading line or an
    /// unnumbered Markdown heading; 2 = `（一）`; 3 = `1.`/`1、`; 4 = `（1）`.
    /// A level is a kind of numbering: a document may skip one.
    pub level: usize,
    /// Cleaned: numbering, `#`, `**` and trailing punctuation removed.
    pub title: String,
    /// The exact input text of the heading (marker and terminator included).
    pub raw: String,
    /// Byte range of `raw` in the input.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// 1-based position in the report.
    pub order: usize,
    /// 1-based input line where the item starts.
    pub line: usize,
    /// Titles of the headings above it, outermost first.
    pub section_path: Vec<String>,
    pub part: Part,
    /// At most three, in order of first occurrence in section path + text.
    pub topics: Vec<String>,
    pub title: String,
    /// The exact input text (markers such as 一是 and labels such as
    /// 原因分析： kept).
    pub text: String,
    /// Byte range of `text` in the input.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedLine {
    /// 1-based input line.
    pub line: usize,
    /// The line without surrounding whitespace.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentError {
    /// 1-based input line where segmentation gave up; `None` when the
    /// problem is the whole file's (no text at all) or not the file's
    /// (a bad `junk_patterns` entry in config.toml).
    pub line: Option<usize>,
    pub problem: Msg,
}

impl fmt::Display for SegmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => {
                let colon = crate::t!("：", ": ");
                write!(f, "{}{colon}{}", Msg::AtLine { line }, self.problem)
            }
            None => write!(f, "{}", self.problem),
        }
    }
}

impl std::error::Error for SegmentError {}

/// Whitespace for trimming and for the conservation rule; includes the
/// invisible format characters that web pastes carry.
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}'
        )
}

/// Segments one report. See the module docs and the rules on each helper.
pub fn segment(text: &str, opts: &SegmentOptions) -> Result<Report, SegmentError> {
    let lines = split_lines(text);
    check_binary(&lines)?;
    let kinds = classify_lines(&lines, opts)?;
    let removed: Vec<RemovedLine> = lines
        .iter()
        .zip(&kinds)
        .filter(|(_, k)| **k == LineKind::Junk)
        .map(|(l, _)| RemovedLine {
            line: l.no,
            text: l.text.to_string(),
        })
        .collect();
    let content: Vec<usize> = (0..lines.len())
        .filter(|&i| kinds[i] == LineKind::Content)
        .collect();
    let Some(&last_content) = content.last() else {
        // No text at all is the whole file's problem; text that was all
        // junk is shown at the last line removed, a line the author can see.
        return Err(match removed.last() {
            None => SegmentError {
                line: None,
                problem: Msg::NoText,
            },
            Some(junk) => SegmentError {
                line: Some(junk.line),
                problem: Msg::NoTextAfterJunk,
            },
        });
    };
    let has_sentences = content.iter().any(|&i| {
        lines[i]
            .text
            .contains(['。', '，', '；', '！', '？', ',', '.', ';', '!', '?'])
    });
    let has_numbered = content
        .iter()
        .any(|&i| analyze_line(lines[i].text).marker.is_some());
    if !has_sentences && !has_numbered {
        return Err(SegmentError {
            line: Some(lines[last_content].no),
            problem: Msg::NoStructure,
        });
    }

    let mut b = Builder::new(text);
    let mut rest = &content[..];
    // The document title: the first content line if it is a `#` heading
    // without numbering, or short, unnumbered and without sentence punctuation.
    if let [first, tail @ ..] = rest {
        let l = &lines[*first];
        let info = analyze_line(l.text);
        if !tail.is_empty()
            && info.marker.is_none()
            && !is_table_row(l.text)
            && (info.md_hashes > 0 || looks_like_title(l.text))
        {
            b.headings.push(Heading {
                line: l.no,
                level: 0,
                title: clean_heading(l.text),
                raw: l.text.to_string(),
                span: l.start..l.start + l.text.len(),
            });
            rest = tail;
        }
    }
    let blocks = build_blocks(&lines, rest);
    for blk in &blocks {
        b.block(blk);
    }
    if b.drafts.is_empty() {
        return Err(SegmentError {
            line: Some(lines[last_content].no),
            problem: Msg::OnlyHeadings,
        });
    }
    Ok(b.finish(removed))
}

#[cfg(test)]
pub(crate) mod tests;
