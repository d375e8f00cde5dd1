//! The `tifa` command line: each subcommand is one library call; this is the
//! only place that prints errors and picks the exit code (0 ok, 1 content
//! errors, 2 usage errors).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use tifa::{BuildOptions, Diagnostics, UsageError};

/// Builds allocate and free millions of small strings across threads;
/// mimalloc's thread-local heaps do that in a fraction of glibc malloc's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// 提法 — a static site generator for Chinese policy knowledge bases.
#[derive(Parser, Debug)]
#[command(name = "tifa", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build {
        /// Root of the knowledge base (the folder with config.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: output_dir of config.toml, i.e. public/).
        #[arg(long)]
        output_dir: Option<PathBuf>,
        /// Base URL for this build, e.g. http://oa.example/kb/ (overrides config.toml).
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Write into a non-empty folder that is not a previous tifa output.
        #[arg(long)]
        force: bool,
        /// Print the time each stage took.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Build the site, serve it locally, and rebuild and reload as files change.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Address to listen on (127.0.0.1: only this machine).
        #[arg(long, default_value = "127.0.0.1")]
        interface: String,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long)]
        drafts: bool,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Check the knowledge base without writing anything.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Split raw reports (.docx, web pages, text or Markdown) into a source page and excerpts.
    Import {
        /// The report files: .docx (Word, WPS), .html/.htm (saved from a
        /// browser), .txt or .md (UTF-8 or GBK). .doc, .wps and .pdf are
        /// refused with how to convert them.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Content folder to write into (default: ROOT/content).
        #[arg(long)]
        into: Option<PathBuf>,
        /// Print the plan (files, titles, parts, removed lines) and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Overwrite existing files whose content differs.
        #[arg(long)]
        force: bool,
        /// File name of the source page (sources/SLUG.md, excerpts/SLUG/),
        /// instead of one made from the report's title; one file only.
        #[arg(long)]
        slug: Option<String>,
    },
    /// Create a new formulation, excerpt or source file with every field, commented.
    New {
        #[arg(value_enum)]
        kind: Kind,
        /// File name without .md (for an excerpt: SOURCE/NNN).
        name: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a new, empty knowledge base that builds at once.
    Init {
        /// The folder to create.
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Kind {
    Formulation,
    Excerpt,
    Source,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            if error.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build {
            root,
            output_dir,
            base_url,
            drafts,
            force,
            verbose,
        } => {
            let options = BuildOptions {
                root,
                output_dir,
                base_url,
                drafts,
                force,
                ..Default::default()
            };
            let report = tifa::build(&options)?;
            print_human(&report.diagnostics);
            let Some(stats) = report.written else {
                eprintln!(
                    "build failed: {}; {} left untouched",
                    count(&report.diagnostics),
                    report.output_dir.display()
                );
                return Ok(ExitCode::from(1));
            };
            if verbose {
                let t = report.timings;
                eprintln!(
                    "load {:?}, parse {:?}, graph {:?}, search {:?}, render {:?}, write {:?}",
                    t.load, t.parse, t.graph, t.search, t.render, t.write
                );
            }
            eprintln!(
                "built {} pages into {} ({} written, {} unchanged, {} removed){}",
                report.pages,
                report.output_dir.display(),
                stats.written,
                stats.unchanged,
                stats.removed,
                warnings_suffix(&report.diagnostics)
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            root,
            interface,
            port,
            drafts,
            open,
        } => {
            tifa::serve::serve(tifa::serve::ServeOptions {
                root,
                interface,
                port,
                drafts,
                open,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Import {
            files,
            root,
            into,
            dry_run,
            force,
            slug,
        } => import(
            files,
            root,
            tifa::import::ImportOptions {
                into: into.unwrap_or_default(),
                dry_run,
                force,
                slug,
                junk_patterns: Vec::new(),
            },
        ),
        Command::New { kind, name, root } => {
            let kind = match kind {
                Kind::Formulation => tifa::parse::PageKind::Formulation,
                Kind::Excerpt => tifa::parse::PageKind::Excerpt,
                Kind::Source => tifa::parse::PageKind::Source,
            };
            let path = tifa::scaffold::new_page(&root, kind, &name)
                .map_err(|e| UsageError(format!("{e:#}")))?;
            println!("{}", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { dir } => {
            let files = tifa::scaffold::init(&dir).map_err(|e| UsageError(format!("{e:#}")))?;
            for file in files {
                println!("{}", file.display());
            }
            eprintln!(
                "created a knowledge base in {}; run `tifa serve --root {}`",
                dir.display(),
                dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { root, format } => {
            if !root.is_dir() {
                return Err(
                    UsageError(format!("root folder {} does not exist", root.display())).into(),
                );
            }
            let config = match tifa::load_config(&root, None) {
                Ok(config) => config,
                Err(d) => {
                    let diagnostics: Diagnostics = vec![*d].into();
                    print(&diagnostics, format);
                    return Ok(ExitCode::from(1));
                }
            };
            // Lints even when the build has errors: check_site does not stop
            // at them, it reports them beside the lint warnings.
            let diagnostics = tifa::check_site(
                &root,
                config,
                &BuildOptions {
                    root: root.clone(),
                    ..Default::default()
                },
            );
            print(&diagnostics, format);
            if let Format::Human = format {
                eprintln!(
                    "{}",
                    if diagnostics.is_empty() {
                        "no problems found".to_string()
                    } else {
                        count(&diagnostics)
                    }
                );
            }
            Ok(if diagnostics.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

fn import(
    files: Vec<PathBuf>,
    root: PathBuf,
    mut options: tifa::import::ImportOptions,
) -> anyhow::Result<ExitCode> {
    use tifa::import::{ImportError, Msg};
    let config = tifa::load_config(&root, None).map_err(|d| anyhow::anyhow!(d.to_human()))?;
    if options.into.as_os_str().is_empty() {
        options.into = root.join("content");
    }
    options.junk_patterns = config.import.junk_patterns;
    let imported = match tifa::import::prepare(&files, &options) {
        Ok(imported) => imported,
        Err(ImportError::Usage(problem)) => return Err(UsageError(problem.to_string()).into()),
        Err(ImportError::Files(failures)) => {
            for failure in failures {
                eprintln!("error: {failure}");
            }
            eprintln!("{}", Msg::NothingWritten);
            return Ok(ExitCode::from(1));
        }
    };
    for one in &imported {
        print!("{}", tifa::import::describe(one));
    }
    if options.dry_run {
        eprintln!("{}", Msg::DryRun);
        return Ok(ExitCode::SUCCESS);
    }
    let count = tifa::import::write(&imported, &options)?;
    eprintln!(
        "{}",
        Msg::Wrote {
            count,
            folder: options.into.display().to_string(),
        }
    );
    Ok(ExitCode::SUCCESS)
}

fn print(diagnostics: &Diagnostics, format: Format) {
    match format {
        Format::Human => print_human(diagnostics),
        Format::Json => {
            let list: Vec<_> = diagnostics.iter().collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".to_string())
            );
        }
    }
}

fn print_human(diagnostics: &Diagnostics) {
    for d in diagnostics.iter() {
        eprintln!("{}", d.to_human());
    }
}

fn count(diagnostics: &Diagnostics) -> String {
    format!(
        "{} error(s), {} warning(s)",
        diagnostics.error_count(),
        diagnostics.warning_count()
    )
}

fn warnings_suffix(diagnostics: &Diagnostics) -> String {
    match diagnostics.warning_count() {
        0 => String::new(),
        n => format!(", {n} warning(s)"),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        super::Cli::command().debug_assert();
    }
}
