//! The reader-neutral shape of a document (paragraphs with heading level,
//! numbering label and bold spans; tables), and its rendering into the text
//! the report splitter reads.
//!
//! The rendering is the text a curator would get by pasting the document as
//! Markdown: one line per paragraph (a soft line break stays a line break
//! inside it), the numbering label in front (`一、`), `#` marks for heading
//! styles (`#` the title, `##` heading 1, `###` heading 2 …), `**…**` around
//! bold runs of body paragraphs, and tables as Markdown tables. The splitter
//! then applies the same rules to every format, which is what makes a .docx
//! and its plain-text copy import alike.

use super::Location;

/// A run of text with one formatting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Span {
    pub text: String,
    pub bold: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Paragraph {
    /// 0 for the document title, n for heading n; None for body text.
    pub heading: Option<u8>,
    /// The numbering label (`一、`, `（二）`, `3.`) produced by automatic
    /// numbering, which is not in the paragraph's text.
    pub label: String,
    pub spans: Vec<Span>,
    pub origin: Location,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    Paragraph(Paragraph),
    /// Rows of cell texts; the first row is the header.
    Table {
        rows: Vec<Vec<String>>,
        origin: Location,
    },
}

impl Paragraph {
    /// The visible text: label and spans, without formatting.
    pub fn plain_text(&self) -> String {
        let mut out = self.label.clone();
        for span in &self.spans {
            out.push_str(&span.text);
        }
        out
    }
}

/// Deepest heading level rendered as a heading: 5 levels under the title
/// use `##` to `######`, the deepest Markdown heading.
const MAX_HEADING_LEVEL: u8 = 5;

/// Renders blocks to text, with the location of every output line.
pub(crate) fn render(blocks: &[Block]) -> (String, Vec<Location>) {
    let mut out = Renderer::default();
    for block in blocks {
        match block {
            Block::Paragraph(p) => out.paragraph(p),
            Block::Table { rows, origin } => out.table(rows, *origin),
        }
    }
    (out.text, out.origins)
}

#[derive(Default)]
struct Renderer {
    text: String,
    origins: Vec<Location>,
}

impl Renderer {
    fn push_lines(&mut self, lines: &str, origin: Location) {
        for line in lines.split('\n') {
            self.text.push_str(line.trim_end_matches([' ', '\t']));
            self.text.push('\n');
            self.origins.push(origin);
        }
    }

    fn paragraph(&mut self, p: &Paragraph) {
        let mut line = String::new();
        let heading = p.heading.filter(|&h| h <= MAX_HEADING_LEVEL);
        if let Some(level) = heading {
            line.push_str(&"#".repeat(usize::from(level) + 1));
            line.push(' ');
        }
        line.push_str(&p.label);
        if heading.is_some() || (is_all_bold(&p.spans) && has_label(p)) {
            // A heading's style is its structure; a bold numbered line reads
            // as the numbered heading it is (一、**存在问题** would hide the
            // marker from the bold test).
            for span in &p.spans {
                line.push_str(&span.text);
            }
            if heading.is_none() {
                line = format!("**{}**", line.trim());
            }
        } else {
            push_spans(&mut line, &p.spans);
        }
        self.push_lines(&line, p.origin);
    }

    fn table(&mut self, rows: &[Vec<String>], origin: Location) {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        if width == 0 {
            return;
        }
        // A table is a block of its own: a blank line before and after it.
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.push_lines("", origin);
        }
        for (k, row) in rows.iter().enumerate() {
            let cells: Vec<String> = (0..width)
                .map(|i| row.get(i).map_or(String::new(), |c| table_cell(c)))
                .collect();
            self.push_lines(&format!("| {} |", cells.join(" | ")), origin);
            if k == 0 {
                let rule = vec!["---"; width].join(" | ");
                self.push_lines(&format!("| {rule} |"), origin);
            }
        }
        self.push_lines("", origin);
    }
}

fn has_label(p: &Paragraph) -> bool {
    !p.label.trim().is_empty()
}

fn is_all_bold(spans: &[Span]) -> bool {
    spans.iter().any(|s| !s.text.trim().is_empty())
        && spans.iter().all(|s| s.bold || s.text.trim().is_empty())
}

/// Spans with `**` around each bold stretch; whitespace and line breaks at
/// a stretch's edges stay outside the marks (`** x**` is not bold in Markdown).
fn push_spans(line: &mut String, spans: &[Span]) {
    let mut merged: Vec<(bool, String)> = Vec::new();
    for span in spans {
        match merged.last_mut() {
            Some((bold, text)) if *bold == span.bold => text.push_str(&span.text),
            _ => merged.push((span.bold, span.text.clone())),
        }
    }
    for (bold, text) in merged {
        if !bold {
            line.push_str(&text);
            continue;
        }
        for (k, piece) in text.split('\n').enumerate() {
            if k > 0 {
                line.push('\n');
            }
            let inner = piece.trim_matches(|c: char| c.is_whitespace());
            if inner.is_empty() {
                line.push_str(piece);
                continue;
            }
            let lead = &piece[..piece.len() - piece.trim_start().len()];
            let trail = &piece[piece.trim_end().len()..];
            line.push_str(lead);
            line.push_str("**");
            line.push_str(inner);
            line.push_str("**");
            line.push_str(trail);
        }
    }
}

/// One cell's text on one line: `|` escaped, line breaks as spaces.
fn table_cell(text: &str) -> String {
    let one_line: Vec<&str> = text.split_whitespace().collect();
    one_line.join(" ").replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(heading: Option<u8>, label: &str, spans: &[(&str, bool)]) -> Block {
        Block::Paragraph(Paragraph {
            heading,
            label: label.to_string(),
            spans: spans
                .iter()
                .map(|(t, b)| Span {
                    text: t.to_string(),
                    bold: *b,
                })
                .collect(),
            origin: Location::Paragraph(1),
        })
    }

    #[test]
    fn paragraphs_render_as_markdown_lines() {
        let blocks = [
            para(Some(0), "", &[("某局工作报告", true)]),
            para(Some(1), "一、", &[("基本情况", false)]),
            para(
                None,
                "",
                &[("一是", false), ("加强学习。", true), ("认真研读。", false)],
            ),
            para(None, "（一）", &[("存在问题", true)]),
            para(None, "", &[(" 开头 ", true), ("正文\n续行", false)]),
            para(None, "", &[]),
        ];
        let (text, origins) = render(&blocks);
        assert_eq!(
            text,
            "# 某局工作报告\n## 一、基本情况\n一是**加强学习。**认真研读。\n**（一）存在问题**\n **开头** 正文\n续行\n\n"
        );
        assert_eq!(origins.len(), text.lines().count());
    }

    #[test]
    fn tables_render_as_markdown_tables() {
        let blocks = [
            para(None, "", &[("指标如下：", false)]),
            Block::Table {
                rows: vec![
                    vec!["项目".into(), "数量".into()],
                    vec!["a|b".into(), "多\n行".into(), "多出".into()],
                ],
                origin: Location::Paragraph(2),
            },
        ];
        let (text, _) = render(&blocks);
        assert_eq!(
            text,
            "指标如下：\n\n| 项目 | 数量 |  |\n| --- | --- | --- |\n| a\\|b | 多 行 | 多出 |\n\n"
        );
    }
}
