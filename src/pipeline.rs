//! The one pipeline: load → parse → graph → plan → render, into a sink.
//!
//! A [`Session`] holds what a build knows: the content files and their
//! parsed documents, the rendered Markdown bodies, the compiled templates,
//! the last good graph, and what each output was made from. [`Session::run`]
//! takes a set of changes (everything, for `tifa build` and the first run
//! of `tifa serve`), brings the sources up to date, builds (or patches)
//! the graph, plans the jobs the changes affect, and renders them through
//! one render loop into one sink. `tifa build` is a fresh session run
//! once; `tifa serve` keeps its session and feeds it file events. That is
//! why an incremental rebuild equals a full build: every byte comes from
//! the same code, and only the choice of jobs differs (tests/serve.rs
//! checks it on random edits).
//!
//! A run with errors renders nothing it does not have to and leaves the
//! session's last good state as it was; its changes wait for the next run.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::changes::deps::DepTable;
use crate::changes::plan::{self, Edits, JobList, JobRecord, Known, Plan, Target};
use crate::changes::{Change, ChangeKind};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, rule};
use crate::graph::{Graph, RenderCache, reads};
use crate::load::{Asset, ContentFile, Template, Tree};
use crate::output::Sink;
use crate::parse::{self, Document, PageKind};
use crate::render::{self, SharedContext, Templates};
use crate::{BuildOptions, load};

/// Whether a session is run once (`tifa build`, `tifa check`) or kept to
/// be run again after changes (`tifa serve`). A kept session records what
/// each output read and keeps the file texts to compare; a one-off session
/// does neither, which saves time and memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Once,
    Keep,
}

/// Whether a run writes the site-wide files (sitemap, feed, data exports,
/// search index) with the pages. `serve` writes them afterwards, on
/// another thread (see [`site_wide`]), so no reload waits for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteWide {
    WithPages,
    Later,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Run {
    /// Every problem; if any is an error, nothing of the run may be kept.
    pub diagnostics: Diagnostics,
    /// Jobs rendered.
    pub rendered: usize,
    /// HTML pages among them.
    pub pages: usize,
    /// Wall time per phase, in order.
    pub phases: Vec<(&'static str, Duration)>,
    /// Whether the content (not only templates or static files) changed.
    pub content_changed: bool,
    /// The state to keep once the outputs are committed.
    next: Option<Good>,
}

impl Run {
    pub fn failed(&self) -> bool {
        self.diagnostics.has_errors()
    }

    /// Forgets the state a kept session would keep from the run (its
    /// graph above all): `tifa build` commits its output without it, so
    /// the commit reuses the graph's memory rather than adding to it.
    pub fn forget_state(&mut self) {
        self.next = None;
    }

    /// The output paths of every job of the run, rendered or not.
    pub fn job_paths(&self) -> Option<&BTreeSet<String>> {
        self.next.as_ref().map(|good| &good.known.jobs.paths)
    }

    fn failed_with(mut diagnostics: Diagnostics) -> Run {
        diagnostics.sort();
        Run {
            diagnostics,
            ..Run::default()
        }
    }
}

/// The state of the last run whose outputs were committed.
#[derive(Debug)]
struct Good {
    graph: Arc<Graph>,
    known: Known,
}

/// A content Markdown file as a session holds it.
#[derive(Debug)]
enum SourceFile {
    /// Its text, decoded: read and not parsed yet, or it failed to parse.
    Text(ContentFile),
    /// Parsed: its document holds all a build reads of it (its front
    /// matter parsed, its body), and whether it changed is told by the
    /// document's `source_hash`. Its text is not kept beside it: at
    /// 100,000 pages a second copy of every file costs as much memory as
    /// the Markdown itself.
    Parsed,
}

impl SourceFile {
    fn text(&self) -> Option<&ContentFile> {
        match self {
            SourceFile::Text(file) => Some(file),
            SourceFile::Parsed => None,
        }
    }
}

/// The knowledge base as last read: files, documents, templates, assets.
#[derive(Debug, Default)]
struct Sources {
    /// Every content Markdown file (kept only by a kept session).
    files: BTreeMap<String, SourceFile>,
    /// What reading each content file found, by content path.
    read_problems: BTreeMap<String, Vec<Diagnostic>>,
    /// Parsed documents, and the errors of files that did not parse.
    documents: BTreeMap<String, Arc<Document>>,
    parse_errors: BTreeMap<String, Vec<Diagnostic>>,
    /// What walking the folders found (links skipped, theme problems).
    walk_problems: Diagnostics,
    templates: BTreeMap<String, Template>,
    assets: Vec<Asset>,
}

impl Sources {
    /// Keeps the documents parsed, and the errors of files that did not
    /// parse.
    /// A file parsed keeps no text (see [`SourceFile::Parsed`]).
    fn keep_parsed(&mut self, results: Vec<(String, Result<Document, Vec<Diagnostic>>)>) {
        for (rel, result) in results {
            match result {
                Ok(doc) => {
                    self.parse_errors.remove(&rel);
                    if let Some(file) = self.files.get_mut(&rel) {
                        *file = SourceFile::Parsed;
                    }
                    self.documents.insert(rel, Arc::new(doc));
                }
                Err(errors) => {
                    self.parse_errors.insert(rel, errors);
                }
            }
        }
    }
}

/// Changes not yet in a good run: a run that fails leaves its changes to
/// the next one.
#[derive(Debug, Default)]
struct Pending {
    /// Content files (relative to `content/`) read again.
    content: BTreeSet<String>,
    templates: BTreeSet<String>,
    /// Static files, stylesheets and content assets.
    assets: BTreeSet<String>,
    /// Nothing is known of the outputs: every job runs (start, config,
    /// outputs lost).
    everything: bool,
    /// Every file was read again (a whole folder came, went or moved):
    /// which documents changed is known only from their fingerprints.
    rescanned: bool,
}

impl Pending {
    /// Only the text of existing pages changed: the graph can be patched.
    fn only_text_edits(&self) -> bool {
        !self.everything
            && !self.rescanned
            && !self.content.is_empty()
            && self.templates.is_empty()
            && self.assets.is_empty()
    }
}

/// A build in progress or kept between runs (see the module doc).
pub struct Session {
    tree: Tree,
    options: BuildOptions,
    /// Folders the session writes to, never read as sources.
    outputs: Vec<PathBuf>,
    mode: Mode,
    config: Config,
    sources: Sources,
    cache: RenderCache,
    /// The compiled templates, until a template changes.
    templates: Option<Arc<Templates>>,
    /// Why config.toml could not be read again (the last good one is used
    /// meanwhile, and every run fails until it is fixed).
    config_problem: Option<Diagnostic>,
    table: DepTable,
    good: Option<Good>,
    pending: Pending,
}

impl Session {
    /// A session of the knowledge base at `options.root`, which writes to
    /// `outputs` (skipped when reading). Fails only if `config.toml` is
    /// wrong, with the diagnostic.
    pub fn open(
        options: BuildOptions,
        outputs: &[&Path],
        mode: Mode,
    ) -> Result<Session, Box<Diagnostic>> {
        let config = crate::load_config(&options.root, options.base_url.as_deref())?;
        Ok(Session::new(options, config, outputs, mode))
    }

    /// [`Session::open`] with the config already loaded.
    pub fn new(options: BuildOptions, config: Config, outputs: &[&Path], mode: Mode) -> Session {
        let mut session = Session {
            tree: Tree::new(&options.root, &[]),
            options,
            outputs: outputs.iter().map(|p| p.to_path_buf()).collect(),
            mode,
            config,
            sources: Sources::default(),
            cache: RenderCache::default(),
            templates: None,
            config_problem: None,
            table: DepTable::default(),
            good: None,
            pending: Pending::default(),
        };
        session.tree = session.make_tree();
        session
    }

    fn make_tree(&self) -> Tree {
        let configured = self.options.root.join(&self.config.output_dir);
        let mut outputs: Vec<&Path> = self.outputs.iter().map(PathBuf::as_path).collect();
        outputs.push(&configured);
        Tree::new(&self.options.root, &outputs)
    }

    /// Adds a folder the session writes to (never read as a source).
    pub fn write_also_to(&mut self, output: &Path) {
        self.outputs.push(output.to_path_buf());
        self.tree = self.make_tree();
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The graph of the last good run.
    pub fn graph(&self) -> Option<&Arc<Graph>> {
        self.good.as_ref().map(|good| &good.graph)
    }

    /// Forgets what the outputs hold (they were lost, or a commit failed):
    /// the next run renders every job again.
    pub fn forget_outputs(&mut self) {
        self.good = None;
        self.pending.everything = true;
    }

    /// Keeps the state of a run whose outputs were committed.
    pub fn keep(&mut self, run: &mut Run) {
        let Some(mut next) = run.next.take() else {
            return;
        };
        // Pieces first read by outputs rendered just now need a fingerprint.
        let known = next.known.fingerprints.len();
        let more = self.table.fingerprints(&next.graph, known);
        next.known.fingerprints.extend(more);
        let old = self.good.replace(next);
        if self.mode == Mode::Keep
            && let Some(old) = old
        {
            // Freeing the last graph (100,000 pages) need not delay the
            // reload notice.
            std::thread::spawn(move || drop(old));
        }
        self.pending = Pending::default();
    }

    /// Runs the pipeline after `changes` (None: everything, read again),
    /// rendering into `sink`. Nothing is kept until [`Session::keep`].
    pub fn run(
        &mut self,
        changes: Option<&BTreeSet<Change>>,
        site_wide: SiteWide,
        sink: &dyn Sink,
    ) -> Run {
        let mut phases = Phases::start();
        let content_changed = match changes {
            None => self.read_everything(&mut phases),
            Some(changes) => {
                let changed = self.apply(changes);
                phases.lap("read+parse");
                changed
            }
        };
        let mut run = if self.pending.only_text_edits()
            && let Some(run) = self.run_patched(&mut phases, sink)
        {
            run
        } else {
            self.run_full(&mut phases, site_wide, sink)
        };
        run.content_changed = content_changed;
        run.phases = phases.list;
        run
    }

    /// The graph of the whole knowledge base and every problem found on
    /// the way (templates included), without rendering: `tifa check`.
    pub fn check(&mut self) -> (Graph, Diagnostics) {
        let mut phases = Phases::start();
        self.read_everything(&mut phases);
        let (graph, mut diagnostics) = self.build_graph();
        match self.templates() {
            // Outputs that could not all be written (two of one path, a
            // file where a folder goes) are found as a build finds them.
            // A `template:` naming no template is found as a build finds
            // it, without rendering.
            Ok(templates) => match JobList::new(&graph, &self.sources.assets, &templates, true) {
                Ok(jobs) => {
                    for target in &jobs.targets {
                        if let Some(template) = &target.template
                            && !templates.contains(template)
                            && let Some(missing) = crate::render::missing_template_in_front_matter(
                                &graph,
                                &target.job,
                                template,
                            )
                        {
                            diagnostics.push(missing);
                        }
                    }
                }
                Err(clashes) => diagnostics.extend(clashes),
            },
            Err(errors) => diagnostics.extend(errors),
        }
        (graph, diagnostics)
    }

    // ------------------------------------------------------------ sources

    /// Reads the config, every content file and the theme again.
    fn read_everything(&mut self, phases: &mut Phases) -> bool {
        match crate::load_config(&self.options.root, self.options.base_url.as_deref()) {
            Ok(config) => {
                self.config = config;
                self.tree = self.make_tree();
            }
            Err(d) => {
                // Keep the last good config; runs fail on this until it is
                // fixed.
                self.config_problem = Some(*d);
                self.pending.everything = true;
                return true;
            }
        }
        self.config_problem = None;
        self.pending.everything = true;
        self.cache = RenderCache::default();
        self.good = None;
        self.sources.documents.clear();
        self.sources.parse_errors.clear();
        self.rescan(phases);
        true
    }

    /// Reads every content file and the theme again, keeping the documents
    /// of files whose text did not change.
    fn rescan(&mut self, phases: &mut Phases) {
        let mut walk_problems = Diagnostics::new();
        let (markdown, content_assets) = load::walk_content(&self.tree, &mut walk_problems);
        let read = load::read_content_files(&self.tree, markdown);
        phases.lap("load");
        let sources = &mut self.sources;
        let mut files = BTreeMap::new();
        sources.read_problems.clear();
        for one in read {
            if !one.diagnostics.is_empty() {
                sources
                    .read_problems
                    .insert(one.rel_path.clone(), one.diagnostics.into_vec());
            }
            let Some(file) = one.file else {
                continue;
            };
            let same = sources
                .documents
                .get(&file.rel_path)
                .is_some_and(|doc| doc.source_hash == parse::source_hash(&file));
            if same {
                files.insert(one.rel_path, SourceFile::Parsed);
            } else {
                sources.documents.remove(&file.rel_path);
                files.insert(one.rel_path, SourceFile::Text(file));
            }
        }
        sources.files = files;
        sources
            .parse_errors
            .retain(|rel, _| sources.files.contains_key(rel));
        let (old_templates, old_assets) = self.load_theme(content_assets, walk_problems);
        self.note_theme_changes(&old_templates, &old_assets);
        self.pending.rescanned = true;
        self.reparse();
        if self.mode == Mode::Once {
            // Documents own their text from here on.
            self.sources.files.clear();
        }
        phases.lap("parse");
    }

    /// Loads templates and static files; returns the ones loaded before.
    fn load_theme(
        &mut self,
        content_assets: Vec<Asset>,
        mut walk_problems: Diagnostics,
    ) -> (BTreeMap<String, Template>, Vec<Asset>) {
        self.templates = None;
        let (templates, assets) =
            load::load_theme(&self.tree, &self.config, content_assets, &mut walk_problems);
        self.sources.walk_problems = walk_problems;
        (
            std::mem::replace(&mut self.sources.templates, templates),
            std::mem::replace(&mut self.sources.assets, assets),
        )
    }

    /// After everything was read again: the templates whose text changed
    /// (or that came or went), and every static file, are pending changes.
    fn note_theme_changes(
        &mut self,
        old_templates: &BTreeMap<String, Template>,
        old_assets: &[Asset],
    ) {
        let templates = &self.sources.templates;
        let changed = old_templates
            .iter()
            .filter(|(name, old)| templates.get(*name).is_none_or(|new| new.text != old.text))
            .map(|(name, _)| name)
            .chain(
                templates
                    .keys()
                    .filter(|name| !old_templates.contains_key(*name)),
            );
        self.pending.templates.extend(changed.cloned());
        let assets = old_assets.iter().chain(&self.sources.assets);
        self.pending
            .assets
            .extend(assets.map(|asset| asset.out_path.clone()));
    }

    /// Walks the folders again for templates and static files.
    fn reload_theme(&mut self) {
        let mut walk_problems = Diagnostics::new();
        let (_, content_assets) = load::walk_content(&self.tree, &mut walk_problems);
        let _ = self.load_theme(content_assets, walk_problems);
    }

    /// Brings the sources up to date with `changes`; returns whether the
    /// content changed.
    fn apply(&mut self, changes: &BTreeSet<Change>) -> bool {
        if changes.iter().any(|c| c.kind == ChangeKind::Config) {
            return self.read_everything(&mut Phases::start());
        }
        let whole_folder = changes.iter().any(|c| {
            c.kind == ChangeKind::Folder
                || (c.kind == ChangeKind::ContentOther && self.is_content_folder(&c.rel))
        });
        if whole_folder {
            // A folder came, went or moved: its files' events may not all
            // arrive, so look at everything again.
            self.rescan(&mut Phases::start());
            return true;
        }
        let mut content_changed = false;
        let mut theme_changed = false;
        for change in changes {
            match change.kind {
                ChangeKind::Content => {
                    self.reread_content(&change.rel);
                    self.pending.content.insert(change.rel.clone());
                    content_changed = true;
                }
                ChangeKind::Template => {
                    self.pending.templates.insert(change.rel.clone());
                    theme_changed = true;
                }
                ChangeKind::Stylesheet | ChangeKind::Asset | ChangeKind::ContentOther => {
                    self.pending.assets.insert(change.rel.clone());
                    theme_changed = true;
                }
                ChangeKind::Config | ChangeKind::Folder => {}
            }
        }
        if theme_changed {
            self.reload_theme();
        }
        if content_changed {
            let changed: Vec<&String> = changes
                .iter()
                .filter(|c| c.kind == ChangeKind::Content)
                .map(|c| &c.rel)
                .collect();
            self.reparse_changed(&changed);
        }
        content_changed
    }

    /// [`Session::reparse`] after only the content files `changed` were
    /// read again: parses those (the others' documents are as they were),
    /// without walking every file's path (a save at 100,000 pages looked
    /// up each of them twice). A section file among them parses all.
    fn reparse_changed(&mut self, changed: &[&String]) {
        if changed.iter().any(|rel| parse::is_section_file(rel)) {
            return self.reparse();
        }
        let sources = &mut self.sources;
        let kinds = parse::section_kinds(
            sources
                .documents
                .values()
                .map(|d| &**d)
                .filter(|d| d.is_section),
        );
        let results: Vec<(String, Result<Document, Vec<Diagnostic>>)> = changed
            .iter()
            .filter(|rel| !sources.documents.contains_key(rel.as_str()))
            .filter_map(|rel| sources.files.get(rel.as_str())?.text())
            .map(|f| {
                let kind = parse::kind_for(&kinds, &f.rel_path);
                (f.rel_path.clone(), parse::parse_file(f, Some(kind)))
            })
            .collect();
        sources.keep_parsed(results);
    }

    /// Whether a changed path under `content/` is (or, removed, was) a
    /// folder: it is one now, or files were read from under it. (A name
    /// cannot tell: `2023.05` is a folder.)
    fn is_content_folder(&self, rel: &str) -> bool {
        let prefix = format!("{rel}/");
        let had_files = self
            .sources
            .documents
            .range(prefix.clone()..)
            .next()
            .is_some_and(|(path, _)| path.starts_with(&prefix))
            || self
                .sources
                .assets
                .iter()
                .any(|asset| asset.out_path.starts_with(&prefix));
        let unreadable = self
            .sources
            .read_problems
            .keys()
            .any(|path| path.starts_with(&prefix));
        had_files || unreadable || self.options.root.join("content").join(rel).is_dir()
    }

    fn reread_content(&mut self, rel: &str) {
        let sources = &mut self.sources;
        let path = self.options.root.join("content").join(rel);
        sources.documents.remove(rel);
        sources.parse_errors.remove(rel);
        sources.read_problems.remove(rel);
        sources.files.remove(rel);
        if !path.is_file() {
            return;
        }
        let mut problems = Diagnostics::new();
        let file =
            load::read_content_file(&self.options.root, &path, rel.to_string(), &mut problems);
        if !problems.is_empty() {
            sources
                .read_problems
                .insert(rel.to_string(), problems.into_vec());
        }
        if let Some(file) = file {
            sources
                .files
                .insert(rel.to_string(), SourceFile::Text(file));
        }
    }

    /// Parses the files that have no document yet (new or changed); all of
    /// them when a section came or went, since a section decides the kind
    /// of the pages below it.
    fn reparse(&mut self) {
        let sources = &self.sources;
        let sections_changed = sources
            .files
            .keys()
            .chain(sources.documents.keys())
            .any(|rel| {
                parse::is_section_file(rel)
                    && (sources.files.contains_key(rel) != sources.documents.contains_key(rel))
            });
        if sections_changed {
            self.sources.documents.clear();
            self.sources.parse_errors.clear();
            self.read_parsed_again();
        }
        let sources = &mut self.sources;
        sources
            .documents
            .retain(|rel, _| sources.files.contains_key(rel));
        let unparsed: Vec<&ContentFile> = sources
            .files
            .values()
            .filter_map(SourceFile::text)
            .filter(|f| !sources.documents.contains_key(&f.rel_path))
            .collect();
        let (sections, pages): (Vec<&ContentFile>, Vec<&ContentFile>) = unparsed
            .into_iter()
            .partition(|f| parse::is_section_file(&f.rel_path));
        let mut results: Vec<(String, Result<Document, Vec<Diagnostic>>)> = sections
            .iter()
            .map(|f| (f.rel_path.clone(), parse::parse_file(f, None)))
            .collect();
        let mut section_docs: Vec<&Document> = sources
            .documents
            .values()
            .map(|d| &**d)
            .filter(|d| d.is_section)
            .collect();
        section_docs.extend(results.iter().filter_map(|(_, r)| r.as_ref().ok()));
        let kinds: BTreeMap<String, PageKind> = parse::section_kinds(section_docs);
        results.extend(
            pages
                .par_iter()
                .map(|f| {
                    let kind = parse::kind_for(&kinds, &f.rel_path);
                    (f.rel_path.clone(), parse::parse_file(f, Some(kind)))
                })
                .collect::<Vec<_>>(),
        );
        sources.keep_parsed(results);
    }

    /// Reads again the text of every file parsed before (a kept session
    /// does not keep it, see [`SourceFile::Parsed`]), to parse them all
    /// again: a section that came, went or changed decides the kind of the
    /// pages below it.
    fn read_parsed_again(&mut self) {
        let content = self.options.root.join("content");
        let parsed: Vec<(String, PathBuf)> = self
            .sources
            .files
            .iter()
            .filter(|(_, file)| matches!(file, SourceFile::Parsed))
            .map(|(rel, _)| (rel.clone(), content.join(rel)))
            .collect();
        let sources = &mut self.sources;
        for one in load::read_content_files(&self.tree, parsed) {
            if !one.diagnostics.is_empty() {
                sources
                    .read_problems
                    .insert(one.rel_path.clone(), one.diagnostics.into_vec());
            }
            match one.file {
                Some(file) => {
                    sources.files.insert(one.rel_path, SourceFile::Text(file));
                }
                // Gone or unreadable since: its event is on its way.
                None => {
                    sources.files.remove(&one.rel_path);
                }
            }
        }
    }

    /// Every problem the sources have (not the graph's).
    fn source_problems(&self) -> Diagnostics {
        let sources = &self.sources;
        let mut diagnostics = sources.walk_problems.clone();
        diagnostics.extend(
            self.config_problem
                .iter()
                .cloned()
                .collect::<Vec<_>>()
                .into(),
        );
        let per_file = sources
            .read_problems
            .values()
            .chain(sources.parse_errors.values());
        for problems in per_file {
            problems.iter().cloned().for_each(|d| diagnostics.push(d));
        }
        diagnostics
    }

    /// The documents a build uses (drafts left out unless asked).
    fn current_documents(&self) -> Vec<Arc<Document>> {
        self.sources
            .documents
            .values()
            .filter(|d| self.options.drafts || !d.meta.draft)
            .cloned()
            .collect()
    }

    /// The content paths of the drafts a build leaves out.
    fn left_out_drafts(&self) -> Vec<String> {
        if self.options.drafts {
            return Vec::new();
        }
        self.sources
            .documents
            .values()
            .filter(|d| d.meta.draft)
            .map(|d| d.rel_path.clone())
            .collect()
    }

    /// The compiled templates (compiled again after a template changed).
    fn templates(&mut self) -> Result<Arc<Templates>, Diagnostics> {
        if let Some(templates) = &self.templates {
            return Ok(templates.clone());
        }
        let templates = Arc::new(Templates::new(&self.sources.templates)?);
        self.templates = Some(templates.clone());
        Ok(templates)
    }

    // ---------------------------------------------------------------- runs

    /// The graph of the current documents, with every problem so far.
    fn build_graph(&mut self) -> (Graph, Diagnostics) {
        let mut diagnostics = self.source_problems();
        let documents = self.current_documents();
        let (graph, graph_diagnostics) = Graph::build_cached(
            documents,
            self.left_out_drafts(),
            self.config.clone(),
            &mut self.cache,
        );
        if self.mode == Mode::Once {
            // No second run will reuse the rendered bodies.
            self.cache = RenderCache::default();
        }
        diagnostics.extend(graph_diagnostics);
        (graph, diagnostics)
    }

    /// Builds the graph and renders what the pending changes affect.
    fn run_full(&mut self, phases: &mut Phases, site_wide: SiteWide, sink: &dyn Sink) -> Run {
        let (mut graph, mut diagnostics) = self.build_graph();
        phases.lap("graph");
        let templates = match self.templates() {
            Ok(templates) => templates,
            Err(errors) => {
                diagnostics.extend(errors);
                return Run::failed_with(diagnostics);
            }
        };
        if diagnostics.has_errors() {
            return Run::failed_with(diagnostics);
        }
        if self.mode == Mode::Once {
            // Rendering reads the rendered bodies, never the Markdown, and
            // no second run will parse again: the Markdown of the whole
            // site need not stay beside its HTML.
            self.sources.documents.clear();
            graph.release_markdown();
        }
        let assets = &self.sources.assets;
        let with_site_wide = site_wide == SiteWide::WithPages;
        let jobs = match JobList::new(&graph, assets, &templates, with_site_wide) {
            Ok(jobs) => jobs,
            Err(clashes) => {
                diagnostics.extend(clashes);
                return Run::failed_with(diagnostics);
            }
        };
        let plan = match &self.good {
            Some(good) if !self.pending.everything => {
                let edits = Edits {
                    templates: &self.pending.templates,
                    assets: &self.pending.assets,
                };
                plan::plan(
                    &self.table,
                    &good.known,
                    &graph,
                    assets,
                    &templates,
                    jobs,
                    &edits,
                )
            }
            _ => Plan::everything(jobs),
        };
        phases.lap("plan");
        self.render(
            graph,
            &templates,
            plan,
            diagnostics,
            with_site_wide,
            phases,
            sink,
        )
    }

    /// The fast path for edits that change only the text of existing pages
    /// (see [`Graph::patch_bodies`]): the last good graph is patched instead
    /// of built again, and only the pieces of it a text edit can change are
    /// fingerprinted. None when the edits are not all of that kind.
    fn run_patched(&mut self, phases: &mut Phases, sink: &dyn Sink) -> Option<Run> {
        if !self.sources.parse_errors.is_empty() {
            return None;
        }
        let good = self.good.as_ref()?;
        let documents: Vec<Arc<Document>> = self
            .pending
            .content
            .iter()
            .map(|rel| self.sources.documents.get(rel).cloned())
            .collect::<Option<_>>()?;
        let mut graph = (*good.graph).clone();
        let mut patch = graph.patch_bodies(&documents, &mut self.cache)?;
        if patch.lists_changed {
            return None;
        }
        let mut diagnostics = self.source_problems();
        diagnostics.extend(std::mem::take(&mut patch.diagnostics));
        phases.lap("patch graph");
        let templates = self.templates().ok()?;
        if diagnostics.has_errors() {
            return Some(Run::failed_with(diagnostics));
        }
        let good = self.good.as_mut()?;
        let readers = good.known.readers.take();
        let plan = plan::plan_patch(
            &self.table,
            &good.known,
            readers,
            &good.graph,
            &graph,
            &patch,
        )?;
        phases.lap("plan");
        Some(self.render(graph, &templates, plan, diagnostics, false, phases, sink))
    }

    /// The render loop: the plan's dirty jobs, in parallel, into `sink`
    /// (with the search index beside them when the site-wide files are
    /// due), recording what each read when the session is kept.
    #[allow(clippy::too_many_arguments)]
    fn render(
        &mut self,
        graph: Graph,
        templates: &Templates,
        mut plan: Plan,
        mut diagnostics: Diagnostics,
        with_search: bool,
        phases: &mut Phases,
        sink: &dyn Sink,
    ) -> Run {
        let record = self.mode == Mode::Keep;
        let jobs = RenderLoop {
            graph: &graph,
            templates,
            assets: &self.sources.assets,
            shared: SharedContext::new(&graph, &self.options.render),
            table: record.then(|| Mutex::new(&mut self.table)),
        };
        let started = Instant::now();
        let (mut rendered, (search, search_time)) = rayon::join(
            || jobs.run(&plan, sink),
            || {
                let indexed = with_search.then(|| script_data(&graph, sink));
                (indexed, started.elapsed())
            },
        );
        drop(jobs);
        phases.lap("render");
        if with_search && graph.config.search.index {
            phases.list.push(("search", search_time));
        }
        if let Some(Err(e)) = search {
            diagnostics.push(Diagnostic::error(
                rule::WRITE,
                "search/",
                crate::i18n::error_chain(&e),
            ));
        }
        check_local_links(&graph, &self.sources.assets, &plan, &mut diagnostics);
        let records = self.record_reads(&plan, &mut rendered, record);
        let pages = plan
            .dirty
            .iter()
            .filter(|&&index| render::produces_html(&plan.jobs.targets[index].job))
            .count();
        diagnostics.extend(
            rendered
                .into_iter()
                .filter_map(|(_, r)| r.err())
                .collect::<Vec<_>>()
                .into(),
        );
        diagnostics.sort();
        let rendered = plan.dirty.len();
        if diagnostics.has_errors() {
            if let Some(good) = self.good.as_mut() {
                good.known.records = records;
            }
            return Run {
                diagnostics,
                rendered,
                ..Run::default()
            };
        }
        // The readers of each piece, for the next patch (see
        // `plan::Readers`): kept up to date only when the jobs stay.
        let readers = plan
            .readers
            .take()
            .map(|readers| readers.after_run(&plan.jobs, &records, plan.dirty.iter().copied()));
        Run {
            diagnostics,
            rendered,
            pages,
            next: Some(Good {
                graph: Arc::new(graph),
                known: Known {
                    jobs: plan.jobs,
                    records,
                    fingerprints: plan.fingerprints,
                    readers,
                },
            }),
            ..Run::default()
        }
    }

    /// The records of the last good run, with those of the jobs rendered
    /// now put in, and those of outputs no longer produced taken out.
    fn record_reads(
        &mut self,
        plan: &Plan,
        rendered: &mut [Rendered],
        record: bool,
    ) -> FxHashMap<String, JobRecord> {
        let mut records = self
            .good
            .as_mut()
            .map(|good| std::mem::take(&mut good.known.records))
            .unwrap_or_default();
        if !record {
            return records;
        }
        for (index, result) in rendered {
            if let Ok(deps) = result {
                let target = &plan.jobs.targets[*index];
                let template = target.template.clone();
                let deps = std::mem::take(deps);
                records.insert(target.path.clone(), JobRecord { deps, template });
            }
        }
        // Every path of the plan has a record (an earlier one, or one made
        // just now); with as many records as paths there is no other.
        if records.len() != plan.jobs.paths.len() {
            records.retain(|path, _| plan.jobs.paths.contains(path));
        }
        records
    }
}

/// One rendered job: its index in the plan, and the ids in the
/// [`DepTable`] of the pieces it read (or why it failed).
type Rendered = (usize, Result<Vec<u32>, Diagnostic>);

/// The most jobs the render loop hands a thread at once.
const RENDER_PIECE: usize = 32;

/// What every job of a run renders with.
struct RenderLoop<'a> {
    graph: &'a Graph,
    templates: &'a Templates,
    assets: &'a [Asset],
    shared: SharedContext,
    /// Where a kept session numbers the pieces each job reads, as soon as
    /// the job is rendered: held as strings until the loop ends, the
    /// pieces of 120,000 jobs took hundreds of megabytes.
    table: Option<Mutex<&'a mut DepTable>>,
}

impl RenderLoop<'_> {
    /// The one render loop: the plan's dirty jobs in parallel, each put
    /// into the sink as soon as it is rendered.
    fn run(&self, plan: &Plan, sink: &dyn Sink) -> Vec<Rendered> {
        plan.dirty
            .par_iter()
            // Small pieces: the search index runs beside the render loop on
            // one of the threads, and rayon only splits work further when a
            // piece is stolen, so with big pieces the thread that finishes
            // the index finds nothing to take and the other renders the
            // last quarter alone.
            .with_max_len(RENDER_PIECE)
            .map(|&index| (index, self.one(&plan.jobs.targets[index], sink)))
            .collect()
    }

    fn one(&self, target: &Target, sink: &dyn Sink) -> Result<Vec<u32>, Diagnostic> {
        let render = || {
            render::render_job(
                self.graph,
                self.templates,
                self.assets,
                &self.shared,
                &target.job,
            )
        };
        let (result, read) = match &self.table {
            Some(_) => reads::recording(render),
            None => (render(), BTreeSet::new()),
        };
        let output = result?;
        sink.put(output).map_err(|e| {
            Diagnostic::error(
                rule::WRITE,
                target.path.clone(),
                crate::i18n::error_chain(&e),
            )
        })?;
        Ok(self.number(read))
    }

    /// The ids of the pieces a job read (none when not recording).
    fn number(&self, read: BTreeSet<reads::Dep>) -> Vec<u32> {
        let Some(table) = &self.table else {
            return Vec::new();
        };
        let mut table = table.lock().unwrap_or_else(|e| e.into_inner());
        read.into_iter().map(|dep| table.intern(dep)).collect()
    }
}

/// Warns about links by plain path to files the run's outputs do not
/// include: the plan's jobs (every page, list and copied file, also in a
/// patched run) and the site-wide files, which a first `serve` pass leaves
/// for later.
fn check_local_links(graph: &Graph, assets: &[Asset], plan: &Plan, diagnostics: &mut Diagnostics) {
    let site_wide: FxHashSet<String> = render::site_wide_jobs()
        .iter()
        .map(|job| render::job_target(graph, assets, job).0)
        .collect();
    let written = |path: &str| plan.jobs.paths.contains(path) || site_wide.contains(path);
    crate::graph::local_links::check_local_links(graph, &written, diagnostics);
}

/// The site-wide files of a graph (sitemap, feed, robots.txt, data
/// exports, search index) into `sink`: what `serve` writes after the
/// pages. None of them needs a template.
pub fn site_wide(graph: &Graph, sink: &dyn Sink) -> anyhow::Result<()> {
    let ((), indexed) = rayon::join(
        || {
            render::site_wide_jobs().par_iter().for_each(|job| {
                let (path, _) = render::job_target(graph, &[], job);
                let bytes = render::site_wide_bytes(graph, job);
                // A failed put is reported by the sink's commit.
                let _ = sink.put(crate::output::Output { path, bytes });
            })
        },
        || script_data(graph, sink),
    );
    indexed
}

/// The data the site's scripts read, built from the graph: the search
/// index (unless the site turned it off) and the 校稿 checker's rule data.
fn script_data(graph: &Graph, sink: &dyn Sink) -> anyhow::Result<()> {
    if graph.config.search.index {
        crate::search::build_into(graph, sink)?;
    }
    crate::check::export::build_into(graph, sink)
}

/// Time per phase of a run.
#[derive(Debug)]
struct Phases {
    list: Vec<(&'static str, Duration)>,
    clock: Instant,
}

impl Phases {
    fn start() -> Phases {
        Phases {
            list: Vec::new(),
            clock: Instant::now(),
        }
    }

    fn lap(&mut self, name: &'static str) {
        self.list.push((name, self.clock.elapsed()));
        self.clock = Instant::now();
    }
}

/// Ctrl+C and SIGTERM held while a build commits: the commit finishes
/// (it takes a moment) and the signal is reported after it, so the output
/// is never left half moved by an impatient user. A process killed
/// outright is covered by the commit's journal instead.
pub struct HeldSignals {
    received: Arc<std::sync::atomic::AtomicBool>,
}

impl HeldSignals {
    /// Starts holding; from now on Ctrl+C does not stop the process.
    pub fn hold() -> HeldSignals {
        let received = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = received.clone();
        let (ready, listening) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                let _ = ready.send(());
                return;
            };
            runtime.block_on(wait_for_signals(flag, ready));
        });
        // Registered before the commit starts (or given up on: then a
        // signal stops the process as usual and the journal covers it).
        let _ = listening.recv_timeout(Duration::from_secs(2));
        HeldSignals { received }
    }

    /// Whether Ctrl+C or SIGTERM came while held.
    pub fn received(&self) -> bool {
        self.received.load(std::sync::atomic::Ordering::SeqCst)
    }
}

async fn wait_for_signals(
    flag: Arc<std::sync::atomic::AtomicBool>,
    ready: std::sync::mpsc::Sender<()>,
) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut interrupt), Ok(mut terminate)) = (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) else {
            let _ = ready.send(());
            return;
        };
        let _ = ready.send(());
        loop {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ready.send(());
        while tokio::signal::ctrl_c().await.is_ok() {
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sink that drops what it is given.
    struct Discard;

    impl Sink for Discard {
        fn put(&self, _: crate::output::Output) -> anyhow::Result<()> {
            Ok(())
        }
    }

    /// A copy of the `basic` fixture to edit.
    fn basic_site() -> tempfile::TempDir {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let dir = tempfile::tempdir().unwrap();
        for entry in walkdir::WalkDir::new(&fixture) {
            let entry = entry.unwrap();
            let to = dir
                .path()
                .join(entry.path().strip_prefix(&fixture).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        dir
    }

    /// A kept session of the site at `root`, after its first good run.
    fn kept_session(root: &Path) -> Session {
        let options = BuildOptions {
            root: root.to_path_buf(),
            ..Default::default()
        };
        let mut session = Session::open(options, &[], Mode::Keep).unwrap();
        let mut run = session.run(None, SiteWide::Later, &Discard);
        assert!(!run.failed(), "{:?}", run.diagnostics);
        session.keep(&mut run);
        session
    }

    /// Every file of the session parsed, none holding its text, and the
    /// documents' hashes by path.
    fn parsed_documents(session: &Session) -> Vec<(String, u64)> {
        let sources = &session.sources;
        assert!(
            sources
                .files
                .values()
                .all(|file| matches!(file, SourceFile::Parsed)),
            "a parsed file's text is kept beside its document"
        );
        assert_eq!(sources.files.len(), sources.documents.len());
        (sources.documents.values())
            .map(|doc| (doc.rel_path.clone(), doc.source_hash))
            .collect()
    }

    #[test]
    fn a_kept_session_keeps_no_text_beside_the_documents() {
        let site = basic_site();
        let session = kept_session(site.path());
        assert!(parsed_documents(&session).len() > 5);
    }

    #[test]
    fn a_section_edit_parses_every_page_again_from_its_file() {
        let site = basic_site();
        let mut session = kept_session(site.path());
        let section = site.path().join("content/formulations/_index.md");
        let text = std::fs::read_to_string(&section).unwrap();
        std::fs::write(&section, format!("{text}\n改过。\n")).unwrap();
        let changes = BTreeSet::from([Change {
            kind: ChangeKind::Content,
            rel: "formulations/_index.md".to_string(),
        }]);
        let mut run = session.run(Some(&changes), SiteWide::Later, &Discard);
        assert!(!run.failed(), "{:?}", run.diagnostics);
        session.keep(&mut run);
        // Every page was parsed again (the texts read again), as a new
        // session parses them.
        assert_eq!(
            parsed_documents(&session),
            parsed_documents(&kept_session(site.path()))
        );
    }
}
