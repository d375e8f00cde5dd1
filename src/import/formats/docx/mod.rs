//! Word documents (.docx, Word 2007 and later, and WPS saving as .docx):
//! the zip container, its relationships, and the walk of the main document
//! part into paragraphs and tables.
//!
//! What the walk keeps and why:
//! - paragraphs in reading order, with the heading level of their style,
//!   the label of their automatic numbering (`numbering`), and bold runs;
//! - tracked changes as if accepted: insertions (`w:ins`, `w:moveTo`) are
//!   read, deletions (`w:del`, `w:moveFrom`) are not — the final text;
//! - text boxes (`w:txbxContent`), after the paragraph they are anchored to
//!   (a drawing's fallback copy, `mc:Fallback`, is skipped so the text is
//!   read once);
//! - tables as tables, except one-column tables, which Chinese documents
//!   use as frames around ordinary text: their paragraphs are read as such;
//! - footnotes, endnotes and comments are not part of the report's text:
//!   they are dropped, and counted in a note; hidden text is skipped, as
//!   are field instructions (`w:instrText`) and ruby guides (`w:rt`).

mod numbering;
mod styles;

use std::collections::BTreeSet;
use std::io::{Cursor, Read};

use super::document::{Block, Paragraph, Span};
use super::xml::{self, Element};
use super::{Extracted, Location};
use crate::import::messages::Msg;
use numbering::{Counters, Numbering};
use styles::{Styles, num_pr};

/// Largest part read, unpacked: a 500-page report's document.xml is a few
/// MB; a zip bomb is refused before it fills memory.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a .docx into paragraphs and tables.
pub(crate) fn read(bytes: &[u8]) -> Result<Extracted, Msg> {
    let mut package = Package::open(bytes)?;
    let main = package.main_document_path()?;
    let rels = package.relationships(&main)?;
    let styles = match rels.target("/styles") {
        Some(path) => package
            .xml(&path)?
            .map(|root| Styles::parse(&root))
            .unwrap_or_default(),
        None => Styles::default(),
    };
    let numbering = match rels.target("/numbering") {
        Some(path) => package
            .xml(&path)?
            .map(|root| Numbering::parse(&root))
            .unwrap_or_default(),
        None => Numbering::default(),
    };
    let document = package
        .xml(&main)?
        .ok_or_else(|| Msg::MissingPart { part: main.clone() })?;
    let body = document.child("body").ok_or_else(|| Msg::MissingPart {
        part: format!("{main} (w:body)"),
    })?;
    let mut walker = Walker {
        styles: &styles,
        counters: Counters::new(&numbering),
        paragraphs: 0,
        found: Found::default(),
    };
    let blocks = walker.container(body);
    let notes = walker.found.notes(&blocks);
    let (text, origins) = super::document::render(&blocks);
    Ok(Extracted {
        text,
        origins: Some(origins),
        notes,
    })
}

/// The zip container.
struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8]) -> Result<Self, Msg> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| Msg::BrokenZip {
            error: e.to_string(),
        })?;
        Ok(Package { zip })
    }

    /// The bytes of a part, or None if the package has no such part.
    fn part(&mut self, path: &str) -> Result<Option<Vec<u8>>, Msg> {
        let file = match self.zip.by_name(path) {
            Ok(file) => file,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => {
                return Err(Msg::BrokenZip {
                    error: e.to_string(),
                });
            }
        };
        let mut bytes = Vec::new();
        file.take(MAX_PART_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Msg::BrokenZip {
                error: format!("{path}: {e}"),
            })?;
        if bytes.len() as u64 > MAX_PART_BYTES {
            return Err(Msg::PartTooLarge {
                part: path.to_string(),
                limit_mb: MAX_PART_BYTES / 1024 / 1024,
            });
        }
        Ok(Some(bytes))
    }

    fn xml(&mut self, path: &str) -> Result<Option<Element>, Msg> {
        match self.part(path)? {
            Some(bytes) => xml::parse(path, &bytes).map(Some),
            None => Ok(None),
        }
    }

    /// The main document part named by the package relationships
    /// (`word/document.xml` in every Word and WPS file seen).
    fn main_document_path(&mut self) -> Result<String, Msg> {
        const DEFAULT: &str = "word/document.xml";
        let Some(rels) = self.xml("_rels/.rels")? else {
            return Ok(DEFAULT.to_string());
        };
        Ok(Relationships::parse(&rels, "")
            .target("/officeDocument")
            .unwrap_or_else(|| DEFAULT.to_string()))
    }

    /// The relationships of `part` (`word/_rels/document.xml.rels`).
    fn relationships(&mut self, part: &str) -> Result<Relationships, Msg> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels_path = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        Ok(self
            .xml(&rels_path)?
            .map(|root| Relationships::parse(&root, dir))
            .unwrap_or_default())
    }
}

/// (type URI, resolved package path) of a part's internal relationships.
#[derive(Debug, Default)]
struct Relationships(Vec<(String, String)>);

impl Relationships {
    fn parse(root: &Element, base_dir: &str) -> Relationships {
        let list = root
            .elements()
            .filter(|e| e.name == "Relationship" && e.attr("TargetMode") != Some("External"))
            .filter_map(|e| {
                let target = e.attr("Target")?;
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None if base_dir.is_empty() => target.to_string(),
                    None => format!("{base_dir}/{target}"),
                };
                Some((e.attr("Type")?.to_string(), path))
            })
            .collect();
        Relationships(list)
    }

    /// The target of the first relationship whose type ends with `suffix`.
    fn target(&self, suffix: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(kind, _)| kind.ends_with(suffix))
            .map(|(_, path)| path.clone())
    }
}

/// `w:b`, `w:vanish`, `w:isLgl` …: on unless `w:val` says 0/false/off.
pub(crate) fn is_on(el: &Element) -> bool {
    !matches!(el.attr("val"), Some("0" | "false" | "off"))
}

/// What the walk met that is not text, for the notes.
#[derive(Debug, Default)]
struct Found {
    footnotes: usize,
    endnotes: usize,
    comments: BTreeSet<String>,
    inserted: usize,
    deleted: usize,
    text_boxes: usize,
    images: usize,
}

impl Found {
    fn notes(&self, blocks: &[Block]) -> Vec<Msg> {
        let tables = blocks
            .iter()
            .filter(|b| matches!(b, Block::Table { .. }))
            .count();
        let mut notes = Vec::new();
        let counts = [
            (
                self.footnotes,
                Msg::FootnotesDropped {
                    count: self.footnotes,
                },
            ),
            (
                self.endnotes,
                Msg::EndnotesDropped {
                    count: self.endnotes,
                },
            ),
            (
                self.comments.len(),
                Msg::CommentsDropped {
                    count: self.comments.len(),
                },
            ),
            (
                self.inserted + self.deleted,
                Msg::ChangesResolved {
                    inserted: self.inserted,
                    deleted: self.deleted,
                },
            ),
            (
                self.text_boxes,
                Msg::TextBoxesRead {
                    count: self.text_boxes,
                },
            ),
            (self.images, Msg::ImagesSkipped { count: self.images }),
            (tables, Msg::TablesKept { count: tables }),
        ];
        for (count, note) in counts {
            if count > 0 {
                notes.push(note);
            }
        }
        notes
    }
}

struct Walker<'a> {
    styles: &'a Styles,
    counters: Counters<'a>,
    /// Paragraphs met so far (the location of the next one is this + 1).
    paragraphs: usize,
    found: Found,
}

/// Formatting that applies to the runs being read.
#[derive(Debug, Clone, Copy, Default)]
struct RunContext {
    /// Bold from the paragraph's style.
    paragraph_bold: bool,
}

impl Walker<'_> {
    /// Block-level content: the body, a table cell, a text box.
    fn container(&mut self, el: &Element) -> Vec<Block> {
        let mut blocks = Vec::new();
        for child in el.elements() {
            match child.name.as_str() {
                "p" => blocks.extend(self.paragraph(child)),
                "tbl" => blocks.extend(self.table(child)),
                "sdt" => {
                    if let Some(content) = child.child("sdtContent") {
                        blocks.extend(self.container(content));
                    }
                }
                "customXml" | "ins" | "moveTo" => blocks.extend(self.container(child)),
                "del" | "moveFrom" => self.found.deleted += 1,
                _ => {}
            }
        }
        blocks
    }

    /// One paragraph, followed by the paragraphs of its text boxes.
    fn paragraph(&mut self, p: &Element) -> Vec<Block> {
        self.paragraphs += 1;
        let origin = Location::Paragraph(self.paragraphs);
        let ppr = p.child("pPr");
        let style = ppr
            .and_then(|pr| pr.child_val("pStyle"))
            .unwrap_or_default();
        let heading = ppr
            .and_then(|pr| pr.child_val("outlineLvl"))
            .and_then(|v| v.parse::<u8>().ok())
            .map(|lvl| (lvl < 9).then_some(lvl + 1))
            .unwrap_or_else(|| self.styles.heading_level(style));
        let numbering = ppr
            .and_then(|pr| pr.child("numPr"))
            .and_then(num_pr)
            .or_else(|| self.styles.numbering(style));
        let label = match numbering {
            Some((id, level)) if id != "0" => {
                self.counters.next_label(&id, level).unwrap_or_default()
            }
            _ => String::new(),
        };
        let context = RunContext {
            paragraph_bold: self.styles.bold(style).unwrap_or(false),
        };
        let mut spans = Vec::new();
        let mut boxes = Vec::new();
        self.inline(p, context, &mut spans, &mut boxes);
        let mut blocks = vec![Block::Paragraph(Paragraph {
            heading,
            label,
            spans,
            origin,
        })];
        blocks.extend(boxes);
        blocks
    }

    /// Inline content of a paragraph (or of a hyperlink, insertion …).
    fn inline(
        &mut self,
        el: &Element,
        context: RunContext,
        spans: &mut Vec<Span>,
        boxes: &mut Vec<Block>,
    ) {
        for child in el.elements() {
            match child.name.as_str() {
                "pPr" | "rPr" | "bookmarkStart" | "bookmarkEnd" | "proofErr" => {}
                "r" => self.run(child, context, spans, boxes),
                "ins" | "moveTo" => {
                    self.found.inserted += 1;
                    self.inline(child, context, spans, boxes);
                }
                "del" | "moveFrom" => self.found.deleted += 1,
                "commentRangeStart" => {
                    if let Some(id) = child.attr("id") {
                        self.found.comments.insert(id.to_string());
                    }
                }
                "sdt" => {
                    if let Some(content) = child.child("sdtContent") {
                        self.inline(content, context, spans, boxes);
                    }
                }
                "AlternateContent" => {
                    if let Some(choice) = child.child("Choice") {
                        self.inline(choice, context, spans, boxes);
                    }
                }
                // hyperlink, smartTag, customXml, fldSimple, math …: their
                // runs are text of the paragraph.
                _ => self.inline(child, context, spans, boxes),
            }
        }
    }

    fn run(
        &mut self,
        r: &Element,
        context: RunContext,
        spans: &mut Vec<Span>,
        boxes: &mut Vec<Block>,
    ) {
        let rpr = r.child("rPr");
        if rpr.and_then(|pr| pr.child("vanish")).is_some_and(is_on) {
            return;
        }
        let bold = rpr
            .and_then(|pr| pr.child("b"))
            .map(is_on)
            .or_else(|| {
                rpr.and_then(|pr| pr.child_val("rStyle"))
                    .and_then(|s| self.styles.bold(s))
            })
            .unwrap_or(context.paragraph_bold);
        let mut text = String::new();
        for child in r.elements() {
            match child.name.as_str() {
                "t" => text.push_str(&child.text()),
                "tab" | "ptab" => text.push('\t'),
                "br" if !matches!(child.attr("type"), Some("page" | "column")) => {
                    text.push('\n');
                }
                "cr" => text.push('\n'),
                "noBreakHyphen" => text.push('-'),
                "footnoteReference" => self.found.footnotes += 1,
                "endnoteReference" => self.found.endnotes += 1,
                "commentReference" => {
                    if let Some(id) = child.attr("id") {
                        self.found.comments.insert(id.to_string());
                    }
                }
                "drawing" | "pict" | "object" => self.drawing(child, boxes),
                "AlternateContent" => {
                    if let Some(choice) = child.child("Choice") {
                        for inner in choice.elements() {
                            self.drawing(inner, boxes);
                        }
                    }
                }
                "ruby" => {
                    if let Some(base) = child.child("rubyBase") {
                        let mut inner = Vec::new();
                        self.inline(base, context, &mut inner, boxes);
                        text.extend(inner.iter().map(|s| s.text.as_str()));
                    }
                }
                // rPr, delText, instrText, fldChar, sym, softHyphen,
                // lastRenderedPageBreak …: not text.
                _ => {}
            }
        }
        if !text.is_empty() {
            spans.push(Span { text, bold });
        }
    }

    /// A drawing: the paragraphs of its text boxes, or a skipped picture.
    fn drawing(&mut self, el: &Element, boxes: &mut Vec<Block>) {
        let mut found_box = false;
        let mut stack = vec![el];
        while let Some(e) = stack.pop() {
            if e.name == "txbxContent" {
                found_box = true;
                self.found.text_boxes += 1;
                boxes.extend(self.container(e));
                continue;
            }
            if e.name == "Fallback" {
                continue;
            }
            // Reverse, so that boxes come out in document order.
            stack.extend(e.elements().collect::<Vec<_>>().into_iter().rev());
        }
        if !found_box {
            self.found.images += 1;
        }
    }

    /// A table: a Markdown table, or the paragraphs of a one-column frame.
    fn table(&mut self, tbl: &Element) -> Vec<Block> {
        let origin = Location::Paragraph(self.paragraphs + 1);
        let mut rows: Vec<Vec<Vec<Block>>> = Vec::new();
        for tr in tbl.elements().filter(|e| e.name == "tr") {
            let mut row = Vec::new();
            for tc in cells(tr) {
                let tcpr = tc.child("tcPr");
                let span = tcpr
                    .and_then(|p| p.child_val("gridSpan"))
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
                let continued = tcpr
                    .and_then(|p| p.child("vMerge"))
                    .is_some_and(|m| m.attr("val") != Some("restart"));
                let content = self.container(tc);
                row.push(if continued { Vec::new() } else { content });
                row.extend((1..span).map(|_| Vec::new()));
            }
            rows.push(row);
        }
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns <= 1 {
            return rows.into_iter().flatten().flatten().collect();
        }
        let rows = rows
            .into_iter()
            .map(|row| row.iter().map(|cell| cell_text(cell)).collect())
            .collect();
        vec![Block::Table { rows, origin }]
    }
}

/// The cells of a row, also those wrapped in content controls.
fn cells(tr: &Element) -> Vec<&Element> {
    let mut out = Vec::new();
    for child in tr.elements() {
        match child.name.as_str() {
            "tc" => out.push(child),
            "sdt" | "customXml" => {
                if let Some(content) = child.child("sdtContent").or(Some(child)) {
                    out.extend(content.elements().filter(|e| e.name == "tc"));
                }
            }
            _ => {}
        }
    }
    out
}

/// A cell's text on one line: its paragraphs joined by spaces.
fn cell_text(blocks: &[Block]) -> String {
    let mut parts = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(p) => parts.push(p.plain_text()),
            Block::Table { rows, .. } => {
                parts.extend(rows.iter().map(|r| r.join(" ")));
            }
        }
    }
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;
