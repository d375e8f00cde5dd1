//! The `tifa` command line: each subcommand is one library call; this is the
//! only place that prints errors and picks the exit code (0 ok, 1 content
//! errors, 2 usage errors).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use tifa::commands::{ImportRequest, count};
use tifa::{BuildOptions, Diagnostics, Error};

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
    let result = match Cli::parse().command {
        Command::Build {
            root,
            output_dir,
            base_url,
            drafts,
            force,
            verbose,
        } => build(
            BuildOptions {
                root,
                output_dir,
                base_url,
                drafts,
                force,
                ..Default::default()
            },
            verbose,
        ),
        Command::Serve {
            root,
            interface,
            port,
            drafts,
            open,
        } => tifa::serve::serve(tifa::serve::ServeOptions {
            root,
            interface,
            port,
            drafts,
            open,
        }),
        Command::Check {
            root,
            format,
            draft: Some(draft),
            date,
            doc_type,
        } => check_draft(&root, format, &draft, date.as_deref(), doc_type),
        Command::Check { root, format, .. } => check(&root, format),
        Command::Import {
            files,
            root,
            into,
            dry_run,
            force,
            slug,
        } => import(ImportRequest {
            files,
            root,
            into,
            dry_run,
            force,
            slug,
        }),
        Command::New { kind, name, root } => new(kind, &name, &root),
        Command::Init { dir } => init(&dir),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(error.exit_code())
        }
    }
}

fn build(options: BuildOptions, verbose: bool) -> Result<(), Error> {
    let report = tifa::build(&options)?;
    print_human(&report.diagnostics);
    if report.recovered {
        eprintln!(
            "note: an earlier build was interrupted while moving its files; that was undone first"
        );
    }
    let Some(stats) = report.written else {
        let untouched = match &report.output_dir {
            Some(dir) => format!("{} left untouched", dir.display()),
            None => "nothing was written".to_string(),
        };
        return Err(Error::Content(format!(
            "build failed: {}; {untouched}",
            count(&report.diagnostics)
        )));
    };
    if verbose {
        let phases: Vec<String> = report
            .phases
            .iter()
            .map(|(name, time)| format!("{name} {time:?}"))
            .collect();
        eprintln!("{}", phases.join(", "));
    }
    eprintln!(
        "built {} pages into {} ({} written, {} unchanged, {} removed){}",
        report.pages,
        report.output_dir.unwrap_or_default().display(),
        stats.written,
        stats.unchanged,
        stats.removed,
        warnings_suffix(&report.diagnostics)
    );
    Ok(())
}

fn check(root: &Path, format: Format) -> Result<(), Error> {
    let diagnostics = tifa::commands::check(root)?;
    match format {
        Format::Human => {
            print_human(&diagnostics);
            if diagnostics.is_empty() {
                eprintln!("no problems found");
            } else if !diagnostics.has_errors() {
                eprintln!("{}", count(&diagnostics));
            }
        }
        Format::Json => {
            let list: Vec<_> = diagnostics.iter().collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".to_string())
            );
        }
    }
    if diagnostics.has_errors() {
        return Err(Error::Content(count(&diagnostics)));
    }
    Ok(())
}

/// `tifa check --draft FILE`: the findings of the 校稿 page, as JSON
/// (`{"findings": [...]}`, offsets in UTF-16 code units) or one per line.
fn check_draft(
    root: &Path,
    format: Format,
    draft: &Path,
    date: Option<&str>,
    doc_type: Option<String>,
) -> Result<(), Error> {
    let report = tifa::commands::check_draft(root, draft, date, doc_type)?;
    print_human(&report.errors);
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "findings": report.findings }))
                .unwrap_or_else(|_| "{}".to_string())
        ),
        Format::Human => {
            for finding in &report.findings {
                println!("{}", tifa::check::draft::describe(finding));
            }
            eprintln!(
                "{} finding(s) in {}",
                report.findings.len(),
                draft.display()
            );
        }
    }
    if report.errors.has_errors() {
        return Err(Error::Content(count(&report.errors)));
    }
    Ok(())
}

fn import(request: ImportRequest) -> Result<(), Error> {
    let dry_run = request.dry_run;
    let report = tifa::commands::import(request)?;
    for plan in &report.plans {
        print!("{plan}");
    }
    match report.written {
        None if dry_run => eprintln!("dry run: nothing was written"),
        None => {}
        Some(written) => eprintln!("wrote {written} file(s) under {}", report.into.display()),
    }
    Ok(())
}

fn new(kind: Kind, name: &str, root: &Path) -> Result<(), Error> {
    let kind = match kind {
        Kind::Formulation => tifa::parse::PageKind::Formulation,
        Kind::Excerpt => tifa::parse::PageKind::Excerpt,
        Kind::Source => tifa::parse::PageKind::Source,
        Kind::Rulepack => tifa::parse::PageKind::Rulepack,
    };
    tifa::commands::require_root(root)?;
    let path =
        tifa::scaffold::new_page(root, kind, name).map_err(|e| Error::usage(format!("{e:#}")))?;
    println!("{}", path.display());
    Ok(())
}

fn init(dir: &Path) -> Result<(), Error> {
    let files = tifa::scaffold::init(dir).map_err(|e| Error::usage(format!("{e:#}")))?;
    for file in files {
        println!("{}", file.display());
    }
    eprintln!(
        "created a knowledge base in {}; run `tifa serve --root {}`",
        dir.display(),
        dir.display()
    );
    Ok(())
}

fn print_human(diagnostics: &Diagnostics) {
    for d in diagnostics.iter() {
        eprintln!("{}", d.to_human());
    }
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
