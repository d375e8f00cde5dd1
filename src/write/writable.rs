//! Whether the folders a commit will change can be changed, told without
//! changing anything: a commit that stopped at a read-only folder would
//! have to undo its moves, and undoing can fail on that very folder.
//!
//! Two causes are found: a read-only file system (a read-only mount,
//! found in `/proc/self/mountinfo` on Linux), and a folder the user owns
//! without write permission. Other causes (a folder of another user, an
//! ACL) are left to the commit, which undoes its moves.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::i18n::Text;
use crate::t;

/// The first folder among `folders` (or the nearest existing folder above
/// one) that cannot be changed, with why. `me` is a file this process
/// created, whose owner is this process's user.
pub fn first_unwritable(folders: &BTreeSet<PathBuf>, me: &Path) -> Option<(PathBuf, Text)> {
    let mounts = read_only_mounts();
    let owner = owner_of(me);
    let mut seen = BTreeSet::new();
    for folder in folders {
        let Some(existing) = folder.ancestors().find(|a| a.is_dir()) else {
            continue;
        };
        if !seen.insert(existing.to_path_buf()) {
            continue;
        }
        let real = std::fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
        if let Some(mount) = mounts
            .iter()
            .filter(|m| real.starts_with(&m.point))
            .max_by_key(|m| m.point.as_os_str().len())
            && mount.read_only
        {
            return Some((
                existing.to_path_buf(),
                t!(
                    "它所在的文件系统是只读的，挂载于 {}",
                    "it is on a read-only file system (mounted at {})",
                    mount.point.display()
                ),
            ));
        }
        if owner_cannot_write(existing, owner) {
            return Some((
                existing.to_path_buf(),
                t!(
                    "它属于你，但你没有写入它的权限（chmod u+w）",
                    "you own it but have no write permission to it (chmod u+w)"
                ),
            ));
        }
    }
    None
}

/// A mount point and whether it is read-only.
struct Mount {
    point: PathBuf,
    read_only: bool,
}

/// Every mount point with its read-only flag (the mount's own options or
/// the file system's). Empty where there is no `/proc/self/mountinfo`.
fn read_only_mounts() -> Vec<Mount> {
    let text = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    text.lines().filter_map(parse_mount).collect()
}

/// One line of mountinfo: `id parent dev root point options [tags] - type source super`.
fn parse_mount(line: &str) -> Option<Mount> {
    let (own, file_system) = line.split_once(" - ")?;
    let fields: Vec<&str> = own.split(' ').collect();
    let point = unescape(fields.get(4)?);
    let options = fields.get(5)?;
    let super_options = file_system.split(' ').nth(2).unwrap_or_default();
    let read_only = [*options, super_options]
        .iter()
        .any(|o| o.split(',').any(|flag| flag == "ro"));
    Some(Mount {
        point: PathBuf::from(point),
        read_only,
    })
}

/// mountinfo writes a space, tab, newline and backslash as `\040` etc.
fn unescape(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\'
            && let Some(code) = field
                .get(i + 1..i + 4)
                .and_then(|octal| u8::from_str_radix(octal, 8).ok())
        {
            out.push(code);
            i += 4;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(unix)]
fn owner_of(path: &Path) -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| m.uid())
}

#[cfg(not(unix))]
fn owner_of(_: &Path) -> Option<u32> {
    None
}

/// The owner's permission bits are the ones that apply to the owner, so
/// an owned folder without `u+w` cannot be changed (except by root).
#[cfg(unix)]
fn owner_cannot_write(folder: &Path, me: Option<u32>) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Some(me) = me.filter(|&uid| uid != 0) else {
        return false;
    };
    std::fs::metadata(folder).is_ok_and(|m| m.uid() == me && m.mode() & 0o300 != 0o300)
}

#[cfg(not(unix))]
fn owner_cannot_write(_: &Path, _: Option<u32>) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mountinfo_lines_give_mount_points_and_read_only_flags() {
        let rw = parse_mount(
            "36 35 98:0 / /mnt/my\\040disk rw,noatime master:1 - ext3 /dev/root rw,errors=continue",
        )
        .unwrap();
        assert_eq!(rw.point, PathBuf::from("/mnt/my disk"));
        assert!(!rw.read_only);
        let ro = parse_mount("40 22 0:5 /srv /srv/www ro,relatime - ext4 /dev/sda1 rw").unwrap();
        assert!(ro.read_only);
        let ro_fs = parse_mount("41 22 0:6 / /media/cd rw - iso9660 /dev/sr0 ro").unwrap();
        assert!(ro_fs.read_only);
        assert!(parse_mount("garbage").is_none());
    }
}
