//! Resolving references: `source`, `related`, `superseded_by`, `[[…]]` and
//! `@/…` links, with "did you mean" suggestions when a name is not found.

use rustc_hash::FxHashMap;

use super::{Graph, Node, PageId};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{Resolve, Target, TermMatcher};
use crate::parse::{Document, PageKind};
use crate::render::deps::hash_of;

/// Name → page lookups built once per graph.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Formulation titles and variants → formulation index.
    terms: FxHashMap<String, usize>,
    /// Source stems, slugs and titles → source page.
    sources: FxHashMap<String, PageId>,
    formulation_count: usize,
}

impl Index {
    pub fn new(graph: &Graph, diagnostics: &mut Diagnostics) -> Index {
        let terms = collect_terms(graph, diagnostics);
        let mut sources = FxHashMap::default();
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
                sources.entry(key).or_insert(id);
            }
        }
        Index {
            terms,
            sources,
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
        let mut hasher = rustc_hash::FxHasher::default();
        for entry in pages.chain(sections) {
            std::hash::Hash::hash(&entry, &mut hasher);
        }
        let nodes = std::hash::Hasher::finish(&hasher);
        hash_of(&(nodes, graph.config.base_path(), index.terms_fingerprint()))
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

impl Resolve for Links<'_> {
    fn wiki(&self, name: &str) -> Option<Target> {
        self.wiki.get(name).map(|&node| self.target(node))
    }

    fn path(&self, rel_path: &str) -> Option<Target> {
        let node = self.graph.by_path.get(rel_path.trim_start_matches('/'))?;
        Some(self.target(*node))
    }
}

/// Every title and variant → its formulation; a spelling claimed twice is an error.
fn collect_terms(graph: &Graph, diagnostics: &mut Diagnostics) -> FxHashMap<String, usize> {
    let mut terms: FxHashMap<String, usize> = FxHashMap::default();
    for (index, &page) in graph.formulations.iter().enumerate() {
        let doc = &graph.pages[page].doc;
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
            match terms.get(spelling) {
                Some(&other) if other != index => {
                    let other_doc = &graph.formulation_page(other).doc;
                    diagnostics.push(
                        Diagnostic::error(
                            "duplicate-term",
                            doc.display_path(),
                            format!("`{spelling}` is already a title or variant of {}", other_doc.display_path()),
                        )
                        .at(doc.key_line(key), 1)
                        .hint("each spelling may belong to one formulation only; merge the entries or drop the variant"),
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
            let source = index.sources.get(excerpt.source.trim()).copied();
            if source.is_none() {
                diagnostics.push(missing(doc, "source", &excerpt.source, &source_names, "a source page: the file name (without .md) or title of a page in the sources section"));
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
                        "the title or a variant of a formulation",
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
                            "the title of the formulation that replaced this one",
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
    order_excerpts(graph);
}

/// A "not found" error at the field's line, with the closest existing names.
fn missing(doc: &Document, key: &str, name: &str, candidates: &[String], what: &str) -> Diagnostic {
    let mut hint = format!("`{key}` must name {what}");
    let suggestions = did_you_mean(name, candidates);
    if !suggestions.is_empty() {
        hint = format!(
            "did you mean {}? {hint}",
            suggestions
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        );
    }
    let line = doc.key_line(key);
    Diagnostic::error(
        "unresolved-reference",
        doc.display_path(),
        format!("{key}: `{name}` not found"),
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
