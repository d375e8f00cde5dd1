//! Resolving references: `source`, `related`, `superseded_by`, `[[…]]` and
//! `@/…` links, with "did you mean" suggestions when a name is not found.

use rustc_hash::FxHashMap;

use super::{Graph, Node, PageId};
use crate::diagnostic::{Diagnostic, Diagnostics, rule};
use crate::hash::{hash_each, hash_of};
use crate::i18n::Text;
use crate::markdown::{Resolve, Target, TermMatcher};
use crate::parse::{Document, PageKind};
use crate::t;

/// Name → page lookups built once per graph.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Formulation titles and variants → formulation index.
    terms: FxHashMap<String, usize>,
    /// Source stems, slugs and titles → source page.
    sources: FxHashMap<String, PageId>,
    /// Names that more than one source answers to, with every such source:
    /// an excerpt naming one of them cannot say which it means.
    ambiguous_sources: FxHashMap<String, Vec<PageId>>,
    formulation_count: usize,
}

impl Index {
    pub fn new(graph: &Graph, diagnostics: &mut Diagnostics) -> Index {
        let terms = collect_terms(graph, diagnostics);
        let mut sources: FxHashMap<String, PageId> = FxHashMap::default();
        let mut ambiguous_sources: FxHashMap<String, Vec<PageId>> = FxHashMap::default();
        for (id, page) in graph.pages_of(PageKind::Source) {
            let slug = page
                .path
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string();
            for key in [
                page.doc.stem().to_string(),
                slug,
                page.doc.meta.title.clone(),
            ] {
                match sources.get(&key) {
                    Some(&first) if first != id => {
                        let owners = ambiguous_sources.entry(key).or_insert_with(|| vec![first]);
                        if !owners.contains(&id) {
                            owners.push(id);
                        }
                    }
                    Some(_) => {}
                    None => {
                        sources.insert(key, id);
                    }
                }
            }
        }
        Index {
            terms,
            sources,
            ambiguous_sources,
            formulation_count: graph.formulations.len(),
        }
    }

    /// The automaton over every accepted spelling.
    pub fn term_matcher(&self, graph: &Graph) -> TermMatcher {
        let mut spellings: Vec<(String, usize)> =
            self.terms.iter().map(|(s, &i)| (s.clone(), i)).collect();
        spellings.sort();
        TermMatcher::new(super::term_targets(graph), &spellings)
    }

    /// A hash of every spelling and the formulation (index) it names: with
    /// the same fingerprint, the automaton matches the same places.
    pub fn terms_fingerprint(&self) -> u64 {
        let mut spellings: Vec<(&String, &usize)> = self.terms.iter().collect();
        spellings.sort();
        hash_of(&(spellings, self.formulation_count))
    }

    pub fn formulation(&self, name: &str) -> Option<usize> {
        self.terms.get(name.trim()).copied()
    }
}

/// The targets of `[[…]]` and `@/…` links, looked up in the graph while
/// bodies render (a [`Target`] is only made for a link that exists).
pub struct Links<'a> {
    graph: &'a Graph,
    /// `[[…]]` names: formulation spellings, then unambiguous page titles,
    /// then section titles.
    wiki: FxHashMap<&'a str, Node>,
}

impl<'a> Links<'a> {
    pub fn new(graph: &'a Graph, index: &'a Index) -> Links<'a> {
        let mut title_counts: FxHashMap<&str, usize> = FxHashMap::default();
        for page in &graph.pages {
            *title_counts
                .entry(page.doc.meta.title.as_str())
                .or_default() += 1;
        }
        let mut wiki: FxHashMap<&str, Node> = FxHashMap::default();
        for (id, page) in graph.pages.iter().enumerate() {
            if title_counts.get(page.doc.meta.title.as_str()) == Some(&1) {
                wiki.insert(&page.doc.meta.title, Node::Page(id));
            }
        }
        for (id, section) in graph.sections.iter().enumerate() {
            if !title_counts.contains_key(section.doc.meta.title.as_str()) {
                wiki.entry(&section.doc.meta.title)
                    .or_insert(Node::Section(id));
            }
        }
        // Formulation spellings win over page and section titles.
        for (spelling, &formulation) in &index.terms {
            wiki.insert(spelling, Node::Page(graph.formulations[formulation]));
        }
        Links { graph, wiki }
    }

    /// A hash of what every link target shows (URL path and title), in
    /// graph order, and of the spellings: equal fingerprints, equal links.
    pub fn fingerprint(&self, index: &Index) -> u64 {
        let graph = self.graph;
        let pages = graph
            .pages
            .iter()
            .map(|p| (&p.doc.rel_path, &p.path, &p.doc.meta.title));
        let sections = graph
            .sections
            .iter()
            .map(|s| (&s.doc.rel_path, &s.path, &s.doc.meta.title));
        let nodes = hash_each(pages.chain(sections));
        let drafts = hash_each(graph.drafts.iter());
        hash_of(&(
            nodes,
            drafts,
            graph.config.base_path(),
            index.terms_fingerprint(),
        ))
    }

    fn target(&self, node: Node) -> Target {
        let graph = self.graph;
        let (rel_path, path, title) = match node {
            Node::Page(id) => {
                let page = &graph.pages[id];
                (&page.doc.rel_path, &page.path, &page.doc.meta.title)
            }
            Node::Section(id) => {
                let section = &graph.sections[id];
                (
                    &section.doc.rel_path,
                    &section.path,
                    &section.doc.meta.title,
                )
            }
        };
        Target {
            url: graph.url(path),
            title: title.clone(),
            rel_path: rel_path.clone(),
        }
    }
}

/// The resolver of a body with no `[[…]]` or `@/…` link, which never asks.
pub struct NoLinks;

impl Resolve for NoLinks {
    fn wiki(&self, _name: &str) -> Option<Target> {
        None
    }

    fn path(&self, _rel_path: &str) -> Option<Target> {
        None
    }
}

impl Resolve for Links<'_> {
    fn wiki(&self, name: &str) -> Option<Target> {
        self.wiki.get(name).map(|&node| self.target(node))
    }

    fn path(&self, rel_path: &str) -> Option<Target> {
        let node = self.graph.by_path.get(rel_path.trim_start_matches('/'))?;
        Some(self.target(*node))
    }

    fn is_draft(&self, rel_path: &str) -> bool {
        let rel_path = rel_path.trim_start_matches('/');
        self.graph
            .drafts
            .binary_search_by(|d| d.as_str().cmp(rel_path))
            .is_ok()
    }
}

/// Every title and variant → its formulation; a spelling claimed twice is an error.
fn collect_terms(graph: &Graph, diagnostics: &mut Diagnostics) -> FxHashMap<String, usize> {
    let mut terms: FxHashMap<String, usize> = FxHashMap::default();
    for (index, &page) in graph.formulations.iter().enumerate() {
        let doc = &graph.pages[page].doc;
        if let Some(warning) = missing_wording(doc) {
            diagnostics.push(warning);
        }
        let (variants, accepted) = doc
            .fields
            .formulation()
            .map(|f| (f.variants.as_slice(), f.accepted_variants.as_slice()))
            .unwrap_or_default();
        // Accepted variants are spellings too: linked, never reported.
        let spellings = std::iter::once((&doc.meta.title, "title"))
            .chain(variants.iter().map(|v| (v, "variants")))
            .chain(accepted.iter().map(|v| (v, "accepted_variants")));
        for (spelling, key) in spellings {
            let spelling = spelling.trim();
            if spelling.is_empty() {
                continue;
            }
            if let Some(why) = crate::markdown::too_short(spelling) {
                diagnostics.push(
                    Diagnostic::warning(
                        rule::SHORT_TERM,
                        doc.display_path(),
                        t!(
                            "`{spelling}` {why}：网站中每一处出现都会链接到这个条目",
                            "`{spelling}` is {why}: every occurrence in the site would link to this entry"
                        ),
                    )
                    .at(doc.key_line(key), 1)
                    .hint(t!(
                        "请用一个更长、不会混淆的写法作为标题或变体",
                        "use a longer, unambiguous spelling as the title or variant"
                    )),
                );
            }
            match terms.get(spelling) {
                Some(&other) if other != index => {
                    let other = graph.formulation_page(other).doc.display_path();
                    diagnostics.push(
                        Diagnostic::error(
                            rule::DUPLICATE_TERM,
                            doc.display_path(),
                            t!(
                                "`{spelling}` 已经是 {other} 的标题或变体",
                                "`{spelling}` is already a title or variant of {other}"
                            ),
                        )
                        .at(doc.key_line(key), 1)
                        .hint(t!(
                            "一种写法只能属于一个提法：请合并这两个条目，或删去这个变体",
                            "each spelling may belong to one formulation only; merge the entries or drop the variant"
                        )),
                    );
                }
                Some(_) => {}
                None => {
                    terms.insert(spelling.to_string(), index);
                }
            }
        }
    }
    terms
}

/// A formulation without its wording: `full` is what its page shows, what
/// a writer copies and what the checker compares with, so an empty one is
/// worth a warning (an entry made by `tifa new formulation` starts empty).
fn missing_wording(doc: &Document) -> Option<Diagnostic> {
    let formulation = doc.fields.formulation()?;
    if !formulation.full.trim().is_empty() {
        return None;
    }
    let title = &doc.meta.title;
    let has_full = doc.key_lines.iter().any(|(key, _)| key == "full");
    let line = doc.key_line(if has_full { "full" } else { "title" });
    Some(
        Diagnostic::warning(
            rule::MISSING_WORDING,
            doc.display_path(),
            t!(
                "提法“{title}”没有规范表述：`full` 是空的，页面上没有可复制的表述，校稿也无从比对",
                "formulation `{title}` has no wording: `full` is empty, so its page has no wording to copy and the checker nothing to compare with"
            ),
        )
        .at(line, 1)
        .hint(t!(
            "在 `full:` 后写上这个提法的完整规范表述，例如 `full: 政治意识、大局意识、核心意识、看齐意识`",
            "write the formulation's exact wording after `full:`, e.g. `full: 政治意识、大局意识、核心意识、看齐意识`"
        )),
    )
}

/// Resolves front-matter references and derives source order, neighbours and years.
pub fn resolve_references(graph: &mut Graph, index: &Index, diagnostics: &mut Diagnostics) {
    let source_names: Vec<String> = {
        let mut names: Vec<String> = index.sources.keys().cloned().collect();
        names.sort();
        names
    };
    let term_names: Vec<String> = {
        let mut names: Vec<String> = index.terms.keys().cloned().collect();
        names.sort();
        names
    };
    for id in 0..graph.pages.len() {
        let doc = &graph.pages[id].doc;
        if let Some(excerpt) = doc.fields.excerpt() {
            let name = excerpt.source.trim();
            let source = index.sources.get(name).copied();
            if let Some(owners) = index.ambiguous_sources.get(name) {
                diagnostics.push(ambiguous_source(graph, doc, name, owners));
            } else if name.is_empty() {
                diagnostics.push(no_source(doc, &source_names));
            } else if source.is_none() {
                diagnostics.push(missing(
                    doc,
                    "source",
                    &excerpt.source,
                    &source_names,
                    t!(
                        "一个来源页面：来源栏目中某个页面的文件名（不带 .md）或标题",
                        "a source page: the file name (without .md) or title of a page in the sources section"
                    ),
                ));
            }
            graph.pages[id].source = source;
        }
        let doc = &graph.pages[id].doc;
        if let Some(formulation) = doc.fields.formulation() {
            let mut related = Vec::new();
            for name in &formulation.related {
                match index.formulation(name) {
                    Some(f) => related.push(graph.formulations[f]),
                    None => diagnostics.push(missing(
                        doc,
                        "related",
                        name,
                        &term_names,
                        t!(
                            "某个提法的标题或变体",
                            "the title or a variant of a formulation"
                        ),
                    )),
                }
            }
            let superseded_by = match &formulation.superseded_by {
                Some(name) => match index.formulation(name) {
                    Some(f) => Some(graph.formulations[f]),
                    None => {
                        diagnostics.push(missing(
                            doc,
                            "superseded_by",
                            name,
                            &term_names,
                            t!(
                                "取代这个提法的那个提法的标题",
                                "the title of the formulation that replaced this one"
                            ),
                        ));
                        None
                    }
                },
                None => None,
            };
            graph.pages[id].related = related;
            graph.pages[id].superseded_by = superseded_by;
        }
    }
    check_succession(graph, diagnostics);
    order_excerpts(graph);
}

/// An excerpt's `source` that two or more sources answer to.
fn ambiguous_source(graph: &Graph, doc: &Document, name: &str, owners: &[PageId]) -> Diagnostic {
    let files: Vec<String> = owners
        .iter()
        .map(|&id| graph.pages[id].doc.display_path())
        .collect();
    let files = files.join(", ");
    Diagnostic::error(
        rule::AMBIGUOUS_REFERENCE,
        doc.display_path(),
        t!(
            "source: `{name}` 对应不止一个来源：{files}",
            "source: `{name}` names more than one source: {files}"
        ),
    )
    .at(doc.key_line("source"), "source".len() + 3)
    .span(name.chars().count())
    .hint(t!(
        "请用来源的文件名（不带 .md，不会重复）来指明来源，或给这几个来源起不同的标题",
        "name the source by its file name (without .md), which is unique, or give the sources different titles"
    ))
}

/// A formulation may not be superseded by itself, and successions may not
/// go round in a circle (A → B → A): a reader sent to "the current wording"
/// would never arrive. Each formulation has at most one successor, so
/// following the chains once finds every cycle.
fn check_succession(graph: &mut Graph, diagnostics: &mut Diagnostics) {
    const UNSEEN: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![UNSEEN; graph.pages.len()];
    let mut broken = Vec::new();
    for start in 0..graph.pages.len() {
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(id) = at {
            match state[id] {
                DONE => break,
                ON_PATH => {
                    let cycle_start = path.iter().position(|&p| p == id).unwrap_or(0);
                    broken.push(path[cycle_start..].to_vec());
                    break;
                }
                _ => {
                    state[id] = ON_PATH;
                    path.push(id);
                    at = graph.pages[id].superseded_by;
                }
            }
        }
        for id in path {
            state[id] = DONE;
        }
    }
    for cycle in broken {
        let names: Vec<String> = cycle
            .iter()
            .map(|&id| graph.pages[id].doc.display_path())
            .collect();
        let message = match names.len() {
            1 => t!(
                "superseded_by 写的是这个提法自己",
                "superseded_by names the formulation itself"
            ),
            _ => {
                let circle = format!("{} → {}", names.join(" → "), names[0]);
                t!(
                    "superseded_by 绕成了一个圈：{circle}",
                    "superseded_by goes round in a circle: {circle}"
                )
            }
        };
        for &id in &cycle {
            let doc = &graph.pages[id].doc;
            diagnostics.push(
                Diagnostic::error(rule::SUPERSEDED_CYCLE, doc.display_path(), message.clone())
                    .at(doc.key_line("superseded_by"), 1)
                    .hint(t!(
                        "`superseded_by` 应写较新的那个提法；最新的提法不写这个字段",
                        "`superseded_by` names the newer formulation; the newest has none"
                    )),
            );
            graph.pages[id].superseded_by = None;
        }
    }
}

/// An excerpt that names no source: it has no place in any report.
fn no_source(doc: &Document, candidates: &[String]) -> Diagnostic {
    let example = candidates.first().map_or("x-report", String::as_str);
    let has_key = doc.key_lines.iter().any(|(k, _)| k == "source");
    let message = if has_key {
        t!(
            "`source` 是空的：摘录必须写明它出自哪份报告",
            "`source` is empty: an excerpt must name the report it comes from"
        )
    } else {
        t!(
            "摘录需要 `source:`，即它出自的报告",
            "an excerpt needs `source:`, the report it comes from"
        )
    };
    Diagnostic::error(rule::UNRESOLVED_REFERENCE, doc.display_path(), message)
        .at(doc.key_line("source"), 1)
        .hint(t!(
            "请在前置元数据中加上 `source: {example}`：写来源栏目中某一页的文件名（不带 .md）或标题；在有来源之前，也可以把摘录标为 `draft: true`",
            "add `source: {example}` to the front matter: the file name (without .md) or title of a page in the sources section; or mark the excerpt `draft: true` until it has one"
        ))
}

/// A "not found" error at the field's line, with the closest existing names.
fn missing(doc: &Document, key: &str, name: &str, candidates: &[String], what: Text) -> Diagnostic {
    let mut hint = t!("`{key}` 应写{what}", "`{key}` must name {what}");
    let suggestions = did_you_mean(name, candidates);
    if !suggestions.is_empty() {
        let quoted: Vec<String> = suggestions.iter().map(|s| format!("`{s}`")).collect();
        let (either_zh, either_en) = (quoted.join(" 或 "), quoted.join(" or "));
        hint = t!(
            "是不是要写 {either_zh}？{hint}",
            "did you mean {either_en}? {hint}"
        );
    }
    let line = doc.key_line(key);
    Diagnostic::error(
        rule::UNRESOLVED_REFERENCE,
        doc.display_path(),
        t!("{key}: 找不到 `{name}`", "{key}: `{name}` not found"),
    )
    .at(line, key.chars().count() + 3)
    .span(name.chars().count())
    .hint(hint)
}

/// Up to three names close to `name`, best first.
pub fn did_you_mean(name: &str, candidates: &[String]) -> Vec<String> {
    let mut scored: Vec<(f64, &String)> = candidates
        .iter()
        .map(|c| (strsim::normalized_levenshtein(name, c), c))
        .filter(|(score, c)| *score >= 0.5 || c.contains(name) || name.contains(c.as_str()))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, c)| c.clone()).collect()
}

/// Sorts each source's excerpts into document order and links neighbours.
fn order_excerpts(graph: &mut Graph) {
    let mut by_source: FxHashMap<PageId, Vec<PageId>> = FxHashMap::default();
    for (id, page) in graph.pages.iter().enumerate() {
        if let Some(source) = page.source {
            by_source.entry(source).or_default().push(id);
        }
    }
    for (source, mut excerpts) in by_source {
        excerpts.sort_by(|&a, &b| {
            let key = |id: PageId| {
                let page = &graph.pages[id];
                (
                    page.doc
                        .fields
                        .excerpt()
                        .and_then(|e| e.order)
                        .unwrap_or(u32::MAX),
                    page.doc.rel_path.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        let year = graph.pages[source].doc.fields.source().and_then(|s| s.year);
        for (i, &id) in excerpts.iter().enumerate() {
            let page = &mut graph.pages[id];
            page.prev = i.checked_sub(1).map(|p| excerpts[p]);
            page.next = excerpts.get(i + 1).copied();
            page.year = year;
        }
        graph.pages[source].year = year;
        graph.pages[source].excerpts = excerpts;
    }
    for page in &mut graph.pages {
        if page.year.is_none() {
            page.year = page.doc.fields.source().and_then(|s| s.year);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_close_names() {
        let names: Vec<String> = ["四个意识", "四个自信", "两个维护"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(did_you_mean("四个意思", &names)[0], "四个意识");
        assert!(did_you_mean("完全无关的词", &names).is_empty());
    }
}
