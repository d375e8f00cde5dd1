//! serve's policy around the one pipeline.
//!
//! An [`Engine`] keeps a [`Session`] (the same pipeline `tifa build` runs
//! once) and an [`InPlaceWriter`] on serve's private folder. For each burst
//! of file events it classifies the paths, runs the session on the
//! changes, commits the outputs if the run is good, and reports what
//! changed (the pages to reload) or what is wrong (the overlay). What is
//! serve's own: site-wide files (sitemap, feed, exports, search index) are
//! written after the pages, on another thread, for the newest content
//! only; the live-reload script goes into every page; and an output folder
//! deleted behind serve's back is made again.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::BuildOptions;
use crate::changes::{Change, classify};
use crate::diagnostic::{Diagnostic, Diagnostics, rule};
use crate::graph::Graph;
use crate::output::Sink;
use crate::pipeline::{self, Mode, Run, Session, SiteWide};
use crate::render::{self, RenderOptions};
use crate::write::{Batch, InPlaceWriter, Through};

/// What one rebuild did.
#[derive(Debug, Clone, Default)]
pub struct Rebuild {
    /// Output paths whose bytes changed or that were removed.
    pub changed: Vec<String>,
    /// Every problem; if any is an error the output was left as it was.
    pub diagnostics: Diagnostics,
    pub rendered_jobs: usize,
    pub elapsed: Duration,
    /// Time per phase, for the terminal and benchmarks.
    pub phases: Vec<(&'static str, Duration)>,
}

impl Rebuild {
    pub fn failed(&self) -> bool {
        self.diagnostics.has_errors()
    }
}

/// The incremental builder of `tifa serve`.
pub struct Engine {
    root: PathBuf,
    /// serve's private folder, which holds the output folder (see
    /// [`super::private_folder`]); None when the caller chose the folder.
    private: Option<tempfile::TempDir>,
    session: Session,
    writer: InPlaceWriter,
    /// Content changed since the site-wide files were last written.
    site_files_stale: bool,
    /// Counts runs whose content changed: site-wide files built from an
    /// older graph are not written.
    generation: u64,
    /// Whether the first build has run.
    built: bool,
}

impl Engine {
    /// Loads everything and builds into `out` (made if missing; it must be
    /// a folder only this process writes to).
    pub fn new(root: &Path, out: &Path, options: BuildOptions) -> Result<(Engine, Rebuild)> {
        let mut engine = Engine::open(root, out, options)?;
        let first = engine.first_build(None);
        Ok((engine, first))
    }

    /// An engine writing into `out` (made if missing; it must be a folder
    /// only this process writes to) that has built nothing yet: its
    /// [`Engine::first_build`] is still to run.
    pub fn open(root: &Path, out: &Path, options: BuildOptions) -> Result<Engine> {
        crate::fs::create_dir_all(out)?;
        let writer = InPlaceWriter::open(out)?;
        let session = Session::open(options, &[writer.path()], Mode::Keep)
            .map_err(|d| anyhow::Error::msg(d.human_text()))?;
        Ok(Engine {
            root: root.to_path_buf(),
            private: None,
            session,
            writer,
            site_files_stale: true,
            generation: 0,
            built: false,
        })
    }

    /// [`Engine::open`] on a private folder of its own, which goes when
    /// the engine goes.
    pub fn in_private_folder(root: &Path, options: BuildOptions) -> Result<Engine> {
        let private = super::private_folder()?;
        let mut engine = Engine::open(root, &private.path().join("site"), options)?;
        engine.private = Some(private);
        Ok(engine)
    }

    /// Whether the first build is still to run.
    pub fn needs_first_build(&self) -> bool {
        !self.built
    }

    /// Loads everything and builds the whole site; into an empty folder,
    /// each file is written as soon as it is rendered, through `through`.
    pub fn first_build(&mut self, through: Option<Through>) -> Rebuild {
        self.built = true;
        self.run(None, Instant::now(), through)
    }

    pub fn output_dir(&self) -> &Path {
        self.writer.path()
    }

    /// Whether a changed path concerns this engine: a source it reads, or
    /// the output folder itself (deleted).
    pub fn wants(&self, path: &Path) -> bool {
        let out = self.writer.path();
        path == out || Some(path) == out.parent() || self.classify_path(path).is_some()
    }

    /// What a changed path is to this engine (None: nothing it reads).
    pub fn classify_path(&self, path: &Path) -> Option<Change> {
        classify(&self.root, &[self.writer.path().to_path_buf()], path)
    }

    /// Rebuilds after the files at `paths` (absolute or relative to the
    /// root) changed, were created or were removed.
    pub fn rebuild(&mut self, paths: &[PathBuf]) -> Rebuild {
        let started = Instant::now();
        if !self.writer.is_intact() {
            return self.recover_output(started);
        }
        let changes: BTreeSet<Change> =
            paths.iter().filter_map(|p| self.classify_path(p)).collect();
        if changes.is_empty() {
            return Rebuild::default();
        }
        self.run(Some(&changes), started, None)
    }

    /// The output folder was deleted (a temp-folder cleaner, a user): make
    /// it again and write every output into it. In a private folder, a new
    /// private folder is made: the old name is known, so anyone could have
    /// made a folder of that name meanwhile.
    fn recover_output(&mut self, started: Instant) -> Rebuild {
        let reopened = self.reopen_output();
        match reopened {
            Ok(writer) => self.writer = writer,
            Err(e) => {
                return Rebuild {
                    diagnostics: vec![Diagnostic::error(
                        rule::WRITE,
                        self.writer.path().display().to_string(),
                        crate::t!(
                            "预览用的文件夹被删除了，而且无法重建：{e:#}",
                            "the served folder was deleted and cannot be made again: {e:#}"
                        ),
                    )]
                    .into(),
                    ..Rebuild::default()
                };
            }
        }
        self.session.forget_outputs();
        self.site_files_stale = true;
        self.generation += 1;
        self.run(Some(&BTreeSet::new()), started, None)
    }

    fn reopen_output(&mut self) -> Result<InPlaceWriter> {
        if let Some(old) = self.private.take() {
            // Whatever is at the old path now is not ours to delete.
            let _ = old.keep();
            let private = super::private_folder()?;
            let out = private.path().join("site");
            self.private = Some(private);
            crate::fs::create_dir_all(&out)?;
            let writer = InPlaceWriter::open(&out)?;
            self.session.write_also_to(writer.path());
            return Ok(writer);
        }
        let out = self.writer.path().to_path_buf();
        crate::fs::create_dir_all(&out)?;
        InPlaceWriter::open(&out)
    }

    /// Runs the session and commits what it rendered.
    fn run(
        &mut self,
        changes: Option<&BTreeSet<Change>>,
        started: Instant,
        through: Option<Through>,
    ) -> Rebuild {
        let batch = self.writer.first_batch().through(through);
        let mut run = self.session.run(changes, SiteWide::Later, &batch);
        let mut report = Rebuild {
            rendered_jobs: run.rendered,
            phases: std::mem::take(&mut run.phases),
            ..Rebuild::default()
        };
        if run.failed() {
            self.writer.note_written(batch);
            report.diagnostics = run.diagnostics;
            report.elapsed = started.elapsed();
            return report;
        }
        let write_started = Instant::now();
        match self.commit(&mut run, batch) {
            Ok(changed) => report.changed = changed,
            Err(e) => {
                // What is on disk is not known any more: write it all next time.
                self.session.forget_outputs();
                run.diagnostics.push(Diagnostic::error(
                    rule::WRITE,
                    self.writer.path().display().to_string(),
                    crate::i18n::error_chain(&e),
                ));
            }
        }
        report.phases.push(("write", write_started.elapsed()));
        report.diagnostics = std::mem::take(&mut run.diagnostics);
        report.elapsed = started.elapsed();
        report
    }

    fn commit(&mut self, run: &mut Run, batch: Batch) -> Result<Vec<String>> {
        let pages = |path: &str| !is_site_wide_file(path);
        let changed = self.writer.commit(batch, &pages, run.job_paths())?;
        if run.content_changed {
            self.site_files_stale = true;
            self.generation += 1;
        }
        self.session.keep(run);
        Ok(changed)
    }

    /// Rebuilds the site-wide files of the last good build if content
    /// changed since they were written; returns the files that changed.
    pub fn update_site_files(&mut self) -> Result<Vec<String>> {
        match self.site_files_snapshot() {
            Some((generation, graph)) => {
                let batch = self.batch();
                site_files(&graph, &batch)?;
                self.apply_site_files(generation, batch)
            }
            None => Ok(Vec::new()),
        }
    }

    /// The graph to build the site-wide files from, with its generation,
    /// if they are out of date (to build them on another thread).
    pub fn site_files_snapshot(&self) -> Option<(u64, Arc<Graph>)> {
        let graph = self.session.graph()?;
        self.site_files_stale
            .then(|| (self.generation, graph.clone()))
    }

    /// Writes site-wide files built from generation `generation`, unless
    /// the content changed since; returns the files that changed.
    pub fn apply_site_files(&mut self, generation: u64, batch: Batch) -> Result<Vec<String>> {
        if generation != self.generation || self.session.graph().is_none() {
            // The first set is written as it is built (see
            // `InPlaceWriter::changes_batch`): those files are ours, for
            // the next set to replace.
            self.writer.note_written(batch);
            return Ok(Vec::new());
        }
        let changed = self.writer.commit(batch, &is_site_wide_file, None)?;
        self.site_files_stale = false;
        Ok(changed)
    }

    /// A batch to build site-wide files into (on any thread), which holds
    /// only the files that changed (see `InPlaceWriter::changes_batch`).
    pub fn batch(&self) -> Batch {
        self.writer.changes_batch(&is_site_wide_file)
    }
}

/// The site-wide files of a graph into `sink` (see [`pipeline::site_wide`]).
pub fn site_files(graph: &Graph, sink: &dyn Sink) -> Result<()> {
    pipeline::site_wide(graph, sink)
}

/// Whether an output is one of the site-wide files (the search page
/// itself is an ordinary output).
fn is_site_wide_file(path: &str) -> bool {
    static PATHS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let paths = PATHS.get_or_init(|| {
        render::site_wide_jobs()
            .iter()
            .filter_map(render::site_wide_path)
            .collect()
    });
    (path.starts_with("search/") && path != "search/index.html")
        || crate::check::export::is_data_path(path)
        || paths.contains(&path)
}

/// Options a serve build renders with (the live-reload script).
pub fn serve_render_options() -> RenderOptions {
    RenderOptions {
        live_reload: Some("/__tifa/live.js".to_string()),
    }
}
