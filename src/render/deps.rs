//! What each output was made from, so `serve` can tell which outputs a
//! change affects.
//!
//! While a job renders, the view builders record every piece of the graph
//! they read ([`Dep`]). After a change, each piece is fingerprinted again;
//! a job is re-rendered only if a piece it read has a new fingerprint (or
//! its template changed). Because the record comes from the same code that
//! builds the views, a view that starts reading something new is tracked
//! without anyone keeping a dependency list by hand.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};

use serde::Serialize;

use crate::graph::{Graph, Node, PageId};
use crate::parse::Part;

/// A piece of the graph a view reads. Keys are content paths, stable
/// across rebuilds (page ids are not).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dep {
    /// A page's own data: front matter, rendered body, place in its source.
    Content(String),
    /// What a list or link shows of a page: title, URL, summary, part …
    Summary(String),
    /// A formulation's backlinks, co-occurrence and verbs.
    Stats(String),
    /// A section's own data and the pages it lists.
    Section(String),
    /// Terms of a taxonomy and the pages of each term.
    Taxonomy(String),
    /// Excerpts sharing a part and topic (related excerpts).
    TopicBucket(Part, String),
    /// The site-wide view (`site`).
    Site,
    /// The home page's lists.
    Home,
}

thread_local! {
    static RECORDER: RefCell<Option<BTreeSet<Dep>>> = const { RefCell::new(None) };
}

/// Notes that the view being built reads `dep` (no-op unless recording).
pub fn record(dep: impl FnOnce() -> Dep) {
    RECORDER.with(|r| {
        if let Some(set) = r.borrow_mut().as_mut() {
            set.insert(dep());
        }
    });
}

/// Runs `f` and returns what it read. Rendering a job happens on one
/// thread, so a thread-local recorder sees exactly that job's reads.
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, BTreeSet<Dep>) {
    RECORDER.with(|r| *r.borrow_mut() = Some(BTreeSet::new()));
    let value = f();
    let deps = RECORDER.with(|r| r.borrow_mut().take()).unwrap_or_default();
    (value, deps)
}

/// A stable 64-bit hash of anything hashable (no serialisation: used for
/// the thousands of page fingerprints of every rebuild).
pub fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    value.hash(&mut hasher);
    hasher.finish()
}

/// A stable 64-bit hash of anything serialisable.
pub fn fingerprint_of<T: Serialize + ?Sized>(value: &T) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    serde_json::to_vec(value)
        .unwrap_or_default()
        .hash(&mut hasher);
    hasher.finish()
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
        Dep::Stats(path) => {
            let id = page_id(graph, path)?;
            let stats = &graph.stats[graph.pages[id].formulation?];
            let backlinks: Vec<(&str, &str, usize, usize, &str)> = stats
                .backlinks
                .iter()
                .map(|b| {
                    let mention = b.mention(graph);
                    (
                        rel(graph, b.page),
                        mention.sentence.as_str(),
                        mention.span.start,
                        mention.span.end,
                        mention.matched.as_str(),
                    )
                })
                .collect();
            let with: Vec<(&str, usize)> = stats
                .used_with
                .iter()
                .map(|&(f, n)| (rel(graph, graph.formulations[f]), n))
                .collect();
            Some(hash_of(&(backlinks, stats.pages, with, &stats.verbs)))
        }
        Dep::Section(path) => match graph.by_path.get(path) {
            Some(Node::Section(id)) => {
                let section = &graph.sections[*id];
                let pages: Vec<&str> = section.pages.iter().map(|&p| rel(graph, p)).collect();
                Some(fingerprint_of(&(
                    super::views::section_view(graph, *id),
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
        Dep::Site => Some(fingerprint_of(&super::views::site_view(graph, None))),
        Dep::Home => Some(fingerprint_of(&super::views::home_view(graph))),
    }
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
