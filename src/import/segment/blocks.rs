//! Blocks: content lines grouped into headings and paragraphs (a paragraph
//! may span lines that break mid-sentence).

use super::lines::{Line, LineInfo, analyze_line, ends_sentence, is_bare_heading};

/// A run of input that is processed as one unit: a heading line, a
/// paragraph (one line, or several when a line breaks mid-sentence), or a
/// Markdown table.
pub(super) struct Block {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) info: LineInfo,
    pub(super) bare: bool,
    pub(super) heading_only: bool,
    pub(super) table: bool,
}

/// Groups content lines into blocks. A line continues the previous block
/// when it directly follows it, neither is a heading, it does not start with
/// numbering, and the previous line does not end a sentence (seed 004 breaks
/// `"各打五十大板"` / `的办法予以办结` over two lines). In a Markdown-style
/// document (most lines followed by a blank line) adjacent lines are one
/// paragraph even after a `。`, as Markdown renders them (hard-wrapped text).
/// Adjacent table rows (`| a | b |`) are one table block, and nothing else
/// joins a table.
///
/// Markdown headings without numbering rank by their `#` count, counted
/// from the shallowest one below the title: `## A` under a title line is a
/// first-level section whether the title was `# T` or a plain line (a .docx
/// without a title style renders so).
pub(super) fn build_blocks(lines: &[Line], content: &[usize]) -> Vec<Block> {
    let blank_after = content
        .iter()
        .filter(|&&i| lines.get(i + 1).is_some_and(|l| l.text.is_empty()))
        .count();
    let md_style = blank_after * 2 > content.len();
    let shallowest = content
        .iter()
        .map(|&i| markdown_hashes(lines[i].text))
        .filter(|&h| h > 0)
        .min()
        .unwrap_or(1);
    let mut blocks: Vec<Block> = Vec::new();
    // The last line of the last block if it can take continuation lines
    // (`open`), or if it is a table that can take more rows (`open_table`).
    let mut open: Option<usize> = None;
    let mut open_table: Option<usize> = None;
    for (k, &i) in content.iter().enumerate() {
        let l = &lines[i];
        let end = l.start + l.text.len();
        if is_table_row(l.text) {
            match (open_table.filter(|&j| j + 1 == i), blocks.last_mut()) {
                (Some(_), Some(last)) => last.end = end,
                _ => blocks.push(Block {
                    start: l.start,
                    end,
                    info: LineInfo::default(),
                    bare: false,
                    heading_only: false,
                    table: true,
                }),
            }
            (open, open_table) = (None, Some(i));
            continue;
        }
        open_table = None;
        let mut info = analyze_line(l.text);
        if info.marker.is_none() {
            if let Some(h) = info.heading.as_mut() {
                h.rank = (info.md_hashes + 1).saturating_sub(shallowest).max(1);
            }
        }
        let prev_adjacent = open.filter(|&j| j + 1 == i);
        let bare = info.marker.is_none()
            && info.heading.is_none()
            && is_bare_heading(l.text, info.bold_line)
            && prev_adjacent.is_none()
            && content.get(k + 1).is_some_and(|&n| {
                let t = lines[n].text;
                analyze_line(t).marker.is_some() || t.contains(['。', '，', '；', '！', '？'])
            });
        let headingish = bare || info.heading.is_some() || info.marker.is_some();
        if let (Some(_), false) = (prev_adjacent, headingish) {
            if let Some(last) = blocks.last_mut() {
                last.end = end;
                open = (md_style || !ends_sentence(l.text)).then_some(i);
                continue;
            }
        }
        let heading_only = bare || info.heading_only(l.text);
        open = (!heading_only && (md_style || !ends_sentence(l.text))).then_some(i);
        blocks.push(Block {
            start: l.start,
            end,
            info,
            bare,
            heading_only,
            table: false,
        });
    }
    demote_empty_headings(&mut blocks);
    blocks
}

/// Leading `#`s of a Markdown heading line (1 to 6), else 0.
fn markdown_hashes(text: &str) -> usize {
    let n = text.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&n) { n } else { 0 }
}

/// A Markdown table row: `| … |`.
pub(super) fn is_table_row(text: &str) -> bool {
    text.len() >= 2 && text.starts_with('|') && text.ends_with('|')
}

/// A numbered level-2+ heading line with nothing under it (the next block is
/// a sibling or a higher heading, or there is none) is a one-line point of a
/// list (`2、压实责任，层层传导。`), not a section: it becomes an item.
pub(super) fn demote_empty_headings(blocks: &mut [Block]) {
    let ranks: Vec<Option<usize>> = blocks
        .iter()
        .map(|b| match (&b.info.heading, b.bare) {
            (_, true) => Some(1),
            (Some(h), _) => Some(h.rank),
            (None, _) => b.info.marker.map(|m| m.0),
        })
        .collect();
    for (k, b) in blocks.iter_mut().enumerate() {
        let Some(rank) = b.info.heading.as_ref().map(|h| h.rank) else {
            continue;
        };
        if b.info.marker.is_none() || rank < 2 || !b.heading_only {
            continue;
        }
        let empty = match ranks.get(k + 1) {
            None => true,
            Some(None) => false,
            Some(Some(r)) => *r <= rank,
        };
        if empty {
            b.info.heading = None;
            b.heading_only = false;
        }
    }
}
