//! `tifa import`: raw reports into one source page and one excerpt per item.
//!
//! `segment` reads the structure of a pasted report (headings, 一是/二是
//! items, junk lines); `plan` turns it into Markdown files. This module owns
//! the command around them: decoding, the all-or-nothing write that never
//! overwrites an author's file without `--force`, and the printed plan.

pub mod plan;
pub mod segment;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

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
    pub report: Report,
    pub files: Vec<(PlannedFile, FileAction)>,
}

/// A file that could not be imported, with the line where the splitter gave up.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}:{line}: {message}", input.display())]
pub struct ImportFailure {
    pub input: PathBuf,
    pub line: usize,
    pub message: String,
}

/// Reads, splits and plans every input; writes nothing.
pub fn prepare(
    inputs: &[PathBuf],
    options: &ImportOptions,
) -> Result<Vec<Imported>, Vec<ImportFailure>> {
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
        Err(failures)
    }
}

fn prepare_one(
    input: &Path,
    segment_options: &SegmentOptions,
    options: &ImportOptions,
) -> Result<Imported, ImportFailure> {
    let fail = |line: usize, message: String| ImportFailure {
        input: input.to_path_buf(),
        line,
        message,
    };
    let bytes = std::fs::read(input).map_err(|e| fail(0, format!("cannot read: {e}")))?;
    let text = crate::fs::decode_text(&bytes)
        .map_err(|e| fail(0, e.to_string()))?
        .text;
    let report = segment::segment(&text, segment_options).map_err(|e| fail(e.line, e.message))?;
    let slug = source_slug(&report.title);
    if slug.is_empty() {
        return Err(fail(
            1,
            "cannot make a file name from the report title".to_string(),
        ));
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
        report,
        files,
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
pub fn write(imported: &[Imported], options: &ImportOptions) -> Result<usize> {
    let conflicts: Vec<String> = imported
        .iter()
        .flat_map(|i| &i.files)
        .filter(|(_, action)| *action == FileAction::Conflict)
        .map(|(file, _)| file.rel_path.clone())
        .collect();
    if !conflicts.is_empty() {
        bail!(
            "{} file(s) already exist with other content (nothing was written): {}; pass --force to overwrite them",
            conflicts.len(),
            conflicts.join(", ")
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

/// The plan as shown to the author: removed junk, then every file with its
/// title and part.
pub fn describe(imported: &Imported) -> String {
    let mut out = String::new();
    let report = &imported.report;
    let _ = writeln!(
        out,
        "{}: 《{}》, {} excerpts",
        imported.input.display(),
        report.title,
        report.items.len()
    );
    for removed in &report.removed {
        let _ = writeln!(
            out,
            "  removed line {}: {}",
            removed.line,
            removed.text.trim()
        );
    }
    for (file, action) in &imported.files {
        let label = match action {
            FileAction::Create => "create",
            FileAction::Unchanged => "unchanged",
            FileAction::Overwrite => "overwrite",
            FileAction::Conflict => "EXISTS",
        };
        let detail = report
            .items
            .iter()
            .find(|item| file.rel_path.ends_with(&format!("/{:03}.md", item.order)))
            .map(|item| format!("  [{}] {}", item.part.as_str(), item.title))
            .unwrap_or_default();
        let _ = writeln!(out, "  {label:9} {}{detail}", file.rel_path);
    }
    out
}
