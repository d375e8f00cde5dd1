//! `tifa check`: lint rules for the writing itself, on top of every
//! validation a build runs (which [`crate::check_site`] adds).
//!
//! Each rule lives in its own module under [`rules`] and looks at one file at
//! a time: its prose blocks (see [`prose`]), with the graph at hand for
//! formulations, years and sources. Rules report warnings except where the
//! page is unusable (an empty excerpt). A rule can be switched off for one
//! file (`allow: [variant-spelling]` in its front matter) or for the site
//! (`[check] allow = [...]` in config.toml); an `allow` naming no rule is
//! itself reported, so a typo does not silently switch nothing off.

pub mod prose;
pub mod rules;

use std::ops::Range;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics, line_col};
use crate::graph::{Graph, Page};
use crate::parse::dates::first_year;
use crate::parse::{Document, PageKind};
use prose::Block;
use rules::misquoted_wording::PartMatcher;

/// A lint rule: a stable name (what `allow` takes) and the check.
pub struct Rule {
    pub name: &'static str,
    check: fn(&Context, &File) -> Vec<Diagnostic>,
}

/// Every lint rule, in the order the README lists them.
pub const RULES: &[Rule] = &[
    Rule {
        name: rules::variant_spelling::NAME,
        check: rules::variant_spelling::check,
    },
    Rule {
        name: rules::stale_formulation::NAME,
        check: rules::stale_formulation::check,
    },
    Rule {
        name: rules::misquoted_wording::NAME,
        check: rules::misquoted_wording::check,
    },
    Rule {
        name: rules::punctuation::UNBALANCED,
        check: rules::punctuation::check_balance,
    },
    Rule {
        name: rules::punctuation::HALF_WIDTH,
        check: rules::punctuation::check_half_width,
    },
    Rule {
        name: rules::empty_excerpt::NAME,
        check: rules::empty_excerpt::check,
    },
];

/// The name of the diagnostic for an `allow` entry that names no rule.
pub const UNKNOWN_RULE: &str = "unknown-rule";

/// What every rule may read, built once per run.
pub struct Context<'g> {
    pub graph: &'g Graph,
    /// The parts of every numbered formulation, for `misquoted-wording`.
    pub parts: PartMatcher,
}

/// One file being checked: a page or a section index.
pub struct File<'g> {
    pub doc: &'g Document,
    /// None for a section (`_index.md`).
    pub page: Option<&'g Page>,
    /// The prose of the body.
    pub blocks: Vec<Block>,
}

impl File<'_> {
    /// The formulation whose own page this is.
    pub fn own_formulation(&self) -> Option<usize> {
        self.page.and_then(|p| p.formulation)
    }

    /// The year the text was written: a source's `year`, an excerpt's
    /// source's year, or the year of a plain page's `date`. Formulation
    /// entries have none: they describe wordings, they are not dated texts.
    pub fn year(&self) -> Option<i32> {
        let page = self.page?;
        page.year.or_else(|| match self.doc.kind {
            PageKind::Page => self.doc.meta.date.as_deref().and_then(first_year),
            _ => None,
        })
    }

    /// A warning at `range` of a block's text, placed at its line and column
    /// in the file, with the line as snippet and the range's width marked.
    pub fn warning(
        &self,
        rule: &str,
        block: &Block,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let offset = block.source_offset(range.start);
        let chars = block.text.get(range).map_or(1, |t| t.chars().count());
        let body = &self.doc.body;
        let (line, column) = line_col(body, offset);
        Diagnostic::warning(rule, self.doc.display_path(), message)
            .at_line_of(body, line, column)
            .at(line + self.doc.body_line - 1, column)
            .span(chars)
    }
}

/// Runs every lint rule over every page and section, leaving out the rules
/// a file or the config allows.
pub fn check(graph: &Graph) -> Diagnostics {
    let context = Context {
        graph,
        parts: PartMatcher::new(graph),
    };
    let files: Vec<(&Document, Option<&Page>)> = graph
        .pages
        .iter()
        .map(|p| (&*p.doc, Some(p)))
        .chain(graph.sections.iter().map(|s| (&*s.doc, None)))
        .collect();
    let found: Vec<Vec<Diagnostic>> = files
        .par_iter()
        .map(|&(doc, page)| check_file(&context, doc, page))
        .collect();
    let mut diagnostics: Diagnostics = found.into_iter().flatten().collect::<Vec<_>>().into();
    for d in unknown_rules(&graph.config.check.allow, "config.toml", "[check] allow", 0) {
        diagnostics.push(d);
    }
    diagnostics.sort();
    diagnostics
}

fn check_file(context: &Context, doc: &Document, page: Option<&Page>) -> Vec<Diagnostic> {
    let site_allow = &context.graph.config.check.allow;
    let file = File {
        doc,
        page,
        blocks: prose::blocks(&doc.body),
    };
    let mut found: Vec<Diagnostic> = RULES
        .iter()
        .filter(|rule| {
            !site_allow
                .iter()
                .chain(&doc.meta.allow)
                .any(|a| a == rule.name)
        })
        .flat_map(|rule| (rule.check)(context, &file))
        .collect();
    found.extend(unknown_rules(
        &doc.meta.allow,
        &doc.display_path(),
        "allow",
        doc.key_line("allow"),
    ));
    found
}

/// Warnings for `allow` entries (`key` in `file`) that are not lint rule names.
fn unknown_rules(allow: &[String], file: &str, key: &str, line: usize) -> Vec<Diagnostic> {
    let names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
    allow
        .iter()
        .filter(|a| !names.contains(&a.as_str()))
        .map(|a| {
            Diagnostic::warning(
                UNKNOWN_RULE,
                file,
                format!("`{key}` names `{a}`, which is not a lint rule"),
            )
            .at(line, 0)
            .hint(format!("the rules are: {}", names.join(", ")))
        })
        .collect()
}

/// Small knowledge bases for the rules' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::config::Config;
    use crate::fs::SourceEncoding;
    use crate::load::ContentFile;
    use crate::parse::{ParseOptions, parse};

    /// Sections, two formulations and a 2019 source, plus `files`.
    pub fn graph(files: &[(&str, &str)]) -> Graph {
        let base = [
            (
                "formulations/_index.md",
                "---\ntitle: 提法\npage_kind: formulation\n---\n",
            ),
            (
                "excerpts/_index.md",
                "---\ntitle: 摘录\npage_kind: excerpt\n---\n",
            ),
            (
                "sources/_index.md",
                "---\ntitle: 来源\npage_kind: source\n---\n",
            ),
            (
                "formulations/四个意识.md",
                "---\ntitle: 四个意识\nfull: 政治意识、大局意识、核心意识、看齐意识\nparts: [政治意识, 大局意识, 核心意识, 看齐意识]\n---\n",
            ),
            (
                "formulations/两个维护.md",
                "---\ntitle: 两个维护\nvariants: [两个坚决维护]\n---\n“两个坚决维护”是简称的变体。\n",
            ),
            ("sources/s.md", "---\ntitle: 报告\nyear: 2019\n---\n"),
        ];
        let files: Vec<ContentFile> = base
            .iter()
            .chain(files)
            .map(|(path, text)| ContentFile {
                rel_path: path.to_string(),
                text: text.to_string(),
                encoding: SourceEncoding::Utf8,
            })
            .collect();
        let (docs, diagnostics) = parse(&files, ParseOptions::default());
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        Graph::build(docs, Config::default_for_test()).0
    }

    /// An excerpt of the 2019 source with `body` as its text.
    pub fn excerpt(body: &str) -> String {
        format!("---\ntitle: 摘录\nsource: s\n---\n{body}")
    }

    /// What `rule` reports for the file at `rel_path` of `graph`.
    pub fn run(
        rule: fn(&Context, &File) -> Vec<Diagnostic>,
        graph: &Graph,
        rel_path: &str,
    ) -> Vec<Diagnostic> {
        let page = graph
            .pages
            .iter()
            .find(|p| p.doc.rel_path == rel_path)
            .unwrap_or_else(|| panic!("no page {rel_path}"));
        let context = Context {
            graph,
            parts: PartMatcher::new(graph),
        };
        let file = File {
            doc: &page.doc,
            page: Some(page),
            blocks: prose::blocks(&page.doc.body),
        };
        rule(&context, &file)
    }

    /// `rule` on one excerpt with `body`, in the base knowledge base.
    pub fn run_on_excerpt(
        rule: fn(&Context, &File) -> Vec<Diagnostic>,
        body: &str,
    ) -> Vec<Diagnostic> {
        let graph = graph(&[("excerpts/s/001.md", &excerpt(body))]);
        run(rule, &graph, "excerpts/s/001.md")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_unique_and_kebab_case() {
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        assert!(
            names
                .iter()
                .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        );
        names.sort();
        names.dedup();
        assert_eq!(names.len(), RULES.len());
    }

    #[test]
    fn unknown_allow_entries_are_reported() {
        let allow = vec!["variant-spelling".to_string(), "varient".to_string()];
        let found = unknown_rules(&allow, "content/a.md", "allow", 3);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].rule.as_str(), found[0].line), (UNKNOWN_RULE, 3));
        assert!(found[0].message.contains("varient"));
    }
}
