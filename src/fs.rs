//! Path-aware file access and text decoding.
//!
//! Every I/O error that leaves this module names its path. Author files are
//! decoded here once: UTF-8 with or without BOM, and GBK/GB18030 (still common
//! in files saved from Word or old intranet pages) detected and converted, so
//! no stage after `load` ever sees anything but clean UTF-8 with LF endings.

use std::io;
use std::path::{Component, Path, PathBuf};

use anyhow::Result;

use crate::i18n::{Text, io_error};
use crate::t;

/// The encoding a text file was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceEncoding {
    Utf8,
    Utf8Bom,
    /// GBK or GB18030 (GB18030 is a superset, so one decoder serves both).
    Gb18030,
    /// UTF-16 with a byte-order mark (Windows Notepad's "Unicode").
    Utf16,
}

/// A decoded text file.
#[derive(Debug, Clone)]
pub struct DecodedText {
    pub text: String,
    pub encoding: SourceEncoding,
}

/// Why bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.text())]
pub enum DecodeError {
    Binary { offset: usize },
    UnknownEncoding { offset: usize },
}

impl DecodeError {
    pub fn offset(&self) -> usize {
        match self {
            DecodeError::Binary { offset } | DecodeError::UnknownEncoding { offset } => *offset,
        }
    }

    /// What is wrong, in both languages.
    pub fn text(&self) -> Text {
        match self {
            DecodeError::Binary { .. } => t!(
                "文件中有 NUL 字节：这是二进制文件，或是没有字节顺序标记（BOM）的 UTF-16 文本",
                "the file contains NUL bytes: it is a binary file, or UTF-16 text without a byte-order mark"
            ),
            DecodeError::UnknownEncoding { offset } => t!(
                "文件既不是 UTF-8 文本，也不是 GBK/GB18030 文本（第 {offset} 字节无效）",
                "the file is neither UTF-8 nor GBK/GB18030 text (invalid byte at offset {offset})"
            ),
        }
    }
}

/// Decodes an author's file: UTF-8 (BOM stripped), else GB18030 if the bytes
/// are valid GB18030 and look like Chinese text; CRLF and lone CR become LF.
pub fn decode_text(bytes: &[u8]) -> Result<DecodedText, DecodeError> {
    if let Some(text) = decode_utf16(bytes) {
        return Ok(DecodedText {
            text: normalize_newlines(text),
            encoding: SourceEncoding::Utf16,
        });
    }
    if let Some(offset) = memchr_nul(bytes) {
        return Err(DecodeError::Binary { offset });
    }
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = std::str::from_utf8(rest).map_err(|e| DecodeError::UnknownEncoding {
            offset: e.valid_up_to() + 3,
        })?;
        (text.to_string(), SourceEncoding::Utf8Bom)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_string(), SourceEncoding::Utf8),
            Err(utf8_error) => (
                decode_gb18030(bytes).ok_or(DecodeError::UnknownEncoding {
                    offset: utf8_error.valid_up_to(),
                })?,
                SourceEncoding::Gb18030,
            ),
        }
    };
    Ok(DecodedText {
        text: normalize_newlines(text),
        encoding,
    })
}

/// GB18030 decoding, accepted only when the detector agrees the bytes are
/// Chinese: a Latin-1 or Shift-JIS file would otherwise decode to nonsense.
fn decode_gb18030(bytes: &[u8]) -> Option<String> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    if guess != encoding_rs::GBK && guess != encoding_rs::GB18030 {
        return None;
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
}

/// UTF-16 text with a byte-order mark, as Windows saves "Unicode" text.
/// Without the mark it would read as binary (every other byte is NUL).
fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let (encoding, _) = encoding_rs::Encoding::for_bom(bytes)?;
    if encoding != encoding_rs::UTF_16LE && encoding != encoding_rs::UTF_16BE {
        return None;
    }
    let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
    (!had_errors && !text.contains('\0')).then(|| text.into_owned())
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// An I/O error as an error chain in both languages: what was being done
/// to which path, then what the system said ([`io_error`]).
pub fn io_failure(error: io::Error, doing: Text) -> anyhow::Error {
    anyhow::Error::msg(io_error(&error)).context(doing)
}

/// `with_context` for I/O results, with the system's error said in both
/// languages: `std::fs::rename(a, b).io_context(|| t!(…))`.
pub trait IoContext<T> {
    fn io_context(self, doing: impl FnOnce() -> Text) -> Result<T>;
}

impl<T> IoContext<T> for io::Result<T> {
    fn io_context(self, doing: impl FnOnce() -> Text) -> Result<T> {
        self.map_err(|e| io_failure(e, doing()))
    }
}

/// Reads a file's bytes, naming the path on failure.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| io_failure(e, cannot_read(path)))
}

/// Reads a UTF-8 file that belongs to tifa or the theme (not author content).
pub fn read_to_string(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| io_failure(e, cannot_read(path)))
}

fn cannot_read(path: &Path) -> Text {
    let path = path.display();
    t!("无法读取 {path}", "cannot read {path}")
}

/// Writes a file, creating its parent folders.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    std::fs::write(path, bytes).map_err(|e| {
        let path = path.display();
        io_failure(e, t!("无法写入 {path}", "cannot write {path}"))
    })
}

pub fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|e| {
        let path = path.display();
        io_failure(
            e,
            t!("无法创建文件夹 {path}", "cannot create folder {path}"),
        )
    })
}

pub fn remove_file(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err({
            let path = path.display();
            io_failure(e, t!("无法删除 {path}", "cannot remove {path}"))
        }),
    }
}

/// `path` made absolute against the current directory, without touching the disk.
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `path` made absolute with every `..` and link resolved, whether or not
/// it exists: component by component, each one that exists is resolved by
/// the file system (a link is followed before a `..` after it is applied),
/// the rest by reading it (what does not exist cannot be a link).
pub fn resolve(path: &Path) -> PathBuf {
    let mut resolved = PathBuf::new();
    for component in absolute(path).components() {
        match component {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir => {}
            Component::Normal(name) => {
                resolved.push(name);
                if let Ok(real) = std::fs::canonicalize(&resolved) {
                    resolved = real;
                }
            }
            other => resolved.push(other.as_os_str()),
        }
    }
    resolved
}

#[cfg(test)]
mod tests {

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let text = "---\ntitle: 你好\n---\r\n正文\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        for bytes in [le, be] {
            let decoded = decode_text(&bytes).unwrap();
            assert_eq!(decoded.encoding, SourceEncoding::Utf16);
            assert_eq!(decoded.text, "---\ntitle: 你好\n---\n正文\n");
        }
        let without_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let error = decode_text(&without_bom).unwrap_err();
        assert!(error.text().en.contains("UTF-16"), "{error}");
        assert!(error.text().zh.contains("UTF-16"), "{error}");
    }

    use super::*;

    #[test]
    fn utf8_bom_is_stripped_and_crlf_normalised() {
        let decoded = decode_text(b"\xEF\xBB\xBF---\r\ntitle: a\r\n---\r\n").unwrap();
        assert_eq!(decoded.text, "---\ntitle: a\n---\n");
        assert_eq!(decoded.encoding, SourceEncoding::Utf8Bom);
    }

    #[test]
    fn gbk_chinese_is_detected_and_converted() {
        let original =
            "---\ntitle: 四个意识\n---\n增强“四个意识”，坚定“四个自信”，做到“两个维护”。\n";
        let (bytes, _, _) = encoding_rs::GBK.encode(original);
        let decoded = decode_text(&bytes).unwrap();
        assert_eq!(decoded.encoding, SourceEncoding::Gb18030);
        assert_eq!(decoded.text, original);
    }

    #[test]
    fn binary_is_refused_with_offset() {
        assert_eq!(
            decode_text(b"abc\0def").unwrap_err(),
            DecodeError::Binary { offset: 3 }
        );
    }

    #[test]
    fn latin1_is_not_mistaken_for_gbk() {
        let err = decode_text(b"caf\xe9 na\xefve r\xe9sum\xe9 \xe0 la carte").unwrap_err();
        assert!(
            matches!(err, DecodeError::UnknownEncoding { offset: 3 }),
            "{err:?}"
        );
    }

    #[test]
    fn resolve_handles_missing_paths_and_dot_dot() {
        let dir = tempfile::tempdir().unwrap();
        let base = std::fs::canonicalize(dir.path()).unwrap();
        assert_eq!(resolve(&dir.path().join("a/../b/./c")), base.join("b/c"));
        assert_eq!(
            resolve(&dir.path().join("a/b/../../..")),
            base.parent().unwrap()
        );
    }
}
