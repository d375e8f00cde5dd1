//! The incremental build behind `tifa serve`.
//!
//! An [`Engine`] keeps the last good build in memory: the content files,
//! parsed documents, rendered Markdown (a [`RenderCache`]), the graph, and
//! for every output the pieces of the graph it was made from
//! ([`render::deps`]). On a change it re-reads only the changed files,
//! rebuilds the graph (reusing every rendered body that is still valid), and
//! re-renders only the outputs whose pieces or templates changed. The same
//! stage functions as `tifa build` produce every byte, which is why the
//! result equals a full build (tests/serve.rs proves it on random edits).
//! A change that breaks the build leaves the output as it was and reports
//! the diagnostics.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::graph::{BodyPatch, Graph, PageId, RenderCache};
use crate::load::{Asset, ContentFile, Template};
use crate::parse::{self, Document, PageKind};
use crate::render::deps::{self, Dep};
use crate::render::{self, Job, Output, RenderOptions, Templates};
use crate::{BuildOptions, write};

/// What kind of file changed, as far as rebuilding is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChangeKind {
    Config,
    /// A Markdown file under `content/`.
    Content,
    /// A template of the theme or the site.
    Template,
    /// A stylesheet (theme or `static/`): the browser swaps it, no reload.
    Stylesheet,
    /// Any other static file or content asset.
    Asset,
}

/// What one rebuild did.
#[derive(Debug, Clone, Default)]
pub struct Rebuild {
    /// Output paths whose bytes changed or that were removed.
    pub changed: Vec<String>,
    /// Every problem; if any is an error the output was left as it was.
    pub diagnostics: Diagnostics,
    pub rendered_jobs: usize,
    pub elapsed: Duration,
    /// Time per phase, for `tifa serve --verbose` and benchmarks.
    pub phases: Vec<(&'static str, Duration)>,
}

impl Rebuild {
    pub fn failed(&self) -> bool {
        self.diagnostics.has_errors()
    }
}

/// A rendered output with what it read, or why it failed.
type RenderedJob = Result<(Output, BTreeSet<Dep>), Diagnostic>;

/// What rendering an output depended on (ids in the engine's [`DepTable`]).
#[derive(Debug, Clone)]
struct JobRecord {
    deps: Vec<u32>,
    template: Option<String>,
}

/// Every piece of the graph some output has read, numbered once, so
/// records and fingerprints are small integers and vectors rather than
/// thousands of strings compared on every rebuild.
#[derive(Debug, Default)]
struct DepTable {
    ids: FxHashMap<Dep, u32>,
    deps: Vec<Dep>,
}

impl DepTable {
    fn intern(&mut self, dep: Dep) -> u32 {
        if let Some(&id) = self.ids.get(&dep) {
            return id;
        }
        let id = self.deps.len() as u32;
        self.ids.insert(dep.clone(), id);
        self.deps.push(dep);
        id
    }

    /// Fingerprints of the pieces with ids from `from` on, in `graph`.
    fn fingerprints(&self, graph: &Graph, from: usize) -> Vec<Option<u64>> {
        self.deps[from.min(self.deps.len())..]
            .par_iter()
            .map(|dep| deps::fingerprint(graph, dep))
            .collect()
    }
}

/// The incremental builder.
pub struct Engine {
    root: PathBuf,
    out: PathBuf,
    options: BuildOptions,
    config: Config,
    /// Every content Markdown file, decoded.
    files: BTreeMap<String, ContentFile>,
    /// Parsed documents, and the errors of files that did not parse.
    documents: BTreeMap<String, Arc<Document>>,
    parse_errors: BTreeMap<String, Vec<Diagnostic>>,
    load_diagnostics: Diagnostics,
    templates_source: BTreeMap<String, Template>,
    assets: Vec<Asset>,
    cache: RenderCache,
    /// The last good build.
    good: Option<Good>,
    /// Content changed since the site-wide files were last written.
    site_files_stale: bool,
    /// Counts builds whose content changed: site-wide files built from an
    /// older graph is not written.
    generation: u64,
    deps: DepTable,
    /// The compiled templates, until a template changes.
    templates: Option<Arc<Templates>>,
    /// What changed since the last good build: a build that fails leaves
    /// its changes to the next one.
    pending: Pending,
}

/// Changes not yet in a good build.
#[derive(Debug, Default)]
struct Pending {
    /// Content files (relative to `content/`).
    content: BTreeSet<String>,
    templates: BTreeSet<String>,
    /// Static files, stylesheets and content folders.
    assets: BTreeSet<String>,
    /// The content folder was read again (a folder came, went or moved).
    rescanned: bool,
}

/// The state of the last build that succeeded.
struct Good {
    graph: Arc<Graph>,
    /// Every job of the build and its output path.
    jobs: Arc<JobList>,
    records: FxHashMap<String, JobRecord>,
    /// By dependency id: the fingerprint in `graph` (None: the piece is gone).
    fingerprints: Vec<Option<u64>>,
    written: Written,
}

/// Every file in the output, with a hash of its bytes (0: left by an
/// earlier run and not compared yet).
#[derive(Debug, Default)]
struct Written {
    /// Outputs of jobs: pages and assets.
    jobs: BTreeMap<String, u64>,
    /// Site-wide files (see [`build_site_files`]).
    site: BTreeMap<String, u64>,
}

impl Written {
    /// The files a previous build or serve left: ours to replace or remove.
    fn from_manifest(out: &Path) -> Written {
        let mut written = Written::default();
        for path in write::read_manifest(out) {
            let map = if is_site_wide_file(&path) {
                &mut written.site
            } else {
                &mut written.jobs
            };
            map.insert(path, 0);
        }
        written
    }

    fn manifest(&self) -> String {
        let mut paths: Vec<&String> = self.jobs.keys().chain(self.site.keys()).collect();
        paths.sort();
        paths.into_iter().map(|p| format!("{p}\n")).collect()
    }
}

impl Engine {
    /// Loads everything and builds into `out` (which must be safe to use).
    pub fn new(root: &Path, out: &Path, options: BuildOptions) -> Result<(Engine, Rebuild)> {
        let config = crate::load_config(root, options.base_url.as_deref())
            .map_err(|d| anyhow::anyhow!(d.to_human()))?;
        let mut engine = Engine {
            root: root.to_path_buf(),
            out: out.to_path_buf(),
            options,
            config,
            files: BTreeMap::new(),
            documents: BTreeMap::new(),
            parse_errors: BTreeMap::new(),
            load_diagnostics: Diagnostics::new(),
            templates_source: BTreeMap::new(),
            assets: Vec::new(),
            cache: RenderCache::default(),
            good: None,
            site_files_stale: true,
            generation: 0,
            deps: DepTable::default(),
            templates: None,
            pending: Pending::default(),
        };
        let report = engine.reload_everything();
        Ok((engine, report))
    }

    pub fn output_dir(&self) -> &Path {
        &self.out
    }

    /// Rebuilds after the files at `paths` (absolute or relative to the
    /// root) changed, were created or were removed.
    pub fn rebuild(&mut self, paths: &[PathBuf]) -> Rebuild {
        let started = Instant::now();
        let kinds: BTreeSet<(ChangeKind, String)> = paths
            .iter()
            .filter_map(|p| classify(&self.root, &self.out, p))
            .collect();
        if kinds.is_empty() {
            return Rebuild::default();
        }
        if kinds.iter().any(|(k, _)| *k == ChangeKind::Config) {
            return self.reload_everything();
        }
        let mut changed_templates = BTreeSet::new();
        let mut changed_assets = BTreeSet::new();
        let mut content_changed = false;
        for (kind, rel) in &kinds {
            if *kind == ChangeKind::Asset && self.is_content_folder(rel) {
                // A folder was created, removed or renamed: its files' events
                // may not all arrive, so look at the whole content again.
                self.rescan_content();
                content_changed = true;
                self.pending.rescanned = true;
                changed_assets.insert(rel.clone());
                continue;
            }
            match kind {
                ChangeKind::Content => {
                    self.reread_content(rel);
                    self.pending.content.insert(rel.clone());
                    content_changed = true;
                }
                ChangeKind::Template => {
                    changed_templates.insert(rel.clone());
                }
                ChangeKind::Stylesheet | ChangeKind::Asset => {
                    changed_assets.insert(rel.clone());
                }
                ChangeKind::Config => {}
            }
        }
        if !changed_templates.is_empty() || !changed_assets.is_empty() {
            self.reload_theme();
        }
        if content_changed {
            self.reparse();
        }
        let read = started.elapsed();
        self.pending.templates.extend(changed_templates);
        self.pending.assets.extend(changed_assets);
        let pending = &self.pending;
        let content_pending = !pending.content.is_empty() || pending.rescanned;
        let only_text_edits = content_pending
            && !pending.rescanned
            && pending.templates.is_empty()
            && pending.assets.is_empty();
        let patched = if only_text_edits {
            self.build_patched()
        } else {
            None
        };
        let mut report = match patched {
            Some(report) => report,
            None => {
                let templates = self.pending.templates.clone();
                let assets = self.pending.assets.clone();
                self.build(&templates, &assets, content_pending)
            }
        };
        report.phases.insert(0, ("read+parse", read));
        report.elapsed = started.elapsed();
        report
    }

    /// Reads every file again and renders every output (start, config change).
    fn reload_everything(&mut self) -> Rebuild {
        let started = Instant::now();
        match crate::load_config(&self.root, self.options.base_url.as_deref()) {
            Ok(config) => self.config = config,
            Err(d) => {
                return Rebuild {
                    diagnostics: vec![*d].into(),
                    elapsed: started.elapsed(),
                    ..Rebuild::default()
                };
            }
        }
        let mut diagnostics = Diagnostics::new();
        let (markdown, _) = crate::load::walk_content(&self.root, &mut diagnostics);
        self.files = markdown
            .into_iter()
            .filter_map(|(rel, path)| {
                crate::load::read_content_file(&self.root, &path, rel.clone(), &mut diagnostics)
                    .map(|f| (rel, f))
            })
            .collect();
        self.load_diagnostics = diagnostics;
        self.reload_theme();
        self.documents.clear();
        self.parse_errors.clear();
        self.reparse();
        self.cache = RenderCache::default();
        self.good = None;
        let mut report = self.build(&BTreeSet::new(), &BTreeSet::new(), true);
        report.elapsed = started.elapsed();
        report
    }

    /// Whether a changed content path is (or, removed, looks like) a folder.
    fn is_content_folder(&self, rel: &str) -> bool {
        let path = self.root.join("content").join(rel);
        path.is_dir() || (!path.exists() && !rel.rsplit('/').next().unwrap_or(rel).contains('.'))
    }

    /// Reads every content file again, keeping the documents of files whose
    /// text did not change.
    fn rescan_content(&mut self) {
        let mut diagnostics = Diagnostics::new();
        let (markdown, _) = crate::load::walk_content(&self.root, &mut diagnostics);
        let mut files = BTreeMap::new();
        for (rel, path) in markdown {
            if let Some(file) =
                crate::load::read_content_file(&self.root, &path, rel.clone(), &mut diagnostics)
            {
                if self.files.get(&rel).is_none_or(|old| old.text != file.text) {
                    self.documents.remove(&rel);
                }
                files.insert(rel, file);
            }
        }
        self.files = files;
        self.parse_errors
            .retain(|rel, _| self.files.contains_key(rel));
        self.load_diagnostics = diagnostics;
    }

    fn reread_content(&mut self, rel: &str) {
        let path = self.root.join("content").join(rel);
        self.documents.remove(rel);
        self.parse_errors.remove(rel);
        if !path.is_file() {
            self.files.remove(rel);
            return;
        }
        let mut diagnostics = Diagnostics::new();
        match crate::load::read_content_file(&self.root, &path, rel.to_string(), &mut diagnostics) {
            Some(file) => {
                self.files.insert(rel.to_string(), file);
            }
            None => {
                self.files.remove(rel);
                self.parse_errors
                    .insert(rel.to_string(), diagnostics.into_vec());
            }
        }
    }

    fn reload_theme(&mut self) {
        self.templates = None;
        let mut diagnostics = Diagnostics::new();
        let (_, content_assets) = crate::load::walk_content(&self.root, &mut diagnostics);
        let (templates, assets) =
            crate::load::load_theme(&self.root, &self.config, content_assets, &mut diagnostics);
        self.templates_source = templates;
        self.assets = assets;
    }

    /// Parses the files that have no document yet (new or changed); all of
    /// them when a section changed, since a section decides its pages' kind.
    fn reparse(&mut self) {
        let sections_changed = self.files.keys().chain(self.documents.keys()).any(|rel| {
            parse::is_section_file(rel)
                && (self.files.contains_key(rel) != self.documents.contains_key(rel))
        });
        if sections_changed {
            self.documents.clear();
            self.parse_errors
                .retain(|rel, _| !self.files.contains_key(rel));
        }
        self.documents.retain(|rel, _| self.files.contains_key(rel));
        let pending: Vec<&ContentFile> = self
            .files
            .values()
            .filter(|f| !self.documents.contains_key(&f.rel_path))
            .collect();
        let (sections, pages): (Vec<&ContentFile>, Vec<&ContentFile>) = pending
            .into_iter()
            .partition(|f| parse::is_section_file(&f.rel_path));
        let mut results: Vec<(String, Result<Document, Vec<Diagnostic>>)> = sections
            .iter()
            .map(|f| (f.rel_path.clone(), parse::parse_file(f, None)))
            .collect();
        let mut section_docs: Vec<&Document> = self
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
                    (
                        f.rel_path.clone(),
                        parse::parse_file(f, Some(parse::kind_for(&kinds, &f.rel_path))),
                    )
                })
                .collect::<Vec<_>>(),
        );
        for (rel, result) in results {
            match result {
                Ok(doc) => {
                    self.parse_errors.remove(&rel);
                    self.documents.insert(rel, Arc::new(doc));
                }
                Err(errors) => {
                    self.parse_errors.insert(rel, errors);
                }
            }
        }
    }

    /// The documents a build uses (drafts left out unless asked).
    fn current_documents(&self) -> Vec<Arc<Document>> {
        self.documents
            .values()
            .filter(|d| self.options.drafts || !d.meta.draft)
            .cloned()
            .collect()
    }

    /// The compiled templates (compiled again after a template changed).
    fn templates(&mut self) -> Result<Arc<Templates>, Diagnostics> {
        if let Some(templates) = &self.templates {
            return Ok(templates.clone());
        }
        let templates = Arc::new(Templates::new(&self.templates_source)?);
        self.templates = Some(templates.clone());
        Ok(templates)
    }

    fn build(
        &mut self,
        changed_templates: &BTreeSet<String>,
        changed_assets: &BTreeSet<String>,
        content_changed: bool,
    ) -> Rebuild {
        let mut phases = Phases::start();
        let mut diagnostics = self.load_diagnostics.clone();
        for errors in self.parse_errors.values() {
            errors.iter().cloned().for_each(|d| diagnostics.push(d));
        }
        let (graph, graph_diagnostics) = Graph::build_cached(
            self.current_documents(),
            self.config.clone(),
            &mut self.cache,
        );
        diagnostics.extend(graph_diagnostics);
        phases.lap("graph");
        let templates = match self.templates() {
            Ok(templates) => templates,
            Err(errors) => {
                diagnostics.extend(errors);
                return failed(diagnostics);
            }
        };
        if diagnostics.has_errors() {
            return failed(diagnostics);
        }
        let plan = self.plan(&graph, &templates, changed_templates, changed_assets);
        phases.lap("plan");
        self.render_and_commit(
            graph,
            &templates,
            plan,
            diagnostics,
            phases,
            content_changed,
        )
    }

    /// The fast path for edits that change only the text of existing pages
    /// (see [`Graph::patch_bodies`]): the last good graph is patched instead
    /// of built again, and only the pieces of it a text edit can change are
    /// fingerprinted. `None` when the edits since the last good build are
    /// not all of that kind.
    fn build_patched(&mut self) -> Option<Rebuild> {
        if !self.parse_errors.is_empty() {
            return None;
        }
        let good = self.good.as_ref()?;
        let documents: Vec<Arc<Document>> = self
            .pending
            .content
            .iter()
            .map(|rel| self.documents.get(rel).cloned())
            .collect::<Option<_>>()?;
        let mut phases = Phases::start();
        let mut graph = (*good.graph).clone();
        let mut patch = graph.patch_bodies(&documents, &mut self.cache)?;
        let mut diagnostics = self.load_diagnostics.clone();
        diagnostics.extend(std::mem::take(&mut patch.diagnostics));
        phases.lap("patch graph");
        let templates = self.templates().ok()?;
        if diagnostics.has_errors() {
            return Some(failed(diagnostics));
        }
        let plan = self.patched_plan(&graph, &patch)?;
        phases.lap("plan");
        Some(self.render_and_commit(graph, &templates, plan, diagnostics, phases, true))
    }

    /// Renders the plan's dirty jobs and, if all went well, writes them and
    /// keeps the new state.
    fn render_and_commit(
        &mut self,
        graph: Graph,
        templates: &Templates,
        mut plan: Plan,
        mut diagnostics: Diagnostics,
        mut phases: Phases,
        content_changed: bool,
    ) -> Rebuild {
        let shared = render::SharedContext::new(&graph, &self.options.render);
        let rendered: Vec<(Job, RenderedJob)> = plan
            .dirty
            .par_iter()
            .map(|job| {
                let (result, deps) = deps::recording(|| {
                    render::render_job(&graph, templates, &self.assets, &shared, job)
                });
                // Every page is held until all have rendered: drop the
                // spare room of the render buffer (16 KB a page).
                let shrunk = result.map(|mut output| {
                    output.bytes.shrink_to_fit();
                    (output, deps)
                });
                (job.clone(), shrunk)
            })
            .collect();
        phases.lap("render");
        let mut outputs = Vec::new();
        let mut records = self
            .good
            .as_mut()
            .map(|g| std::mem::take(&mut g.records))
            .unwrap_or_default();
        for (job, result) in rendered {
            match result {
                Ok((output, read)) => {
                    let (_, template) = render::job_target(&graph, &self.assets, &job);
                    let deps = read.into_iter().map(|dep| self.deps.intern(dep)).collect();
                    records.insert(output.path.clone(), JobRecord { deps, template });
                    outputs.push(output);
                }
                Err(d) => diagnostics.push(d),
            }
        }
        if diagnostics.has_errors() {
            if let Some(good) = self.good.as_mut() {
                good.records = records;
            }
            return failed(diagnostics);
        }
        // Every path of the plan has a record (an earlier one, or one made
        // just now); with as many records as paths there is no other.
        if records.len() != plan.jobs.paths.len() {
            records.retain(|path, _| plan.jobs.paths.contains(path));
        }
        if content_changed {
            self.site_files_stale = true;
            self.generation += 1;
        }
        let rendered_jobs = plan.dirty.len();
        let fingerprints = std::mem::take(&mut plan.fingerprints);
        match self.commit(graph, plan.jobs, records, outputs, fingerprints) {
            Ok(changed) => {
                phases.lap("write");
                self.pending = Pending::default();
                diagnostics.sort();
                Rebuild {
                    changed,
                    diagnostics,
                    rendered_jobs,
                    elapsed: Duration::ZERO,
                    phases: phases.list,
                }
            }
            Err(e) => {
                diagnostics.push(Diagnostic::error(
                    "write",
                    self.out.display().to_string(),
                    format!("{e:#}"),
                ));
                Rebuild {
                    diagnostics,
                    rendered_jobs,
                    ..Rebuild::default()
                }
            }
        }
    }
}

/// A rebuild that stopped at errors (the output is left as it was).
fn failed(mut diagnostics: Diagnostics) -> Rebuild {
    diagnostics.sort();
    Rebuild {
        diagnostics,
        ..Rebuild::default()
    }
}

/// Time per phase of a rebuild.
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

/// Every job of a build with its output path.
#[derive(Debug, Default)]
struct JobList {
    jobs: Vec<(Job, String)>,
    /// The same paths, for lookups.
    paths: BTreeSet<String>,
}

impl JobList {
    fn new(jobs: Vec<(Job, String)>) -> JobList {
        let paths = jobs.iter().map(|(_, path)| path.clone()).collect();
        JobList { jobs, paths }
    }
}

/// The outputs a build produces and which of them must be rendered again.
struct Plan {
    dirty: Vec<Job>,
    /// Every job (search and site-wide files aside) with its output path.
    jobs: Arc<JobList>,
    /// Fingerprints in the new graph, by dependency id.
    fingerprints: Vec<Option<u64>>,
}

impl Engine {
    fn plan(
        &mut self,
        graph: &Graph,
        templates: &Templates,
        changed_templates: &BTreeSet<String>,
        changed_assets: &BTreeSet<String>,
    ) -> Plan {
        let mut jobs = render::full_plan(graph, &self.assets, templates);
        jobs.retain(|job| !render::is_site_wide(job));
        let (with_paths, job_templates): (Vec<(Job, String)>, Vec<Option<String>>) = jobs
            .into_iter()
            .map(|job| {
                let (path, template) = render::job_target(graph, &self.assets, &job);
                ((job, path), template)
            })
            .unzip();
        let list = Arc::new(JobList::new(with_paths));
        let Some(good) = self.good.as_ref() else {
            return Plan {
                dirty: list.jobs.iter().map(|(job, _)| job.clone()).collect(),
                jobs: list,
                fingerprints: Vec::new(),
            };
        };
        // Every piece some output read, fingerprinted once in the new graph,
        // and which of them changed.
        let fingerprints = self.deps.fingerprints(graph, 0);
        let changed: Vec<bool> = fingerprints
            .iter()
            .enumerate()
            .map(|(id, now)| good.fingerprints.get(id) != Some(now))
            .collect();
        let closure = templates.closure();
        let uses_changed_template = |template: &Option<String>| {
            template.as_ref().is_some_and(|t| {
                closure
                    .get(t)
                    .is_some_and(|used| used.iter().any(|u| changed_templates.contains(u)))
            }) || template
                .as_ref()
                .is_some_and(|t| changed_templates.iter().any(|c| c.ends_with(t.as_str())))
        };
        let mut dirty = Vec::new();
        for ((job, path), template) in list.jobs.iter().zip(&job_templates) {
            let stale = match (job, good.records.get(path)) {
                (_, None) => true,
                (Job::Asset(i), Some(_)) => {
                    changed_assets.contains(&self.assets[*i].out_path)
                        || asset_source_changed(&self.assets[*i], changed_assets)
                }
                (_, Some(record)) => {
                    &record.template != template
                        || uses_changed_template(template)
                        || record.deps.iter().any(|&id| changed[id as usize])
                }
            };
            if stale {
                dirty.push(job.clone());
            }
        }
        Plan {
            dirty,
            jobs: list,
            fingerprints,
        }
    }

    /// The plan after [`Graph::patch_bodies`]: the jobs are those of the
    /// last good build (no page came or went), and only the pieces a text
    /// edit changes are fingerprinted again: the pages' own data and
    /// summaries, the affected formulations' data, summaries and
    /// statistics, and the site-wide views.
    fn patched_plan(&mut self, graph: &Graph, patch: &BodyPatch) -> Option<Plan> {
        let good = self.good.as_ref()?;
        let rel = |page: PageId| graph.pages[page].doc.rel_path.clone();
        let mut pieces = vec![Dep::Home, Dep::Site];
        for &page in &patch.pages {
            pieces.extend([Dep::Content(rel(page)), Dep::Summary(rel(page))]);
        }
        for &f in &patch.formulations {
            let page = *graph.formulations.get(f)?;
            pieces.extend([
                Dep::Content(rel(page)),
                Dep::Summary(rel(page)),
                Dep::Stats(rel(page)),
            ]);
        }
        let mut fingerprints = good.fingerprints.clone();
        let mut changed = vec![false; fingerprints.len()];
        for piece in &pieces {
            let Some(&id) = self.deps.ids.get(piece) else {
                continue; // no output read it
            };
            let now = deps::fingerprint(graph, piece);
            let slot = fingerprints.get_mut(id as usize)?;
            if *slot != now {
                *slot = now;
                changed[id as usize] = true;
            }
        }
        let dirty = good
            .jobs
            .jobs
            .iter()
            .filter(|(_, path)| {
                good.records
                    .get(path)
                    .is_none_or(|record| record.deps.iter().any(|&id| changed[id as usize]))
            })
            .map(|(job, _)| job.clone())
            .collect();
        Some(Plan {
            dirty,
            jobs: good.jobs.clone(),
            fingerprints,
        })
    }

    /// Writes the outputs that changed, removes outputs no longer produced,
    /// and keeps the new state. Returns the output paths that changed.
    fn commit(
        &mut self,
        graph: Graph,
        jobs: Arc<JobList>,
        records: FxHashMap<String, JobRecord>,
        outputs: Vec<Output>,
        mut fingerprints: Vec<Option<u64>>,
    ) -> Result<Vec<String>> {
        let job_paths = &jobs.paths;
        let first = self.good.is_none();
        let mut written = match self.good.take() {
            Some(good) => good.written,
            None => Written::from_manifest(&self.out),
        };
        let (mut changed, added) = self.write_outputs(&outputs, &mut written.jobs)?;
        // Every job's output has been written by now; with as many files
        // as jobs, no other file is left (this saves a lookup per page).
        let stale: Vec<String> = if written.jobs.len() == job_paths.len() {
            Vec::new()
        } else {
            written
                .jobs
                .keys()
                .filter(|p| !job_paths.contains(*p))
                .cloned()
                .collect()
        };
        changed.extend(self.remove(&stale, &mut written.jobs)?);
        if first || added || !stale.is_empty() {
            self.write_manifest(&written)?;
        }
        // Pieces first read by outputs rendered just now need a fingerprint.
        let known = fingerprints.len();
        fingerprints.extend(self.deps.fingerprints(&graph, known));
        self.good = Some(Good {
            graph: Arc::new(graph),
            jobs,
            records,
            fingerprints,
            written,
        });
        changed.sort();
        Ok(changed)
    }

    /// Writes outputs whose bytes differ from what is in place. Returns
    /// the paths written, and whether any of them is new to the manifest.
    fn write_outputs(
        &self,
        outputs: &[Output],
        written: &mut BTreeMap<String, u64>,
    ) -> Result<(Vec<String>, bool)> {
        let mut changed = Vec::new();
        let mut added = false;
        for output in outputs {
            let hash = deps::hash_of(&output.bytes);
            let target = self.out.join(&output.path);
            let in_place = match written.get(&output.path) {
                Some(&known) if known != 0 => known == hash && target.is_file(),
                // Not written by this engine yet: a previous run may have.
                _ => std::fs::read(&target).is_ok_and(|old| old == output.bytes),
            };
            if !in_place {
                crate::fs::write(&target, &output.bytes)?;
                changed.push(output.path.clone());
            }
            added |= written.insert(output.path.clone(), hash).is_none();
        }
        Ok((changed, added))
    }

    fn remove(&self, paths: &[String], written: &mut BTreeMap<String, u64>) -> Result<Vec<String>> {
        for path in paths {
            crate::fs::remove_file(&self.out.join(path))?;
            written.remove(path);
        }
        Ok(paths.to_vec())
    }

    fn write_manifest(&self, written: &Written) -> Result<()> {
        let manifest = written.manifest();
        let path = self.out.join(write::MARKER);
        if std::fs::read(&path).ok().as_deref() != Some(manifest.as_bytes()) {
            crate::fs::write(&path, manifest.as_bytes())?;
        }
        Ok(())
    }

    /// Rebuilds the site-wide files (search index, sitemap, feed, data
    /// exports) of the last good build if content changed since they were
    /// written; returns the files that changed. Run after the browser was
    /// told to reload: they take longer than the pages, and no page shows
    /// them.
    pub fn update_site_files(&mut self) -> Result<Vec<String>> {
        match self.site_files_snapshot() {
            Some((generation, graph)) => {
                self.apply_site_files(generation, &build_site_files(&graph))
            }
            None => Ok(Vec::new()),
        }
    }

    /// The graph to build the site-wide files from, with its generation,
    /// if they are out of date (to build them on another thread).
    pub fn site_files_snapshot(&self) -> Option<(u64, Arc<Graph>)> {
        let good = self.good.as_ref()?;
        self.site_files_stale
            .then(|| (self.generation, good.graph.clone()))
    }

    /// Writes site-wide files built from generation `generation`, unless
    /// the content changed since; returns the files that changed.
    pub fn apply_site_files(&mut self, generation: u64, outputs: &[Output]) -> Result<Vec<String>> {
        if generation != self.generation {
            return Ok(Vec::new());
        }
        let Some(mut good) = self.good.take() else {
            return Ok(Vec::new());
        };
        let result = self.write_site_files(outputs, &mut good.written);
        self.good = Some(good);
        if result.is_ok() {
            self.site_files_stale = false;
        }
        result
    }

    fn write_site_files(&self, outputs: &[Output], written: &mut Written) -> Result<Vec<String>> {
        let (mut changed, added) = self.write_outputs(outputs, &mut written.site)?;
        let produced: BTreeSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
        let stale: Vec<String> = written
            .site
            .keys()
            .filter(|p| !produced.contains(p.as_str()))
            .cloned()
            .collect();
        changed.extend(self.remove(&stale, &mut written.site)?);
        if added || !stale.is_empty() {
            self.write_manifest(written)?;
        }
        changed.sort();
        Ok(changed)
    }

    /// The graph of the last good build.
    pub fn graph(&self) -> Option<&Graph> {
        self.good.as_ref().map(|g| &*g.graph)
    }
}

/// The site-wide files of a graph: sitemap, feed, robots.txt, data
/// exports, and the search index (unless the site turned it off).
pub fn build_site_files(graph: &Graph) -> Vec<Output> {
    let mut outputs = render::site_wide_outputs(graph);
    outputs.extend(crate::check::export::build(graph));
    if graph.config.search.index {
        outputs.extend(crate::search::build(graph));
    }
    outputs
}

/// Whether an output is one of [`build_site_files`] (the search page itself
/// is an ordinary output).
fn is_site_wide_file(path: &str) -> bool {
    (path.starts_with("search/") && path != "search/index.html")
        || crate::check::export::is_data_path(path)
        || render::site_wide_jobs()
            .iter()
            .any(|job| render::site_wide_path(job) == Some(path))
}

fn asset_source_changed(asset: &Asset, changed: &BTreeSet<String>) -> bool {
    match &asset.origin {
        crate::load::AssetOrigin::Disk(path) => changed.iter().any(|c| path.ends_with(c)),
        crate::load::AssetOrigin::BuiltIn(_) => false,
    }
}

/// Sorts a changed path into what it affects, with its path relative to the
/// folder that matters (content path for content, template name for
/// templates, output path for assets). Editor leftovers, `.git`, and the
/// output folder are ignored.
pub fn classify(root: &Path, out: &Path, path: &Path) -> Option<(ChangeKind, String)> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        root.join(path)
    };
    if absolute.starts_with(out) {
        return None;
    }
    let rel = absolute.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.iter().any(|p| crate::load::is_ignored_name(p)) {
        return None;
    }
    let joined = |from: usize| parts[from..].join("/");
    let kind_of_asset = |name: &str| {
        if name.ends_with(".css") {
            ChangeKind::Stylesheet
        } else {
            ChangeKind::Asset
        }
    };
    match parts.first().map(String::as_str)? {
        "config.toml" if parts.len() == 1 => Some((ChangeKind::Config, "config.toml".to_string())),
        "content" if parts.len() > 1 => {
            let rest = joined(1);
            if rest.ends_with(".md") {
                Some((ChangeKind::Content, rest))
            } else {
                Some((ChangeKind::Asset, rest))
            }
        }
        "templates" if parts.len() > 1 => Some((ChangeKind::Template, joined(1))),
        "static" if parts.len() > 1 => Some((kind_of_asset(&joined(1)), joined(1))),
        "themes" if parts.len() > 3 && parts[2] == "templates" => {
            Some((ChangeKind::Template, joined(3)))
        }
        "themes" if parts.len() > 3 && parts[2] == "static" => {
            Some((kind_of_asset(&joined(3)), joined(3)))
        }
        _ => None,
    }
}

/// Options a serve build renders with (the live-reload script).
pub fn serve_render_options() -> RenderOptions {
    RenderOptions {
        live_reload: Some("/__tifa/live.js".to_string()),
    }
}
