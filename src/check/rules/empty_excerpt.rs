//! `empty-excerpt` (an error): an excerpt with no text.
//!
//! An excerpt is a passage of a report; without text its page, its place in
//! the source's outline and its search entry are all empty, which is always
//! a mistake (an import that cut wrongly, a file created and never filled).
//! Whitespace, comments like `<!-- more -->` and empty Markdown do not count
//! as text: what counts is what the rendered page shows.

use crate::diagnostic::Diagnostic;
use crate::graph::Page;
use crate::parse::{Document, PageKind};
use crate::t;

pub const NAME: &str = "empty-excerpt";

/// A file rule: it looks at the rendered page, not at blocks of prose.
pub fn check(doc: &Document, page: Option<&Page>) -> Vec<Diagnostic> {
    let Some(page) = page else {
        return Vec::new();
    };
    if doc.kind != PageKind::Excerpt || !page.rendered.plain_text.trim().is_empty() {
        return Vec::new();
    }
    // The body is empty, so point at the front matter's closing `---`,
    // under which the text belongs.
    let fence = doc.body_line.saturating_sub(1).max(1);
    let title = &doc.meta.title;
    let mut diagnostic = Diagnostic::error(
        NAME,
        doc.display_path(),
        t!("摘录“{title}”没有正文", "excerpt `{title}` has no text"),
    )
    .at(fence, 1)
    .span(3)
    .hint(t!(
        "请把报告中的这段文字写在前置元数据之下，或删除这个文件",
        "put the passage of the report below the front matter, or delete the file"
    ));
    diagnostic.snippet = Some("---".to_string());
    vec![diagnostic]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::run_on_excerpt;
    use crate::diagnostic::Severity;

    #[test]
    fn an_excerpt_without_text_is_an_error() {
        for body in ["", "\n\n  \n", "<!-- more -->\n"] {
            let found = run_on_excerpt(NAME, body);
            assert_eq!(found.len(), 1, "{body:?}: {found:?}");
            let d = &found[0];
            assert_eq!((d.severity, d.line, d.column), (Severity::Error, 4, 1));
        }
    }

    #[test]
    fn an_excerpt_with_text_is_fine() {
        assert!(run_on_excerpt(NAME, "正文。\n").is_empty());
    }
}
