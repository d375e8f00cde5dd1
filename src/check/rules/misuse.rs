//! `misuse`: a wrong usage an entry lists under `misuses` (坚定“两个维护”,
//! whose verb belongs to 四个自信), with the entry's right usage
//! (做到“两个维护”) as the fix and its note as the reason.
//!
//! Usages are found quote-blind ([`crate::check::matcher::Phrases`]): 坚定
//! “两个维护”, 坚定"两个维护" and 坚定两个维护 are the same misuse. A match
//! that is part of the right usage there is not reported, so an entry may
//! list a wrong form contained in the right one. Entries about wording
//! (formulations, rule packs) quote misuses to explain them and are not
//! checked.

use crate::check::data::RuleData;
use crate::check::matcher::{Phrase, Phrases};
use crate::check::prose::Block;
use crate::check::{Checker, Finding, Subject};
use crate::i18n::Text;
use crate::t;

pub const NAME: &str = "misuse";

/// Every misuse of every entry.
pub struct MisuseMatcher {
    phrases: Phrases,
    /// Phrase index → (formulation, misuse).
    owners: Vec<(usize, usize)>,
}

impl MisuseMatcher {
    pub fn new(data: &RuleData) -> MisuseMatcher {
        let mut phrases = Vec::new();
        let mut owners = Vec::new();
        for (f, entry) in data.formulations.iter().enumerate() {
            for (m, misuse) in entry.misuses.iter().enumerate() {
                phrases.push(Phrase::new(&misuse.wrong, &[misuse.right.as_str()]));
                owners.push((f, m));
            }
        }
        MisuseMatcher {
            phrases: Phrases::new(phrases),
            owners,
        }
    }
}

pub fn find(checker: &Checker, subject: &Subject, block: &Block) -> Vec<Finding> {
    if subject.reference {
        return Vec::new();
    }
    let matcher = &checker.misuses;
    matcher
        .phrases
        .find(&block.text)
        .into_iter()
        .map(|m| {
            let (f, i) = matcher.owners[m.phrases[0]];
            let entry = &checker.data.formulations[f];
            let misuse = &entry.misuses[i];
            let used = &block.text[m.range.clone()];
            let right = &misuse.right;
            let note = super::packs::note_sentence(&misuse.note);
            let title = &entry.title;
            let (zh, hint) = if right.is_empty() {
                (
                    format!("“{title}”的错误用法：{used}。{note}"),
                    t!(
                        "正确的用法见这个提法的条目",
                        "see the entry for the right usage"
                    ),
                )
            } else {
                (
                    format!("“{title}”的错误用法：{used}，应为：{right}。{note}"),
                    t!(
                        "把“{used}”改为“{right}”",
                        "write `{right}` instead of `{used}`"
                    ),
                )
            };
            Finding {
                rule: NAME,
                range: m.range,
                message: Text {
                    zh,
                    en: format!("`{used}` is a wrong usage of `{title}`"),
                },
                suggestion: (!right.is_empty()).then(|| right.clone()),
                url: Some(entry.url.clone()),
                hint,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{draft, excerpt, graph, run};
    use crate::graph::Graph;

    fn kb() -> Graph {
        graph(&[
            (
                "formulations/两学一做.md",
                "---\ntitle: 两学一做\nmisuses:\n  - wrong: 坚定“两学一做”\n    right: 推进“两学一做”学习教育常态化制度化\n    note: 动词“坚定”与“四个自信”搭配\n  - wrong: 两学一做\n    right: “两学一做”学习教育\n---\n",
            ),
            ("excerpts/s/001.md", &excerpt("要坚定“两学一做”。\n")),
        ])
    }

    #[test]
    fn a_listed_misuse_is_reported_with_the_right_usage() {
        let graph = kb();
        let found = run(NAME, &graph, "excerpts/s/001.md");
        assert_eq!(found.len(), 1, "{found:?}");
        let found = draft(NAME, &graph, "要坚定两学一做。", "2024-01-01");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].start, found[0].end), (1, 7));
        assert_eq!(
            found[0].suggestion.as_deref(),
            Some("推进“两学一做”学习教育常态化制度化")
        );
        assert!(
            found[0].message.zh.contains("动词“坚定”"),
            "{:?}",
            found[0].message
        );
    }

    #[test]
    fn the_right_usage_and_reference_pages_are_silent() {
        let graph = kb();
        assert!(
            draft(
                NAME,
                &graph,
                "推进“两学一做”学习教育常态化制度化。",
                "2024-01-01"
            )
            .is_empty()
        );
        assert!(draft(NAME, &graph, "开展“两学一做”学习教育。", "2024-01-01").is_empty());
        assert_eq!(draft(NAME, &graph, "开展两学一做。", "2024-01-01").len(), 1);
        assert!(run(NAME, &graph, "formulations/两学一做.md").is_empty());
    }
}
