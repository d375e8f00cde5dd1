//! Fenced code highlighted by syntect into CSS classes (`hl-…`), never inline
//! styles, so the theme's stylesheet and a strict CSP both work.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The class prefix shared with `themes/default/static/syntax.css`.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The HTML of a code block; unknown languages are escaped plain text.
pub fn highlight(code: &str, lang: &str, enabled: bool) -> String {
    let lang_attr = crate::markdown::escape_html(lang);
    let open = if lang.is_empty() {
        "<pre class=\"code\"><code>".to_string()
    } else {
        format!("<pre class=\"code\" data-lang=\"{lang_attr}\"><code class=\"language-{lang_attr}\">")
    };
    let body = if enabled && !lang.is_empty() {
        highlighted_lines(code, lang).unwrap_or_else(|| crate::markdown::escape_html(code))
    } else {
        crate::markdown::escape_html(code)
    };
    format!("{open}{body}</code></pre>\n")
}

fn highlighted_lines(code: &str, lang: &str) -> Option<String> {
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(lang)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_classes_not_styles() {
        let html = highlight("fn main() {}\n", "rust", true);
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn unknown_language_is_escaped_text() {
        let html = highlight("<b>x</b>\n", "nosuchlang", true);
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"), "{html}");
    }
}
