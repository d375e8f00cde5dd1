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
    /// Check the knowledge base without writing anything, or a draft against its rules.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Check this plain-text draft (UTF-8) as the 校稿 page does, instead of the knowledge base.
        #[arg(long)]
        draft: Option<PathBuf>,
        /// The draft's date: YYYY-MM-DD, YYYY-MM or YYYY (default: today).
        #[arg(long, requires = "draft")]
        date: Option<String>,
        /// The draft's document type (文种), for rules that apply only to some types.
        #[arg(long, requires = "draft")]
        doc_type: Option<String>,
    },
    /// Split raw reports (text or Markdown, UTF-8 or GBK) into a source page and excerpts.
    Import {
        /// The report files.
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
    },
    /// Create a new formulation, excerpt, source or rule pack file with every field, commented.
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
    Rulepack,
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
        } => import(files, root, into, dry_run, force),
        Command::New { kind, name, root } => {
            let kind = match kind {
                Kind::Formulation => tifa::parse::PageKind::Formulation,
                Kind::Excerpt => tifa::parse::PageKind::Excerpt,
                Kind::Source => tifa::parse::PageKind::Source,
                Kind::Rulepack => tifa::parse::PageKind::Rulepack,
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
        Command::Check {
            root,
            format,
            draft: Some(draft),
            date,
            doc_type,
        } => check_draft(root, format, draft, date, doc_type),
        Command::Check { root, format, .. } => {
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

/// `tifa check --draft FILE`: the findings of the 校稿 page, as JSON
/// (`{"findings": [...]}`, offsets in UTF-16 code units) or one per line.
fn check_draft(
    root: PathBuf,
    format: Format,
    draft: PathBuf,
    date: Option<String>,
    doc_type: Option<String>,
) -> anyhow::Result<ExitCode> {
    if !root.is_dir() {
        return Err(UsageError(format!("root folder {} does not exist", root.display())).into());
    }
    let text = std::fs::read_to_string(&draft)
        .map_err(|e| UsageError(format!("cannot read the draft {}: {e}", draft.display())))?;
    let date = match date {
        Some(date) => tifa::parse::PartialDate::parse(&date)
            .map_err(|e| UsageError(format!("--date: {e}")))?,
        None => tifa::parse::PartialDate::parse(&jiff::Zoned::now().date().to_string())
            .map_err(|e| UsageError(format!("today's date: {e}")))?,
    };
    let config = match tifa::load_config(&root, None) {
        Ok(config) => config,
        Err(d) => {
            print_human(&vec![*d].into());
            return Ok(ExitCode::from(1));
        }
    };
    let options = BuildOptions {
        root: root.clone(),
        ..Default::default()
    };
    let (data, diagnostics) = tifa::rule_data(&root, config, &options);
    let errors: Diagnostics = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect::<Vec<_>>()
        .into();
    print_human(&errors);
    let checker = tifa::check::Checker::new(data);
    let options = tifa::check::draft::DraftOptions {
        date: Some(date),
        doc_type: doc_type.filter(|t| !t.trim().is_empty()),
    };
    let findings = tifa::check::draft::check_draft(&checker, &text, &options);
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "findings": findings }))?
        ),
        Format::Human => {
            for finding in &findings {
                println!("{}", tifa::check::draft::describe(finding));
            }
            eprintln!("{} finding(s) in {}", findings.len(), draft.display());
        }
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn import(
    files: Vec<PathBuf>,
    root: PathBuf,
    into: Option<PathBuf>,
    dry_run: bool,
    force: bool,
) -> anyhow::Result<ExitCode> {
    let config = tifa::load_config(&root, None).map_err(|d| anyhow::anyhow!(d.to_human()))?;
    let options = tifa::import::ImportOptions {
        into: into.unwrap_or_else(|| root.join("content")),
        dry_run,
        force,
        junk_patterns: config.import.junk_patterns,
    };
    let imported = match tifa::import::prepare(&files, &options) {
        Ok(imported) => imported,
        Err(failures) => {
            for failure in failures {
                eprintln!("error: {failure}");
            }
            eprintln!("nothing was written");
            return Ok(ExitCode::from(1));
        }
    };
    for one in &imported {
        print!("{}", tifa::import::describe(one));
    }
    if dry_run {
        eprintln!("dry run: nothing was written");
        return Ok(ExitCode::SUCCESS);
    }
    let written = tifa::import::write(&imported, &options)?;
    eprintln!("wrote {written} file(s) under {}", options.into.display());
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
