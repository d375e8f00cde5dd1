//! Finding listed wordings in text: leftmost-longest literal matching, and
//! the quote-blind matching the wrong-wording rules use.
//!
//! Both are specified here and implemented again in `check.js`, so their
//! semantics are kept simple enough to state: at the leftmost position where
//! any pattern starts, the longest pattern wins; matching resumes after it.
//! (This is aho-corasick's leftmost-longest, which a browser scan can do
//! with a table of patterns by first character.)

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

/// Quote marks a wrong wording may be written with or without
/// (坚定“两个维护” and 坚定两个维护 are the same misuse).
pub const QUOTES: &[char] = &['“', '”', '‘', '’', '"', '\'', '「', '」', '『', '』'];

/// An automaton finding `patterns` leftmost-longest (the semantics above),
/// or none when there are no patterns (or too many for aho-corasick).
pub fn leftmost_longest(patterns: &[String]) -> Option<AhoCorasick> {
    if patterns.is_empty() {
        return None;
    }
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(patterns)
        .ok()
}

/// Many literal patterns, matched leftmost-longest; each pattern has the
/// owners (caller's indices) that listed it, first lister first.
pub struct Literals {
    automaton: Option<AhoCorasick>,
    owners: Vec<Vec<usize>>,
}

impl Literals {
    /// `items` pairs a pattern with its owner; empty patterns are skipped
    /// and equal patterns share one entry.
    pub fn new<I: IntoIterator<Item = (String, usize)>>(items: I) -> Literals {
        let mut patterns: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut index: rustc_hash::FxHashMap<String, usize> = Default::default();
        for (pattern, owner) in items {
            if pattern.is_empty() {
                continue;
            }
            match index.get(&pattern) {
                Some(&i) => {
                    if !owners[i].contains(&owner) {
                        owners[i].push(owner);
                    }
                }
                None => {
                    index.insert(pattern.clone(), patterns.len());
                    patterns.push(pattern);
                    owners.push(vec![owner]);
                }
            }
        }
        let automaton = leftmost_longest(&patterns);
        Literals { automaton, owners }
    }

    /// Non-overlapping leftmost-longest matches: byte range and owners.
    pub fn find<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (Range<usize>, &'a [usize])> {
        self.automaton
            .iter()
            .flat_map(move |a| a.find_iter(text))
            .map(|m| {
                (
                    m.start()..m.end(),
                    self.owners[m.pattern().as_usize()].as_slice(),
                )
            })
    }
}

/// A text without its quote marks, each remaining character knowing where
/// it stood.
pub struct Skeleton {
    pub text: String,
    /// For each byte of `text` that starts a character: its byte offset in
    /// the original (indexed by the skeleton byte offset).
    starts: Vec<usize>,
    /// Byte length of the original.
    original_len: usize,
    /// For each skeleton char start, the original offset just after it.
    ends: Vec<usize>,
}

pub fn is_quote(c: char) -> bool {
    QUOTES.contains(&c)
}

/// The text without quote marks.
pub fn strip_quotes(text: &str) -> String {
    text.chars().filter(|&c| !is_quote(c)).collect()
}

impl Skeleton {
    pub fn new(original: &str) -> Skeleton {
        let mut text = String::with_capacity(original.len());
        let mut starts = Vec::with_capacity(original.len());
        let mut ends = Vec::with_capacity(original.len());
        for (offset, c) in original.char_indices() {
            if is_quote(c) {
                continue;
            }
            text.push(c);
            for _ in 0..c.len_utf8() {
                starts.push(offset);
                ends.push(offset + c.len_utf8());
            }
        }
        Skeleton {
            text,
            starts,
            original_len: original.len(),
            ends,
        }
    }

    /// The original byte range of skeleton range `range` (non-empty).
    pub fn original(&self, range: &Range<usize>) -> Range<usize> {
        let start = self
            .starts
            .get(range.start)
            .copied()
            .unwrap_or(self.original_len);
        let end = range
            .end
            .checked_sub(1)
            .and_then(|last| self.ends.get(last))
            .copied()
            .unwrap_or(start);
        start..end
    }
}

/// A wrong wording, found quote-blind, and the right forms whose text may
/// contain it (where it is not wrong).
#[derive(Debug, Clone)]
pub struct Phrase {
    /// Quote marks the wording starts and ends with (taken into the match
    /// when the text has them there, so a fix does not leave one behind).
    lead_quotes: usize,
    trail_quotes: usize,
    /// The wording without quote marks: the pattern.
    pattern: String,
    /// Right forms without quote marks.
    rights: Vec<String>,
}

impl Phrase {
    pub fn new(wrong: &str, rights: &[&str]) -> Phrase {
        Phrase {
            lead_quotes: wrong.chars().take_while(|&c| is_quote(c)).count(),
            trail_quotes: wrong.chars().rev().take_while(|&c| is_quote(c)).count(),
            pattern: strip_quotes(wrong),
            rights: rights
                .iter()
                .map(|r| strip_quotes(r))
                .filter(|r| !r.is_empty())
                .collect(),
        }
    }
}

/// Wrong wordings of many owners, found quote-blind (see [`Phrase`]).
pub struct Phrases {
    phrases: Vec<Phrase>,
    literals: Literals,
}

/// A wrong wording found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseMatch {
    /// Byte range in the original text.
    pub range: Range<usize>,
    /// The phrases (indices in the order given to [`Phrases::new`]) that
    /// list this wording and are wrong here, first lister first; never empty.
    pub phrases: Vec<usize>,
}

impl Phrases {
    pub fn new(phrases: Vec<Phrase>) -> Phrases {
        let literals = Literals::new(
            phrases
                .iter()
                .enumerate()
                .map(|(i, p)| (p.pattern.clone(), i)),
        );
        Phrases { phrases, literals }
    }

    /// Every wrong wording in `text`, leftmost-longest, leaving out the
    /// phrases whose right forms the text has there.
    pub fn find(&self, text: &str) -> Vec<PhraseMatch> {
        if self.phrases.is_empty() {
            return Vec::new();
        }
        let skeleton = Skeleton::new(text);
        let mut found = Vec::new();
        for (range, owners) in self.literals.find(&skeleton.text) {
            let wrong_here: Vec<usize> = owners
                .iter()
                .copied()
                .filter(|&p| !inside_right(&skeleton.text, &range, &self.phrases[p]))
                .collect();
            let Some(&first) = wrong_here.first() else {
                continue;
            };
            let phrase = &self.phrases[first];
            let mut original = skeleton.original(&range);
            original.start = extend_back(text, original.start, phrase.lead_quotes);
            original.end = extend_forward(text, original.end, phrase.trail_quotes);
            found.push(PhraseMatch {
                range: original,
                phrases: wrong_here,
            });
        }
        found
    }
}

/// Whether the match at `range` of the skeleton lies inside an occurrence
/// of one of the phrase's right forms (两学一做 inside 两学一做学习教育).
fn inside_right(skeleton: &str, range: &Range<usize>, phrase: &Phrase) -> bool {
    phrase.rights.iter().any(|right| {
        right.match_indices(phrase.pattern.as_str()).any(|(at, _)| {
            range
                .start
                .checked_sub(at)
                .and_then(|start| skeleton.get(start..start + right.len()))
                == Some(right.as_str())
        })
    })
}

/// `start` moved back over up to `count` quote marks just before it.
fn extend_back(text: &str, mut start: usize, count: usize) -> usize {
    for _ in 0..count {
        match text[..start].chars().next_back() {
            Some(c) if is_quote(c) => start -= c.len_utf8(),
            _ => break,
        }
    }
    start
}

/// `end` moved forward over up to `count` quote marks just after it.
fn extend_forward(text: &str, mut end: usize, count: usize) -> usize {
    for _ in 0..count {
        match text[end..].chars().next() {
            Some(c) if is_quote(c) => end += c.len_utf8(),
            _ => break,
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matched(phrases: &Phrases, text: &str) -> Vec<String> {
        phrases
            .find(text)
            .into_iter()
            .map(|m| text[m.range].to_string())
            .collect()
    }

    #[test]
    fn leftmost_longest_with_shared_patterns() {
        let literals = Literals::new([
            ("四风".to_string(), 0),
            ("四风问题".to_string(), 1),
            ("四风".to_string(), 2),
        ]);
        let text = "纠治四风问题和四风";
        let found: Vec<(&str, Vec<usize>)> = literals
            .find(text)
            .map(|(r, o)| (&text[r], o.to_vec()))
            .collect();
        assert_eq!(found, [("四风问题", vec![1]), ("四风", vec![0, 2])]);
    }

    #[test]
    fn phrases_match_with_or_without_quotes_and_take_their_quotes() {
        let phrases = Phrases::new(vec![Phrase::new("坚定“两个维护”", &["做到“两个维护”"])]);
        assert_eq!(matched(&phrases, "要坚定“两个维护”。"), ["坚定“两个维护”"]);
        assert_eq!(matched(&phrases, "要坚定两个维护。"), ["坚定两个维护"]);
        assert_eq!(
            matched(&phrases, "要坚定\"两个维护\""),
            ["坚定\"两个维护\""]
        );
        assert!(matched(&phrases, "坚定“四个自信”、做到“两个维护”").is_empty());
    }

    #[test]
    fn a_wrong_form_inside_its_right_form_is_not_matched() {
        let phrases = Phrases::new(vec![Phrase::new("两学一做", &["两学一做学习教育"])]);
        assert!(matched(&phrases, "推进“两学一做”学习教育常态化").is_empty());
        assert_eq!(matched(&phrases, "开展两学一做。"), ["两学一做"]);
    }
}
