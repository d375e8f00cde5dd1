//! `tifa check`: lint rules for the writing itself, on top of every
//! validation a build runs (which [`crate::check_site`] adds), for the
//! knowledge base's own pages and for a writer's draft (`--draft`).
//!
//! The rules read [`data::RuleData`], gathered once from the graph and the
//! rule packs; the build writes the same data to `check/rules.json` for the
//! browser's checker (`check.js`, the 校稿 page), which implements the same
//! rules. `tests/conformance/` holds drafts with the findings both must
//! report, finding for finding.
//!
//! A text rule looks at one block of prose at a time (a paragraph, heading,
//! list item or table cell of a page; a line of a draft, see [`prose`]),
//! knowing what the text is ([`Subject`]: its date, document type, whether
//! it is an entry about wording). It returns [`Finding`]s: a byte range of
//! the block, a message in Chinese (what the 校稿 page shows), the fix, and
//! an English message and hint for the terminal. Rules report warnings
//! except where the page is unusable (an empty excerpt, a file rule). A rule
//! can be switched off for one file (`allow: [variant-spelling]` in its
//! front matter) or for the site (`[check] allow = [...]` in config.toml,
//! which the browser honours too); an `allow` naming no rule is itself
//! reported, so a typo does not silently switch nothing off.

pub mod data;
pub mod draft;
pub mod export;
pub mod matcher;
pub mod prose;
pub mod quotes;
pub mod rules;

use std::ops::Range;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics, line_col};
use crate::graph::{Graph, Page};
use crate::i18n::Text;
use crate::parse::{Document, PageKind, PartialDate};
use crate::t;
use data::RuleData;
use matcher::Literals;
use prose::Block;
use rules::misquoted_wording::PartMatcher;

/// A rule over blocks of prose: a stable name (what `allow` takes) and the
/// check.
pub struct TextRule {
    pub name: &'static str,
    find: fn(&Checker, &Subject, &Block) -> Vec<Finding>,
}

/// Every text rule, in the order the README lists them.
pub const TEXT_RULES: &[TextRule] = &[
    TextRule {
        name: rules::variant_spelling::NAME,
        find: rules::variant_spelling::find,
    },
    TextRule {
        name: rules::stale_formulation::NAME,
        find: rules::stale_formulation::find,
    },
    TextRule {
        name: rules::misquoted_wording::NAME,
        find: rules::misquoted_wording::find,
    },
    TextRule {
        name: rules::misuse::NAME,
        find: rules::misuse::find,
    },
    TextRule {
        name: rules::packs::WRONG_NAME,
        find: rules::packs::find_names,
    },
    TextRule {
        name: rules::packs::FORBIDDEN,
        find: rules::packs::find_forbidden,
    },
    TextRule {
        name: rules::packs::CAUTION,
        find: rules::packs::find_caution,
    },
    TextRule {
        name: rules::packs::HOUSE,
        find: rules::packs::find_house,
    },
    TextRule {
        name: rules::punctuation::UNBALANCED,
        find: rules::punctuation::find_unbalanced,
    },
    TextRule {
        name: rules::punctuation::HALF_WIDTH,
        find: rules::punctuation::find_half_width,
    },
];

/// Every rule name, text rules first, then the rules about whole files.
pub fn rule_names() -> Vec<&'static str> {
    TEXT_RULES
        .iter()
        .map(|r| r.name)
        .chain([rules::empty_excerpt::NAME])
        .collect()
}

/// The name of the diagnostic for an `allow` entry that names no rule.
pub const UNKNOWN_RULE: &str = "unknown-rule";

/// What is being checked, as far as the rules care.
#[derive(Debug, Clone, Default)]
pub struct Subject {
    /// When the text was written: a draft's date, a page's year or date.
    /// None for undated texts, which no dated rule applies to.
    pub date: Option<PartialDate>,
    /// The document type (`doc_type`): rule packs may apply only to some.
    pub doc_type: Option<String>,
    /// The formulation whose own entry this is.
    pub own_formulation: Option<usize>,
    /// An entry about wording (a formulation or a rule pack): it quotes
    /// wrong wordings to explain them, so the wrong-wording rules
    /// (misuses, rule packs) leave it alone.
    pub reference: bool,
}

/// What a rule found in a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    /// Byte range in the block's text.
    pub range: Range<usize>,
    /// What is wrong and why. Its Chinese is what the 校稿 page shows
    /// (`check.js` words it the same, finding for finding).
    pub message: Text,
    /// The text to put in place of the range, if the rule knows it.
    pub suggestion: Option<String>,
    /// The entry or rule pack that says so.
    pub url: Option<String>,
    /// How to fix it, for `tifa check` on the knowledge base.
    pub hint: Text,
}

/// The rules, compiled once per run from the rule data.
pub struct Checker {
    pub data: RuleData,
    /// Every spelling of every formulation (owner: formulation).
    pub terms: Literals,
    /// The parts of every numbered formulation, for `misquoted-wording`.
    pub parts: PartMatcher,
    pub history: rules::stale_formulation::HistoryMatcher,
    pub misuses: rules::misuse::MisuseMatcher,
    pub packs: rules::packs::PackMatcher,
}

impl Checker {
    pub fn new(data: RuleData) -> Checker {
        Checker {
            terms: Literals::new(data.terms.iter().cloned()),
            parts: PartMatcher::new(&data),
            history: rules::stale_formulation::HistoryMatcher::new(&data),
            misuses: rules::misuse::MisuseMatcher::new(&data),
            packs: rules::packs::PackMatcher::new(&data),
            data,
        }
    }

    /// The formulation a term match names.
    pub fn term_matches<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (Range<usize>, usize)> + 'a {
        self.terms
            .find(text)
            .map(|(range, owners)| (range, owners[0]))
    }

    /// Every finding of the rules not in `allow`, in one block, ordered by
    /// position (then end, then rule order).
    pub fn find(&self, subject: &Subject, block: &Block, allow: &[String]) -> Vec<Finding> {
        let mut found: Vec<Finding> = TEXT_RULES
            .iter()
            .filter(|rule| !allow.iter().any(|a| a == rule.name))
            .flat_map(|rule| (rule.find)(self, subject, block))
            .collect();
        found.sort_by_key(|f| (f.range.start, f.range.end));
        found
    }
}

/// Runs every lint rule over every page and section, leaving out the rules
/// a file or the config allows.
pub fn check(graph: &Graph) -> Diagnostics {
    let checker = Checker::new(RuleData::from_graph(graph));
    let files: Vec<(&Document, Option<&Page>)> = graph
        .pages
        .iter()
        .map(|p| (&*p.doc, Some(p)))
        .chain(graph.sections.iter().map(|s| (&*s.doc, None)))
        .collect();
    let found: Vec<Vec<Diagnostic>> = files
        .par_iter()
        .map(|&(doc, page)| check_file(graph, &checker, doc, page))
        .collect();
    let mut diagnostics: Diagnostics = found.into_iter().flatten().collect::<Vec<_>>().into();
    for d in unknown_rules(&graph.config.check.allow, "config.toml", "[check] allow", 0) {
        diagnostics.push(d);
    }
    diagnostics.sort();
    diagnostics
}

fn check_file(
    graph: &Graph,
    checker: &Checker,
    doc: &Document,
    page: Option<&Page>,
) -> Vec<Diagnostic> {
    let allow: Vec<String> = graph
        .config
        .check
        .allow
        .iter()
        .chain(&doc.meta.allow)
        .cloned()
        .collect();
    let subject = subject_of(graph, doc, page);
    let mut found = Vec::new();
    for block in prose::blocks(&doc.body) {
        for finding in checker.find(&subject, &block, &allow) {
            found.push(diagnostic(doc, &block, &finding));
        }
    }
    if !allow.iter().any(|a| a == rules::empty_excerpt::NAME) {
        found.extend(rules::empty_excerpt::check(doc, page));
    }
    if let Some(f) = page.and_then(|p| p.formulation)
        && !allow.iter().any(|a| a == rules::stale_formulation::NAME)
    {
        found.extend(rules::stale_formulation::check_entry(
            doc,
            &checker.data.formulations[f],
        ));
    }
    found.extend(unknown_rules(
        &doc.meta.allow,
        &doc.display_path(),
        "allow",
        doc.key_line("allow"),
    ));
    found
}

/// What a page of the knowledge base is, for the rules.
pub fn subject_of(graph: &Graph, doc: &Document, page: Option<&Page>) -> Subject {
    let Some(page) = page else {
        return Subject::default();
    };
    let date = match doc.kind {
        PageKind::Page => doc
            .meta
            .date
            .as_deref()
            .and_then(|d| PartialDate::parse(d).ok()),
        PageKind::Excerpt | PageKind::Source => page
            .year
            .and_then(|y| PartialDate::parse(&format!("{y:04}")).ok()),
        PageKind::Formulation | PageKind::Rulepack => None,
    };
    let source = match doc.kind {
        PageKind::Source => Some(page),
        _ => page.source.map(|s| &graph.pages[s]),
    };
    Subject {
        date,
        doc_type: source
            .and_then(|s| s.doc.fields.source())
            .map(|s| s.doc_type.trim().to_string())
            .filter(|t| !t.is_empty()),
        own_formulation: page.formulation,
        reference: matches!(doc.kind, PageKind::Formulation | PageKind::Rulepack),
    }
}

/// A finding of a page's block as a warning at its line and column in the
/// file, with the line as snippet and the range's width marked.
fn diagnostic(doc: &Document, block: &Block, finding: &Finding) -> Diagnostic {
    let range = finding.range.clone();
    let offset = block.source_offset(range.start);
    let chars = block.text.get(range).map_or(1, |t| t.chars().count());
    let body = &doc.body;
    let (line, column) = line_col(body, offset);
    Diagnostic::warning(finding.rule, doc.display_path(), finding.message.clone())
        .at_line_of(body, line, column)
        .at(line + doc.body_line - 1, column)
        .span(chars)
        .hint(finding.hint.clone())
}

/// Warnings for `allow` entries (`key` in `file`) that are not lint rule names.
fn unknown_rules(allow: &[String], file: &str, key: &str, line: usize) -> Vec<Diagnostic> {
    let names = rule_names();
    allow
        .iter()
        .filter(|a| !names.contains(&a.as_str()))
        .map(|a| {
            let names = names.join(", ");
            Diagnostic::warning(
                UNKNOWN_RULE,
                file,
                t!(
                    "`{key}` 中的 `{a}` 不是检查规则的名称",
                    "`{key}` names `{a}`, which is not a lint rule"
                ),
            )
            .at(line, 0)
            .hint(t!("检查规则有：{names}", "the rules are: {names}"))
        })
        .collect()
}

/// Characters (code points) in a byte range of a text; what the rules
/// count distances in (the browser counts the same, not UTF-16 units).
pub fn chars_in(text: &str, range: Range<usize>) -> usize {
    text.get(range).map_or(0, |s| s.chars().count())
}

/// Small knowledge bases for the rules' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::config::Config;

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
                "rules/_index.md",
                "---\ntitle: 规则\npage_kind: rulepack\n---\n",
            ),
            (
                "formulations/四个意识.md",
                "---\ntitle: 四个意识\nfull: 政治意识、大局意识、核心意识、看齐意识\nparts: [政治意识, 大局意识, 核心意识, 看齐意识]\n---\n",
            ),
            (
                "formulations/两个维护.md",
                "---\ntitle: 两个维护\nvariants: [两个坚决维护]\n---\n“两个坚决维护”是简称的变体。\n",
            ),
            (
                "sources/s.md",
                "---\ntitle: 报告\nyear: 2019\ndoc_type: 工作报告\n---\n",
            ),
        ];
        let docs = crate::parse::parse_for_test(base.iter().chain(files));
        Graph::build(docs, Config::default_for_test()).0
    }

    /// An excerpt of the 2019 source with `body` as its text.
    pub fn excerpt(body: &str) -> String {
        format!("---\ntitle: 摘录\nsource: s\n---\n{body}")
    }

    /// The diagnostics of `rule` for the file at `rel_path` of `graph`.
    pub fn run(rule: &str, graph: &Graph, rel_path: &str) -> Vec<Diagnostic> {
        let page = graph
            .pages
            .iter()
            .find(|p| p.doc.rel_path == rel_path)
            .unwrap_or_else(|| panic!("no page {rel_path}"));
        let checker = Checker::new(RuleData::from_graph(graph));
        check_file(graph, &checker, &page.doc, Some(page))
            .into_iter()
            .filter(|d| d.rule == rule)
            .collect()
    }

    /// `rule` on one excerpt with `body`, in the base knowledge base.
    pub fn run_on_excerpt(rule: &str, body: &str) -> Vec<Diagnostic> {
        let graph = graph(&[("excerpts/s/001.md", &excerpt(body))]);
        run(rule, &graph, "excerpts/s/001.md")
    }

    /// The findings of `rule` in a draft of `date` checked against `graph`.
    pub fn draft(rule: &str, graph: &Graph, text: &str, date: &str) -> Vec<draft::DraftFinding> {
        let checker = Checker::new(RuleData::from_graph(graph));
        let options = draft::DraftOptions {
            date: PartialDate::parse(date).ok(),
            doc_type: None,
        };
        draft::check_draft(&checker, text, &options)
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_unique_and_kebab_case() {
        let mut names = rule_names();
        assert!(
            names
                .iter()
                .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        );
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count);
    }

    #[test]
    fn unknown_allow_entries_are_reported() {
        let allow = vec!["variant-spelling".to_string(), "varient".to_string()];
        let found = unknown_rules(&allow, "content/a.md", "allow", 3);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].rule.as_str(), found[0].line), (UNKNOWN_RULE, 3));
        assert!(found[0].message.en.contains("varient"));
        assert!(found[0].message.zh.contains("varient"));
    }
}
