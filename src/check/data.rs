//! What the check rules read, gathered once from the knowledge graph and the
//! rule packs: [`RuleData`].
//!
//! This is the one source of truth of the two checkers. `tifa check` runs
//! its rules over it, and the build writes it, as it is, to
//! `check/rules.json`, which the browser's checker (`check.js`) runs the
//! same rules over. Everything a rule decides from the entries (which
//! spellings exist, which are accepted, when a wording changed and what
//! replaced it) is settled here, so the two checkers cannot read the
//! entries differently.

use serde::Serialize;

use crate::graph::Graph;
use crate::parse::{Misuse, PageKind, PartialDate, RuleKind, Status, Wording};

/// Version of `check/rules.json`; `check.js` refuses other versions.
pub const FORMAT_VERSION: u32 = 1;

/// Everything the rules need.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RuleData {
    pub version: u32,
    /// Every spelling of a formulation (title, variants, accepted variants)
    /// and the formulation's index, in the order the site's term linking
    /// matches them (leftmost-longest).
    pub terms: Vec<(String, usize)>,
    pub formulations: Vec<FormulationRules>,
    /// The rules of every rule pack, pack by pack.
    pub rules: Vec<PackRuleData>,
    /// Rules the site switched off (`[check] allow` in config.toml).
    pub allow: Vec<String>,
    /// Document types a writer may give a draft: the sources' and those
    /// the rule packs name, sorted.
    pub doc_types: Vec<String>,
}

fn is_current(status: &Status) -> bool {
    *status == Status::Current
}

fn is_false(flag: &bool) -> bool {
    !flag
}

/// One formulation, as the rules see it. Empty lists, absent values and a
/// current status are left out of `rules.json` (the browser fills them in).
#[derive(Debug, Clone, Default, Serialize)]
pub struct FormulationRules {
    pub title: String,
    /// Root-relative URL of its entry (with the base path).
    pub url: String,
    /// The canonical wording: `full`; without it, the parts joined by 、,
    /// or the title.
    pub full: String,
    #[serde(skip_serializing_if = "is_current")]
    pub status: Status,
    /// The successor's title (adjusted and historical formulations).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successor: Option<String>,
    /// When it stopped being current: `changed`, else `extra.changed_year`,
    /// else the first year in the successor's `origin`; None if unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed: Option<PartialDate>,
    /// A past goal or phase a later text may mention in retrospect
    /// (`past_mentions: true`): out of date only as a current goal or task.
    #[serde(skip_serializing_if = "is_false")]
    pub past_mentions: bool,
    /// Spellings that are correct wording (`accepted_variants`, and the
    /// older `extra.accepted_variants`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accepted: Vec<String>,
    /// The enumerated parts a text can misquote, trimmed, empty ones left
    /// out; none when the entry's `wording` is `gloss` or `pending`: a
    /// paraphrased or unchecked list is no authority to correct a writer by.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<String>,
    /// The wordings in force over time, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryStep>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub misuses: Vec<Misuse>,
    /// The authoritative sentence and where it stands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<Why>,
}

/// One wording of a formulation's history.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HistoryStep {
    pub date: Option<PartialDate>,
    pub wording: String,
    /// Other spellings of this wording.
    pub also: Vec<String>,
    /// What changed it (a meeting, a document).
    pub event: String,
}

/// The authoritative sentence of a formulation (shown as "why").
#[derive(Debug, Clone, Default, Serialize)]
pub struct Why {
    pub text: String,
    pub document: String,
    pub issuer: String,
    pub date: Option<PartialDate>,
    pub article: Option<String>,
    /// The sentence could not be checked against a copy (待核实).
    pub pending: bool,
}

/// One rule of a rule pack, with the pack's scope folded in.
#[derive(Debug, Clone, Serialize)]
pub struct PackRuleData {
    pub kind: RuleKind,
    pub right: String,
    pub wrong: Vec<String>,
    pub also: Vec<String>,
    pub issuer: Option<String>,
    pub date: Option<PartialDate>,
    pub note: Option<String>,
    pub from: Option<PartialDate>,
    pub until: Option<PartialDate>,
    pub not_in: Vec<String>,
    pub only_in: Vec<String>,
    /// The `wrong` forms are wrong only as a whole title in 《》.
    #[serde(skip_serializing_if = "is_false")]
    pub titles_only: bool,
    /// The pack's title and URL.
    pub pack: String,
    pub url: String,
}

impl RuleData {
    /// Gathers the rule data of a knowledge graph.
    pub fn from_graph(graph: &Graph) -> RuleData {
        let formulations = (0..graph.formulations.len())
            .map(|f| formulation_rules(graph, f))
            .collect();
        let terms = graph
            .terms
            .spellings
            .iter()
            .map(|(spelling, target)| (spelling.clone(), graph.terms.targets[*target].formulation))
            .collect();
        RuleData {
            version: FORMAT_VERSION,
            terms,
            formulations,
            rules: pack_rules(graph),
            allow: graph.config.check.allow.clone(),
            doc_types: Vec::new(),
        }
        .with_doc_types(graph)
    }

    fn with_doc_types(mut self, graph: &Graph) -> RuleData {
        let mut types: std::collections::BTreeSet<String> = graph
            .pages_of(PageKind::Source)
            .filter_map(|(_, p)| p.doc.fields.source())
            .map(|s| s.doc_type.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        for rule in &self.rules {
            types.extend(rule.not_in.iter().chain(&rule.only_in).cloned());
        }
        self.doc_types = types.into_iter().collect();
        self
    }
}

fn trimmed(list: &[String]) -> Vec<String> {
    list.iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn formulation_rules(graph: &Graph, formulation: usize) -> FormulationRules {
    let page = graph.formulation_page(formulation);
    let doc = &page.doc;
    let title = doc.meta.title.trim().to_string();
    let url = graph.page_url(graph.formulations[formulation]);
    let Some(fields) = doc.fields.formulation() else {
        return FormulationRules {
            full: title.clone(),
            title,
            url,
            ..FormulationRules::default()
        };
    };
    let successor = page.superseded_by.map(|id| &graph.pages[id]);
    let changed = fields
        .changed
        .or_else(|| extra_year(&doc.meta.extra))
        .or_else(|| {
            successor
                .and_then(|s| s.doc.fields.formulation())
                .and_then(|f| crate::parse::dates::first_year(&f.origin))
                .and_then(year_date)
        });
    let mut accepted = trimmed(&fields.accepted_variants);
    if let Some(list) = doc
        .meta
        .extra
        .get("accepted_variants")
        .and_then(|v| v.as_array())
    {
        accepted.extend(
            list.iter()
                .filter_map(|v| v.as_str())
                .map(str::trim)
                .filter(|v| !v.is_empty() && !accepted.iter().any(|a| a == v))
                .map(str::to_string)
                .collect::<Vec<_>>(),
        );
    }
    let full = fields.full.trim();
    let parts = trimmed(&fields.parts);
    let authoritative = !matches!(fields.wording, Some(Wording::Gloss | Wording::Pending));
    FormulationRules {
        full: if !full.is_empty() {
            full.to_string()
        } else if parts.len() >= 2 {
            parts.join("、")
        } else {
            title.clone()
        },
        title,
        url,
        status: fields.status,
        successor: successor.map(|s| s.doc.meta.title.trim().to_string()),
        changed,
        past_mentions: fields.past_mentions,
        accepted,
        parts: if authoritative { parts } else { Vec::new() },
        history: fields
            .history
            .iter()
            .filter(|step| !step.wording.trim().is_empty())
            .map(|step| HistoryStep {
                date: step.date,
                wording: step.wording.trim().to_string(),
                also: trimmed(&step.also),
                event: step.event.trim().to_string(),
            })
            .collect(),
        misuses: fields
            .misuses
            .iter()
            .filter(|m| !m.wrong.trim().is_empty())
            .map(|m| Misuse {
                wrong: m.wrong.trim().to_string(),
                right: m.right.trim().to_string(),
                note: m.note.trim().to_string(),
            })
            .collect(),
        why: fields
            .authority
            .as_ref()
            .filter(|a| !a.text.trim().is_empty())
            .map(|a| Why {
                text: a.text.trim().to_string(),
                document: a.document.trim().to_string(),
                issuer: a.issuer.trim().to_string(),
                date: a.date,
                article: a.article.clone(),
                pending: a.pending,
            }),
    }
}

/// `extra.changed_year`, written as a number or a string.
fn extra_year(extra: &serde_json::Map<String, serde_json::Value>) -> Option<PartialDate> {
    let year = match extra.get("changed_year")? {
        serde_json::Value::Number(n) => n.as_i64().and_then(|y| i32::try_from(y).ok()),
        serde_json::Value::String(s) => crate::parse::dates::first_year(s),
        _ => None,
    }?;
    year_date(year)
}

fn year_date(year: i32) -> Option<PartialDate> {
    PartialDate::parse(&format!("{year:04}")).ok()
}

/// Every rule of every pack, in page order, the pack's scope filling in
/// what a rule leaves open.
fn pack_rules(graph: &Graph) -> Vec<PackRuleData> {
    let mut rules = Vec::new();
    for (id, page) in graph.pages_of(PageKind::Rulepack) {
        let Some(pack) = page.doc.fields.rule_pack() else {
            continue;
        };
        let url = graph.page_url(id);
        let scope = &pack.scope;
        for rule in &pack.rules {
            let or_pack = |own: &[String], pack: &[String]| {
                if own.is_empty() {
                    trimmed(pack)
                } else {
                    trimmed(own)
                }
            };
            rules.push(PackRuleData {
                kind: rule.kind,
                right: rule.right.trim().to_string(),
                wrong: trimmed(&rule.wrong),
                also: trimmed(&rule.also),
                issuer: rule.issuer.clone(),
                date: rule.date,
                note: rule.note.clone(),
                from: rule.from.or(scope.from),
                until: rule.until.or(scope.until),
                not_in: or_pack(&rule.not_in, &scope.not_in),
                only_in: or_pack(&rule.only_in, &scope.only_in),
                titles_only: rule.titles_only,
                pack: page.doc.meta.title.clone(),
                url: url.clone(),
            });
        }
    }
    rules
}
