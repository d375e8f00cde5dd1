//! `stale-formulation`: an adjusted or historical formulation used in a text
//! written after it was changed, with the successor to use instead.
//!
//! A formulation with `status: adjusted` or `historical` was right once; a
//! report of 2015 may say 系列重要讲话精神, one of 2019 should not. So the rule
//! needs the year the wording changed and the year of the text:
//!
//! - the text's year is the page's (a source's `year`, an excerpt's source's
//!   year, a plain page's `date`); formulation entries are not dated texts
//!   and are never checked;
//! - the change year is `extra.changed_year` of the formulation if given;
//!   otherwise the first year in the successor's `origin` (the old wording
//!   gave way when the new one appeared: 治国理政新理念新思想新战略 →
//!   习近平新时代中国特色社会主义思想, 2017). The formulation's own `origin`
//!   says when it *appeared*, not when it was dropped, so it is not used.
//!
//! A text is stale when its year is after the change year. When the change
//! year cannot be told (no `changed_year`, no successor with a year in its
//! `origin`), every dated text is warned and the message says why, so the
//! editor can add `extra.changed_year` to the entry.

use crate::check::{Context, File, prose::Block};
use crate::diagnostic::Diagnostic;
use crate::graph::Graph;
use crate::parse::Status;

pub const NAME: &str = "stale-formulation";

/// How and when a formulation stopped being the current wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub status: Status,
    /// Title of the successor, if there is one.
    pub successor: Option<String>,
    /// The year of the change, if it can be told.
    pub year: Option<i32>,
}

impl Change {
    /// Whether a text of `year` should no longer use the old wording.
    pub fn is_stale_in(&self, year: Option<i32>) -> bool {
        match (year, self.year) {
            (Some(text), Some(change)) => text > change,
            (Some(_), None) => true,
            (None, _) => false,
        }
    }
}

/// The change of formulation `formulation`, or None if it is current.
pub fn change(graph: &Graph, formulation: usize) -> Option<Change> {
    let page = graph.formulation_page(formulation);
    let fields = page.doc.fields.formulation()?;
    if fields.status == Status::Current {
        return None;
    }
    let successor = page.superseded_by.map(|id| &graph.pages[id]);
    let year = changed_year(&page.doc.meta.extra).or_else(|| {
        successor
            .and_then(|s| s.doc.fields.formulation())
            .and_then(|f| crate::parse::dates::first_year(&f.origin))
    });
    Some(Change {
        status: fields.status,
        successor: successor.map(|s| s.doc.meta.title.clone()),
        year,
    })
}

/// `extra.changed_year`, written as a number or a string.
fn changed_year(extra: &serde_json::Map<String, serde_json::Value>) -> Option<i32> {
    match extra.get("changed_year")? {
        serde_json::Value::Number(n) => n.as_i64().and_then(|y| i32::try_from(y).ok()),
        serde_json::Value::String(s) => crate::parse::dates::first_year(s),
        _ => None,
    }
}

pub fn check(context: &Context, file: &File) -> Vec<Diagnostic> {
    let Some(year) = file.year() else {
        return Vec::new();
    };
    let graph = context.graph;
    let mut found = Vec::new();
    for block in &file.blocks {
        for m in graph.terms.find_iter(&block.text) {
            let formulation = graph.terms.targets[m.target].formulation;
            if file.own_formulation() == Some(formulation) {
                continue;
            }
            if let Some(change) = change(graph, formulation)
                && change.is_stale_in(Some(year))
            {
                found.push(diagnostic(file, block, m.start..m.end, &change, year));
            }
        }
    }
    found
}

fn diagnostic(
    file: &File,
    block: &Block,
    range: std::ops::Range<usize>,
    change: &Change,
    year: i32,
) -> Diagnostic {
    let used = &block.text[range.clone()];
    let what = match change.status {
        Status::Historical => "a historical formulation",
        _ => "an adjusted formulation",
    };
    let message = match change.year {
        Some(changed) => {
            format!("`{used}` is {what}, changed in {changed}; this text is of {year}")
        }
        None => format!(
            "`{used}` is {what} and this text is of {year}; its entry does not say when the wording changed (add `extra.changed_year` to it)"
        ),
    };
    let hint = match &change.successor {
        Some(successor) => format!("use `{successor}` instead of `{used}`"),
        None => format!("`{used}` has no successor: see its entry for the current wording"),
    };
    file.warning(NAME, block, range, message).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{excerpt, graph, run};

    const OLD: &str =
        "---\ntitle: 系列重要讲话精神\nstatus: historical\nsuperseded_by: 新思想\n---\n";
    const NEW: &str = "---\ntitle: 新思想\norigin: 2017年10月党的十九大提出\n---\n";

    fn kb(old: &str, source_year: i32) -> Graph {
        let source = format!("---\ntitle: 另一报告\nyear: {source_year}\n---\n");
        graph(&[
            ("formulations/系列重要讲话精神.md", old),
            ("formulations/新思想.md", NEW),
            ("sources/t.md", &source),
            (
                "excerpts/t/001.md",
                "---\ntitle: 摘录\nsource: t\n---\n学习系列重要讲话精神。\n",
            ),
        ])
    }

    #[test]
    fn warns_after_the_successor_appeared_with_the_successor() {
        let graph = kb(OLD, 2019);
        let found = run(check, &graph, "excerpts/t/001.md");
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert_eq!(
            (d.rule.as_str(), d.line, d.column, d.span_chars),
            (NAME, 5, 3, 8)
        );
        assert!(
            d.message.contains("changed in 2017; this text is of 2019"),
            "{}",
            d.message
        );
        assert_eq!(
            d.hint.as_deref(),
            Some("use `新思想` instead of `系列重要讲话精神`")
        );
    }

    #[test]
    fn texts_up_to_the_change_year_are_fine() {
        assert!(run(check, &kb(OLD, 2017), "excerpts/t/001.md").is_empty());
    }

    #[test]
    fn changed_year_in_extra_wins() {
        let old = OLD.replace(
            "superseded_by: 新思想\n",
            "superseded_by: 新思想\nextra:\n  changed_year: 2020\n",
        );
        assert!(run(check, &kb(&old, 2019), "excerpts/t/001.md").is_empty());
        assert_eq!(run(check, &kb(&old, 2021), "excerpts/t/001.md").len(), 1);
    }

    #[test]
    fn unknown_change_year_warns_and_says_so() {
        let old = "---\ntitle: 系列重要讲话精神\nstatus: adjusted\n---\n";
        let found = run(check, &kb(old, 2000), "excerpts/t/001.md");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.contains("changed_year"),
            "{}",
            found[0].message
        );
        assert!(found[0].hint.as_deref().unwrap().contains("no successor"));
    }

    #[test]
    fn current_formulations_and_undated_pages_are_not_checked() {
        let graph = graph(&[
            ("excerpts/s/001.md", &excerpt("增强“四个意识”。")),
            ("about.md", "---\ntitle: 关于\n---\n四个意识\n"),
        ]);
        assert!(run(check, &graph, "excerpts/s/001.md").is_empty());
        assert!(run(check, &graph, "about.md").is_empty());
    }
}
