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

/// The 128-bit hash of a file's bytes, as two halves (so an entry needs
/// no 16-byte alignment).
pub type Digest = [u64; 2];

pub fn hash(bytes: &[u8]) -> Digest {
    let h = crate::hash::wide_hash(bytes);
    [(h >> 64) as u64, h as u64]
}

fn digest_text(d: Digest) -> String {
    format!("{:016x}{:016x}", d[0], d[1])
}

fn parse_digest(text: &str) -> Option<Digest> {
    let h = u128::from_str_radix(text, 16).ok()?;
    Some([(h >> 64) as u64, h as u64])
}

/// What the file system says about a file, compared before its sum is
/// trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    /// Nanoseconds since 1970 (enough until the year 2554).
    modified: u64,
    inode: u64,
}

impl Stamp {
    /// The stamp of a plain file at `path` (a link or folder has none).
    pub fn of(path: &Path) -> Option<Stamp> {
        Stamp::of_meta(&std::fs::symlink_metadata(path).ok()?)
    }

    /// The stamp of a file just written through `file` (no second look-up
    /// of its path).
    pub fn of_open(file: &std::fs::File) -> Option<Stamp> {
        Stamp::of_meta(&file.metadata().ok()?)
    }

    fn of_meta(meta: &std::fs::Metadata) -> Option<Stamp> {
        if !meta.is_file() {
            return None;
        }
        Some(Stamp {
            len: meta.len(),
            modified: nanos(meta.modified().ok()?)?,
            inode: inode(meta),
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

fn nanos(time: SystemTime) -> Option<u64> {
    let nanos = time.duration_since(UNIX_EPOCH).ok()?.as_nanos();
    u64::try_from(nanos).ok()
}

/// One file's entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sum {
    pub stamp: Stamp,
    pub hash: Digest,
}

impl Sum {
    /// Whether the file at `target` still holds the bytes hashing to
    /// `hash`: the entry has that hash and the file on disk its stamp.
    pub fn confirms(&self, target: &Path, hash: Digest) -> bool {
        self.hash == hash && Stamp::of(target) == Some(self.stamp)
    }
}

/// The sums of an output folder's files, by a hash of each file's path
/// (100,000 paths kept as strings would cost tens of MB at the build's
/// peak). Two paths of equal hash cannot mislead: an entry is trusted only
/// for the file whose inode it names.
#[derive(Debug, Default)]
pub struct Sums {
    entries: FxHashMap<u64, Sum>,
}

fn key(rel: &str) -> u64 {
    crate::hash::hash_of(rel)
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

    fn parse(text: &str, written: u64) -> Sums {
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Sums::default();
        }
        let entries = lines
            .filter_map(parse_line)
            .filter(|(_, sum)| sum.stamp.modified < written)
            .map(|(path, sum)| (key(path), sum))
            .collect();
        Sums { entries }
    }

    /// Whether the file at `target` (the output `rel`) still holds the
    /// bytes hashing to `hash`, as far as its entry and stamp tell: true
    /// only when the entry matches the hash and the stamp on disk.
    pub fn confirms(&self, rel: &str, target: &Path, hash: Digest) -> Option<Sum> {
        self.get(rel).filter(|sum| sum.confirms(target, hash))
    }

    /// `rel`'s entry.
    pub fn get(&self, rel: &str) -> Option<Sum> {
        self.entries.get(&key(rel)).copied()
    }

    /// Remembers `rel`'s entry.
    pub fn insert(&mut self, rel: &str, sum: Sum) {
        self.entries.insert(key(rel), sum);
    }

    /// Forgets `rel`'s entry.
    pub fn remove(&mut self, rel: &str) {
        self.entries.remove(&key(rel));
    }

    /// The text of a sums file for `paths` (those with an entry), in the
    /// order given.
    pub fn text<'a>(&self, paths: impl Iterator<Item = &'a str>) -> String {
        let mut out = String::from(HEADER);
        out.push('\n');
        for path in paths {
            if let Some(Sum { stamp, hash }) = self.entries.get(&key(path)) {
                use std::fmt::Write as _;
                let _ = writeln!(
                    out,
                    "{} {} {} {} {path}",
                    digest_text(*hash),
                    stamp.len,
                    stamp.modified,
                    stamp.inode
                );
            }
        }
        out
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn parse_line(line: &str) -> Option<(&str, Sum)> {
    let mut fields = line.splitn(5, ' ');
    let hash = parse_digest(fields.next()?)?;
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
        (path, Sum { stamp, hash })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sums file listing `page` with `bytes`, as read back by a build
    /// that finds it `age_ns` newer than the page.
    fn sums_listing(page: &Path, bytes: &[u8], age_ns: u64) -> Sums {
        let sum = Sum {
            stamp: Stamp::of(page).unwrap(),
            hash: hash(bytes),
        };
        let mut written = Sums::default();
        written.insert("a.html", sum);
        Sums::parse(
            &written.text(["a.html"].into_iter()),
            sum.stamp.modified + age_ns,
        )
    }

    #[test]
    fn a_written_sums_file_reads_back_and_confirms_only_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("a.html");
        std::fs::write(&page, "甲").unwrap();
        // Written a second after the file: the entry is not racy.
        let sums = sums_listing(&page, "甲".as_bytes(), 1_000_000_000);
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
        let sums = sums_listing(&page, "甲".as_bytes(), 1_000_000_000);
        // Replaced by another file (an editor's save): another inode.
        std::fs::write(dir.path().join("new"), "甲").unwrap();
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
        assert_eq!(sums.len(), 1);
        assert!(sums.entries.contains_key(&key("a.html")));
        let other = text.replace(HEADER, "tifa output sums 0");
        assert!(Sums::parse(&other, 5000).is_empty());
    }
}
