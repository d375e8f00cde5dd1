//! The knowledge graph: every page, section and cross reference, resolved.
//!
//! `Graph::build` takes the parsed documents and works out, once per build,
//! everything later stages read: URLs, the section tree, which source an
//! excerpt belongs to and its neighbours, the formulation term index, every
//! body rendered with its mentions, backlinks with sentences, co-occurrence,
//! collocation verbs and taxonomies. Templates, search, `check` and `serve`
//! all read from it and never re-derive any of it.

pub mod aliases;
pub mod links;
pub mod local_links;
pub mod reads;
pub mod resolve;
pub mod taxonomy;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, rule};
use crate::hash::hash_of;
use crate::markdown::{self, Rendered, TermMatcher, TermTarget};
use crate::parse::{Document, Fields, PageKind, SortBy};
use crate::slug::slugify;
use crate::t;

pub use links::{Backlink, FormulationStats};
pub use taxonomy::{Taxonomy, TaxonomyTerm};

/// Index of a page in [`Graph::pages`].
pub type PageId = usize;
/// Index of a section in [`Graph::sections`].
pub type SectionId = usize;

/// A page (not a section index) with everything the graph knows about it.
#[derive(Debug, Clone)]
pub struct Page {
    pub doc: Arc<Document>,
    /// URL path below the base path, ending in `/` (`formulations/si-ge-yi-shi/`).
    pub path: String,
    /// The nearest section above the file.
    pub section: SectionId,
    pub rendered: Arc<Rendered>,
    /// Excerpt → its source page.
    pub source: Option<PageId>,
    /// Source → its excerpts in document order.
    pub excerpts: Vec<PageId>,
    /// Neighbours in the source (excerpts only).
    pub prev: Option<PageId>,
    pub next: Option<PageId>,
    /// Formulation → resolved `related`.
    pub related: Vec<PageId>,
    /// Formulation → resolved `superseded_by`.
    pub superseded_by: Option<PageId>,
    /// The key its body was rendered under: equal keys, equal `rendered`.
    pub render_key: u64,
    /// Formulation → its index in [`Graph::formulations`].
    pub formulation: Option<usize>,
    /// Formulations mentioned in the body, with counts, most used first.
    pub uses: Vec<(usize, usize)>,
    /// The year of the page: a source's `year`, an excerpt's source's year.
    pub year: Option<i32>,
}

/// The pages of a graph, each behind its own `Arc`: a graph patched from
/// another (a text edit in `serve`) shares every page it does not change,
/// instead of copying 100,000 of them. Indexing reads like a `Vec<Page>`;
/// writing through it copies the page first if another graph shares it.
#[derive(Debug, Clone, Default)]
pub struct Pages(Vec<Arc<Page>>);

impl Pages {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn push(&mut self, page: Page) {
        self.0.push(Arc::new(page));
    }

    pub fn iter(&self) -> PagesIter<'_> {
        self.0.iter().map(shared_page)
    }

    pub fn par_iter(&self) -> impl IndexedParallelIterator<Item = &Page> {
        self.0.par_iter().map(shared_page)
    }

    /// Every page, to change (each copied first if shared).
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Page> {
        self.0.iter_mut().map(own_page)
    }
}

/// The iterator of [`Pages::iter`].
pub type PagesIter<'a> =
    std::iter::Map<std::slice::Iter<'a, Arc<Page>>, fn(&'a Arc<Page>) -> &'a Page>;

impl std::ops::Index<PageId> for Pages {
    type Output = Page;
    fn index(&self, id: PageId) -> &Page {
        &self.0[id]
    }
}

impl std::ops::IndexMut<PageId> for Pages {
    fn index_mut(&mut self, id: PageId) -> &mut Page {
        Arc::make_mut(&mut self.0[id])
    }
}

impl<'a> IntoIterator for &'a Pages {
    type Item = &'a Page;
    type IntoIter = PagesIter<'a>;
    fn into_iter(self) -> PagesIter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &'a mut Pages {
    type Item = &'a mut Page;
    type IntoIter =
        std::iter::Map<std::slice::IterMut<'a, Arc<Page>>, fn(&'a mut Arc<Page>) -> &'a mut Page>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter_mut().map(own_page)
    }
}

fn shared_page(page: &Arc<Page>) -> &Page {
    page
}

fn own_page(page: &mut Arc<Page>) -> &mut Page {
    Arc::make_mut(page)
}

/// A section (`_index.md`) and its contents.
#[derive(Debug, Clone)]
pub struct Section {
    pub doc: Arc<Document>,
    pub path: String,
    pub parent: Option<SectionId>,
    pub subsections: Vec<SectionId>,
    /// Pages directly in the section or its non-section sub-folders, sorted.
    pub pages: Vec<PageId>,
    pub rendered: Arc<Rendered>,
}

/// The whole knowledge base.
#[derive(Debug, Clone)]
pub struct Graph {
    pub config: Config,
    pub pages: Pages,
    pub sections: Vec<Section>,
    /// Formulation pages; positions are the `formulation` ids used by terms.
    pub formulations: Vec<PageId>,
    pub terms: TermMatcher,
    /// Per formulation: backlinks, co-occurrence and verbs (shared with
    /// the graph a text edit patches, which copies only the ones it
    /// changes).
    pub stats: Vec<Arc<FormulationStats>>,
    /// What follows comes from front matter, which a text edit does not
    /// change: shared with the graphs patched from this one.
    pub taxonomies: Arc<Vec<Taxonomy>>,
    /// Content path (`formulations/四个意识.md`) → page or section.
    pub by_path: Arc<FxHashMap<String, Node>>,
    /// Excerpts by part and topic (topic × part lists).
    pub topic_index: Arc<links::TopicIndex>,
    /// Excerpts by part and sets of topics, for related excerpts (shared,
    /// since a text edit does not change it).
    pub related_index: Arc<links::RelatedIndex>,
    /// Old URLs that lead to pages (`aliases:`).
    pub aliases: Vec<aliases::Alias>,
    /// Content paths of the drafts this build leaves out, sorted (a link
    /// to one says it is a draft).
    pub drafts: Vec<String>,
    /// Formulation spellings and source names (kept for [`Graph::patch_bodies`]).
    names: resolve::Index,
    /// Problems found before bodies were rendered (URLs, references): they
    /// depend on front matter only.
    structure_diagnostics: Diagnostics,
}

/// What [`Graph::patch_bodies`] changed.
#[derive(Debug)]
pub struct BodyPatch {
    /// The pages whose documents were replaced.
    pub pages: Vec<PageId>,
    /// Formulations whose statistics may have changed: the ones the pages
    /// mentioned before or after, and any whose statistics differ.
    pub formulations: Vec<usize>,
    /// Every problem of the patched graph, as a full build reports them.
    pub diagnostics: Diagnostics,
    /// Whether a formulation's usage lists gained or lost a page (then the
    /// site has other outputs than before).
    pub lists_changed: bool,
    /// Whether the number of pages citing a formulation changed (what the
    /// home page ranks formulations by).
    pub counts_changed: bool,
    /// Whether a formulation's wording (`full:`) changed: what its own
    /// pages, its hover card and the lists that show it read.
    pub wording_changed: bool,
}

/// A page or a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    Page(PageId),
    Section(SectionId),
}

impl Graph {
    /// Drops the Markdown of every page and section whose document is not
    /// shared (a one-off build's, once the graph is built): everything
    /// after reads the rendered bodies.
    pub fn release_markdown(&mut self) {
        let docs = self.pages.iter_mut().map(|p| &mut p.doc);
        for doc in docs.chain(self.sections.iter_mut().map(|s| &mut s.doc)) {
            if let Some(doc) = Arc::get_mut(doc) {
                doc.body = String::new();
            }
        }
    }

    /// Builds the graph. Problems (duplicate URLs, unresolved references,
    /// broken links) are returned beside a graph that is as complete as it
    /// could be made.
    pub fn build(documents: Vec<Document>, config: Config) -> (Graph, Diagnostics) {
        let documents: Vec<Arc<Document>> = documents.into_iter().map(Arc::new).collect();
        Graph::build_cached(documents, Vec::new(), config, &mut RenderCache::default())
    }

    /// [`Graph::build`], reusing the rendered bodies in `cache` that are
    /// still valid and leaving the new ones there (for `serve`).
    pub fn build_cached(
        documents: Vec<Arc<Document>>,
        mut drafts: Vec<String>,
        config: Config,
        cache: &mut RenderCache,
    ) -> (Graph, Diagnostics) {
        let mut diagnostics = Diagnostics::new();
        let (sections, documents) = split_sections(documents, &config);
        let mut graph = Graph {
            config,
            pages: Pages::default(),
            sections,
            formulations: Vec::new(),
            terms: TermMatcher::empty(),
            stats: Vec::new(),
            taxonomies: Arc::default(),
            by_path: Arc::default(),
            topic_index: Arc::default(),
            related_index: Arc::default(),
            aliases: Vec::new(),
            drafts: {
                drafts.sort();
                drafts
            },
            names: resolve::Index::default(),
            structure_diagnostics: Diagnostics::new(),
        };
        graph.link_sections();
        graph.add_pages(documents, cache);
        graph.check_unique_urls(&mut diagnostics);
        graph.formulations = graph
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.doc.kind == PageKind::Formulation)
            .map(|(id, _)| id)
            .collect();
        for (index, &page) in graph.formulations.iter().enumerate() {
            graph.pages[page].formulation = Some(index);
        }
        let index = resolve::Index::new(&graph, &mut diagnostics);
        graph.terms = index.term_matcher(&graph);
        resolve::resolve_references(&mut graph, &index, &mut diagnostics);
        graph.structure_diagnostics = diagnostics;
        graph.render_bodies(&index, cache);
        graph.stats = links::formulation_stats(&mut graph);
        graph.sort_section_pages();
        graph.taxonomies = Arc::new(taxonomy::build(&graph));
        graph.check_name_lengths();
        graph.topic_index = Arc::new(links::topic_index(&graph));
        graph.related_index = Arc::new(links::related_index(&graph));
        graph.names = index;
        let diagnostics = graph.diagnostics();
        (graph, diagnostics)
    }

    /// Every problem of the graph: the structural ones, the bodies' and
    /// broken anchors, sorted.
    fn diagnostics(&self) -> Diagnostics {
        let mut diagnostics = self.structure_diagnostics.clone();
        let all = self
            .pages
            .iter()
            .map(|p| &p.rendered)
            .chain(self.sections.iter().map(|s| &s.rendered));
        for rendered in all {
            for d in &rendered.diagnostics {
                diagnostics.push(d.clone());
            }
        }
        links::check_anchors(self, &mut diagnostics);
        diagnostics.sort();
        diagnostics
    }

    /// Replaces the documents of pages whose front matter did not change
    /// (only their bodies did, or a formulation's wording, see
    /// [`only_wording_changed`]) and brings up to date what depends on
    /// them: rendered bodies, mentions, formulation statistics, anchors,
    /// the hover cards' data.
    /// Returns `None`, changing nothing, unless every document is such an
    /// edit of an existing page; then the graph must be built again.
    ///
    /// This is `serve`'s fast path for the commonest edit, typing in an
    /// excerpt: everything derived from front matter (URLs, sources, order,
    /// neighbours, taxonomies, topics) stays as it is. The result is the
    /// graph a full build gives (tests/serve.rs compares them after random
    /// edits).
    pub fn patch_bodies(
        &mut self,
        documents: &[Arc<Document>],
        cache: &mut RenderCache,
    ) -> Option<BodyPatch> {
        let mut pages = Vec::new();
        let mut wording_changed = false;
        for doc in documents {
            let Some(&Node::Page(id)) = self.by_path.get(&doc.rel_path) else {
                return None;
            };
            let old = &self.pages[id].doc;
            let same_front_matter = old.kind == doc.kind
                && old.meta == doc.meta
                && old.fields == doc.fields
                && old.key_lines == doc.key_lines;
            if !same_front_matter {
                if !only_wording_changed(old, doc) {
                    return None;
                }
                wording_changed = true;
            }
            pages.push(id);
        }
        let entries: Vec<CacheEntry> = {
            let renderer = BodyRenderer::new(self, &self.names);
            documents
                .iter()
                .zip(&pages)
                .map(|(doc, &id)| {
                    let page = &self.pages[id];
                    let cached = cache.entries.get(&doc.rel_path);
                    renderer
                        .entry(doc, &page.path, page.formulation, cached)
                        .or_else(|| cached.cloned())
                })
                .collect::<Option<_>>()?
        };
        // The usage lists of the formulations the pages mention, before
        // and after the edit, as they were.
        let mut old_shapes: FxHashMap<usize, Vec<(&'static str, usize)>> = FxHashMap::default();
        let mentioned_now = entries.iter().flat_map(|e| {
            e.rendered
                .mentions
                .iter()
                .map(|m| self.terms.targets[m.target].formulation)
        });
        let mentioned_before = pages
            .iter()
            .flat_map(|&id| self.pages[id].uses.iter().map(|&(f, _)| f));
        for f in mentioned_before.chain(mentioned_now) {
            old_shapes
                .entry(f)
                .or_insert_with(|| links::list_shape(&self.stats[f]));
        }
        let mut old_bodies = Vec::with_capacity(pages.len());
        for ((doc, &id), entry) in documents.iter().zip(&pages).zip(entries) {
            let page = &mut self.pages[id];
            old_bodies.push(std::mem::replace(
                &mut page.rendered,
                entry.rendered.clone(),
            ));
            page.doc = doc.clone();
            page.render_key = entry.key;
            cache.entries.insert(doc.rel_path.clone(), entry);
        }
        if wording_changed {
            // What the hover cards show (`card.json`); the links in bodies
            // show only URLs and titles, which did not change.
            self.terms.targets = term_targets(self);
        }
        let (formulations, counts_changed) =
            links::patch_formulation_stats(self, &pages, &old_bodies);
        let lists_changed = formulations
            .iter()
            .any(|f| old_shapes.get(f) != Some(&links::list_shape(&self.stats[*f])));
        Some(BodyPatch {
            pages,
            formulations,
            diagnostics: self.diagnostics(),
            lists_changed,
            counts_changed,
            wording_changed,
        })
    }

    /// The URL of a path below the base (`formulations/x/` → `/kb/formulations/x/`).
    pub fn url(&self, path: &str) -> String {
        self.config.url_below_base(path)
    }

    /// The absolute URL (`http://oa.example/kb/formulations/x/`).
    pub fn permalink(&self, path: &str) -> String {
        format!("{}/{}", self.config.origin_and_base(), path)
    }

    pub fn page_url(&self, id: PageId) -> String {
        self.url(&self.pages[id].path)
    }

    /// The root section (the home page).
    pub fn root(&self) -> SectionId {
        0
    }

    pub fn formulation_page(&self, formulation: usize) -> &Page {
        &self.pages[self.formulations[formulation]]
    }

    /// Pages of one kind, in path order.
    pub fn pages_of(&self, kind: PageKind) -> impl Iterator<Item = (PageId, &Page)> {
        self.pages
            .iter()
            .enumerate()
            .filter(move |(_, p)| p.doc.kind == kind)
    }

    fn link_sections(&mut self) {
        let folders: FxHashMap<String, SectionId> = self
            .sections
            .iter()
            .enumerate()
            .map(|(id, s)| (s.doc.folder().to_string(), id))
            .collect();
        for id in 1..self.sections.len() {
            let parent = nearest_section(&folders, parent_folder(self.sections[id].doc.folder()));
            self.sections[id].parent = Some(parent);
            self.sections[parent].subsections.push(id);
        }
        let by_path = Arc::make_mut(&mut self.by_path);
        for (id, section) in self.sections.iter().enumerate() {
            by_path.insert(section.doc.rel_path.clone(), Node::Section(id));
        }
    }

    /// Adds the pages with their sections and URL paths (the path of an
    /// unchanged file is taken from `cache`: transliterating every file
    /// name on every rebuild is measurable).
    fn add_pages(&mut self, documents: Vec<Arc<Document>>, cache: &RenderCache) {
        let folders: FxHashMap<String, SectionId> = self
            .sections
            .iter()
            .enumerate()
            .map(|(id, s)| (s.doc.folder().to_string(), id))
            .collect();
        let config = &self.config;
        let placed: Vec<(SectionId, String)> = documents
            .par_iter()
            .map(|doc| {
                let path = match cache.entries.get(&doc.rel_path) {
                    Some(entry) if entry.source_hash == doc.source_hash => entry.path.clone(),
                    _ => page_path(doc, config),
                };
                (nearest_section(&folders, doc.folder()), path)
            })
            .collect();
        for (doc, (section, path)) in documents.into_iter().zip(placed) {
            let id = self.pages.len();
            Arc::make_mut(&mut self.by_path).insert(doc.rel_path.clone(), Node::Page(id));
            self.sections[section].pages.push(id);
            self.pages.push(Page {
                doc,
                path,
                section,
                rendered: Arc::default(),
                render_key: 0,
                source: None,
                excerpts: Vec::new(),
                prev: None,
                next: None,
                related: Vec::new(),
                superseded_by: None,
                formulation: None,
                uses: Vec::new(),
                year: None,
            });
        }
    }

    /// Two files may not claim one URL; reserved outputs count as claims
    /// too. The pages' old URLs (aliases) are checked against all of them.
    fn check_unique_urls(&mut self, diagnostics: &mut Diagnostics) {
        let reserved = reserved_paths(&self.config);
        let mut claimed: FxHashMap<Cow<str>, Option<String>> = reserved
            .iter()
            .map(|path| (Cow::Borrowed(path.as_str()), None))
            .collect();
        let all = self
            .sections
            .iter()
            .map(|s| (&s.path, &s.doc))
            .chain(self.pages.iter().map(|p| (&p.path, &p.doc)));
        for (path, doc) in all {
            // Case-insensitive file systems would merge these, so compare folded.
            let key = if path.chars().any(char::is_uppercase) {
                Cow::Owned(path.to_lowercase())
            } else {
                Cow::Borrowed(path.as_str())
            };
            match claimed.get(&key) {
                Some(other) => {
                    let other = match other {
                        Some(other) => crate::i18n::Text::same(other.clone()),
                        None => t!("tifa 自己生成的 `{key}`", "tifa's own `{key}` output"),
                    };
                    diagnostics.push(
                        Diagnostic::error(
                            rule::DUPLICATE_URL,
                            doc.display_path(),
                            t!(
                                "网址 /{path} 也由 {other} 生成",
                                "URL /{path} is also produced by {other}"
                            ),
                        )
                        .at(doc.key_line("slug"), 1)
                        .hint(t!(
                            "请给其中一个文件换个文件名，或为它写一个自己的 `slug:`",
                            "give one of the files a different name or a `slug:` of its own"
                        )),
                    )
                }
                None => {
                    claimed.insert(key, Some(doc.display_path()));
                }
            }
        }
        let aliases = aliases::collect(self, &claimed, diagnostics);
        self.aliases = aliases;
    }

    /// Every URL segment becomes a folder name, and file systems refuse
    /// names over 255 bytes: a long Chinese file name or topic would fail
    /// the build at write time, far from its cause. Found here instead,
    /// naming the file and line that made it.
    fn check_name_lengths(&mut self) {
        let mut found = Vec::new();
        let too_long = |path: &str| path.split('/').map(str::len).find(|&n| n > MAX_NAME_BYTES);
        for page in &self.pages {
            if let Some(bytes) = too_long(&page.path) {
                let doc = &page.doc;
                let line = if doc.meta.slug.is_some() {
                    doc.key_line("slug")
                } else {
                    1
                };
                found.push(
                    Diagnostic::error(
                        rule::LONG_NAME,
                        doc.display_path(),
                        t!(
                            "由这个页面的名称生成的网址中有一段长 {bytes} 字节，文件系统最多只允许 {MAX_NAME_BYTES} 字节",
                            "the URL made from this page's name has a {bytes}-byte part; file systems allow {MAX_NAME_BYTES}"
                        ),
                    )
                    .at(line, 1)
                    .hint(t!(
                        "请在前置元数据中加一个简短的 `slug:`，例如 slug: short-name",
                        "add a short `slug:` to the front matter, e.g. slug: short-name"
                    )),
                );
            }
        }
        for taxonomy in self.taxonomies.iter() {
            for term in &taxonomy.terms {
                let (Some(bytes), Some(&first)) = (too_long(&term.path), term.pages.first()) else {
                    continue;
                };
                let doc = &self.pages[first].doc;
                found.push(
                    Diagnostic::error(
                        rule::LONG_NAME,
                        doc.display_path(),
                        t!(
                            "{} `{}` 生成的网址段长 {bytes} 字节，文件系统最多只允许 {MAX_NAME_BYTES} 字节",
                            "{} `{}` makes a {bytes}-byte URL part; file systems allow {MAX_NAME_BYTES}",
                            taxonomy.name,
                            term.name
                        ),
                    )
                    .at(doc.key_line(&taxonomy.name), 1)
                    .hint(t!(
                        "请缩短这个名称（用到它的每个页面都要改用同一个较短的名称）",
                        "shorten the name (every page that uses it must use the same, shorter name)"
                    )),
                );
            }
        }
        for diagnostic in found {
            self.structure_diagnostics.push(diagnostic);
        }
    }

    /// Renders every body, reusing the cached result of a body whose text
    /// and link targets are unchanged (see [`RenderCache`]).
    fn render_bodies(&mut self, index: &resolve::Index, cache: &mut RenderCache) {
        let mut old = std::mem::take(&mut cache.entries);
        let (pages, sections) = {
            let renderer = BodyRenderer::new(self, index);
            let pages: Vec<Option<CacheEntry>> = self
                .pages
                .par_iter()
                .map(|page| {
                    let cached = old.get(&page.doc.rel_path);
                    renderer.entry(&page.doc, &page.path, page.formulation, cached)
                })
                .collect();
            let sections: Vec<Option<CacheEntry>> = self
                .sections
                .par_iter()
                .map(|s| renderer.entry(&s.doc, &s.path, None, old.get(&s.doc.rel_path)))
                .collect();
            (pages, sections)
        };
        let mut entries = FxHashMap::default();
        entries.reserve(pages.len() + sections.len());
        // Reused entries move with their key: no path is copied.
        let mut keep = |doc: &Document, fresh: Option<CacheEntry>| -> (Arc<Rendered>, u64) {
            let (key, entry) = match (fresh, old.remove_entry(&doc.rel_path)) {
                (Some(entry), Some((key, _))) => (key, entry),
                (Some(entry), None) => (doc.rel_path.clone(), entry),
                (None, Some(kept)) => kept,
                // `None` means the entry was found above.
                (None, None) => unreachable!("a reused body has a cache entry"),
            };
            let kept = (entry.rendered.clone(), entry.key);
            entries.insert(key, entry);
            kept
        };
        for (page, fresh) in self.pages.iter_mut().zip(pages) {
            (page.rendered, page.render_key) = keep(&page.doc, fresh);
        }
        for (section, fresh) in self.sections.iter_mut().zip(sections) {
            section.rendered = keep(&section.doc, fresh).0;
        }
        cache.entries = entries;
    }

    fn sort_section_pages(&mut self) {
        let pages = &self.pages;
        for section in &mut self.sections {
            let sort_by = section
                .doc
                .fields
                .section()
                .map_or(SortBy::Order, |s| s.sort_by);
            section.pages.sort_by(|&a, &b| {
                let (a, b) = (&pages[a], &pages[b]);
                let by_path = || a.doc.rel_path.cmp(&b.doc.rel_path);
                match sort_by {
                    SortBy::Title => a.doc.meta.title.cmp(&b.doc.meta.title).then_with(by_path),
                    SortBy::Date => b.doc.meta.date.cmp(&a.doc.meta.date).then_with(by_path),
                    SortBy::Weight => a.doc.meta.weight.cmp(&b.doc.meta.weight).then_with(by_path),
                    SortBy::Order => excerpt_order(a).cmp(&excerpt_order(b)).then_with(by_path),
                    SortBy::None => by_path(),
                }
            });
        }
    }
}

/// Rendered bodies of a previous build, by content path.
///
/// A body is rendered again only if its *base key* changed (its file, its
/// place, the set of term spellings, the Markdown options, and link targets
/// if it has explicit links) or what a link to a formulation it mentions
/// shows (URL, title: the wording is the hover card's, see
/// `crate::render::card`). With the same spellings the automaton finds the
/// same matches, so no body is rendered again when a formulation's wording
/// changes.
#[derive(Debug, Clone, Default)]
pub struct RenderCache {
    entries: FxHashMap<String, CacheEntry>,
}

#[derive(Debug, Clone)]
struct CacheEntry {
    base: u64,
    /// The base key and the linked targets' data: equal keys, equal output.
    key: u64,
    /// The file's hash when `explicit_links` was worked out.
    source_hash: u64,
    /// Whether the body has `[[…]]` or `@/…` links.
    explicit_links: bool,
    /// The URL path of the page or section.
    path: String,
    /// The formulations (matcher targets) the body links to, sorted.
    targets: Vec<usize>,
    rendered: Arc<Rendered>,
}

/// Renders bodies, or finds their cached rendering still valid.
struct BodyRenderer<'g> {
    config: &'g Config,
    terms: &'g TermMatcher,
    graph: &'g Graph,
    index: &'g resolve::Index,
    /// The link resolver and its fingerprint, made when the first body
    /// with explicit links needs them: they cost a pass over every page,
    /// which an edit of a body without links (the usual save) need not pay.
    resolver: std::sync::OnceLock<(resolve::Links<'g>, u64)>,
    shared: u64,
    /// Per matcher target, a hash of what a link to it shows (URL, title).
    target_hashes: Vec<u64>,
}

impl<'g> BodyRenderer<'g> {
    fn new(graph: &'g Graph, index: &'g resolve::Index) -> BodyRenderer<'g> {
        BodyRenderer {
            config: &graph.config,
            terms: &graph.terms,
            graph,
            index,
            resolver: std::sync::OnceLock::new(),
            shared: cache_key_base(&graph.config, index),
            target_hashes: graph
                .terms
                .targets
                .iter()
                .map(|t| hash_of(&(&t.url, &t.title)))
                .collect(),
        }
    }

    fn resolver(&self) -> &(resolve::Links<'g>, u64) {
        self.resolver.get_or_init(|| {
            let links = resolve::Links::new(self.graph, self.index);
            let fingerprint = links.fingerprint(self.index);
            (links, fingerprint)
        })
    }

    /// The rendering of `doc` at `path` (`own`: its formulation, whose
    /// mentions are not linked), or `None` when `cached` is still valid.
    fn entry(
        &self,
        doc: &Document,
        path: &str,
        own: Option<usize>,
        cached: Option<&CacheEntry>,
    ) -> Option<CacheEntry> {
        let explicit_links = match cached {
            Some(entry) if entry.source_hash == doc.source_hash => entry.explicit_links,
            _ => has_explicit_links(&doc.body),
        };
        let own_url = own.map(|f| &self.terms.targets[f].url);
        // Only `[[…]]` and `@/…` links ask the resolver (see
        // `markdown::Resolve`), and only bodies with them key on it.
        let links = explicit_links.then(|| self.resolver());
        let base = base_key(self.shared, links.map(|l| l.1), doc, own_url);
        if let Some(entry) = cached
            && entry.base == base
            && entry.key == linked_key(base, &self.target_hashes, &entry.targets)
        {
            return None;
        }
        let file = doc.display_path();
        let context = markdown::Context {
            terms: self.terms,
            resolve: match links {
                Some((resolver, _)) => resolver,
                None => &resolve::NoLinks,
            },
            own_formulation: own,
            highlight_code: self.config.markdown.highlight_code,
            link_terms: self.config.markdown.link_terms,
            file: &file,
            body_line: doc.body_line,
        };
        let rendered = Arc::new(markdown::render(&doc.body, &context));
        let targets = linked_targets(&rendered);
        Some(CacheEntry {
            base,
            key: linked_key(base, &self.target_hashes, &targets),
            source_hash: doc.source_hash,
            explicit_links,
            path: path.to_string(),
            targets,
            rendered,
        })
    }
}

/// What every body's rendering depends on besides its own text: the term
/// spellings (and which formulation each names) and the Markdown options.
fn cache_key_base(config: &Config, index: &resolve::Index) -> u64 {
    hash_of(&(
        config.markdown.highlight_code,
        config.markdown.link_terms,
        index.terms_fingerprint(),
    ))
}

fn has_explicit_links(body: &str) -> bool {
    body.contains("[[") || body.contains("@/")
}

/// The key of one body before rendering. Link targets (titles and URLs of
/// every page) only matter to bodies that contain explicit links.
fn base_key(shared: u64, links: Option<u64>, doc: &Document, own: Option<&String>) -> u64 {
    hash_of(&(
        shared,
        &doc.rel_path,
        doc.source_hash,
        doc.body_line,
        own,
        links,
    ))
}

/// The formulations a rendered body links to, sorted and distinct.
fn linked_targets(rendered: &Rendered) -> Vec<usize> {
    let mut targets: Vec<usize> = rendered.mentions.iter().map(|m| m.target).collect();
    targets.sort_unstable();
    targets.dedup();
    targets
}

/// The base key with the data (URL, title; hashed once per build in
/// `target_hashes`) of every formulation the body links to.
fn linked_key(base: u64, target_hashes: &[u64], targets: &[usize]) -> u64 {
    let data: Vec<Option<u64>> = targets
        .iter()
        .map(|&t| target_hashes.get(t).copied())
        .collect();
    hash_of(&(base, data))
}

/// Whether `new` is `old` with only the body and a formulation's wording
/// (`full:`, on the same lines) changed: then no name, URL, link, list or
/// spelling changed, and [`Graph::patch_bodies`] can take the edit. A
/// wording that becomes or stops being empty is not such an edit (the
/// `missing-wording` warning comes or goes with it).
fn only_wording_changed(old: &Document, new: &Document) -> bool {
    let (Some(was), Some(now)) = (old.fields.formulation(), new.fields.formulation()) else {
        return false;
    };
    if was.full.trim().is_empty() || now.full.trim().is_empty() {
        return false;
    }
    let mut same_otherwise = now.clone();
    same_otherwise.full.clone_from(&was.full);
    old.kind == new.kind
        && old.meta == new.meta
        && old.key_lines == new.key_lines
        && *was == same_otherwise
}

/// Sort key in reading order: an excerpt's source folder, then its `order`.
fn excerpt_order(page: &Page) -> (&str, u32) {
    let order = page
        .doc
        .fields
        .excerpt()
        .and_then(|e| e.order)
        .unwrap_or(u32::MAX);
    (page.doc.folder(), order)
}

/// Separates sections from pages, making sure a root section exists.
fn split_sections(
    documents: Vec<Arc<Document>>,
    config: &Config,
) -> (Vec<Section>, Vec<Arc<Document>>) {
    let (mut section_docs, pages): (Vec<_>, Vec<_>) =
        documents.into_iter().partition(|d| d.is_section);
    let root_position = section_docs.iter().position(|d| d.rel_path == "_index.md");
    let root = match root_position {
        Some(i) => section_docs.remove(i),
        None => Arc::new(synthetic_root(config)),
    };
    let sections = std::iter::once(root)
        .chain(section_docs)
        .map(|doc| Section {
            path: section_path(&doc, config),
            doc,
            parent: None,
            subsections: Vec::new(),
            pages: Vec::new(),
            rendered: Arc::default(),
        })
        .collect();
    (sections, pages)
}

fn synthetic_root(config: &Config) -> Document {
    Document {
        rel_path: "_index.md".to_string(),
        is_section: true,
        kind: PageKind::Page,
        meta: crate::parse::Meta {
            title: config.title.clone(),
            ..Default::default()
        },
        fields: Fields::Section(Default::default()),
        body: String::new(),
        body_line: 1,
        key_lines: Vec::new(),
        source_hash: 0,
    }
}

fn parent_folder(folder: &str) -> &str {
    folder.rsplit_once('/').map_or("", |(parent, _)| parent)
}

fn nearest_section(folders: &FxHashMap<String, SectionId>, mut folder: &str) -> SectionId {
    loop {
        if let Some(&id) = folders.get(folder) {
            return id;
        }
        if folder.is_empty() {
            return 0;
        }
        folder = parent_folder(folder);
    }
}

/// URL segments for a folder path (`excerpts/X分局` → `excerpts/x-fen-ju/`).
fn folder_path(folder: &str, config: &Config) -> String {
    folder
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|segment| format!("{}/", slugify(segment, config.slugify)))
        .collect()
}

fn section_path(doc: &Document, config: &Config) -> String {
    folder_path(doc.folder(), config)
}

fn page_path(doc: &Document, config: &Config) -> String {
    let slug_source = doc.meta.slug.as_deref().unwrap_or_else(|| doc.stem());
    let mut slug = slugify(slug_source, config.slugify);
    if slug.is_empty() {
        slug = slugify(doc.stem(), crate::config::SlugStyle::Pinyin);
    }
    if slug.is_empty() {
        slug = "page".to_string();
    }
    format!("{}{}/", folder_path(doc.folder(), config), slug)
}

/// The longest file name most file systems allow (ext4, NTFS, XFS: 255 bytes).
const MAX_NAME_BYTES: usize = 255;

/// Output paths tifa generates itself, which content may not take.
fn reserved_paths(config: &Config) -> Vec<String> {
    // basket/: the 素材篮 page (render::workbench); check/: the 校稿 page
    // and its rule data (check::export).
    let mut paths: Vec<String> = ["search/", "data/", "page/", "basket/", "check/"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    paths.extend(
        config
            .taxonomies
            .iter()
            .map(|t| taxonomy::taxonomy_path(&t.name)),
    );
    paths
}

/// Counts of each kind, for the home page and the CLI summary.
pub fn kind_counts(graph: &Graph) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for page in &graph.pages {
        *counts.entry(page.doc.kind.as_str()).or_insert(0) += 1;
    }
    counts
}

/// Targets for term linking: one per formulation, in formulation order.
pub(crate) fn term_targets(graph: &Graph) -> Vec<TermTarget> {
    graph
        .formulations
        .iter()
        .enumerate()
        .map(|(index, &page)| {
            let p = &graph.pages[page];
            let fields = p.doc.fields.formulation();
            let full = fields.map(|f| f.full.clone()).unwrap_or_default();
            let status = fields.map_or(crate::parse::Status::Current, |f| f.status);
            let wording = fields.and_then(|f| f.wording);
            TermTarget {
                status: match status {
                    crate::parse::Status::Current => "",
                    other => other.as_str(),
                },
                wording: match wording {
                    Some(crate::parse::Wording::Verbatim) => "",
                    Some(crate::parse::Wording::Gloss) => "gloss",
                    Some(crate::parse::Wording::Pending) => "pending",
                    None => "unstated",
                },
                formulation: index,
                url: graph.page_url(page),
                title: p.doc.meta.title.clone(),
                full: if full.is_empty() {
                    p.doc.meta.title.clone()
                } else {
                    full
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
