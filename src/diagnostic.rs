//! Problems found in the content, collected rather than thrown.
//!
//! Every stage reports what is wrong with an author's files as a [`Diagnostic`]
//! (file, line, column, message, hint) into a [`Diagnostics`] list and carries
//! on, so one build shows every error at once. Only `main` prints them.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// The names of the problems a build reports (the lint rules of
/// `tifa check` name theirs in `crate::check`). They are stable: editors
/// and CI match on them in `--format json` output.
pub mod rule {
    /// `config.toml` cannot be read or has a wrong key or value.
    pub const CONFIG: &str = "config";
    /// A command-line value is wrong (`--base-url`).
    pub const USAGE: &str = "usage";
    /// A file or folder cannot be read or is skipped.
    pub const LOAD: &str = "load";
    /// A file is not UTF-8 or GBK text, or was converted from GBK.
    pub const ENCODING: &str = "encoding";
    /// Invisible control characters replaced by spaces.
    pub const CONTROL_CHARACTER: &str = "control-character";
    /// Front matter that is missing, not YAML, or has a wrong field.
    pub const FRONT_MATTER: &str = "front-matter";
    /// A Markdown construct tifa refuses (raw HTML attributes, …).
    pub const MARKDOWN: &str = "markdown";
    /// A link in Markdown that is unsafe or leads nowhere.
    pub const LINK: &str = "link";
    /// An anchor (`#标题`) that no heading of the target has.
    pub const BROKEN_ANCHOR: &str = "broken-anchor";
    /// Two pages or sections with one URL.
    pub const DUPLICATE_URL: &str = "duplicate-url";
    /// Two formulations spelt the same.
    pub const DUPLICATE_TERM: &str = "duplicate-term";
    /// A `source`, `related` or `superseded_by` that names nothing.
    pub const UNRESOLVED_REFERENCE: &str = "unresolved-reference";
    /// A template that does not parse, does not exist, or fails to render.
    pub const TEMPLATE: &str = "template";
    /// An output that cannot be written.
    pub const WRITE: &str = "write";
    /// An author's file that could run script in browsers (`[security] trust`).
    pub const ACTIVE_FILE: &str = "active-file";
    /// An `aliases:` entry that is not a path or would shadow another URL.
    pub const ALIAS: &str = "alias";
    /// A formulation spelling so short it would link everywhere (warning).
    pub const SHORT_TERM: &str = "short-term";
    /// A `source` that more than one source page answers to.
    pub const AMBIGUOUS_REFERENCE: &str = "ambiguous-reference";
    /// `superseded_by` naming the formulation itself or going round in a circle.
    pub const SUPERSEDED_CYCLE: &str = "superseded-cycle";
    /// A URL part over the 255 bytes file systems allow.
    pub const LONG_NAME: &str = "long-name";
}

/// How bad a problem is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable kebab-case name, e.g. `front-matter`, `duplicate-url`.
    pub rule: String,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, counted in characters; 0 when unknown.
    pub column: usize,
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// The offending source line, shown with the column marked.
    pub snippet: Option<String>,
    /// Width of the marked span in characters (at least 1).
    pub span_chars: usize,
}

impl Diagnostic {
    pub fn error(rule: &str, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            rule: rule.to_string(),
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
            snippet: None,
            span_chars: 1,
        }
    }

    pub fn warning(rule: &str, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(rule, file, message)
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Places the diagnostic at a position in `source` and keeps that line as snippet.
    pub fn at_line_of(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self.snippet = source
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.trim_end_matches('\r').to_string());
        self
    }

    pub fn span(mut self, chars: usize) -> Self {
        self.span_chars = chars.max(1);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic the way rustc does: header, location, marked line, help.
    pub fn to_human(&self) -> String {
        let mut out = String::new();
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{severity}[{}]: {}", self.rule, self.message);
        let location = match (self.line, self.column) {
            (0, _) => self.file.clone(),
            (line, 0) => format!("{}:{line}", self.file),
            (line, col) => format!("{}:{line}:{col}", self.file),
        };
        let gutter = " ".repeat(self.line.max(1).to_string().len());
        let _ = writeln!(out, "{gutter}--> {location}");
        if let Some(snippet) = &self.snippet {
            let _ = writeln!(out, "{gutter} |");
            let _ = writeln!(out, "{} | {snippet}", self.line);
            if self.column > 0 {
                let pad: String = snippet
                    .chars()
                    .take(self.column - 1)
                    .flat_map(|c| {
                        let fill = if c == '\t' { '\t' } else { ' ' };
                        std::iter::repeat_n(fill, display_width(c))
                    })
                    .collect();
                let marks: usize = snippet
                    .chars()
                    .skip(self.column - 1)
                    .take(self.span_chars)
                    .map(display_width)
                    .sum();
                let _ = writeln!(out, "{gutter} | {pad}{}", "^".repeat(marks.max(1)));
            }
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "{gutter} = help: {hint}");
        }
        out
    }
}

/// Terminal columns a character takes: CJK and full-width forms take two.
fn display_width(c: char) -> usize {
    match c as u32 {
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

/// The problems of one run, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorts by file and position so output is stable across parallel runs.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.rule, &a.message)
                .cmp(&(&b.file, b.line, b.column, &b.rule, &b.message))
        });
        self.items.dedup();
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        Diagnostics { items }
    }
}

/// A path relative to the root, with `/` separators, for messages.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    rel.to_string_lossy().replace('\\', "/")
}

/// Turns a byte offset in `text` into a 1-based (line, column in chars).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "第一行\n四个意识x";
        let offset = text.find('x').unwrap();
        assert_eq!(line_col(text, offset), (2, 5));
        assert_eq!(line_col(text, 0), (1, 1));
    }

    #[test]
    fn human_output_marks_the_span_under_wide_characters() {
        let d = Diagnostic::error("test", "content/a.md", "bad")
            .at_line_of("title: 四个x意识", 1, 10)
            .span(1)
            .hint("fix it");
        let human = d.to_human();
        assert!(human.contains("--> content/a.md:1:10"), "{human}");
        // 7 ASCII columns + 2 CJK characters of width 2 precede the mark.
        assert!(
            human.contains(&format!(" | {}^\n", " ".repeat(11))),
            "{human}"
        );
        assert!(human.contains("= help: fix it"));
    }

    #[test]
    fn sort_orders_by_file_then_position() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::error("r", "b.md", "x").at(1, 1));
        ds.push(Diagnostic::error("r", "a.md", "x").at(3, 1));
        ds.push(Diagnostic::warning("r", "a.md", "x").at(2, 1));
        ds.sort();
        let order: Vec<_> = ds.iter().map(|d| (d.file.as_str(), d.line)).collect();
        assert_eq!(order, [("a.md", 2), ("a.md", 3), ("b.md", 1)]);
        assert_eq!(ds.error_count(), 2);
        assert_eq!(ds.warning_count(), 1);
    }
}
