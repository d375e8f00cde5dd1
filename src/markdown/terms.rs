//! The automaton that finds formulation mentions in text.
//!
//! One Aho-Corasick automaton over every formulation title and variant,
//! leftmost-longest, so 四风问题 wins over 四风 and 两个坚决维护 over 两个维护,
//! in one pass over each text node.

use aho_corasick::{AhoCorasick, MatchKind};

/// Where a mention links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermTarget {
    /// Index of the formulation in the caller's list.
    pub formulation: usize,
    /// Root-relative URL including the base path.
    pub url: String,
    pub title: String,
    /// The exact canonical wording (tooltip).
    pub full: String,
    /// `adjusted` or `historical`; empty for a current formulation.
    pub status: &'static str,
    /// `gloss`, `pending` or `unstated` when `full` is not the document's
    /// own words (never offered as a quotation); empty when verbatim.
    pub wording: &'static str,
}

/// Every title and variant of every formulation, ready to match.
#[derive(Debug, Clone)]
pub struct TermMatcher {
    automaton: Option<AhoCorasick>,
    /// Pattern id → index into `targets`.
    owners: Vec<usize>,
    pub targets: Vec<TermTarget>,
}

/// A match in a text: byte range and the target index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermMatch {
    pub start: usize,
    pub end: usize,
    pub target: usize,
}

impl TermMatcher {
    /// `terms` pairs each spelling with the index of its target in `targets`.
    pub fn new(targets: Vec<TermTarget>, terms: &[(String, usize)]) -> TermMatcher {
        let patterns: Vec<&str> = terms.iter().map(|(t, _)| t.as_str()).collect();
        let automaton = if patterns.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&patterns)
                .ok()
        };
        TermMatcher {
            automaton,
            owners: terms.iter().map(|(_, owner)| *owner).collect(),
            targets,
        }
    }

    pub fn empty() -> TermMatcher {
        TermMatcher::new(Vec::new(), &[])
    }

    /// Non-overlapping leftmost-longest matches in `text`.
    pub fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = TermMatch> + 't {
        self.automaton
            .iter()
            .flat_map(move |automaton| automaton.find_iter(text))
            .map(|m| TermMatch {
                start: m.start(),
                end: m.end(),
                target: self.owners[m.pattern().as_usize()],
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(i: usize, title: &str) -> TermTarget {
        TermTarget {
            formulation: i,
            url: format!("/f/{i}/"),
            title: title.to_string(),
            full: String::new(),
            status: "",
            wording: "",
        }
    }

    #[test]
    fn longest_match_wins() {
        let matcher = TermMatcher::new(
            vec![
                target(0, "四风"),
                target(1, "四风问题"),
                target(2, "两个维护"),
            ],
            &[
                ("四风".into(), 0),
                ("四风问题".into(), 1),
                ("两个维护".into(), 2),
                ("两个坚决维护".into(), 2),
            ],
        );
        let text = "纠治“四风问题”和“四风”，做到“两个坚决维护”";
        let found: Vec<_> = matcher
            .find_iter(text)
            .map(|m| (&text[m.start..m.end], m.target))
            .collect();
        assert_eq!(found, [("四风问题", 1), ("四风", 0), ("两个坚决维护", 2)]);
    }
}
