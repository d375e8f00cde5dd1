//! PDF files.

use super::Extracted;
use crate::import::messages::Msg;

pub(crate) fn read(_bytes: &[u8]) -> Result<Extracted, Msg> {
    Err(Msg::PdfUnreadable {
        reason: String::new(),
    })
}
