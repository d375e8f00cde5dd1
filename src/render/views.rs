//! What templates see: serialisable views borrowed from the graph.
//!
//! Every variable a template can use is a field here, so this file is the
//! reference for theme authors (README "Templates" lists the same).

use std::collections::BTreeMap;

use serde::Serialize;

use super::citation::{
    AuthorityView, HistoryView, PhrasingGroup, WordingView, authority_view, history_views,
    phrasing_groups, wording_view,
};
use super::workbench::{self, Fact, cite::citation};
use crate::graph::reads::{Dep, record};
use crate::graph::{Graph, PageId, SectionId, links::related_excerpts};
use crate::markdown::Heading;
use crate::parse::{PageKind, Part};

/// A link to another page.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A page as it appears in lists.
#[derive(Debug, Clone, Serialize)]
pub struct PageSummary {
    pub title: String,
    pub url: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    /// Plain-text summary (about 120 characters).
    pub summary: String,
    pub date: Option<String>,
    pub year: Option<i32>,
    /// Excerpts: the part label (问题…) and the source title.
    pub part_label: Option<&'static str>,
    pub source_title: Option<String>,
    /// Formulations: the full wording and number of citing pages.
    pub full: Option<String>,
    pub cited_by: usize,
    /// Formulations: current / adjusted / historical, and its label.
    pub status: Option<&'static str>,
    pub status_label: Option<&'static str>,
    /// Formulations: whether `full` is the document's words (see
    /// [`WordingView`]); only then is it offered for copying as such.
    pub wording: Option<WordingView>,
    /// Formulations: 核对截至, as a reader writes dates.
    pub verified: Option<String>,
}

/// The page being rendered.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    pub title: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub url: String,
    pub permalink: String,
    /// The Markdown file, relative to `content/`.
    pub path: String,
    pub description: Option<String>,
    pub summary: String,
    /// The body as HTML, formulations linked.
    pub content: String,
    pub toc: Vec<Heading>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub tags: Vec<Link>,
    /// Number of characters of text (a Chinese "word count").
    pub char_count: usize,
    pub formulation: Option<FormulationView>,
    pub excerpt: Option<ExcerptView>,
    pub source: Option<SourceView>,
    pub rulepack: Option<RulePackView>,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Formulation facts and what the corpus says about it.
#[derive(Debug, Clone, Serialize)]
pub struct FormulationView {
    pub full: String,
    pub parts: Vec<String>,
    pub variants: Vec<String>,
    pub category: String,
    pub category_url: Option<String>,
    pub origin: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub superseded_by: Option<Link>,
    pub collocations: Vec<String>,
    /// Each collocation written out (增强“四个意识”) with the search for it.
    pub collocation_searches: Vec<Link>,
    pub related: Vec<Link>,
    /// Total mentions and distinct pages.
    pub mention_count: usize,
    pub page_count: usize,
    /// Mentions grouped by the part of the report (成效, 问题 …), each with
    /// its first [`USES_PREVIEW`] mentions, most useful first.
    pub by_part: Vec<MentionGroup>,
    /// Mentions per source document, the [`SOURCES_SHOWN`] with most.
    pub by_source: Vec<Counted>,
    /// Sources that mention it (all of them, `by_source` shows the first).
    pub source_count: usize,
    /// Formulations used in the same pages, ranked.
    pub used_with: Vec<Counted>,
    /// Verbs before its mentions, ranked (增强 ×5 …).
    pub verbs: Vec<VerbCount>,
    /// Whether `full` is the document's words (only then offered as such).
    pub wording: WordingView,
    /// The authoritative sentence, its document and citation line.
    pub authority: Option<AuthorityView>,
    /// 核对截至, as a reader writes dates (2026年12月4日).
    pub verified: Option<String>,
    /// When an adjusted or historical wording stopped being current.
    pub changed: Option<String>,
    /// 提法演变, oldest first, each with the characters changed from the one before.
    pub history: Vec<HistoryView>,
    pub accepted_variants: Vec<String>,
    /// Wrong usages with the right ones.
    pub misuses: Vec<crate::parse::Misuse>,
    /// 问题式表述 by part (问题 / 原因 / 措施).
    pub phrasings: Vec<PhrasingGroup>,
}

/// Mentions in one part of reports.
#[derive(Debug, Clone, Serialize)]
pub struct MentionGroup {
    pub part: &'static str,
    pub label: &'static str,
    pub count: usize,
    /// The first mentions, most useful first (on a usage list page: that
    /// page's mentions).
    pub mentions: Vec<MentionView>,
    /// The list of all of them (`None` when `mentions` has them all).
    pub all_url: Option<String>,
}

/// One page of a formulation's usage list: the mentions in one part of
/// reports (template `uses.html`, with `paginator` for the pages).
#[derive(Debug, Clone, Serialize)]
pub struct UsesView {
    /// The formulation.
    pub formulation: Link,
    pub full: String,
    /// The group, with this page's mentions.
    pub group: MentionGroup,
}

/// One mention: the sentence split around the highlighted spelling (cut to
/// a window around it; `before` starts and `after` ends with … where the
/// sentence goes on).
#[derive(Debug, Clone, Serialize)]
pub struct MentionView {
    pub page: Link,
    pub kind_label: &'static str,
    pub source: Option<Link>,
    pub before: String,
    pub matched: String,
    pub after: String,
    /// The citation line of the page it is on (`[citation] format`).
    pub citation: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Counted {
    pub title: String,
    pub url: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct VerbCount {
    pub verb: String,
    pub count: usize,
    /// The search for the verb with the formulation (its passages).
    pub search_url: String,
}

/// Excerpt facts and its place in the source.
#[derive(Debug, Clone, Serialize)]
pub struct ExcerptView {
    pub source: Option<Link>,
    pub section_path: Vec<String>,
    pub order: Option<u32>,
    pub part: &'static str,
    pub part_label: &'static str,
    pub part_url: Option<String>,
    pub topics: Vec<Link>,
    pub year: Option<i32>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    /// Formulations it uses, with counts.
    pub uses: Vec<Counted>,
    /// Excerpts with the same part and a shared topic.
    pub related: Vec<PageSummary>,
    /// The citation line copied with the text (`[citation] format`).
    pub citation: String,
    /// 文种, 单位, 层级, 年份 of its source.
    pub source_facts: Vec<Fact>,
    /// Its topics in its part of reports (作风建设 · 问题), each linking to
    /// the topic × part list.
    pub browse: Vec<Link>,
}

/// Source facts and its excerpts as an outline.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub doc_type: String,
    pub doc_type_url: Option<String>,
    pub level: String,
    pub year: Option<i32>,
    pub year_url: Option<String>,
    pub issuer: Option<String>,
    pub excerpt_count: usize,
    pub outline: Vec<OutlineNode>,
    /// Whether the outline lists the excerpts' titles (false for a long
    /// source: headings only, each linking into the whole-document view).
    pub outline_titles: bool,
    /// False when the outline stops early (a source with very many headings).
    pub outline_complete: bool,
    /// The excerpts in full, in order, as one document (paginated).
    pub text_url: Option<String>,
}

/// A rule pack: its scope and its rules, as the page's table shows them.
#[derive(Debug, Clone, Serialize)]
pub struct RulePackView {
    /// The pack's scope in words (适用范围), empty when it applies everywhere.
    pub scope: String,
    pub rules: Vec<RuleView>,
}

/// One rule of a pack, with its dates and scope in words.
#[derive(Debug, Clone, Serialize)]
pub struct RuleView {
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub right: String,
    pub wrong: Vec<String>,
    /// The wrong forms are wrong only as a title in 《》.
    pub titles_only: bool,
    pub also: Vec<String>,
    pub issuer: Option<String>,
    /// 2015年10月18日.
    pub date: Option<String>,
    pub number: Option<String>,
    pub note: Option<String>,
    pub checked_against: Option<String>,
    /// When and where the rule applies, in words (empty: always).
    pub scope: String,
}

/// A heading of a source's outline with the excerpts under it.
#[derive(Debug, Clone, Serialize)]
pub struct OutlineNode {
    pub title: String,
    /// Where the heading starts in the whole-document view.
    pub url: Option<String>,
    /// Excerpts under the heading, its sub-headings' included.
    pub count: usize,
    /// Empty when the source is too long to list every title (see
    /// `outline_titles`).
    pub excerpts: Vec<PageSummary>,
    pub children: Vec<OutlineNode>,
}

/// The section (or taxonomy term) being listed.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub path: String,
    pub description: Option<String>,
    pub content: String,
    pub page_kind: &'static str,
    pub subsections: Vec<Link>,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// One page of a paginated list.
#[derive(Debug, Clone, Serialize)]
pub struct Paginator {
    pub pages: Vec<PageSummary>,
    /// 1-based.
    pub current: usize,
    pub total_pages: usize,
    pub total_items: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    pub links: Vec<PagerLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PagerLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// Pages are skipped before this one (show an ellipsis).
    pub gap_before: bool,
}

/// Site-wide values, available in every template as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    /// Path prefix of every internal URL (`/` or `/kb/`).
    pub base_path: String,
    pub language: String,
    pub menu: Vec<Link>,
    pub taxonomies: Vec<TaxonomyLink>,
    pub counts: BTreeMap<&'static str, usize>,
    pub extra: toml::Table,
    /// Set by `tifa serve` only: the live-reload script URL.
    pub live_reload: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyLink {
    pub name: String,
    pub title: String,
    pub url: String,
    pub term_count: usize,
}

/// A taxonomy term with its page count, for lists.
#[derive(Debug, Clone, Serialize)]
pub struct TermView {
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// The home page's extra data (`home` in `index.html`).
#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    pub categories: Vec<CategoryView>,
    pub most_cited: Vec<PageSummary>,
    pub recent: Vec<PageSummary>,
    pub sources: Vec<PageSummary>,
    pub topics: Vec<TermView>,
}

/// Formulations of one category (home page, formulation lists).
#[derive(Debug, Clone, Serialize)]
pub struct CategoryView {
    pub name: String,
    pub formulations: Vec<PageSummary>,
}

/// Related excerpts shown on an excerpt's page.
pub const RELATED_EXCERPTS: usize = 6;

pub use crate::graph::links::USES_PREVIEW;

/// Sources listed (most mentions first) on a formulation's page.
pub const SOURCES_SHOWN: usize = 20;

/// The URL path of a formulation's usage list for one group
/// (`formulations/x/uses/problem/`).
pub fn uses_path(formulation_path: &str, group: &str) -> String {
    format!("{formulation_path}uses/{group}/")
}

fn group_label(group: &crate::graph::links::UseGroup) -> &'static str {
    group.part.map_or("其他页面", Part::label)
}

/// One mention as a list shows it.
pub fn mention_view(graph: &Graph, backlink: &crate::graph::Backlink) -> MentionView {
    let citing = &graph.pages[backlink.page];
    let mention = backlink.mention(graph);
    let sentence = mention.sentence(&citing.rendered.plain_text);
    let span = &mention.span;
    let ellipsis = |cut: bool| if cut { "…" } else { "" };
    MentionView {
        page: link(graph, backlink.page),
        kind_label: citing.doc.kind.label(),
        source: citing.source.map(|s| link(graph, s)),
        before: format!(
            "{}{}",
            ellipsis(mention.cut_before),
            &sentence[..span.start]
        ),
        matched: sentence[span.clone()].to_string(),
        after: format!("{}{}", &sentence[span.end..], ellipsis(mention.cut_after)),
        citation: citation(graph, backlink.page),
    }
}

/// Page `n` (from 1) of a formulation's usage list for its group `group`
/// (an index into its statistics' groups).
pub fn uses_view(graph: &Graph, formulation: usize, group: usize, n: usize) -> Option<UsesView> {
    let page_id = graph.formulations[formulation];
    let page = &graph.pages[page_id];
    let group = graph.stats[formulation].groups.get(group)?;
    record(|| Dep::Uses(page.doc.rel_path.clone(), group.key().to_string(), n));
    // The list's head shows the wording besides the link.
    record(|| Dep::Summary(page.doc.rel_path.clone()));
    let start = (n - 1) * crate::graph::links::USES_PER_PAGE;
    let end = (start + crate::graph::links::USES_PER_PAGE).min(group.backlinks.len());
    let full = page
        .doc
        .fields
        .formulation()
        .map(|f| f.full.clone())
        .unwrap_or_default();
    Some(UsesView {
        formulation: link(graph, page_id),
        full,
        group: MentionGroup {
            part: group.key(),
            label: group_label(group),
            count: group.backlinks.len(),
            mentions: group.backlinks[start.min(end)..end]
                .iter()
                .map(|b| mention_view(graph, b))
                .collect(),
            all_url: None,
        },
    })
}

/// `pages` (formulations) grouped by category, in the conventional order
/// of categories and by pinyin within each (see [`workbench::order`]).
pub fn category_views(graph: &Graph, pages: &[PageId]) -> Vec<CategoryView> {
    workbench::order::by_category(graph, pages)
        .into_iter()
        .map(|(name, members)| CategoryView {
            name,
            formulations: members
                .into_iter()
                .map(|p| page_summary(graph, p))
                .collect(),
        })
        .collect()
}

pub fn link(graph: &Graph, id: PageId) -> Link {
    record(|| Dep::Link(graph.pages[id].doc.rel_path.clone()));
    Link {
        title: graph.pages[id].doc.meta.title.clone(),
        url: graph.page_url(id),
    }
}

fn taxonomy_term_url(graph: &Graph, taxonomy: &str, name: &str) -> Option<String> {
    record(|| Dep::Taxonomy(taxonomy.to_string()));
    let tax = graph.taxonomies.iter().find(|t| t.name == taxonomy)?;
    let term = tax.terms.iter().find(|t| t.name == name)?;
    Some(graph.url(&term.path))
}

/// The search results page for `query`, its hits marked.
pub fn search_url(graph: &Graph, query: &str) -> String {
    format!(
        "{}search/?q={}",
        graph.config.base_path(),
        percent_encoding::utf8_percent_encode(query, percent_encoding::NON_ALPHANUMERIC)
    )
}

pub fn page_summary(graph: &Graph, id: PageId) -> PageSummary {
    record(|| Dep::Summary(graph.pages[id].doc.rel_path.clone()));
    let page = &graph.pages[id];
    let formulation = page.doc.fields.formulation();
    PageSummary {
        title: page.doc.meta.title.clone(),
        url: graph.page_url(id),
        kind: page.doc.kind.as_str(),
        kind_label: page.doc.kind.label(),
        summary: page
            .doc
            .meta
            .description
            .clone()
            .unwrap_or_else(|| page.rendered.summary()),
        date: page.doc.meta.date.clone(),
        year: page.year,
        part_label: page.doc.fields.excerpt().map(|e| e.part.label()),
        source_title: page.source.map(|s| graph.pages[s].doc.meta.title.clone()),
        full: formulation.map(|f| f.full.clone()),
        cited_by: page.formulation.map_or(0, |f| graph.stats[f].pages),
        status: formulation.map(|f| f.status.as_str()),
        status_label: formulation.map(|f| f.status.label()),
        wording: formulation.map(|f| wording_view(f.wording)),
        verified: formulation.and_then(|f| f.verified.map(crate::parse::PartialDate::chinese)),
    }
}

pub fn page_view(graph: &Graph, id: PageId) -> PageView {
    record(|| Dep::Content(graph.pages[id].doc.rel_path.clone()));
    let page = &graph.pages[id];
    let meta = &page.doc.meta;
    PageView {
        title: meta.title.clone(),
        kind: page.doc.kind.as_str(),
        kind_label: page.doc.kind.label(),
        url: graph.page_url(id),
        permalink: graph.permalink(&page.path),
        path: page.doc.rel_path.clone(),
        description: meta.description.clone(),
        summary: page
            .rendered
            .summary_html
            .clone()
            .unwrap_or_else(|| crate::markdown::escape_html(&page.rendered.summary())),
        content: page.rendered.html.clone(),
        toc: page.rendered.toc.clone(),
        date: meta.date.clone(),
        updated: meta.updated.clone(),
        tags: meta
            .tags
            .iter()
            .map(|t| Link {
                title: t.clone(),
                url: taxonomy_term_url(graph, "tags", t).unwrap_or_default(),
            })
            .collect(),
        char_count: page
            .rendered
            .plain_text
            .chars()
            .filter(|c| !c.is_whitespace())
            .count(),
        formulation: page.formulation.map(|f| formulation_view(graph, id, f)),
        excerpt: page.doc.fields.excerpt().map(|_| excerpt_view(graph, id)),
        source: page.doc.fields.source().map(|_| source_view(graph, id)),
        rulepack: page.doc.fields.rule_pack().map(rule_pack_view),
        extra: meta.extra.clone(),
    }
}

fn rule_pack_view(pack: &crate::parse::RulePack) -> RulePackView {
    let scope = &pack.scope;
    RulePackView {
        scope: scope_words(scope.from, scope.until, &scope.not_in, &scope.only_in),
        rules: pack
            .rules
            .iter()
            .map(|rule| RuleView {
                kind: rule.kind.as_str(),
                kind_label: rule.kind.label(),
                right: rule.right.clone(),
                wrong: rule.wrong.clone(),
                titles_only: rule.titles_only,
                also: {
                    // What the checker accepts: listed forms, then short titles.
                    let mut also = rule.also.clone();
                    if rule.kind == crate::parse::RuleKind::Name {
                        for short in crate::check::rules::packs::short_titles(rule.right.trim()) {
                            if !also.contains(&short) {
                                also.push(short);
                            }
                        }
                    }
                    also
                },
                issuer: rule.issuer.clone(),
                date: rule.date.map(|d| d.chinese()),
                number: rule.number.clone(),
                note: rule.note.clone(),
                checked_against: rule.checked_against.clone(),
                scope: scope_words(rule.from, rule.until, &rule.not_in, &rule.only_in),
            })
            .collect(),
    }
}

/// "2024年起；不用于对照检查材料" — a rule's dates and document types in words.
fn scope_words(
    from: Option<crate::parse::PartialDate>,
    until: Option<crate::parse::PartialDate>,
    not_in: &[String],
    only_in: &[String],
) -> String {
    let mut words = Vec::new();
    match (from, until) {
        (Some(f), Some(u)) => words.push(format!("{}至{}", f.chinese(), u.chinese())),
        (Some(f), None) => words.push(format!("{}起", f.chinese())),
        (None, Some(u)) => words.push(format!("{}止", u.chinese())),
        (None, None) => {}
    }
    if !only_in.is_empty() {
        words.push(format!("仅用于{}", only_in.join("、")));
    }
    if !not_in.is_empty() {
        words.push(format!("不用于{}", not_in.join("、")));
    }
    words.join("；")
}

fn formulation_view(graph: &Graph, id: PageId, formulation: usize) -> FormulationView {
    record(|| Dep::Stats(graph.pages[id].doc.rel_path.clone()));
    let page = &graph.pages[id];
    let stats = &graph.stats[formulation];
    let fields = page.doc.fields.formulation().cloned().unwrap_or_default();
    let by_part = stats
        .groups
        .iter()
        .map(|group| MentionGroup {
            part: group.key(),
            label: group_label(group),
            count: group.backlinks.len(),
            mentions: group
                .backlinks
                .iter()
                .take(USES_PREVIEW)
                .map(|b| mention_view(graph, b))
                .collect(),
            all_url: (group.backlinks.len() > USES_PREVIEW)
                .then(|| graph.url(&uses_path(&page.path, group.key()))),
        })
        .collect();
    let by_source: Vec<Counted> = stats
        .by_source
        .iter()
        .take(SOURCES_SHOWN)
        .map(|&(s, count)| {
            let l = link(graph, s);
            Counted {
                title: l.title,
                url: l.url,
                count,
            }
        })
        .collect();
    FormulationView {
        category_url: None,
        status: fields.status.as_str(),
        status_label: fields.status.label(),
        superseded_by: page.superseded_by.map(|s| link(graph, s)),
        related: page.related.iter().map(|&r| link(graph, r)).collect(),
        mention_count: stats.backlinks.len(),
        page_count: stats.pages,
        by_part,
        source_count: stats.by_source.len(),
        by_source,
        used_with: stats
            .used_with
            .iter()
            .take(12)
            .map(|&(f, count)| {
                let l = link(graph, graph.formulations[f]);
                Counted {
                    title: l.title,
                    url: l.url,
                    count,
                }
            })
            .collect(),
        verbs: stats
            .verbs
            .iter()
            .take(12)
            .map(|(verb, count)| VerbCount {
                search_url: search_url(graph, &format!("{verb}“{}”", page.doc.meta.title)),
                verb: verb.clone(),
                count: *count,
            })
            .collect(),
        wording: wording_view(fields.wording),
        authority: fields.authority.as_ref().map(authority_view),
        verified: fields.verified.map(crate::parse::PartialDate::chinese),
        changed: fields.changed.map(crate::parse::PartialDate::chinese),
        history: history_views(&fields.history),
        phrasings: phrasing_groups(&fields, &format!("{}search/", graph.config.base_path())),
        accepted_variants: fields.accepted_variants,
        misuses: fields.misuses,
        full: fields.full,
        parts: fields.parts,
        variants: fields.variants,
        category: fields.category,
        origin: fields.origin,
        collocation_searches: fields
            .collocations
            .iter()
            .map(|verb| {
                let title = format!("{verb}“{}”", page.doc.meta.title);
                Link {
                    url: search_url(graph, &title),
                    title,
                }
            })
            .collect(),
        collocations: fields.collocations,
    }
}

fn excerpt_view(graph: &Graph, id: PageId) -> ExcerptView {
    let page = &graph.pages[id];
    let excerpt = page.doc.fields.excerpt().cloned().unwrap_or_default();
    ExcerptView {
        source: page.source.map(|s| link(graph, s)),
        part: excerpt.part.as_str(),
        part_label: excerpt.part.label(),
        part_url: taxonomy_term_url(graph, "part", excerpt.part.label()),
        topics: excerpt
            .topics
            .iter()
            .map(|t| Link {
                title: t.clone(),
                url: taxonomy_term_url(graph, "topics", t).unwrap_or_default(),
            })
            .collect(),
        year: page.year,
        citation: citation(graph, id),
        source_facts: page
            .source
            .map(|s| {
                record(|| Dep::Summary(graph.pages[s].doc.rel_path.clone()));
                workbench::source_facts(graph, s)
            })
            .unwrap_or_default(),
        browse: excerpt
            .topics
            .iter()
            .filter_map(|t| {
                Some(Link {
                    title: format!("{t}·{}", excerpt.part.label()),
                    url: workbench::topic_part_url(graph, t, excerpt.part)?,
                })
            })
            .collect(),
        prev: page.prev.map(|p| link(graph, p)),
        next: page.next.map(|n| link(graph, n)),
        uses: page
            .uses
            .iter()
            .map(|&(f, count)| {
                let l = link(graph, graph.formulations[f]);
                Counted {
                    title: l.title,
                    url: l.url,
                    count,
                }
            })
            .collect(),
        related: {
            record(|| Dep::Related(page.doc.rel_path.clone()));
            related_excerpts(graph, id, RELATED_EXCERPTS)
        }
        .into_iter()
        .map(|r| page_summary(graph, r))
        .collect(),
        section_path: excerpt.section_path,
        order: excerpt.order,
    }
}

/// A source's outline lists its excerpts by title up to this many; a
/// longer source lists its headings only, each linking into the
/// whole-document view, so the page stays small (a 25,000-excerpt source
/// listed every title in 2.4 MB).
const OUTLINE_TITLES_UP_TO: usize = 300;

/// Headings shown in a source's outline at most.
const OUTLINE_NODES_UP_TO: usize = 400;

fn source_view(graph: &Graph, id: PageId) -> SourceView {
    let page = &graph.pages[id];
    let source = page.doc.fields.source().cloned().unwrap_or_default();
    let titles = page.excerpts.len() <= OUTLINE_TITLES_UP_TO;
    let mut root = OutlineNode {
        title: String::new(),
        url: None,
        count: 0,
        excerpts: Vec::new(),
        children: Vec::new(),
    };
    let mut nodes = 0;
    let mut complete = true;
    for (index, &excerpt) in page.excerpts.iter().enumerate() {
        let path = graph.pages[excerpt]
            .doc
            .fields
            .excerpt()
            .map(|e| e.section_path.as_slice())
            .unwrap_or_default();
        let mut node = &mut root;
        node.count += 1;
        for heading in path {
            // Consecutive excerpts under one heading share a node; a heading
            // that comes back later in the document starts a new one.
            let reuse = node.children.last().is_some_and(|c| &c.title == heading);
            if !reuse {
                if nodes == OUTLINE_NODES_UP_TO {
                    complete = false;
                    break;
                }
                nodes += 1;
                node.children.push(OutlineNode {
                    title: heading.clone(),
                    url: workbench::source_text_anchor(graph, id, index),
                    count: 0,
                    excerpts: Vec::new(),
                    children: Vec::new(),
                });
            }
            let last = node.children.len() - 1;
            node = &mut node.children[last];
            node.count += 1;
        }
        if titles {
            node.excerpts.push(page_summary(graph, excerpt));
        }
    }
    let mut outline = Vec::new();
    if !root.excerpts.is_empty() {
        outline.push(OutlineNode {
            title: String::new(),
            url: None,
            count: root.excerpts.len(),
            excerpts: root.excerpts,
            children: Vec::new(),
        });
    }
    outline.extend(root.children);
    SourceView {
        doc_type_url: taxonomy_term_url(graph, "doc_type", &source.doc_type),
        year_url: page
            .year
            .and_then(|y| taxonomy_term_url(graph, "year", &y.to_string())),
        doc_type: source.doc_type,
        level: source.level,
        year: page.year,
        issuer: source.issuer,
        excerpt_count: page.excerpts.len(),
        outline,
        outline_titles: titles,
        outline_complete: complete,
        text_url: workbench::source_text_url(graph, id),
    }
}

/// Records what [`section_view`] reads (for a view built earlier).
pub fn record_section(graph: &Graph, id: SectionId) {
    record(|| Dep::Section(graph.sections[id].doc.rel_path.clone()));
    for &sub in &graph.sections[id].subsections {
        record(|| Dep::Section(graph.sections[sub].doc.rel_path.clone()));
    }
}

pub fn section_view(graph: &Graph, id: SectionId) -> SectionView {
    record_section(graph, id);
    let section = &graph.sections[id];
    SectionView {
        title: section.doc.meta.title.clone(),
        url: graph.url(&section.path),
        permalink: graph.permalink(&section.path),
        path: section.doc.rel_path.clone(),
        description: section.doc.meta.description.clone(),
        content: section.rendered.html.clone(),
        page_kind: section.doc.kind.as_str(),
        subsections: section
            .subsections
            .iter()
            .map(|&s| Link {
                title: graph.sections[s].doc.meta.title.clone(),
                url: graph.url(&graph.sections[s].path),
            })
            .collect(),
        extra: section.doc.meta.extra.clone(),
    }
}

pub fn site_view(graph: &Graph, live_reload: Option<String>) -> SiteView {
    record(|| Dep::Site);
    let config = &graph.config;
    let root = &graph.sections[graph.root()];
    let mut subsections = root.subsections.clone();
    subsections.sort_by_key(|&s| (graph.sections[s].doc.meta.weight, s));
    let menu = subsections
        .iter()
        .map(|&s| Link {
            title: graph.sections[s].doc.meta.title.clone(),
            url: graph.url(&graph.sections[s].path),
        })
        .collect();
    SiteView {
        title: config.title.clone(),
        description: config.description.clone(),
        base_url: config.base_url.clone(),
        base_path: config.base_path(),
        language: config.language.clone(),
        menu,
        taxonomies: graph
            .taxonomies
            .iter()
            .filter(|t| !t.terms.is_empty())
            .map(|t| TaxonomyLink {
                name: t.name.clone(),
                title: t.title.clone(),
                url: graph.url(&t.path),
                term_count: t.terms.len(),
            })
            .collect(),
        counts: crate::graph::kind_counts(graph),
        extra: config.extra.clone(),
        live_reload,
    }
}

pub fn home_view(graph: &Graph) -> HomeView {
    record(|| Dep::Home);
    let categories = category_views(graph, &graph.formulations);
    let mut cited: Vec<usize> = (0..graph.formulations.len()).collect();
    cited.sort_by(|&a, &b| {
        graph.stats[b]
            .pages
            .cmp(&graph.stats[a].pages)
            .then(a.cmp(&b))
    });
    let most_cited = cited
        .into_iter()
        .take(12)
        .filter(|&f| graph.stats[f].pages > 0)
        .map(|f| page_summary(graph, graph.formulations[f]))
        .collect();
    let mut dated: Vec<PageId> = (0..graph.pages.len())
        .filter(|&p| {
            graph.pages[p].doc.meta.date.is_some() || graph.pages[p].doc.kind == PageKind::Source
        })
        .collect();
    dated.sort_by(|&a, &b| {
        let key = |p: PageId| (graph.pages[p].doc.meta.date.clone(), graph.pages[p].year);
        key(b).cmp(&key(a)).then(a.cmp(&b))
    });
    let mut sources: Vec<PageId> = graph.pages_of(PageKind::Source).map(|(id, _)| id).collect();
    sources.sort_by(|&a, &b| {
        graph.pages[b]
            .year
            .cmp(&graph.pages[a].year)
            .then(a.cmp(&b))
    });
    let topics = graph
        .taxonomies
        .iter()
        .find(|t| t.name == "topics")
        .map(|t| {
            let mut terms: Vec<TermView> = t
                .terms
                .iter()
                .map(|term| TermView {
                    name: term.name.clone(),
                    url: graph.url(&term.path),
                    count: term.pages.len(),
                })
                .collect();
            terms.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
            terms
        })
        .unwrap_or_default();
    HomeView {
        categories,
        most_cited,
        recent: dated
            .into_iter()
            .take(8)
            .map(|p| page_summary(graph, p))
            .collect(),
        sources: sources
            .into_iter()
            .map(|p| page_summary(graph, p))
            .collect(),
        topics,
    }
}
