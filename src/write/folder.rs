//! The output folder as tifa touches it: every path it writes, moves or
//! removes goes through [`Folder`], which refuses a path that climbs out
//! (`..`, absolute, `\`) or that passes through a symbolic link, and moves
//! files across file systems when a rename cannot.
//!
//! Why links matter: the output folder is tifa's, but what is in it may
//! not be. A link planted where a folder of pages was (`excerpts` →
//! `/home/x`) would otherwise make stale-file removal delete, and writing
//! overwrite, files far outside the output.

use std::collections::BTreeMap;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Result, bail};
use rustc_hash::FxHashSet;

use crate::fs::{IoContext, io_failure};
use crate::i18n::Text;
use crate::t;

use super::MARKER;

/// An output folder, resolved once (its own path may be a link the user
/// chose; nothing below it may be).
#[derive(Debug)]
pub struct Folder {
    dir: PathBuf,
    /// Folders below `dir` already found to be real folders, by a 128-bit
    /// hash of their path ([`folder_key`]): a large site has a folder for
    /// each of its 100,000 pages, and their paths held as such took 15 MB
    /// through the build.
    checked: Mutex<FxHashSet<u128>>,
}

/// The key of a folder in [`Folder::checked`]. Two folders of one build
/// sharing a key (and the second not being checked) is as likely as two
/// random 128-bit numbers being equal.
pub(super) fn folder_key(folder: &Path) -> u128 {
    crate::hash::wide_hash(folder.as_os_str().as_encoded_bytes())
}

impl Folder {
    /// `dir` must exist.
    pub fn new(dir: &Path) -> Result<Folder> {
        let dir = std::fs::canonicalize(dir).io_context(|| {
            let dir = dir.display();
            t!(
                "无法打开输出文件夹 {dir}",
                "cannot open the output folder {dir}"
            )
        })?;
        Ok(Folder {
            dir,
            checked: Mutex::default(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The file `rel` names in the folder, once `rel` is known to stay
    /// inside and every existing folder on the way to be a real folder.
    pub fn target(&self, rel: &str) -> Result<PathBuf> {
        if !is_safe_relative(rel) {
            bail!(t!(
                "拒绝写入会离开输出文件夹的路径：{rel}",
                "refusing a path that leaves the output folder: {rel}"
            ));
        }
        let path = self.dir.join(rel);
        self.check_parents(&path)?;
        Ok(path)
    }

    fn check_parents(&self, path: &Path) -> Result<()> {
        let mut unchecked = Vec::new();
        {
            let checked = self.checked.lock().unwrap_or_else(|e| e.into_inner());
            let mut current = path.parent();
            while let Some(folder) = current {
                if folder == self.dir || checked.contains(&folder_key(folder)) {
                    break;
                }
                unchecked.push(folder.to_path_buf());
                current = folder.parent();
            }
        }
        // From the top down: below a folder that does not exist, nothing does.
        for folder in unchecked.into_iter().rev() {
            match std::fs::symlink_metadata(&folder) {
                Ok(meta) if meta.file_type().is_symlink() => bail!(t!(
                    "{} 是一个符号链接：tifa 从不经由输出文件夹中的链接写入或删除文件；请删除这个链接",
                    "{} is a symbolic link: tifa never writes or deletes through a link in its output folder; remove the link",
                    folder.display()
                )),
                Ok(meta) if meta.is_dir() => {
                    self.checked
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(folder_key(&folder));
                }
                Ok(_) => bail!(t!(
                    "{} 是一个文件，而构建需要在那里建一个文件夹来放 {}：请把它移出输出文件夹（tifa 只删除它自己生成的文件）",
                    "{} is a file where the build needs a folder for {}: \
                     move it out of the output folder (tifa removes only what it made)",
                    folder.display(),
                    path.display()
                )),
                Err(e) if e.kind() == io::ErrorKind::NotFound => break,
                Err(e) => {
                    let folder = folder.display();
                    return Err(io_failure(
                        e,
                        t!("无法读取 {folder}", "cannot read {folder}"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Whether the file at `rel` holds exactly `bytes` (a link never does).
    pub fn holds(&self, path: &Path, bytes: &[u8]) -> bool {
        std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
            && std::fs::read(path).is_ok_and(|old| old == bytes)
    }

    /// Removes the folders that `file`'s removal left empty, up to the
    /// output folder itself.
    pub fn remove_empty_parents(&self, file: &Path) {
        let mut current = file.parent();
        while let Some(folder) = current {
            if folder == self.dir || !folder.starts_with(&self.dir) {
                break;
            }
            if std::fs::remove_dir(folder).is_err() {
                break;
            }
            self.checked
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&folder_key(folder));
            current = folder.parent();
        }
    }
}

/// Relative, `/`-separated, and never climbing out (`..`, absolute, `\`).
pub fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains(':')
        && !path.contains('\0')
        && path
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..")
}

/// Moves a file; across file systems (a rename fails with "cross-device
/// link" there) it copies the file beside the target and renames the copy
/// into place, so the target still changes in one step.
pub fn move_file(from: &Path, to: &Path) -> Result<()> {
    match std::fs::rename(from, to) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::CrossesDevices => {
            let copy = sibling(to, "tifa-move");
            std::fs::copy(from, &copy)
                .and_then(|_| std::fs::rename(&copy, to))
                .inspect_err(|_| {
                    let _ = std::fs::remove_file(&copy);
                })
                .io_context(|| cannot_move(from, to))?;
            crate::fs::remove_file(from)
        }
        Err(e) => Err(io_failure(e, cannot_move(from, to))),
    }
}

fn cannot_move(from: &Path, to: &Path) -> Text {
    let (from, to) = (from.display(), to.display());
    t!("无法把 {from} 移到 {to}", "cannot move {from} to {to}")
}

fn cannot_write(path: &Path) -> Text {
    let path = path.display();
    t!("无法写入 {path}", "cannot write {path}")
}

/// A hidden file beside `path` for a write that must land in one step.
pub fn sibling(path: &Path, purpose: &str) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{purpose}"))
}

/// Writes a file so that a reader sees the old bytes or the new, never a
/// part: into a new file beside it, renamed over it. A link in its place
/// is replaced, not followed.
pub fn replace_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let temporary = sibling(path, "tifa-new");
    let written = std::fs::File::create(&temporary).and_then(|mut file| file.write_all(bytes));
    if let Err(e) = written.and_then(|()| std::fs::rename(&temporary, path)) {
        let _ = std::fs::remove_file(&temporary);
        return Err(io_failure(e, cannot_write(path)));
    }
    Ok(())
}

/// Creates a file that does not exist yet; where something appeared at
/// its path meanwhile (a file, a link), replaces it instead.
pub fn create_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        crate::fs::create_dir_all(parent)?;
    }
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    match created {
        Ok(mut file) => file.write_all(bytes).io_context(|| cannot_write(path)),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => replace_file(path, bytes),
        Err(e) => Err(io_failure(e, cannot_write(path))),
    }
}

/// What tifa wrote into a folder: each path with a hash of its bytes
/// (0: written by an earlier run, not hashed yet). On disk it is the
/// [`MARKER`] file, one path a line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest(pub BTreeMap<String, u64>);

impl Manifest {
    /// The manifest of `dir` (empty if there is none). Entries that could
    /// not have been written by tifa (climbing out, absolute) are dropped:
    /// they are never removed.
    pub fn read(dir: &Path) -> Manifest {
        let text = std::fs::read_to_string(dir.join(MARKER)).unwrap_or_default();
        Manifest(
            text.lines()
                .filter(|line| is_safe_relative(line))
                .map(|line| (line.to_string(), 0))
                .collect(),
        )
    }

    /// The text of the marker file.
    pub fn text(&self) -> String {
        self.0.keys().map(|p| format!("{p}\n")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_climb_out_are_not_safe() {
        for bad in [
            "../x",
            "/etc/x",
            "a/../../x",
            "a\\b",
            "C:x",
            "",
            "a//b",
            "./a",
        ] {
            assert!(!is_safe_relative(bad), "{bad}");
        }
        assert!(is_safe_relative("a/b/index.html"));
        assert!(is_safe_relative("a..b/c"));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_on_the_way_is_refused() {
        let out = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), out.path().join("a")).unwrap();
        let folder = Folder::new(out.path()).unwrap();
        let err = folder.target("a/b/index.html").unwrap_err();
        let message = crate::i18n::error_chain(&err);
        let (en, zh) = (message.en, message.zh);
        assert!(en.contains("symbolic link"), "{en}");
        assert!(zh.contains("符号链接"), "{zh}");
        assert!(folder.target("b/index.html").is_ok());
    }

    /// A folder checked once is not looked at again; one removed (its
    /// last file gone) is forgotten, so a link planted in its place is
    /// found.
    #[cfg(unix)]
    #[test]
    fn checked_folders_are_remembered_until_removed() {
        let out = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let folder = Folder::new(out.path()).unwrap();
        std::fs::create_dir_all(out.path().join("a/b")).unwrap();
        let page = folder.target("a/b/index.html").unwrap();
        std::fs::write(&page, "x").unwrap();
        let key = |rel: &str| folder_key(&folder.path().join(rel));
        let checked = |rel: &str| folder.checked.lock().unwrap().contains(&key(rel));
        assert!(checked("a") && checked("a/b"));
        assert!(!checked("a/c") && !checked("b"));
        std::fs::remove_file(&page).unwrap();
        folder.remove_empty_parents(&page);
        assert!(!out.path().join("a").exists());
        assert!(!checked("a") && !checked("a/b"));
        std::os::unix::fs::symlink(elsewhere.path(), out.path().join("a")).unwrap();
        assert!(folder.target("a/b/index.html").is_err());
    }

    #[test]
    fn manifest_drops_entries_that_leave_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(MARKER),
            "a.html\n../../etc/passwd\n/abs\nb/c.html\n",
        )
        .unwrap();
        let manifest = Manifest::read(dir.path());
        let paths: Vec<&str> = manifest.0.keys().map(String::as_str).collect();
        assert_eq!(paths, ["a.html", "b/c.html"]);
    }
}
