//! Readers of the formats reports come in, each turning a file's bytes into
//! the text the report splitter reads (see `document` for its shape):
//!
//! | format | reader |
//! |---|---|
//! | `.txt`, `.md` and anything else that is text | decoded (UTF-8, UTF-8 with BOM, GBK/GB18030), line endings normalised |
//! | `.docx` (Word 2007+, WPS) | `docx`: paragraphs, heading styles, automatic numbering, bold, tables, text boxes, tracked changes accepted; footnotes and comments dropped with a note |
//! | `.html`, `.htm` (saved from a browser) | `html`: the main text of the page; navigation, scripts and ads removed |
//! | `.pdf` | `pdf`: refused with what to do instead (its docs give the measurements) |
//! | `.doc`, `.wps` (binary) and other office formats | refused with how to convert them |
//!
//! The format is decided by the file's first bytes where they tell (a zip,
//! an OLE2 compound file, `%PDF-`), else by its extension: a `.doc` that is
//! really a .docx is read as one, and a `.docx` that is really a Word 97
//! file is refused as one.

mod document;
mod docx;
mod html;
mod pdf;
pub(crate) mod xml;

use std::path::Path;

use super::messages::Msg;

/// Where in the input a line of the extracted text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A line of a text file (1-based).
    Line(usize),
    /// A paragraph of a .docx, or a block of a web page's main text (1-based).
    Paragraph(usize),
}

impl Location {
    /// "line 3", "paragraph 12".
    pub fn message(self) -> Msg {
        match self {
            Location::Line(line) => Msg::AtLine { line },
            Location::Paragraph(paragraph) => Msg::AtParagraph { paragraph },
        }
    }
}

/// The formats tifa reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Docx,
    Html,
    Pdf,
}

/// A file's text, ready for the report splitter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// LF line endings.
    pub text: String,
    /// The origin of each line of `text` (index = line − 1); None when the
    /// lines are the input's own lines (text files).
    pub origins: Option<Vec<Location>>,
    /// What the reader left out or changed, for the curator.
    pub notes: Vec<Msg>,
}

impl Extracted {
    /// Where 1-based `line` of the extracted text came from.
    pub fn location(&self, line: usize) -> Location {
        locate(self.origins.as_deref(), line)
    }
}

/// Where 1-based `line` of a text with these line origins came from.
pub fn locate(origins: Option<&[Location]>, line: usize) -> Location {
    match origins {
        None => Location::Line(line),
        Some(origins) => origins
            .get(line.saturating_sub(1))
            .or(origins.last())
            .copied()
            .unwrap_or(Location::Paragraph(1)),
    }
}

/// The format of a file, from its first bytes and its name.
pub fn detect(path: &Path, bytes: &[u8]) -> Result<Format, Msg> {
    const OLE2: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(OLE2) {
        // Word stores an encrypted .docx in the same container as a .doc.
        return Err(if extension == "docx" {
            Msg::EncryptedDocx
        } else {
            Msg::LegacyBinary {
                extension: if extension.is_empty() {
                    "doc".to_string()
                } else {
                    extension
                },
            }
        });
    }
    if bytes.starts_with(b"%PDF-") {
        return Ok(Format::Pdf);
    }
    let unsupported = || Msg::UnsupportedFormat {
        extension: extension.clone(),
    };
    if bytes.starts_with(b"PK\x03\x04") {
        return match extension.as_str() {
            "docx" | "docm" | "dotx" | "doc" | "wps" => Ok(Format::Docx),
            _ if has_word_document(bytes) => Ok(Format::Docx),
            _ => Err(unsupported()),
        };
    }
    match extension.as_str() {
        "docx" | "docm" | "dotx" => Ok(Format::Docx),
        "html" | "htm" | "xhtml" => Ok(Format::Html),
        "pdf" => Ok(Format::Pdf),
        "doc" | "wps" | "dot" => Err(Msg::LegacyBinary { extension }),
        "xlsx" | "xls" | "et" | "pptx" | "ppt" | "dps" | "odt" | "ods" | "odp" | "rtf" | "ofd"
        | "mht" | "mhtml" | "epub" | "jpg" | "jpeg" | "png" | "gif" | "tif" | "tiff" | "bmp"
        | "zip" | "rar" | "7z" => Err(unsupported()),
        _ => Ok(Format::Text),
    }
}

/// Whether a zip holds a Word main document (a .docx saved under another name).
fn has_word_document(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .is_ok_and(|zip| zip.file_names().any(|n| n == "word/document.xml"))
}

/// Reads a file's bytes in its format.
pub fn read(path: &Path, bytes: &[u8]) -> Result<(Format, Extracted), Msg> {
    let format = detect(path, bytes)?;
    let extracted = match format {
        Format::Text => read_text(bytes)?,
        Format::Docx => docx::read(bytes)?,
        Format::Html => html::read(bytes)?,
        Format::Pdf => pdf::read(bytes)?,
    };
    Ok((format, extracted))
}

fn read_text(bytes: &[u8]) -> Result<Extracted, Msg> {
    let text = match crate::fs::decode_text(bytes) {
        Ok(decoded) => decoded.text,
        Err(crate::fs::DecodeError::Binary { .. }) => return Err(Msg::NulByte),
        Err(e) => {
            return Err(Msg::UndecodableText {
                error: e.to_string(),
            });
        }
    };
    Ok(Extracted {
        text,
        origins: None,
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_content_then_name() {
        let p = |name: &str| Path::new(name).to_path_buf();
        let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest";
        assert_eq!(
            detect(&p("a.doc"), ole),
            Err(Msg::LegacyBinary {
                extension: "doc".into()
            })
        );
        assert_eq!(
            detect(&p("a.WPS"), ole),
            Err(Msg::LegacyBinary {
                extension: "wps".into()
            })
        );
        assert_eq!(detect(&p("a.docx"), ole), Err(Msg::EncryptedDocx));
        assert_eq!(
            detect(&p("a.wps"), b"not ole"),
            Err(Msg::LegacyBinary {
                extension: "wps".into()
            })
        );
        assert_eq!(detect(&p("a.txt"), b"%PDF-1.7"), Ok(Format::Pdf));
        assert_eq!(
            read(&p("a.pdf"), b"%PDF-1.7 ..."),
            Err(Msg::PdfRefused),
            "PDFs are refused: see formats/pdf.rs"
        );
        assert_eq!(detect(&p("a.HTM"), b"<html>"), Ok(Format::Html));
        assert_eq!(detect(&p("report"), "报告".as_bytes()), Ok(Format::Text));
        assert_eq!(detect(&p("a.md"), b"# x"), Ok(Format::Text));
        assert!(matches!(
            detect(&p("a.xlsx"), b"PK\x03\x04"),
            Err(Msg::UnsupportedFormat { .. })
        ));
    }
}
