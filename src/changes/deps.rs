//! Fingerprints of the pieces of the graph, and the table of every piece
//! some output has read.
//!
//! After a change, each piece an output read ([`Dep`]) is fingerprinted in
//! the new graph; an output is rendered again only if one of its pieces
//! has a new fingerprint (see [`super::plan`]). A fingerprint covers what
//! a view shows of the piece, by path, never by page id (ids shift when a
//! page comes or goes).

use indexmap::IndexSet;
use rayon::prelude::*;
use rustc_hash::FxBuildHasher;

use crate::graph::reads::Dep;
use crate::graph::{Graph, Node, PageId};
use crate::hash::{fingerprint_of, hash_of};

/// Every piece of the graph some output has read, numbered once, so
/// records and fingerprints are small integers and vectors rather than
/// thousands of strings compared on every rebuild.
/// A piece's id is its place in the set: each piece is held once (a map
/// from pieces to ids beside a list of them held every piece twice, tens
/// of megabytes at 100,000 pages).
#[derive(Debug, Default)]
pub struct DepTable {
    deps: IndexSet<Dep, FxBuildHasher>,
}

impl DepTable {
    pub fn intern(&mut self, dep: Dep) -> u32 {
        self.deps.insert_full(dep).0 as u32
    }

    /// The id of a piece, if some output has read it.
    pub fn id(&self, dep: &Dep) -> Option<u32> {
        self.deps.get_index_of(dep).map(|id| id as u32)
    }

    /// Fingerprints of the pieces with ids from `from` on, in `graph`.
    pub fn fingerprints(&self, graph: &Graph, from: usize) -> Vec<Option<u64>> {
        (from.min(self.deps.len())..self.deps.len())
            .into_par_iter()
            .map(|id| fingerprint(graph, &self.deps[id]))
            .collect()
    }
}

fn page_id(graph: &Graph, rel_path: &str) -> Option<PageId> {
    match graph.by_path.get(rel_path) {
        Some(Node::Page(id)) => Some(*id),
        _ => None,
    }
}

fn rel(graph: &Graph, id: PageId) -> &str {
    &graph.pages[id].doc.rel_path
}

/// The fingerprint of `dep` in `graph`; `None` when the piece no longer
/// exists (which counts as a change).
pub fn fingerprint(graph: &Graph, dep: &Dep) -> Option<u64> {
    match dep {
        Dep::Content(path) => page_id(graph, path).map(|id| content_fingerprint(graph, id)),
        Dep::Summary(path) => page_id(graph, path).map(|id| summary_fingerprint(graph, id)),
        Dep::Link(path) => page_id(graph, path).map(|id| {
            let page = &graph.pages[id];
            hash_of(&(&page.doc.meta.title, &page.path, page.doc.kind))
        }),
        Dep::Stats(path) => {
            let id = page_id(graph, path)?;
            Some(stats_fingerprint(graph, graph.pages[id].formulation?))
        }
        Dep::Uses(path, key, n) => {
            let id = page_id(graph, path)?;
            let stats = &graph.stats[graph.pages[id].formulation?];
            let group = stats.groups.iter().find(|g| g.key() == key)?;
            let per_page = crate::graph::links::USES_PER_PAGE;
            let start = n.saturating_sub(1) * per_page;
            let end = (start + per_page).min(group.backlinks.len());
            let slice = group.backlinks.get(start..end)?;
            Some(hash_of(&(
                group.backlinks.len(),
                mentions_fingerprint(graph, slice),
            )))
        }
        Dep::Section(path) => match graph.by_path.get(path) {
            Some(Node::Section(id)) => {
                let section = &graph.sections[*id];
                let pages: Vec<&str> = section.pages.iter().map(|&p| rel(graph, p)).collect();
                Some(fingerprint_of(&(
                    crate::render::views::section_view(graph, *id),
                    pages,
                    &section.doc.fields,
                )))
            }
            _ => None,
        },
        Dep::Taxonomy(name) => graph.taxonomies.iter().find(|t| &t.name == name).map(|t| {
            let terms: Vec<(&str, &str, Vec<&str>)> = t
                .terms
                .iter()
                .map(|term| {
                    (
                        term.name.as_str(),
                        term.path.as_str(),
                        term.pages.iter().map(|&p| rel(graph, p)).collect(),
                    )
                })
                .collect();
            fingerprint_of(&(&t.title, &t.path, terms))
        }),
        Dep::TopicBucket(part, topic) => {
            let bucket = graph.topic_index.get(&(*part, topic.clone()));
            let paths: Vec<&str> = bucket
                .into_iter()
                .flatten()
                .map(|c| rel(graph, c.page))
                .collect();
            Some(fingerprint_of(&paths))
        }
        Dep::Related(path) => {
            let id = page_id(graph, path)?;
            let related = crate::graph::links::related_excerpts(
                graph,
                id,
                crate::render::views::RELATED_EXCERPTS,
            );
            let paths: Vec<&str> = related.iter().map(|&p| rel(graph, p)).collect();
            Some(fingerprint_of(&paths))
        }
        Dep::Site => Some(fingerprint_of(&crate::render::views::site_view(
            graph, None,
        ))),
        Dep::Home => Some(fingerprint_of(&crate::render::views::home_view(graph))),
    }
}

/// What a formulation's page shows of its statistics: the counts, the
/// verbs and co-occurring formulations, the sources, and the first
/// mentions of each group (not every mention: a formulation used on half
/// of the site would make every page that mentions it change its page).
fn stats_fingerprint(graph: &Graph, formulation: usize) -> u64 {
    let stats = &graph.stats[formulation];
    let preview = crate::render::views::USES_PREVIEW;
    let groups: Vec<(&str, usize, u64)> = stats
        .groups
        .iter()
        .map(|g| {
            let shown = &g.backlinks[..g.backlinks.len().min(preview)];
            (
                g.key(),
                g.backlinks.len(),
                mentions_fingerprint(graph, shown),
            )
        })
        .collect();
    let with: Vec<(&str, usize)> = stats
        .used_with
        .iter()
        .map(|&(f, n)| (rel(graph, graph.formulations[f]), n))
        .collect();
    let sources: Vec<(&str, usize)> = stats
        .by_source
        .iter()
        .map(|&(s, n)| (rel(graph, s), n))
        .collect();
    hash_of(&(
        groups,
        stats.backlinks.len(),
        stats.pages,
        with,
        &stats.verbs,
        sources,
    ))
}

/// The mentions as a list shows them: where, and the words around them.
fn mentions_fingerprint(graph: &Graph, backlinks: &[crate::graph::Backlink]) -> u64 {
    let shown: Vec<(&str, &str, usize, usize, bool, bool)> = backlinks
        .iter()
        .map(|b| {
            let mention = b.mention(graph);
            let plain_text = &graph.pages[b.page].rendered.plain_text;
            (
                rel(graph, b.page),
                mention.sentence(plain_text),
                mention.span.start,
                mention.span.end,
                mention.cut_before,
                mention.cut_after,
            )
        })
        .collect();
    hash_of(&shown)
}

/// What lists and links show of a page. The text comes from the file
/// (its source hash) and the body's plain text; the rest is
/// derived: URL, year, its source's title, how many pages cite it.
fn summary_fingerprint(graph: &Graph, id: PageId) -> u64 {
    let page = &graph.pages[id];
    let source_title = page.source.map(|s| &graph.pages[s].doc.meta.title);
    let cited_by = page.formulation.map(|f| graph.stats[f].pages);
    hash_of(&(
        page.doc.source_hash,
        page.doc.kind,
        page.rendered.plain_text_hash,
        &page.path,
        page.year,
        source_title,
        cited_by,
    ))
}

/// Everything of a page that its own view shows: its file (source hash and
/// the kind it was parsed as), its rendered body (render key), and what the
/// graph derived for it, by path.
fn content_fingerprint(graph: &Graph, id: PageId) -> u64 {
    let page = &graph.pages[id];
    let paths = |ids: &[PageId]| ids.iter().map(|&p| rel(graph, p)).collect::<Vec<_>>();
    let one = |p: Option<PageId>| p.map(|p| rel(graph, p));
    let uses: Vec<(&str, usize)> = page
        .uses
        .iter()
        .map(|&(f, n)| (rel(graph, graph.formulations[f]), n))
        .collect();
    hash_of(&(
        (
            page.doc.source_hash,
            page.doc.kind,
            page.render_key,
            &page.path,
            page.year,
        ),
        (
            one(page.source),
            one(page.prev),
            one(page.next),
            one(page.superseded_by),
        ),
        (paths(&page.excerpts), paths(&page.related), uses),
        graph.sections.get(page.section).map(|s| &s.doc.rel_path),
    ))
}
