//! `variant-spelling`: a text that spells a formulation by one of its
//! `variants` (两个坚决维护, 六项纪律) where the canonical wording (两个维护,
//! 六大纪律) is preferred, with the canonical title as the fix.
//!
//! Variants are found with the same spellings that link mentions
//! (leftmost-longest over titles and variants), so what the rule flags is
//! exactly what the site links. `variants` serve linking too, and some are
//! correct wording in their place: a short form (党员的先锋模范作用) or the
//! fuller official name (中央八项规定 for 八项规定). An entry lists those
//! under `accepted_variants` (or the older `extra.accepted_variants`); they
//! are not reported. Not checked either: the formulation's own entry (its
//! body discusses its variants), and formulations that are no longer
//! current, whose wording is `stale-formulation`'s business (suggesting a
//! historical title would be the wrong fix).

use crate::check::prose::Block;
use crate::check::{Checker, Finding, Subject};
use crate::parse::Status;
use crate::t;

pub const NAME: &str = "variant-spelling";

pub fn find(checker: &Checker, subject: &Subject, block: &Block) -> Vec<Finding> {
    let mut found = Vec::new();
    for (range, formulation) in checker.term_matches(&block.text) {
        let entry = &checker.data.formulations[formulation];
        let used = &block.text[range.clone()];
        let skip = used == entry.title
            || subject.own_formulation == Some(formulation)
            || entry.status != Status::Current
            || entry.accepted.iter().any(|a| a == used);
        if skip {
            continue;
        }
        let title = &entry.title;
        found.push(Finding {
            rule: NAME,
            range,
            message: t!(
                "“{used}”是“{title}”的非规范写法，规范写法为“{title}”。",
                "`{used}` is a variant of `{title}`"
            ),
            suggestion: Some(title.clone()),
            url: Some(entry.url.clone()),
            hint: t!(
                "把“{used}”改为规范写法“{title}”",
                "use the canonical wording `{title}` instead of `{used}`"
            ),
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{draft, excerpt, graph, run, run_on_excerpt};

    #[test]
    fn a_variant_is_reported_with_the_canonical_wording() {
        let found = run_on_excerpt(NAME, "增强“四个意识”，\n做到“两个坚决维护”。\n");
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        // Front matter takes lines 1–4; the variant is on line 6, after `做到“`.
        assert_eq!(
            (d.rule.as_str(), d.line, d.column, d.span_chars),
            (NAME, 6, 4, 6)
        );
        assert_eq!(d.snippet.as_deref(), Some("做到“两个坚决维护”。"));
        let hint = d.hint.as_ref().expect("a hint");
        assert_eq!(
            hint.en,
            "use the canonical wording `两个维护` instead of `两个坚决维护`"
        );
        assert_eq!(hint.zh, "把“两个坚决维护”改为规范写法“两个维护”");
    }

    #[test]
    fn canonical_titles_and_code_are_fine() {
        assert!(run_on_excerpt(NAME, "做到“两个维护”。`两个坚决维护`\n").is_empty());
        assert!(run_on_excerpt(NAME, "```\n两个坚决维护\n```\n").is_empty());
    }

    #[test]
    fn accepted_variants_and_stale_formulations_are_not_reported() {
        let graph = graph(&[
            (
                "formulations/八项规定.md",
                "---\ntitle: 八项规定\nvariants: [八条]\naccepted_variants: [中央八项规定]\n---\n",
            ),
            (
                "formulations/党的建设.md",
                "---\ntitle: 党的建设\nvariants: [党建, 党建工作]\nextra:\n  accepted_variants: [党建]\n---\n",
            ),
            (
                "formulations/讲话精神.md",
                "---\ntitle: 讲话精神\nvariants: [讲话]\nstatus: historical\n---\n",
            ),
            (
                "excerpts/s/001.md",
                &excerpt("落实中央八项规定和八条，学习讲话，抓党建和党建工作。\n"),
            ),
        ]);
        let found = run(NAME, &graph, "excerpts/s/001.md");
        let used: Vec<&str> = found
            .iter()
            .map(|d| d.message.en.split('`').nth(1).unwrap_or(""))
            .collect();
        assert_eq!(used, ["八条", "党建工作"], "{found:?}");
        // The draft checker reads the same data.
        let found = draft(NAME, &graph, "落实中央八项规定和八条。", "2024-01-01");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].start, found[0].end, found[0].suggestion.as_deref()),
            (9, 11, Some("八项规定"))
        );
    }

    #[test]
    fn the_formulations_own_entry_may_discuss_its_variants() {
        let graph = graph(&[]);
        assert!(run(NAME, &graph, "formulations/两个维护.md").is_empty());
    }
}
