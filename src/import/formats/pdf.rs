//! PDF files are refused, with what to do instead.
//!
//! Why, as measured (issue 18) on the five seed reports made into PDFs with
//! LibreOffice 7.4 (from .docx, Noto Serif CJK and WenQuanYi Zen Hei
//! embedded) and Chromium (from HTML: WenQuanYi as CID TrueType/Identity-H,
//! as Word writes SimSun; Noto Serif CJK as Type 3 fonts), plus hand-made
//! PDFs whose CJK font is not embedded and has no Unicode map (GBK-EUC-H,
//! UniGB-UCS2-H: the fonts of typeset 公文 and OFD conversions), compared
//! character by character with the source text:
//!
//! | PDF | pdf-extract 0.12 | lopdf 0.47 | poppler (reference) |
//! |---|---|---|---|
//! | LibreOffice, both fonts (10 files) | exact | exact | exact |
//! | Chromium, CID TrueType (5) | exact | exact | exact |
//! | Chromium, Type 3 (5) | 9–10% of characters wrong (Kangxi radicals ⾃⼯⼤ for 自工大) | no text | exact |
//! | not embedded, UniGB-UCS2-H (5) | panics | exact | exact |
//! | not embedded, GBK-EUC-H (5) | panics | error | exact |
//!
//! Neither crate reads every kind of report PDF; a wrong character in a
//! quoted formulation is worse than no import, and a panic is no error
//! message. Both lose the paragraphs too: every PDF line ends with a line
//! break (Chromium's output adds a blank line after each), so paragraphs
//! would have to be rebuilt from glyph positions. And pdf-extract would add
//! about 40 crates to the build (lopdf with its encryption stack), against
//! a small dependency budget. Word and WPS convert a PDF to .docx well, and
//! a curator has to check the converted text anyway, so the message says to
//! do that.

use super::Extracted;
use crate::import::messages::Msg;

pub(crate) fn read(_bytes: &[u8]) -> Result<Extracted, Msg> {
    Err(Msg::PdfRefused)
}
