//! tifa (提法): a static site generator for Chinese policy knowledge bases.
//!
//! One pipeline, one module per stage, data flowing one way (no module
//! imports from a later stage):
//!
//! ```text
//! load      content/, static/, theme → files, assets, templates   (decoded text)
//! parse     files → Documents                                      (typed front matter, Markdown)
//! graph     Documents → Graph                                      (URLs, references, bodies rendered
//!                                                                   with markdown, mentions, backlinks,
//!                                                                   taxonomies)
//! render    Graph + templates → Outputs                            (HTML, sitemap, feed, JSON export)
//! search    Graph → Outputs                                        (the search index)
//! changes   what each output read → which jobs a change affects
//! pipeline  a Session: load → parse → graph → plan → render, into a Sink
//! write     Outputs → the output folder                            (staged for build, in place for serve)
//! ```
//!
//! `tifa build` is a fresh [`pipeline::Session`] run once into a
//! [`write::StagedWriter`]; `tifa serve` keeps its session, feeds it file
//! events and writes with a [`write::InPlaceWriter`] ([`serve`] holds only
//! its policy: watching, debouncing, reload notices). Problems with
//! content are collected as [`Diagnostics`] and never stop a stage early,
//! so a run reports them all. The subcommands are library calls in
//! [`commands`]; `main` only parses, prints and maps [`Error`] to the exit
//! code. `docs/architecture.md` draws the same picture.

// Foundations, used by every stage.
pub mod config;
pub mod diagnostic;
pub mod error;
pub mod fs;
pub mod hash;
pub mod i18n;
pub mod output;
pub mod slug;

// The stages, in order.
pub mod changes;
pub mod check;
pub mod graph;
pub mod load;
pub mod markdown;
pub mod parse;
pub mod pipeline;
pub mod render;
pub mod search;
pub mod write;

// The commands around the pipeline.
pub mod commands;
pub mod import;
pub mod scaffold;
pub mod serve;

use std::path::{Path, PathBuf};

pub use commands::{BuildReport, build};
pub use config::Config;
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use error::Error;
pub use graph::Graph;

/// Options of `tifa build` (and of the build inside `serve`).
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

/// Loads the config, with `--base-url` applied.
pub fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config, Box<Diagnostic>> {
    let mut config = Config::load(root)?;
    if let Some(url) = base_url {
        config.set_base_url(url)?;
    }
    Ok(config)
}
