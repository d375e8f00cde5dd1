//! The part of a report an item belongs to (成效 / 问题 / 原因 / 措施 /
//! 要求), from heading words, labels and the lead-in of an enumeration.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::parse::Part;

use super::builder::HeadInfo;

/// A part as one bit, for the set of parts a heading names.
pub(super) fn part_bit(part: Part) -> u8 {
    1 << (part as u8)
}

/// Heading words → part. Matched leftmost-longest, so 工作要求 beats 要求.
pub(super) const PART_WORDS: &[(&str, Part)] = &[
    ("工作成效", Part::Achievement),
    ("成效", Part::Achievement),
    ("成绩", Part::Achievement),
    ("回顾", Part::Achievement),
    ("主要工作", Part::Achievement),
    ("基本情况", Part::Achievement),
    ("工作情况", Part::Achievement),
    ("开展情况", Part::Achievement),
    ("主要做法", Part::Achievement),
    ("存在问题", Part::Problem),
    ("问题", Part::Problem),
    ("不足", Part::Problem),
    ("差距", Part::Problem),
    ("短板", Part::Problem),
    ("原因", Part::Cause),
    ("根源", Part::Cause),
    ("剖析", Part::Cause),
    ("根子", Part::Cause),
    ("整改", Part::Measure),
    ("措施", Part::Measure),
    ("努力方向", Part::Measure),
    ("打算", Part::Measure),
    ("思路", Part::Measure),
    ("下一步", Part::Measure),
    ("工作安排", Part::Measure),
    ("工作计划", Part::Measure),
    ("工作要求", Part::Requirement),
    ("要求", Part::Requirement),
];

pub(super) fn part_matcher() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(PART_WORDS.iter().map(|(w, _)| w))
            .expect("static part words build")
    })
}

/// Part named by a heading (or label). Chinese compounds are head-final, so
/// the last part word wins (问题根源剖析 → cause, 问题整改思路 → measure);
/// in a coordination (X及Y, X和Y, X与Y) the first conjunct that names a part
/// decides (存在问题及原因剖析 → problem). Also returns every part named, so
/// that a sub-block may narrow to one of them (see `part_of`).
pub(super) fn heading_part(title: &str) -> (Option<Part>, u8) {
    let ac = part_matcher();
    let mut named = 0u8;
    let mut primary = None;
    for conjunct in title.split(['及', '和', '与']) {
        // Only a conjunct's head counts as named: 问题 in 问题根源剖析 is a
        // modifier, so a sub-heading's 不足 must not turn causes into problems.
        let Some(head) = ac
            .find_iter(conjunct)
            .last()
            .map(|m| PART_WORDS[m.pattern().as_usize()].1)
        else {
            continue;
        };
        named |= part_bit(head);
        primary.get_or_insert(head);
    }
    (primary, named)
}

/// Phrases in the lead-in of an enumeration that say what the list is,
/// whatever the heading says (seed 001 lists problems under 工作回顾:
/// "…管党治党宽松软问题依然存在。一是…"). Causes are checked first because
/// cause lead-ins mention the problems they explain.
pub(super) const CUES: &[(&str, Part)] = &[
    ("究其原因", Part::Cause),
    ("原因如下", Part::Cause),
    ("原因主要", Part::Cause),
    ("根源在于", Part::Cause),
    ("问题依然存在", Part::Problem),
    ("问题仍然存在", Part::Problem),
    ("存在以下问题", Part::Problem),
    ("存在的主要问题", Part::Problem),
    ("存在一些问题", Part::Problem),
    ("存在诸多问题", Part::Problem),
    ("存在不少问题", Part::Problem),
    ("问题和不足", Part::Problem),
    ("不足之处", Part::Problem),
    ("措施如下", Part::Measure),
    ("以下措施", Part::Measure),
];

pub(super) fn intro_cue(intro: &str) -> Option<Part> {
    CUES.iter()
        .find(|(w, _)| intro.contains(w))
        .map(|(_, p)| *p)
}

/// Part of an item. Rule, most specific first:
/// 1. a part stated by the paragraph itself: its label (`原因分析：` →
///    cause) or a cue phrase in the lead-in of its enumeration (`CUES`);
/// 2. else the outermost heading that names a part decides (the level-1
///    heading in practice: 存在问题及原因剖析 → problem). A deeper heading
///    overrides it only with a part the outer heading also names (a
///    `（二）原因分析` under 存在问题及原因剖析 → cause); otherwise sub-heading
///    words are ignored, because they describe content ("实干担当精神不足"
///    under 问题根源剖析 is a cause, not a problem);
/// 3. else other. `infer_l1_parts` first gives achievement to unnamed level-1
///    sections that precede a problem section (report order 成绩→问题→措施).
pub(super) fn part_of(stack: &[usize], cue: Option<Part>, heads: &[HeadInfo]) -> Part {
    if let Some(c) = cue {
        return c;
    }
    let mut outer: Option<(Part, u8)> = None;
    for &h in stack {
        let Some(p) = heads[h].part else { continue };
        match &mut outer {
            None => outer = Some((p, heads[h].named)),
            Some((cur, named)) if *named & part_bit(p) != 0 => *cur = p,
            Some(_) => {}
        }
    }
    outer.map_or(Part::Other, |(p, _)| p)
}

pub(super) fn infer_l1_parts(heads: &mut [HeadInfo]) {
    // One backward pass: is there a problem section after this one?
    let mut problem_later = false;
    for h in heads.iter_mut().rev().filter(|h| h.rank == 1) {
        if h.part.is_none() && problem_later {
            h.part = Some(Part::Achievement);
            h.named = part_bit(Part::Achievement);
        }
        problem_later |= h.part == Some(Part::Problem);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_part_rule() {
        assert_eq!(heading_part("存在问题及原因剖析").0, Some(Part::Problem));
        assert_eq!(heading_part("问题根源剖析").0, Some(Part::Cause));
        assert_eq!(heading_part("问题整改思路及措施").0, Some(Part::Measure));
        assert_eq!(heading_part("2022年工作要求").0, Some(Part::Requirement));
        assert_eq!(
            heading_part("基本情况和主要工作").0,
            Some(Part::Achievement)
        );
        assert_eq!(heading_part("努力方向和整改措施").0, Some(Part::Measure));
        assert_eq!(heading_part("突出政治建设，从严落实主体责任").0, None);
        let (p, named) = heading_part("存在问题及原因剖析");
        assert_eq!(p, Some(Part::Problem));
        assert_ne!(named & part_bit(Part::Cause), 0);
    }
}
