//! `tifa import`: raw reports into one source page and one excerpt per item.
//!
//! `formats` reads a file (text, .docx, .html; .pdf, .doc and .wps are
//! refused with what to do instead) into text; `segment` reads the structure
//! of that text (headings, 一是/二是 items, junk lines); `plan` turns it into
//! Markdown files. This module owns the command around them: the options,
//! the all-or-nothing write that never overwrites an author's file without
//! `--force`, and the printed plan. Every message is in `messages`.

pub mod formats;
pub mod messages;
pub mod plan;
pub mod segment;

use std::fmt;
use std::path::{Path, PathBuf};

pub use formats::{Extracted, Format, Location};
pub use messages::Msg;
pub use plan::{PlannedFile, source_slug};
pub use segment::{Report, SegmentOptions};

/// Options of `tifa import`.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The content folder written into (default `<root>/content`).
    pub into: PathBuf,
    pub dry_run: bool,
    pub force: bool,
    /// Extra junk-line patterns (config `[import] junk_patterns`).
    pub junk_patterns: Vec<String>,
    /// The source page's file name (`sources/<slug>.md`), instead of one
    /// made from the report's title: to import a report again under the
    /// name its curated pages already have. Only with one input file.
    pub slug: Option<String>,
}

/// What happened to one planned file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileAction {
    Create,
    Unchanged,
    Overwrite,
    /// Exists with other content and `--force` was not given.
    Conflict,
}

/// The outcome of importing one input file.
#[derive(Debug, Clone)]
pub struct Imported {
    pub input: PathBuf,
    pub format: Format,
    pub report: Report,
    pub files: Vec<(PlannedFile, FileAction)>,
    /// What the format's reader left out or changed.
    pub notes: Vec<Msg>,
    /// Where each line of the text the report was split from came from.
    pub origins: Option<Vec<Location>>,
}

impl Imported {
    /// Where 1-based `line` of the split text came from.
    pub fn location(&self, line: usize) -> Location {
        formats::locate(self.origins.as_deref(), line)
    }
}

/// A file that could not be imported: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ImportFailure {
    pub input: PathBuf,
    pub at: Option<Location>,
    pub problem: Msg,
}

impl fmt::Display for ImportFailure {
    /// `report.txt:12: …` (a line, as editors link it), `report.docx:
    /// paragraph 12: …`, or `report.docx: …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let input = self.input.display();
        let colon = crate::t!("：", ": ");
        match self.at {
            Some(Location::Line(line)) => write!(f, "{input}:{line}: {}", self.problem),
            Some(at) => write!(f, "{input}: {}{colon}{}", at.message(), self.problem),
            None => write!(f, "{input}: {}", self.problem),
        }
    }
}

/// Why nothing can be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The options do not fit the inputs (exit code 2).
    #[error("{0}")]
    Usage(Msg),
    /// Some files could not be read or split (exit code 1).
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Files(Vec<ImportFailure>),
}

/// Reads, splits and plans every input; writes nothing.
pub fn prepare(inputs: &[PathBuf], options: &ImportOptions) -> Result<Vec<Imported>, ImportError> {
    if let Some(slug) = &options.slug {
        if inputs.len() != 1 {
            return Err(ImportError::Usage(Msg::SlugNeedsOneFile {
                count: inputs.len(),
            }));
        }
        if !is_valid_slug(slug) {
            return Err(ImportError::Usage(Msg::BadSlug { slug: slug.clone() }));
        }
    }
    let mut segment_options = SegmentOptions::default();
    segment_options
        .junk_patterns
        .extend(options.junk_patterns.iter().cloned());
    let mut imported = Vec::new();
    let mut failures = Vec::new();
    for input in inputs {
        match prepare_one(input, &segment_options, options) {
            Ok(one) => imported.push(one),
            Err(failure) => failures.push(failure),
        }
    }
    if failures.is_empty() {
        Ok(imported)
    } else {
        Err(ImportError::Files(failures))
    }
}

/// A slug names one file in `sources/` and one folder in `excerpts/`:
/// letters (any script), digits, `-` and `_`, not starting with `-`.
fn is_valid_slug(slug: &str) -> bool {
    let n = slug.chars().count();
    (1..=plan::MAX_SLUG_LEN).contains(&n)
        && !slug.starts_with('-')
        && slug
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

fn prepare_one(
    input: &Path,
    segment_options: &SegmentOptions,
    options: &ImportOptions,
) -> Result<Imported, ImportFailure> {
    let fail = |at: Option<Location>, problem: Msg| ImportFailure {
        input: input.to_path_buf(),
        at,
        problem,
    };
    let bytes = std::fs::read(input).map_err(|e| {
        fail(
            None,
            Msg::CannotRead {
                error: crate::i18n::io_error(&e),
            },
        )
    })?;
    let (format, extracted) = formats::read(input, &bytes).map_err(|m| fail(None, m))?;
    let report = segment::segment(&extracted.text, segment_options)
        .map_err(|e| fail(e.line.map(|line| extracted.location(line)), e.problem))?;
    let slug = match &options.slug {
        Some(slug) => slug.clone(),
        None => source_slug(&report.title),
    };
    if slug.is_empty() {
        return Err(fail(Some(extracted.location(1)), Msg::NoSlugFromTitle));
    }
    let files = plan::plan(&report, &slug, None, None)
        .into_iter()
        .map(|file| {
            let action = action_for(
                &options.into.join(&file.rel_path),
                &file.contents,
                options.force,
            );
            (file, action)
        })
        .collect();
    Ok(Imported {
        input: input.to_path_buf(),
        format,
        report,
        files,
        notes: extracted.notes,
        origins: extracted.origins,
    })
}

fn action_for(path: &Path, contents: &str, force: bool) -> FileAction {
    match std::fs::read(path) {
        Err(_) => FileAction::Create,
        Ok(existing) if existing == contents.as_bytes() => FileAction::Unchanged,
        Ok(_) if force => FileAction::Overwrite,
        Ok(_) => FileAction::Conflict,
    }
}

/// Writes the prepared files, all or nothing: if any would overwrite a
/// different file without `--force`, nothing is written.
pub fn write(imported: &[Imported], options: &ImportOptions) -> anyhow::Result<usize> {
    let conflicts: Vec<String> = imported
        .iter()
        .flat_map(|i| &i.files)
        .filter(|(_, action)| *action == FileAction::Conflict)
        .map(|(file, _)| file.rel_path.clone())
        .collect();
    if !conflicts.is_empty() {
        anyhow::bail!(
            Msg::Conflicts {
                count: conflicts.len(),
                paths: conflicts.join(", "),
            }
            .text()
        );
    }
    let mut written = 0;
    for (file, action) in imported.iter().flat_map(|i| &i.files) {
        if matches!(action, FileAction::Create | FileAction::Overwrite) {
            crate::fs::write(&options.into.join(&file.rel_path), file.contents.as_bytes())?;
            written += 1;
        }
    }
    Ok(written)
}

/// The plan as shown to the author: the report, what its reader left out,
/// the removed junk, then every file with its title and part.
pub fn describe(imported: &Imported) -> String {
    let mut out = String::new();
    let report = &imported.report;
    push_line(
        &mut out,
        "",
        Msg::PlanHeader {
            input: imported.input.display().to_string(),
            title: report.title.clone(),
            excerpts: report.items.len(),
        },
    );
    for note in &imported.notes {
        push_line(
            &mut out,
            "  ",
            Msg::Note {
                text: note.to_string(),
            },
        );
    }
    for removed in &report.removed {
        push_line(
            &mut out,
            "  ",
            Msg::Removed {
                at: imported.location(removed.line).message().to_string(),
                text: removed.text.trim().to_string(),
            },
        );
    }
    for (file, action) in &imported.files {
        let label = match action {
            FileAction::Create => Msg::ActionCreate,
            FileAction::Unchanged => Msg::ActionUnchanged,
            FileAction::Overwrite => Msg::ActionOverwrite,
            FileAction::Conflict => Msg::ActionExists,
        }
        .to_string();
        let detail = report
            .items
            .iter()
            .find(|item| file.rel_path.ends_with(&format!("/{:03}.md", item.order)))
            .map(|item| {
                // The part as a curator writes it in Chinese (`part: 问题`);
                // the file itself gets the canonical English value.
                let (zh, en, title) = (item.part.label(), item.part.as_str(), &item.title);
                crate::t!("  [{zh}] {title}", "  [{en}] {title}").to_string()
            })
            .unwrap_or_default();
        push_line(
            &mut out,
            "  ",
            format_args!("{} {}{detail}", pad_to_columns(&label, 9), file.rel_path),
        );
    }
    out
}

/// `text` followed by spaces up to `columns` terminal columns (a Chinese
/// character takes two), so the plan's paths line up in either language.
fn pad_to_columns(text: &str, columns: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let width = text.width();
    format!("{text}{}", " ".repeat(columns.saturating_sub(width)))
}

fn push_line(out: &mut String, indent: &str, line: impl fmt::Display) {
    out.push_str(indent);
    out.push_str(&line.to_string());
    out.push('\n');
}
