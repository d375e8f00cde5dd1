//! tifa (提法): a static site generator for Chinese policy knowledge bases.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! load      content/, static/, theme → Inputs            (decoded text, assets, templates)
//! parse     Inputs → Vec<Document>                        (typed front matter, Markdown source)
//! graph     Vec<Document> → Graph                         (URLs, references, rendered bodies,
//!                                                          mentions, backlinks, taxonomies)
//! render    Graph + templates → Vec<Output>               (HTML, sitemap, feed, JSON export)
//! write     Vec<Output> → public/                         (changed files only, stale removed)
//! ```
//!
//! `markdown` (body rendering with term linking) is used by `graph`;
//! `serve` runs the same stages. Problems with content are collected as
//! [`Diagnostics`] and never stop a stage early, so a build reports them all.

pub mod check;
pub mod config;
pub mod diagnostic;
pub mod fs;
pub mod graph;
pub mod import;
pub mod load;
pub mod markdown;
pub mod parse;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod slug;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use config::Config;
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use graph::Graph;

/// A problem with how tifa was called (exit code 2), not with the content.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Options of `tifa build` (and the build inside `serve`).
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `output_dir` of the config.
    pub output_dir: Option<PathBuf>,
    /// Overrides `base_url` of the config for this build.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Write into a non-empty folder that is not a previous tifa output.
    pub force: bool,
    pub render: render::RenderOptions,
}

/// What a successful pipeline run produced (the outputs went to the sink).
pub struct Site {
    pub graph: Graph,
    /// Number of HTML pages rendered.
    pub pages: usize,
    pub timings: Timings,
}

/// Wall time per stage, for `--verbose` and benchmarks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub load: Duration,
    pub parse: Duration,
    pub graph: Duration,
    pub render: Duration,
    /// Runs beside `render` (on the same cores), not after it.
    pub search: Duration,
    pub write: Duration,
}

/// What `build` did.
pub struct BuildReport {
    pub diagnostics: Diagnostics,
    /// None when the build failed and nothing was written.
    pub written: Option<write::WriteStats>,
    pub pages: usize,
    pub output_dir: PathBuf,
    pub timings: Timings,
}

/// Loads the config, with `--base-url` applied.
pub fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config, Box<Diagnostic>> {
    let mut config = Config::load(root)?;
    if let Some(url) = base_url {
        config.base_url = url.to_string();
        config =
            Config::parse(&toml::to_string(&config).unwrap_or_default()).map_err(|mut d| {
                d.message = format!("--base-url: {}", d.message);
                d
            })?;
    }
    Ok(config)
}

/// What the stages before rendering produced: the graph and the inputs
/// rendering still needs, with every problem found so far.
struct Prepared {
    graph: Graph,
    inputs: load::Inputs,
    diagnostics: Diagnostics,
    timings: Timings,
}

/// load → parse → graph: the stages `build` and `check` share. Problems are
/// collected, never fatal, so the graph is as complete as the content allows.
fn prepare(root: &Path, config: Config, options: &BuildOptions) -> Prepared {
    let mut timings = Timings::default();
    let started = Instant::now();
    let (mut inputs, mut diagnostics) = load::load(root, config);
    timings.load = started.elapsed();

    let started = Instant::now();
    // Documents own their text from here on; the file texts are not needed.
    let content = std::mem::take(&mut inputs.content);
    let (documents, parse_diagnostics) = parse::parse(
        &content,
        parse::ParseOptions {
            drafts: options.drafts,
        },
    );
    diagnostics.extend(parse_diagnostics);
    drop(content);
    timings.parse = started.elapsed();

    let started = Instant::now();
    let (graph, graph_diagnostics) = Graph::build(documents, inputs.config.clone());
    diagnostics.extend(graph_diagnostics);
    timings.graph = started.elapsed();
    Prepared {
        graph,
        inputs,
        diagnostics,
        timings,
    }
}

/// Runs load → parse → graph → render, putting every output into `sink`.
/// Returns the site only if there was no error; all diagnostics (warnings
/// too) are returned either way.
pub fn run_pipeline(
    root: &Path,
    config: Config,
    options: &BuildOptions,
    sink: &dyn render::Sink,
) -> (Option<Site>, Diagnostics) {
    let Prepared {
        graph,
        inputs,
        mut diagnostics,
        mut timings,
    } = prepare(root, config, options);

    let started = Instant::now();
    let templates = match render::Templates::new(&inputs.templates) {
        Ok(templates) => templates,
        Err(template_diagnostics) => {
            diagnostics.extend(template_diagnostics);
            diagnostics.sort();
            return (None, diagnostics);
        }
    };
    if diagnostics.has_errors() {
        diagnostics.sort();
        return (None, diagnostics);
    }
    let jobs = render::full_plan(&graph, &inputs.assets, &templates);
    let pages = jobs.iter().filter(|job| render::produces_html(job)).count();
    // The search index needs only the graph, so it is built beside the
    // pages: each fills the other's idle moments on the cores.
    let ((render_diagnostics, render_time), indexed) = rayon::join(
        || {
            let diagnostics = render::render_into(
                &graph,
                &templates,
                &inputs.assets,
                &jobs,
                &options.render,
                sink,
            );
            (diagnostics, started.elapsed())
        },
        || {
            graph.config.search.index.then(|| {
                let started = Instant::now();
                (search::build_into(&graph, sink), started.elapsed())
            })
        },
    );
    diagnostics.extend(render_diagnostics);
    timings.render = render_time;
    if let Some((result, elapsed)) = indexed {
        if let Err(e) = result {
            diagnostics.push(Diagnostic::error("write", "search/", format!("{e:#}")));
        }
        timings.search = elapsed;
    }
    // The browser checker's data (校稿): small next to the pages and index.
    if let Err(e) = check::export::build_into(&graph, sink) {
        diagnostics.push(Diagnostic::error("write", "check/", format!("{e:#}")));
    }
    diagnostics.sort();
    if diagnostics.has_errors() {
        return (None, diagnostics);
    }
    (
        Some(Site {
            graph,
            pages,
            timings,
        }),
        diagnostics,
    )
}

/// `tifa check`: every validation of a build (content, references, template
/// syntax) plus the lint rules of [`check`], without rendering or writing.
/// Unlike [`run_pipeline`] it lints even when the build has errors.
pub fn check_site(root: &Path, config: Config, options: &BuildOptions) -> Diagnostics {
    let Prepared {
        graph,
        inputs,
        mut diagnostics,
        ..
    } = prepare(root, config, options);
    if let Err(template_diagnostics) = render::Templates::new(&inputs.templates) {
        diagnostics.extend(template_diagnostics);
    }
    diagnostics.extend(check::check(&graph));
    diagnostics.sort();
    diagnostics
}

/// `tifa check --draft`: the rules of the knowledge base at `root` (its
/// formulations and rule packs), with any problems found building them.
pub fn rule_data(
    root: &Path,
    config: Config,
    options: &BuildOptions,
) -> (check::data::RuleData, Diagnostics) {
    let prepared = prepare(root, config, options);
    let data = check::data::RuleData::from_graph(&prepared.graph);
    (data, prepared.diagnostics)
}

/// `tifa build`: the whole pipeline, then the write, only if nothing failed.
pub fn build(options: &BuildOptions) -> anyhow::Result<BuildReport> {
    let root = &options.root;
    if !root.is_dir() {
        return Err(UsageError(format!("root folder {} does not exist", root.display())).into());
    }
    let config = match load_config(root, options.base_url.as_deref()) {
        Ok(config) => config,
        Err(diagnostic) => {
            return Ok(BuildReport {
                diagnostics: vec![*diagnostic].into(),
                written: None,
                pages: 0,
                output_dir: PathBuf::new(),
                timings: Timings::default(),
            });
        }
    };
    let output_dir = options
        .output_dir
        .clone()
        .unwrap_or_else(|| root.join(&config.output_dir));
    write::check_output_dir(root, &output_dir, options.force).map_err(|e| {
        let hint = match e {
            write::UnsafeOutput::Foreign(_) => {
                " (pass --force to use it anyway; tifa only ever removes files it wrote)"
            }
            _ => "",
        };
        UsageError(format!("{e}{hint}"))
    })?;
    let writer = write::StagedWriter::open(&output_dir)?;
    let (site, diagnostics) = run_pipeline(root, config, options, &writer);
    let Some(mut site) = site else {
        // Dropping the writer removes what it staged: the output is untouched.
        return Ok(BuildReport {
            diagnostics,
            written: None,
            pages: 0,
            output_dir,
            timings: Timings::default(),
        });
    };
    let started = Instant::now();
    let stats = writer.commit()?;
    site.timings.write = started.elapsed();
    let pages = site.pages;
    Ok(BuildReport {
        diagnostics,
        written: Some(stats),
        pages,
        output_dir,
        timings: site.timings,
    })
}
