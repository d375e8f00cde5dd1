//! A small OOXML writer for tests: builds .docx files the way Word writes
//! them (content types, relationships, styles with Chinese Word's style ids,
//! a multilevel Chinese numbering definition, footnotes, comments), so the
//! importer's .docx reader is tested on documents made here, not on files
//! of unknown origin.
//!
//! Shared by the integration tests (`tests/common`) and the reader's unit
//! tests (`src/import/formats/docx/tests.rs` includes this file by path), so
//! it uses nothing but std and the `zip` crate.

#![allow(dead_code)]

use std::io::Write;

/// Paragraph style ids, as Chinese Word writes them: `1`, `2`, `3` are
/// 标题 1–3 (names `heading 1`…), `a3` the title; plus one WPS-style
/// heading known only by its Chinese name.
pub const TITLE: &str = "a3";
pub const HEADING: [&str; 4] = ["", "1", "2", "3"];
pub const WPS_HEADING_2: &str = "wps2";

/// One run of text.
#[derive(Debug, Clone)]
pub enum Run {
    Text(String),
    Bold(String),
    /// Inserted by a tracked change.
    Inserted(String),
    /// Deleted by a tracked change.
    Deleted(String),
    /// A footnote reference whose note says this.
    Footnote(String),
    /// A comment on the text before it.
    Comment(String),
    /// A soft line break.
    Break,
    /// Raw run-level XML.
    Raw(String),
}

pub fn text(s: &str) -> Run {
    Run::Text(s.to_string())
}

pub fn bold(s: &str) -> Run {
    Run::Bold(s.to_string())
}

/// A paragraph: style, numbering (numId, ilvl) and runs.
#[derive(Debug, Clone, Default)]
pub struct Para {
    pub style: Option<String>,
    pub numbering: Option<(u32, u32)>,
    pub runs: Vec<Run>,
}

impl Para {
    pub fn new(runs: Vec<Run>) -> Para {
        Para {
            runs,
            ..Para::default()
        }
    }

    pub fn style(mut self, id: &str) -> Para {
        self.style = Some(id.to_string());
        self
    }

    pub fn numbered(mut self, num_id: u32, level: u32) -> Para {
        self.numbering = Some((num_id, level));
        self
    }
}

/// Level patterns of the one abstract numbering every list here uses:
/// 一、 （一） 1. （1）.
pub const LEVELS: [(&str, &str); 4] = [
    ("chineseCounting", "%1、"),
    ("chineseCounting", "（%2）"),
    ("decimal", "%3."),
    ("decimal", "（%4）"),
];

#[derive(Debug, Default)]
pub struct Docx {
    body: Vec<String>,
    /// Extra list instances: (numId, [(ilvl, startOverride)]).
    nums: Vec<(u32, Vec<(u32, u32)>)>,
    footnotes: Vec<String>,
    comments: Vec<String>,
    changes: u32,
}

impl Docx {
    pub fn new() -> Docx {
        Docx::default()
    }

    /// Adds a paragraph.
    pub fn para(&mut self, p: Para) -> &mut Docx {
        let xml = self.paragraph_xml(&p);
        self.body.push(xml);
        self
    }

    /// Adds raw body-level XML (a table, a text box paragraph …).
    pub fn raw(&mut self, xml: &str) -> &mut Docx {
        self.body.push(xml.to_string());
        self
    }

    /// A new instance of the list (numId 1 always exists) whose given
    /// levels restart at the given values; returns its numId.
    pub fn restart_list(&mut self, starts: &[(u32, u32)]) -> u32 {
        let id = 2 + self.nums.len() as u32;
        self.nums.push((id, starts.to_vec()));
        id
    }

    pub fn paragraph_xml(&mut self, p: &Para) -> String {
        let mut ppr = String::new();
        if let Some(style) = &p.style {
            ppr.push_str(&format!(r#"<w:pStyle w:val="{}"/>"#, escape(style)));
        }
        if let Some((id, level)) = p.numbering {
            ppr.push_str(&format!(
                r#"<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{id}"/></w:numPr>"#
            ));
        }
        let mut xml = String::from("<w:p>");
        if !ppr.is_empty() {
            xml.push_str(&format!("<w:pPr>{ppr}</w:pPr>"));
        }
        for run in &p.runs {
            xml.push_str(&self.run_xml(run));
        }
        xml.push_str("</w:p>");
        xml
    }

    fn run_xml(&mut self, run: &Run) -> String {
        let t = |s: &str| format!(r#"<w:t xml:space="preserve">{}</w:t>"#, escape(s));
        match run {
            Run::Text(s) => format!("<w:r>{}</w:r>", t(s)),
            Run::Bold(s) => format!("<w:r><w:rPr><w:b/><w:bCs/></w:rPr>{}</w:r>", t(s)),
            Run::Inserted(s) => {
                self.changes += 1;
                format!(
                    r#"<w:ins w:id="{}" w:author="审稿人" w:date="2024-01-01T00:00:00Z"><w:r>{}</w:r></w:ins>"#,
                    self.changes,
                    t(s)
                )
            }
            Run::Deleted(s) => {
                self.changes += 1;
                format!(
                    r#"<w:del w:id="{}" w:author="审稿人" w:date="2024-01-01T00:00:00Z"><w:r><w:delText xml:space="preserve">{}</w:delText></w:r></w:del>"#,
                    self.changes,
                    escape(s)
                )
            }
            Run::Footnote(note) => {
                self.footnotes.push(note.clone());
                let id = self.footnotes.len();
                format!(
                    r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{id}"/></w:r>"#
                )
            }
            Run::Comment(note) => {
                self.comments.push(note.clone());
                let id = self.comments.len() - 1;
                format!(r#"<w:r><w:commentReference w:id="{id}"/></w:r>"#)
            }
            Run::Break => "<w:r><w:br/></w:r>".to_string(),
            Run::Raw(xml) => xml.clone(),
        }
    }

    /// The .docx file's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let parts = [
            ("[Content_Types].xml", CONTENT_TYPES.to_string()),
            ("_rels/.rels", PACKAGE_RELS.to_string()),
            ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
            ("word/document.xml", self.document_xml()),
            ("word/styles.xml", STYLES.to_string()),
            ("word/numbering.xml", self.numbering_xml()),
            ("word/footnotes.xml", self.footnotes_xml()),
            ("word/comments.xml", self.comments_xml()),
        ];
        for (name, xml) in parts {
            zip.start_file(name, options).expect("zip entry");
            zip.write_all(xml.as_bytes()).expect("zip write");
        }
        zip.finish().expect("zip finish").into_inner()
    }

    fn document_xml(&self) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {NS}><w:body>{}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#,
            self.body.join("\n")
        )
    }

    fn numbering_xml(&self) -> String {
        let levels: String = LEVELS
            .iter()
            .enumerate()
            .map(|(i, (format, pattern))| {
                format!(
                    r#"<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{pattern}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl>"#
                )
            })
            .collect();
        let mut nums = String::from(r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#);
        for (id, starts) in &self.nums {
            let overrides: String = starts
                .iter()
                .map(|(level, start)| {
                    format!(
                        r#"<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>"#
                    )
                })
                .collect();
            nums.push_str(&format!(
                r#"<w:num w:numId="{id}"><w:abstractNumId w:val="0"/>{overrides}</w:num>"#
            ));
        }
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {NS}><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>{nums}</w:numbering>"#
        )
    }

    fn footnotes_xml(&self) -> String {
        let notes: String = self
            .footnotes
            .iter()
            .enumerate()
            .map(|(i, note)| {
                format!(
                    r#"<w:footnote w:id="{}"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>{}</w:t></w:r></w:p></w:footnote>"#,
                    i + 1,
                    escape(note)
                )
            })
            .collect();
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>{notes}</w:footnotes>"#
        )
    }

    fn comments_xml(&self) -> String {
        let comments: String = self
            .comments
            .iter()
            .enumerate()
            .map(|(i, c)| {
                format!(
                    r#"<w:comment w:id="{i}" w:author="审稿人"><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:comment>"#,
                    escape(c)
                )
            })
            .collect();
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments {NS}>{comments}</w:comments>"#
        )
    }
}

/// A table: rows of cells, each cell one paragraph of plain text.
pub fn table(rows: &[&[&str]]) -> String {
    let mut xml = String::from(r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>"#);
    for row in rows {
        xml.push_str("<w:tr>");
        for cell in *row {
            xml.push_str(&format!(
                r#"<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr><w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p></w:tc>"#,
                escape(cell)
            ));
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
    xml
}

/// A run holding a text box (as Word writes it: the DrawingML box, and a
/// VML fallback copy of the same text), whose content is `paragraphs`.
pub fn text_box(paragraphs: &[&str]) -> Run {
    let content: String = paragraphs
        .iter()
        .map(|p| format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", escape(p)))
        .collect();
    Run::Raw(format!(
        r#"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#
    ))
}

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps""#;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/><w:rPr><w:b/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="3"><w:name w:val="heading 3"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="wps2"><w:name w:val="标题 2"/><w:basedOn w:val="a"/></w:style><w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style></w:styles>"#;
