//! What the files of an output folder hold, remembered between builds, so
//! that a build over its previous output can tell an unchanged file
//! without reading it back.
//!
//! At 100,000 pages a build over its previous output renders 2.5 GB that
//! is almost all already on disk; reading it all back to compare took a
//! tenth of such a build. Each file tifa writes or finds unchanged is
//! remembered with its length, modification time, inode number and a
//! 128-bit hash of its bytes ([`SUMS`], beside the manifest). The next
//! build trusts an entry only while the file on disk still has that
//! length, time and inode; anything else is read and compared as before.
//!
//! A file changed in the same clock tick as the sums file was written
//! would keep its time: such entries ("racy", as git calls them) are never
//! trusted, whatever they say. The file is a cache: losing it, or a
//! damaged line, costs only the reading it would have saved.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use rustc_hash::FxHashMap;

/// The sums file in the output folder.
pub const SUMS: &str = ".tifa-output-sums";
const HEADER: &str = "tifa output sums 1 xxh3-128";

/// The hash of a file's bytes.
pub fn hash(bytes: &[u8]) -> u128 {
    twox_hash::XxHash3_128::oneshot(bytes)
}

/// What the file system says about a file, compared before its sum is
/// trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    /// Nanoseconds since 1970.
    modified: u128,
    inode: u64,
}

impl Stamp {
    /// The stamp of a plain file at `path` (a link or folder has none).
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        Some(Stamp {
            len: meta.len(),
            modified: nanos(meta.modified().ok()?)?,
            inode: inode(&meta),
        })
    }
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> u64 {
    0
}

fn nanos(time: SystemTime) -> Option<u128> {
    time.duration_since(UNIX_EPOCH).ok().map(|d| d.as_nanos())
}

/// One file's entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sum {
    pub stamp: Stamp,
    pub hash: u128,
}

/// The sums of an output folder, as read from [`SUMS`].
#[derive(Debug, Default)]
pub struct Sums {
    entries: FxHashMap<String, Sum>,
}

impl Sums {
    /// The sums file of `dir`, without its racy entries; empty if there is
    /// none or it is of another version.
    pub fn read(dir: &Path) -> Sums {
        let path = dir.join(SUMS);
        let written = std::fs::metadata(&path)
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(nanos);
        let (Some(written), Ok(text)) = (written, std::fs::read_to_string(&path)) else {
            return Sums::default();
        };
        Sums::parse(&text, written)
    }

    fn parse(text: &str, written: u128) -> Sums {
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Sums::default();
        }
        let entries = lines
            .filter_map(parse_line)
            .filter(|(_, sum)| sum.stamp.modified < written)
            .collect();
        Sums { entries }
    }

    /// Whether the file at `target` (the output `rel`) still holds the
    /// bytes hashing to `hash`, as far as its entry and stamp tell: true
    /// only when the entry matches the hash and the stamp on disk.
    pub fn confirms(&self, rel: &str, target: &Path, hash: u128) -> Option<Sum> {
        let sum = self.entries.get(rel)?;
        (sum.hash == hash && Stamp::of(target) == Some(sum.stamp)).then_some(*sum)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn parse_line(line: &str) -> Option<(String, Sum)> {
    let mut fields = line.splitn(5, ' ');
    let hash = u128::from_str_radix(fields.next()?, 16).ok()?;
    let len = fields.next()?.parse().ok()?;
    let modified = fields.next()?.parse().ok()?;
    let inode = fields.next()?.parse().ok()?;
    let path = fields.next()?;
    super::folder::is_safe_relative(path).then(|| {
        let stamp = Stamp {
            len,
            modified,
            inode,
        };
        (path.to_string(), Sum { stamp, hash })
    })
}

/// The text of a sums file listing `entries` (sorted by path, so the
/// file is the same for the same output).
pub fn text(entries: &mut [(String, Sum)]) -> String {
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::with_capacity(entries.len() * 96 + HEADER.len() + 1);
    out.push_str(HEADER);
    out.push('\n');
    for (path, Sum { stamp, hash }) in entries.iter() {
        use std::fmt::Write as _;
        let _ = writeln!(
            out,
            "{hash:032x} {} {} {} {path}",
            stamp.len, stamp.modified, stamp.inode
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum_of(path: &Path, bytes: &[u8]) -> Sum {
        Sum {
            stamp: Stamp::of(path).unwrap(),
            hash: hash(bytes),
        }
    }

    #[test]
    fn a_written_sums_file_reads_back_and_confirms_only_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("a.html");
        std::fs::write(&page, "甲").unwrap();
        let mut entries = vec![("a.html".to_string(), sum_of(&page, "甲".as_bytes()))];
        let text = text(&mut entries);
        // Written well after the file: the entry is not racy.
        let sums = Sums::parse(&text, entries[0].1.stamp.modified + 1_000_000_000);
        assert_eq!(sums.len(), 1);
        assert!(
            sums.confirms("a.html", &page, hash("甲".as_bytes()))
                .is_some()
        );
        assert!(
            sums.confirms("a.html", &page, hash("乙".as_bytes()))
                .is_none()
        );
        assert!(
            sums.confirms("b.html", &page, hash("甲".as_bytes()))
                .is_none()
        );
    }

    #[test]
    fn a_file_changed_since_is_not_confirmed() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("a.html");
        std::fs::write(&page, "甲").unwrap();
        let mut entries = vec![("a.html".to_string(), sum_of(&page, "甲".as_bytes()))];
        let sums = Sums::parse(&text(&mut entries), u128::MAX);
        // Replaced by another file (an editor's save): another inode.
        std::fs::write(dir.path().join("new"), "乙").unwrap();
        std::fs::rename(dir.path().join("new"), &page).unwrap();
        assert!(
            sums.confirms("a.html", &page, hash("甲".as_bytes()))
                .is_none()
        );
    }

    #[test]
    fn racy_entries_damaged_lines_and_other_versions_are_dropped() {
        let good = "0000000000000000000000000000abcd 3 1000 7 a.html";
        let racy = "0000000000000000000000000000abcd 3 5000 7 b.html";
        let text = format!("{HEADER}\n{good}\n{racy}\nnot a line\nff 1 2 3 ../x\n");
        let sums = Sums::parse(&text, 5000);
        assert_eq!(sums.entries.keys().collect::<Vec<_>>(), ["a.html"]);
        let other = text.replace(HEADER, "tifa output sums 0");
        assert!(Sums::parse(&other, 5000).is_empty());
    }
}
