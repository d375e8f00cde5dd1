//! Problems found in the content, collected rather than thrown.
//!
//! Every stage reports what is wrong with an author's files as a [`Diagnostic`]
//! (file, line, column, message, hint) into a [`Diagnostics`] list and carries
//! on, so one build shows every error at once. Only `main` prints them.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;
use unicode_width::UnicodeWidthChar;

use crate::i18n::Text;
use crate::t;

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
    /// A link or image by plain path to a file the build does not write
    /// (warning).
    pub const MISSING_TARGET: &str = "missing-target";
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
    /// A formulation whose `full` is empty (warning): its page has no
    /// wording to show or copy (`tifa new formulation` leaves it empty).
    pub const MISSING_WORDING: &str = "missing-wording";
}

/// How bad a problem is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// The word that starts a diagnostic in the terminal.
    fn word(self) -> Text {
        match self {
            Severity::Error => t!("错误", "error"),
            Severity::Warning => t!("警告", "warning"),
        }
    }
}

/// One problem at one place in one file.
///
/// The message and hint are kept in both languages ([`Text`]); the
/// terminal ([`Diagnostic::to_human`]) and `--format json` show the
/// language chosen for the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable kebab-case name, e.g. `front-matter`, `duplicate-url`:
    /// the `code` of `--format json`, the same in every language.
    pub rule: String,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, counted in characters; 0 when unknown.
    pub column: usize,
    pub message: Text,
    /// How to fix it.
    pub hint: Option<Text>,
    /// The offending source line, shown with the column marked.
    pub snippet: Option<String>,
    /// Width of the marked span in characters (at least 1).
    pub span_chars: usize,
}

/// A diagnostic as `--format json` prints it: `code` (the rule id, also
/// under its older name `rule`) and the message and hint in the run's
/// language.
impl Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Diagnostic", 10)?;
        out.serialize_field("severity", &self.severity)?;
        out.serialize_field("code", &self.rule)?;
        out.serialize_field("rule", &self.rule)?;
        out.serialize_field("file", &self.file)?;
        out.serialize_field("line", &self.line)?;
        out.serialize_field("column", &self.column)?;
        out.serialize_field("message", &self.message)?;
        out.serialize_field("hint", &self.hint)?;
        out.serialize_field("snippet", &self.snippet)?;
        out.serialize_field("span_chars", &self.span_chars)?;
        out.end()
    }
}

impl Diagnostic {
    pub fn error(rule: &str, file: impl Into<String>, message: Text) -> Self {
        Diagnostic {
            severity: Severity::Error,
            rule: rule.to_string(),
            file: file.into(),
            line: 0,
            column: 0,
            message,
            hint: None,
            snippet: None,
            span_chars: 1,
        }
    }

    pub fn warning(rule: &str, file: impl Into<String>, message: Text) -> Self {
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

    pub fn hint(mut self, hint: Text) -> Self {
        self.hint = Some(hint);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// [`Diagnostic::to_human`] in both languages, for an error that ends
    /// a command and is printed later.
    pub fn human_text(&self) -> Text {
        Text::from_both(|| self.to_human(), || self.to_human())
    }

    /// Renders the diagnostic the way rustc does, in the current language:
    /// header, location, marked line, help. A line wider than
    /// [`SNIPPET_WIDTH`] columns (a paragraph of Chinese is one line of
    /// Markdown) is wrapped, and only the rows around the span are shown.
    pub fn to_human(&self) -> String {
        let mut out = String::new();
        let colon = t!("：", ": ");
        let _ = writeln!(
            out,
            "{}[{}]{colon}{}",
            self.severity.word(),
            self.rule,
            self.message
        );
        let location = match (self.line, self.column) {
            (0, _) => self.file.clone(),
            (line, 0) => format!("{}:{line}", self.file),
            (line, col) => format!("{}:{line}:{col}", self.file),
        };
        let gutter = " ".repeat(self.line.max(1).to_string().len());
        let _ = writeln!(out, "{gutter}--> {location}");
        if let Some(snippet) = &self.snippet {
            let _ = writeln!(out, "{gutter} |");
            let marked = (self.column > 0).then(|| {
                let start = self.column - 1;
                start..start + self.span_chars.max(1)
            });
            for (index, row) in snippet_rows(snippet, marked, SNIPPET_WIDTH)
                .iter()
                .enumerate()
            {
                let number = if index == 0 {
                    self.line.to_string()
                } else {
                    gutter.clone()
                };
                let _ = writeln!(out, "{number} | {}", row.text);
                if let Some((pad, marks)) = &row.marks {
                    let _ = writeln!(out, "{gutter} | {pad}{}", "^".repeat(*marks));
                }
            }
        }
        if let Some(hint) = &self.hint {
            let help = t!("提示", "help");
            let _ = writeln!(out, "{gutter} = {help}{colon}{hint}");
        }
        out
    }
}

/// The widest a row of a snippet is printed, in terminal columns (36
/// Chinese characters): with the gutter it fits an 80-column terminal.
pub const SNIPPET_WIDTH: usize = 72;

/// Shown where a wrapped line's rows are left out.
const ELIDED: &str = "...";

/// One printed row of a snippet, and the marks under it: the padding
/// (spaces, and tabs where the row has them) and the number of `^`.
#[derive(Debug, PartialEq, Eq)]
struct Row {
    text: String,
    marks: Option<(String, usize)>,
}

/// The rows a snippet is printed in, with the characters `marked` (a
/// range of character indexes) underlined. A line of at most `width`
/// columns is one row; a longer one is cut into rows of at most `width`
/// columns, and only the rows of the mark, with one row either side, are
/// kept (`...` where rows are left out).
fn snippet_rows(snippet: &str, marked: Option<Range<usize>>, width: usize) -> Vec<Row> {
    let chars: Vec<char> = snippet.chars().collect();
    let mut bounds = vec![0];
    let mut used = 0;
    for (index, &c) in chars.iter().enumerate() {
        let w = display_width(c);
        if used + w > width && used > 0 {
            bounds.push(index);
            used = 0;
        }
        used += w;
    }
    bounds.push(chars.len());
    let rows: Vec<Range<usize>> = bounds.windows(2).map(|w| w[0]..w[1]).collect();
    let row_of = |char_index: usize| {
        rows.iter()
            .position(|r| r.contains(&char_index))
            .unwrap_or(rows.len().saturating_sub(1))
    };
    // Marks past the end of the line (an empty line, a missing closing
    // fence) go just after its last character.
    let marked = marked.map(|m| {
        let start = m.start.min(chars.len());
        start..m.end.clamp(start + 1, chars.len().max(start + 1))
    });
    let (first_row, last_row) = match &marked {
        Some(m) => {
            let first = row_of(m.start);
            let last = row_of(m.end - 1).min(first + 4);
            (first.saturating_sub(1), (last + 1).min(rows.len() - 1))
        }
        None => (0, 1.min(rows.len() - 1)),
    };
    (first_row..=last_row)
        .map(|r| {
            let range = rows[r].clone();
            let lead = if r == first_row && r > 0 { ELIDED } else { "" };
            let tail = if r == last_row && r + 1 < rows.len() {
                ELIDED
            } else {
                ""
            };
            let text: String = chars[range.clone()].iter().collect();
            let marks = marked.as_ref().and_then(|m| {
                // The last row also takes a mark just past the line's end.
                let row_end = if r + 1 == rows.len() {
                    usize::MAX
                } else {
                    range.end
                };
                let (start, end) = (m.start.max(range.start), m.end.min(row_end));
                (start < end).then(|| {
                    let mut pad = lead.to_string();
                    for &c in &chars[range.start..start.min(range.end)] {
                        let fill = if c == '\t' { '\t' } else { ' ' };
                        pad.extend(std::iter::repeat_n(fill, display_width(c)));
                    }
                    let marks: usize = (start..end)
                        .map(|i| chars.get(i).map_or(1, |&c| display_width(c)))
                        .sum();
                    (pad, marks.max(1))
                })
            });
            Row {
                text: format!("{lead}{text}{tail}"),
                marks,
            }
        })
        .collect()
}

/// Terminal columns a character takes: CJK and full-width forms take two
/// (Unicode's East Asian Width, as terminals count it); a tab counts as
/// one, and is copied into the padding so the terminal lines it up.
fn display_width(c: char) -> usize {
    if c == '\t' {
        return 1;
    }
    UnicodeWidthChar::width(c).unwrap_or(0)
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
    use crate::i18n::{Lang, with_lang};
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "第一行\n四个意识x";
        let offset = text.find('x').unwrap();
        assert_eq!(line_col(text, offset), (2, 5));
        assert_eq!(line_col(text, 0), (1, 1));
    }

    #[test]
    fn human_output_marks_the_span_under_wide_characters() {
        let d = Diagnostic::error("test", "content/a.md", t!("不对", "bad"))
            .at_line_of("title: 四个x意识", 1, 10)
            .span(1)
            .hint(t!("改正它", "fix it"));
        let human = with_lang(Lang::En, || d.to_human());
        assert!(human.starts_with("error[test]: bad\n"), "{human}");
        assert!(human.contains("--> content/a.md:1:10"), "{human}");
        // 7 ASCII columns + 2 CJK characters of width 2 precede the mark.
        assert!(
            human.contains(&format!(" | {}^\n", " ".repeat(11))),
            "{human}"
        );
        assert!(human.contains("= help: fix it"));
        let human = with_lang(Lang::Zh, || d.to_human());
        assert!(human.starts_with("错误[test]：不对\n"), "{human}");
        assert!(human.contains("= 提示：改正它"), "{human}");
    }

    /// A paragraph of 300 Chinese characters is one line of Markdown: it
    /// was printed whole, with 600 spaces before the mark.
    #[test]
    fn a_long_line_is_wrapped_around_the_span() {
        let line: String = "一二三四五六七八九十".repeat(30);
        let line = format!("{line}两个坚决维护{line}");
        let column = 301;
        let d = Diagnostic::warning("variant-spelling", "content/a.md", t!("变体", "variant"))
            .at_line_of(&line, 1, column)
            .at(12, column)
            .span(6);
        let human = with_lang(Lang::Zh, || d.to_human());
        let widest = human.lines().map(|l| l.width()).max().unwrap_or(0);
        assert!(widest <= SNIPPET_WIDTH + 10, "{widest} columns:\n{human}");
        // The row with the span, the mark exactly under it (12 columns wide).
        let rows: Vec<&str> = human.lines().collect();
        let mark = rows.iter().position(|r| r.contains('^')).expect("a mark");
        let above = rows[mark - 1];
        let marks = rows[mark];
        assert_eq!(marks.matches('^').count(), 12, "{human}");
        let mark_column = marks[..marks.find('^').unwrap()].width();
        let word = above.find("两个坚决维护").expect("the span's row");
        assert_eq!(above[..word].width(), mark_column, "{human}");
        // Rows far from the span are left out, and the cut is shown.
        assert!(rows.len() < 12, "{human}");
        assert!(human.contains(ELIDED), "{human}");
        // The first row of the snippet carries the line number.
        assert!(human.contains("\n12 | ..."), "{human}");
    }

    #[test]
    fn a_span_across_rows_is_marked_on_each() {
        let line = "甲".repeat(100);
        let rows = snippet_rows(&line, Some(30..40), 72);
        // Rows of 36 characters: the span runs from the first into the second.
        let marked: Vec<usize> = rows
            .iter()
            .filter_map(|r| r.marks.as_ref().map(|m| m.1))
            .collect();
        assert_eq!(marked, [12, 8], "{rows:?}");
        // A mark past the end of the line goes after its last character.
        let rows = snippet_rows("ab", Some(2..3), 72);
        assert_eq!(rows[0].marks, Some(("  ".to_string(), 1)));
        let rows = snippet_rows("", Some(0..3), 72);
        assert_eq!(rows[0].marks, Some((String::new(), 1)));
    }

    #[test]
    fn json_carries_the_code_and_the_message_in_the_language() {
        let d = Diagnostic::error("front-matter", "content/a.md", t!("缺少标题", "no title"));
        let json = with_lang(Lang::Zh, || serde_json::to_value(&d).unwrap());
        assert_eq!(json["code"], "front-matter");
        assert_eq!(json["rule"], "front-matter");
        assert_eq!(json["message"], "缺少标题");
        let json = with_lang(Lang::En, || serde_json::to_value(&d).unwrap());
        assert_eq!(json["message"], "no title");
    }

    #[test]
    fn sort_orders_by_file_then_position() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::error("r", "b.md", t!("x", "x")).at(1, 1));
        ds.push(Diagnostic::error("r", "a.md", t!("x", "x")).at(3, 1));
        ds.push(Diagnostic::warning("r", "a.md", t!("x", "x")).at(2, 1));
        ds.sort();
        let order: Vec<_> = ds.iter().map(|d| (d.file.as_str(), d.line)).collect();
        assert_eq!(order, [("a.md", 2), ("a.md", 3), ("b.md", 1)]);
        assert_eq!(ds.error_count(), 2);
        assert_eq!(ds.warning_count(), 1);
    }
}
