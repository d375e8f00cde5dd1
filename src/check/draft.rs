//! Checking a writer's draft: plain text (pasted, or the paragraphs of a
//! .docx), one block per line, dated by the writer.
//!
//! This is what the 校稿 page does in the browser (`check.js`), here for
//! `tifa check --draft FILE` and the conformance suite: the same rules,
//! the same findings, with offsets in UTF-16 code units of the text (as
//! JavaScript counts them), so the two can be compared finding for finding.

use serde::Serialize;

use super::prose::Block;
use super::{Checker, Subject};
use crate::i18n::Text;
use crate::parse::PartialDate;

/// How a draft is checked.
#[derive(Debug, Clone, Default)]
pub struct DraftOptions {
    /// The draft's date (the writer's; the 校稿 page defaults to today).
    pub date: Option<PartialDate>,
    /// Its document type, if the writer gave one (rule packs may depend on it).
    pub doc_type: Option<String>,
}

/// A finding in a draft, as `window.tifa.check` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftFinding {
    pub rule: &'static str,
    /// UTF-16 code units from the start of the draft.
    pub start: usize,
    pub end: usize,
    /// The text at `start..end`.
    pub text: String,
    pub suggestion: Option<String>,
    /// Why, in the run's language when serialized (Chinese by default:
    /// the 校稿 page's words).
    pub message: Text,
    pub url: Option<String>,
    /// 1-based line and column (in characters) of `start`, for the terminal.
    #[serde(skip)]
    pub line: usize,
    #[serde(skip)]
    pub column: usize,
}

/// The lines of a draft as blocks ("\n" ends a line; a "\r" before it is
/// not part of the line).
pub fn lines(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let content = line.strip_suffix('\r').unwrap_or(line);
        blocks.push(Block::plain(content, start));
        start += line.len() + 1;
    }
    blocks
}

/// Every finding in a draft, in order of position.
pub fn check_draft(checker: &Checker, text: &str, options: &DraftOptions) -> Vec<DraftFinding> {
    let subject = Subject {
        date: options.date,
        doc_type: options.doc_type.clone(),
        own_formulation: None,
        reference: false,
    };
    let mut found = Vec::new();
    // UTF-16 offset of the current line, counted on as lines go by (from
    // the start of the text each time, a long draft took quadratic time).
    let (mut counted_to, mut line_start_utf16) = (0, 0);
    for (index, block) in lines(text).iter().enumerate() {
        let line_start = block.source_offset(0);
        line_start_utf16 += utf16_len(&text[counted_to..line_start]);
        counted_to = line_start;
        for finding in checker.find(&subject, block, &checker.data.allow) {
            let range = finding.range.clone();
            let before = &block.text[..range.start];
            let start = line_start_utf16 + utf16_len(before);
            let matched = &block.text[range];
            found.push(DraftFinding {
                rule: finding.rule,
                start,
                end: start + utf16_len(matched),
                text: matched.to_string(),
                suggestion: finding.suggestion,
                message: finding.message,
                url: finding.url,
                line: index + 1,
                column: before.chars().count() + 1,
            });
        }
    }
    found
}

fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// A finding as one line for the terminal: `3:5 [rule] message → fix`.
pub fn describe(finding: &DraftFinding) -> String {
    let fix = finding
        .suggestion
        .as_deref()
        .map(|s| format!(" → {s}"))
        .unwrap_or_default();
    format!(
        "{}:{} [{}] {}{fix}",
        finding.line, finding.column, finding.rule, finding.message
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_offsets_without_carriage_returns() {
        let text = "一\r\n二三\n\n四";
        let blocks = lines(text);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["一", "二三", "", "四"]);
        assert_eq!(blocks[1].source_offset(0), text.find('二').unwrap());
        assert_eq!(blocks[3].source_offset(0), text.find('四').unwrap());
    }

    #[test]
    fn utf16_counts_astral_characters_twice() {
        assert_eq!(utf16_len("a四𠀀"), 4);
    }
}
