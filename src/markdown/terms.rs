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
    /// The exact canonical wording (the hover card's, from `card.json`).
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
    /// Every spelling with its target, in pattern order (what `tifa check`
    /// exports for the browser's checker, which must match the same places).
    pub spellings: Vec<(String, usize)>,
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
            spellings: terms.to_vec(),
        }
    }

    pub fn empty() -> TermMatcher {
        TermMatcher::new(Vec::new(), &[])
    }

    /// Non-overlapping leftmost-longest matches in `text`. A spelling that
    /// begins or ends with a Latin letter or digit matches only at a word
    /// boundary there, so `AI` is not found inside `EMAIL`.
    pub fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = TermMatch> + 't {
        self.automaton
            .iter()
            .flat_map(move |automaton| automaton.find_iter(text))
            .filter(move |m| at_word_boundaries(text, m.start(), m.end()))
            .map(|m| TermMatch {
                start: m.start(),
                end: m.end(),
                target: self.owners[m.pattern().as_usize()],
            })
    }
}

/// Whether a match's Latin or digit edges do not run into more Latin
/// letters or digits (CJK text has no such boundaries and always matches).
fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let matched = &text[start..end];
    let (first, last) = (matched.chars().next(), matched.chars().next_back());
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let runs_into_before = word(first) && word(before);
    let runs_into_after = word(last) && word(after);
    !(runs_into_before || runs_into_after)
}

/// Why a spelling would link too much, if it would: one character (党
/// would link every 党 of the site), or a Latin word shorter than three
/// letters.
pub fn too_short(spelling: &str) -> Option<crate::i18n::Text> {
    let chars = spelling.chars().count();
    if chars == 1 {
        return Some(crate::t!("只有一个字", "one character"));
    }
    let latin = spelling.chars().all(|c| c.is_ascii_alphanumeric());
    (latin && chars < 3).then(|| {
        crate::t!(
            "是不到三个字母的拉丁文词",
            "a Latin word shorter than three letters"
        )
    })
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

    #[test]
    fn latin_spellings_match_only_whole_words() {
        let matcher = TermMatcher::new(
            vec![target(0, "AI"), target(1, "cause")],
            &[("AI".into(), 0), ("a".into(), 1), ("5G".into(), 0)],
        );
        let found = |text: &str| -> Vec<String> {
            matcher
                .find_iter(text)
                .map(|m| text[m.start..m.end].to_string())
                .collect()
        };
        assert!(found("EMAIL cause 35G").is_empty());
        assert_eq!(found("用AI赋能，a、AI。5G网络"), ["AI", "a", "AI", "5G"]);
        assert_eq!(too_short("党").map(|t| t.en), Some("one character".into()));
        assert_eq!(
            too_short("AI").map(|t| t.en),
            Some("a Latin word shorter than three letters".into())
        );
        assert_eq!(too_short("四风"), None);
        assert_eq!(too_short("GDP"), None);
    }
}
