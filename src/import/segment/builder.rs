//! The builder: walks the blocks, keeps the stack of open sections, splits
//! paragraph bodies into drafts (intro, 一是 items) and turns them into
//! [`Item`]s with section path, part, topics and title.

use std::ops::Range;

use crate::parse::Part;

use super::blocks::Block;
use super::lines::clean_heading;
use super::markers::{find_item_markers, find_label};
use super::part::{heading_part, infer_l1_parts, intro_cue, part_bit, part_of};
use super::titles::{derive_title, first_clause, heading_as_title, lead_phrase, table_title};
use super::topics::{topic_matcher, topics};
use super::{Heading, Item, RemovedLine, Report, is_space};

/// Internal heading record with what the part rule needs.
pub(super) struct HeadInfo {
    pub(super) rank: usize,
    pub(super) title: String,
    pub(super) part: Option<Part>,
    /// Bit set of every part the heading's words name.
    pub(super) named: u8,
    pub(super) has_children: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DraftKind {
    /// A paragraph or a heading's body without enumeration.
    Plain,
    /// Text before the first 一是 of a paragraph.
    Intro,
    /// A 一是/第一，run, or a numbered paragraph that is not a heading.
    Marker,
}

pub(super) struct Draft {
    pub(super) span: Range<usize>,
    pub(super) title: String,
    pub(super) kind: DraftKind,
    /// Indices into `Builder::heads`, outermost first.
    pub(super) stack: Vec<usize>,
    /// Part stated by the paragraph itself (label or intro sentence).
    pub(super) cue: Option<Part>,
}

pub(super) struct Builder<'a> {
    pub(super) input: &'a str,
    pub(super) line_starts: Vec<usize>,
    pub(super) headings: Vec<Heading>,
    pub(super) heads: Vec<HeadInfo>,
    pub(super) stack: Vec<usize>,
    pub(super) drafts: Vec<Draft>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(input: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(input.match_indices('\n').map(|(i, _)| i + 1));
        Builder {
            input,
            line_starts,
            headings: Vec::new(),
            heads: Vec::new(),
            stack: Vec::new(),
            drafts: Vec::new(),
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    fn pop_to(&mut self, rank: usize) {
        while self
            .stack
            .last()
            .is_some_and(|&h| self.heads[h].rank >= rank)
        {
            self.stack.pop();
        }
    }

    /// Records a heading; pushes it on the section stack unless its title is empty.
    fn push_heading(&mut self, rank: usize, title: String, span: Range<usize>) {
        self.pop_to(rank);
        self.headings.push(Heading {
            line: self.line_of(span.start),
            level: rank,
            title: title.clone(),
            raw: self.input[span.clone()].to_string(),
            span,
        });
        if title.is_empty() {
            return;
        }
        if let Some(&parent) = self.stack.last() {
            self.heads[parent].has_children = true;
        }
        let (part, named) = heading_part(&title);
        self.heads.push(HeadInfo {
            rank,
            title,
            part,
            named,
            has_children: false,
        });
        self.stack.push(self.heads.len() - 1);
    }

    pub(super) fn block(&mut self, blk: &Block) {
        let text = &self.input[blk.start..blk.end];
        let mut body_start = blk.start;
        let mut lead = None;
        if blk.table {
            // A table is an excerpt of its own, never split into items.
            self.drafts.push(Draft {
                span: blk.start..blk.end,
                title: table_title(text),
                kind: DraftKind::Plain,
                stack: self.stack.clone(),
                cue: None,
            });
            return;
        }
        if blk.bare {
            self.push_heading(1, clean_heading(text), blk.start..blk.end);
            return;
        }
        if let Some(h) = &blk.info.heading {
            self.push_heading(h.rank, h.title.clone(), blk.start..blk.start + h.end);
            body_start = blk.start + h.end;
        } else if let Some((rank, after)) = blk.info.marker {
            // Numbered paragraph whose first sentence is too long to be a
            // heading: it closes the sibling section and is an item itself.
            self.pop_to(rank);
            lead = Some(blk.start + after);
        } else if text.starts_with("同志们") {
            // A speech's closing address stands outside the last section.
            self.stack.clear();
        }
        let body = &self.input[body_start..blk.end];
        let trimmed = body.trim_start_matches(is_space);
        let start = body_start + body.len() - trimmed.len();
        if start < blk.end {
            self.body(start..blk.end, lead);
        }
    }

    /// Splits a paragraph body into items: an optional intro, then one item
    /// per 一是/第一，marker. A short label ending in `：` (原因分析：,
    /// 主要表现在：) stays with the text that follows it.
    fn body(&mut self, span: Range<usize>, lead: Option<usize>) {
        let input = self.input;
        let body = &input[span.clone()];
        let label = find_label(body);
        let from = label.unwrap_or(0);
        let markers = find_item_markers(body, from);
        let label_part = label.and_then(|end| heading_part(&body[..end]).0);
        let Some(&(first, _)) = markers.first() else {
            let stack = self.stack.clone();
            let title = match lead.and_then(|l| input.get(l..span.end)) {
                Some(after_marker) => lead_phrase(after_marker),
                None => first_clause(&body[from..]),
            };
            let kind = if lead.is_some() {
                DraftKind::Marker
            } else {
                DraftKind::Plain
            };
            self.drafts.push(Draft {
                span,
                title,
                kind,
                stack,
                cue: label_part,
            });
            return;
        };
        let intro = &body[from..first];
        let cue = label_part.or_else(|| intro_cue(&body[..first]));
        if let Some(c) = cue {
            // An enumeration stating a part its sub-section does not name
            // (problems listed after the last achievement heading) is a
            // passage of its own under the level-1 section.
            let decider = self.stack.iter().find(|&&h| self.heads[h].part.is_some());
            if decider.is_some_and(|&h| self.heads[h].named & part_bit(c) == 0) {
                self.pop_to(2);
            }
        }
        let stack = self.stack.clone();
        let mut starts: Vec<(usize, usize)> = markers
            .iter()
            .map(|&(s, e)| (span.start + s, span.start + e))
            .collect();
        if intro.trim_matches(is_space).is_empty() {
            starts[0].0 = span.start;
        } else {
            let end = span.start + body[..first].trim_end_matches(is_space).len();
            let title = match lead.and_then(|l| input.get(l..end)) {
                Some(after_marker) => lead_phrase(after_marker),
                None => first_clause(intro),
            };
            self.drafts.push(Draft {
                span: span.start..end,
                title,
                kind: DraftKind::Intro,
                stack: stack.clone(),
                cue,
            });
        }
        for (k, &(s, lead_at)) in starts.iter().enumerate() {
            let e = starts.get(k + 1).map_or(span.end, |n| n.0);
            let e = s + input[s..e].trim_end_matches(is_space).len();
            self.drafts.push(Draft {
                span: s..e,
                title: lead_phrase(&input[lead_at..e]),
                kind: DraftKind::Marker,
                stack: stack.clone(),
                cue,
            });
        }
    }

    pub(super) fn finish(mut self, removed: Vec<RemovedLine>) -> Report {
        infer_l1_parts(&mut self.heads);
        // A numbered heading (level 2+) with exactly one unnumbered paragraph
        // and no sub-headings titles that paragraph: "政治站位进一步提升"
        // says more than the body's first clause "全市各级党组织坚持…".
        let mut direct = vec![0usize; self.heads.len()];
        for d in &self.drafts {
            if let Some(&h) = d.stack.last() {
                direct[h] += 1;
            }
        }
        let title = match (
            self.headings.first().filter(|h| h.level == 0),
            self.drafts.first(),
        ) {
            (Some(h), _) => h.title.clone(),
            (None, Some(d)) => derive_title(&self.input[d.span.clone()]),
            (None, None) => String::new(),
        };
        let topics_ac = topic_matcher();
        let items = self
            .drafts
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let section_path: Vec<String> = d
                    .stack
                    .iter()
                    .map(|&h| self.heads[h].title.clone())
                    .collect();
                let text = &self.input[d.span.clone()];
                let mut title = d.title.clone();
                if let Some(&h) = d.stack.last() {
                    let head = &self.heads[h];
                    if d.kind == DraftKind::Plain
                        && head.rank >= 2
                        && direct[h] == 1
                        && !head.has_children
                    {
                        title = heading_as_title(&head.title);
                    }
                }
                if title.is_empty() || !title.chars().any(char::is_alphabetic) {
                    title = first_clause(text);
                }
                if !title.chars().any(char::is_alphabetic) {
                    title = section_path
                        .last()
                        .cloned()
                        .unwrap_or_else(|| format!("第{}段", i + 1));
                }
                Item {
                    order: i + 1,
                    line: self.line_of(d.span.start),
                    part: part_of(&d.stack, d.cue, &self.heads),
                    topics: topics(topics_ac, &section_path, text),
                    section_path,
                    title,
                    text: text.to_string(),
                    span: d.span.clone(),
                }
            })
            .collect();
        Report {
            title,
            headings: self.headings,
            items,
            removed,
        }
    }
}
