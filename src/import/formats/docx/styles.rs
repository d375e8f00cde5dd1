//! Styles of a .docx (`word/styles.xml`): which paragraph styles are the
//! title and headings, which are bold, and which carry numbering.
//!
//! Word writes built-in style names in English whatever the interface
//! language (`heading 1`, shown as 标题 1 in Chinese Word, whose style id is
//! `1`); WPS may write the Chinese name. A style is a heading by its name,
//! by its id, or by an outline level, directly or through `w:basedOn`.

use std::collections::HashMap;

use super::super::xml::Element;
use super::is_on;

/// How far `w:basedOn` chains are followed (they may loop in a broken file).
const MAX_CHAIN: usize = 16;

#[derive(Debug, Clone, Default)]
struct Style {
    based_on: Option<String>,
    /// Heading level from the name or id: 0 title, n heading n.
    named_level: Option<u8>,
    /// `w:outlineLvl` (0-based; 9 is body text).
    outline: Option<u8>,
    bold: Option<bool>,
    /// `w:numPr` of the style: (numId, ilvl).
    numbering: Option<(String, usize)>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Styles {
    by_id: HashMap<String, Style>,
}

impl Styles {
    pub fn parse(root: &Element) -> Styles {
        let mut by_id = HashMap::new();
        for el in root.elements().filter(|e| e.name == "style") {
            let Some(id) = el.attr("styleId") else {
                continue;
            };
            let name = el.child_val("name").unwrap_or_default().to_string();
            let ppr = el.child("pPr");
            let style = Style {
                named_level: level_from_name(&name).or_else(|| level_from_id(id)),
                based_on: el.child_val("basedOn").map(str::to_string),
                outline: ppr
                    .and_then(|p| p.child_val("outlineLvl"))
                    .and_then(|v| v.parse().ok()),
                bold: el.child("rPr").and_then(|r| r.child("b")).map(is_on),
                numbering: ppr.and_then(|p| p.child("numPr")).and_then(num_pr),
            };
            by_id.insert(id.to_string(), style);
        }
        Styles { by_id }
    }

    /// The chain from `id` through `w:basedOn`, nearest first.
    fn chain<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a Style> + 'a {
        let mut next = self.by_id.get(id);
        std::iter::from_fn(move || {
            let style = next?;
            next = style.based_on.as_deref().and_then(|b| self.by_id.get(b));
            Some(style)
        })
        .take(MAX_CHAIN)
    }

    /// 0 for a title style, n for heading n, None for body text.
    pub fn heading_level(&self, id: &str) -> Option<u8> {
        for style in self.chain(id) {
            if let Some(level) = style.named_level {
                return Some(level);
            }
            if let Some(outline) = style.outline {
                return (outline < 9).then_some(outline + 1);
            }
        }
        None
    }

    /// Whether text in this (paragraph or character) style is bold.
    pub fn bold(&self, id: &str) -> Option<bool> {
        self.chain(id).find_map(|s| s.bold)
    }

    /// The numbering a paragraph style gives its paragraphs.
    pub fn numbering(&self, id: &str) -> Option<(String, usize)> {
        self.chain(id).find_map(|s| s.numbering.clone())
    }
}

/// (numId, ilvl) of a `w:numPr`; numId 0 means "no numbering" and is kept,
/// so that it can switch off a style's numbering.
pub(crate) fn num_pr(el: &Element) -> Option<(String, usize)> {
    let id = el.child_val("numId")?;
    let level = el
        .child_val("ilvl")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    Some((id.to_string(), level))
}

/// `Title`/`标题` → 0; `heading 2`/`Heading2`/`标题 2`/`标题2` → 2.
fn level_from_name(name: &str) -> Option<u8> {
    let lower = name.trim().to_lowercase();
    if matches!(lower.as_str(), "title" | "标题") {
        return Some(0);
    }
    let rest = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("标题"))?;
    let digits = rest.trim();
    digits
        .parse::<u8>()
        .ok()
        .filter(|n| (1..=9).contains(n) && digits.chars().all(|c| c.is_ascii_digit()))
}

/// Style ids Word uses for built-in headings: `Heading1`, and in Chinese
/// Word just `1` … `9`; `Title`.
fn level_from_id(id: &str) -> Option<u8> {
    if id.eq_ignore_ascii_case("title") {
        return Some(0);
    }
    let digits = id
        .strip_prefix("Heading")
        .or_else(|| id.strip_prefix("heading"))
        .unwrap_or(id);
    match digits.parse::<u8>() {
        Ok(n) if (1..=9).contains(&n) && digits.len() == 1 => Some(n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::formats::xml;

    #[test]
    fn headings_by_name_id_outline_and_inheritance() {
        let xml = r#"<w:styles xmlns:w="w">
          <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:rPr><w:b/></w:rPr></w:style>
          <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="Heading 2"/></w:style>
          <w:style w:type="paragraph" w:styleId="a5"><w:name w:val="标题 3"/></w:style>
          <w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/></w:style>
          <w:style w:type="paragraph" w:styleId="xbt"><w:name w:val="小标题"/><w:basedOn w:val="1"/><w:rPr><w:b w:val="0"/></w:rPr></w:style>
          <w:style w:type="paragraph" w:styleId="ol"><w:name w:val="Outline"/><w:pPr><w:outlineLvl w:val="1"/><w:numPr><w:numId w:val="4"/><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="body"><w:name w:val="正文"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="loop"><w:name w:val="x"/><w:basedOn w:val="loop"/></w:style>
          <w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
        </w:styles>"#;
        let styles = Styles::parse(&xml::parse("word/styles.xml", xml.as_bytes()).unwrap());
        let levels = [
            "1", "Heading2", "a5", "a3", "xbt", "ol", "body", "loop", "none",
        ]
        .map(|id| styles.heading_level(id));
        assert_eq!(
            levels,
            [
                Some(1),
                Some(2),
                Some(3),
                Some(0),
                Some(1),
                Some(2),
                None,
                None,
                None
            ]
        );
        assert_eq!(styles.bold("1"), Some(true));
        assert_eq!(styles.bold("xbt"), Some(false), "the nearest style decides");
        assert_eq!(styles.bold("Strong"), Some(true));
        assert_eq!(styles.numbering("ol"), Some(("4".to_string(), 1)));
    }
}
