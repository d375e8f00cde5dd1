//! `variant-spelling`: a text that spells a formulation by one of its
//! `variants` (两个坚决维护, 六项纪律) where the canonical wording (两个维护,
//! 六大纪律) is preferred, with the canonical title as the fix.
//!
//! Variants are found with the same automaton that links mentions
//! (leftmost-longest over titles and variants), so what the rule flags is
//! exactly what the site links. `variants` serve linking too, and some are
//! correct wording in their place: a short form (党员的先锋模范作用, 党支部
//! 战斗堡垒作用) or the fuller official name (中央八项规定 for 八项规定). An
//! entry lists those under `accepted_variants`; they are not reported.
//! Not checked either: the formulation's own entry (its body discusses its
//! variants), and formulations that are no longer current, whose wording is
//! `stale-formulation`'s business (suggesting a historical title would be
//! the wrong fix).

use crate::check::{Context, File};
use crate::diagnostic::Diagnostic;
use crate::graph::Graph;
use crate::parse::Status;

pub const NAME: &str = "variant-spelling";

pub fn check(context: &Context, file: &File) -> Vec<Diagnostic> {
    let graph = context.graph;
    let mut found = Vec::new();
    for block in &file.blocks {
        for m in graph.terms.find_iter(&block.text) {
            let target = &graph.terms.targets[m.target];
            let used = &block.text[m.start..m.end];
            let skip = used == target.title.trim()
                || file.own_formulation() == Some(target.formulation)
                || !is_current(graph, target.formulation)
                || is_accepted(graph, target.formulation, used);
            if skip {
                continue;
            }
            found.push(
                file.warning(
                    NAME,
                    block,
                    m.start..m.end,
                    format!("`{used}` is a variant of `{}`", target.title),
                )
                .hint(format!(
                    "use the canonical wording `{}` instead of `{used}`",
                    target.title
                )),
            );
        }
    }
    found
}

fn is_current(graph: &Graph, formulation: usize) -> bool {
    graph
        .formulation_page(formulation)
        .doc
        .fields
        .formulation()
        .is_none_or(|f| f.status == Status::Current)
}

/// Whether the formulation's entry lists `used` as an accepted variant
/// (`accepted_variants`, or the older `extra.accepted_variants`).
fn is_accepted(graph: &Graph, formulation: usize, used: &str) -> bool {
    let doc = &graph.formulation_page(formulation).doc;
    let listed = doc
        .fields
        .formulation()
        .is_some_and(|f| f.accepted_variants.iter().any(|v| v.trim() == used));
    listed
        || doc
            .meta
            .extra
            .get("accepted_variants")
            .and_then(|v| v.as_array())
            .is_some_and(|list| list.iter().any(|v| v.as_str().map(str::trim) == Some(used)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{excerpt, graph, run, run_on_excerpt};

    #[test]
    fn a_variant_is_reported_with_the_canonical_wording() {
        let found = run_on_excerpt(check, "增强“四个意识”，\n做到“两个坚决维护”。\n");
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        // Front matter takes lines 1–4; the variant is on line 6, after `做到“`.
        assert_eq!(
            (d.rule.as_str(), d.line, d.column, d.span_chars),
            (NAME, 6, 4, 6)
        );
        assert_eq!(d.snippet.as_deref(), Some("做到“两个坚决维护”。"));
        assert_eq!(
            d.hint.as_deref(),
            Some("use the canonical wording `两个维护` instead of `两个坚决维护`")
        );
    }

    #[test]
    fn canonical_titles_and_code_are_fine() {
        assert!(run_on_excerpt(check, "做到“两个维护”。`两个坚决维护`\n").is_empty());
        assert!(run_on_excerpt(check, "```\n两个坚决维护\n```\n").is_empty());
    }

    #[test]
    fn accepted_variants_and_stale_formulations_are_not_reported() {
        let graph = graph(&[
            (
                "formulations/八项规定.md",
                "---\ntitle: 八项规定\nvariants: [中央八项规定, 八条]\naccepted_variants: [中央八项规定]\n---\n",
            ),
            (
                "formulations/讲话精神.md",
                "---\ntitle: 讲话精神\nvariants: [讲话]\nstatus: historical\n---\n",
            ),
            (
                "excerpts/s/001.md",
                &excerpt("落实中央八项规定和八条，学习讲话。\n"),
            ),
        ]);
        let found = run(check, &graph, "excerpts/s/001.md");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.starts_with("`八条`"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn the_formulations_own_entry_may_discuss_its_variants() {
        let graph = graph(&[]);
        assert!(run(check, &graph, "formulations/两个维护.md").is_empty());
    }
}
