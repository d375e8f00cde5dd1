//! Write stage: rendered outputs onto disk, touching only what changed.
//!
//! One writer, two strategies, sharing what keeps the machine safe
//! ([`folder`]: no path leaves the output folder or passes through a
//! symbolic link; the manifest of what tifa wrote) and the check that no
//! two outputs claim one path ([`Claims`]):
//!
//! - [`StagedWriter`] (`tifa build`): nothing is written until every page
//!   has rendered; changed files are staged, then swapped into place in a
//!   journaled commit that is undone if it cannot finish.
//! - [`InPlaceWriter`] (`tifa serve`): a small batch of changed pages,
//!   held in memory until the rebuild succeeded, then written in place,
//!   in serve's private folder.
//!
//! Each file is compared with what is on disk and written only if its
//! bytes differ; files of the previous run that are no longer produced are
//! removed. tifa removes only files its own manifest ([`MARKER`]) lists,
//! so nothing else in the folder is ever deleted.

pub mod folder;
mod in_place;
mod staged;
pub mod sums;
mod writable;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::fs::resolve;
use std::sync::Mutex;

pub use folder::Manifest;
pub use in_place::{Batch, DirectWrites, InPlaceWriter, Through};
pub use staged::StagedWriter;

/// The marker file that makes a folder a tifa output, listing what it wrote.
pub const MARKER: &str = ".tifa-output";

/// What a write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// The output paths of one batch, so two outputs never claim one path
/// (the second would silently replace the first).
#[derive(Debug, Default)]
pub struct Claims(Mutex<BTreeSet<String>>);

impl Claims {
    /// Claims `path`; false if it was claimed already.
    pub fn claim(&self, path: &str) -> anyhow::Result<bool> {
        let mut claimed = self.0.lock().unwrap_or_else(|e| e.into_inner());
        Ok(claimed.insert(path.to_string()))
    }

    pub fn take(&self) -> BTreeSet<String> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// Why a folder may not be used as output.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.text())]
pub enum UnsafeOutput {
    ContainsRoot(PathBuf),
    InsideSources(PathBuf),
    Home(PathBuf),
    Foreign(PathBuf),
    NotAFolder(PathBuf),
}

impl UnsafeOutput {
    /// What is wrong, in both languages.
    pub fn text(&self) -> crate::i18n::Text {
        use crate::t;
        match self {
            UnsafeOutput::ContainsRoot(dir) => {
                let dir = dir.display();
                t!(
                    "输出文件夹 {dir} 就是知识库本身，或包含着知识库",
                    "output folder {dir} is the knowledge base itself or contains it"
                )
            }
            UnsafeOutput::InsideSources(dir) => {
                let dir = dir.display();
                t!(
                    "输出文件夹 {dir} 在 content/、templates/、static/ 或 themes/ 之中",
                    "output folder {dir} is inside content/, templates/, static/ or themes/"
                )
            }
            UnsafeOutput::Home(dir) => {
                let dir = dir.display();
                t!(
                    "输出文件夹 {dir} 是用户主目录或文件系统的根目录",
                    "output folder {dir} is a home directory or the file-system root"
                )
            }
            UnsafeOutput::Foreign(dir) => {
                let dir = dir.display();
                t!(
                    "输出文件夹 {dir} 不是空的，也不是 tifa 建的（其中没有 {MARKER} 文件）",
                    "output folder {dir} is not empty and was not made by tifa (no {MARKER} file)"
                )
            }
            UnsafeOutput::NotAFolder(file) => {
                let file = file.display();
                t!(
                    "无法建立输出文件夹：{file} 是一个文件，不是文件夹",
                    "the output folder cannot be made: {file} is a file, not a folder"
                )
            }
        }
    }
}

/// The folders of a knowledge base that tifa reads and never writes.
pub const SOURCE_FOLDERS: [&str; 4] = ["content", "templates", "static", "themes"];

/// Refuses output folders whose files tifa could clobber: the root, source
/// folders, a home directory, or a non-empty folder without tifa's marker
/// (the last one unless `force`). Paths are compared resolved (`..` and
/// links followed), so `public/../content/out` is inside `content/`.
pub fn check_output_dir(root: &Path, output: &Path, force: bool) -> Result<(), UnsafeOutput> {
    if let Some(file) = output
        .ancestors()
        .find(|a| a.exists())
        .filter(|a| !a.is_dir())
    {
        return Err(UnsafeOutput::NotAFolder(file.to_path_buf()));
    }
    let root = resolve(root);
    let out = resolve(output);
    if root.starts_with(&out) {
        return Err(UnsafeOutput::ContainsRoot(output.to_path_buf()));
    }
    if SOURCE_FOLDERS
        .iter()
        .any(|source| out.starts_with(resolve(&root.join(source))))
    {
        return Err(UnsafeOutput::InsideSources(output.to_path_buf()));
    }
    let home = std::env::var_os("HOME").map(|h| resolve(Path::new(&h)));
    if out.parent().is_none() || home.is_some_and(|h| h == out) {
        return Err(UnsafeOutput::Home(output.to_path_buf()));
    }
    if is_foreign(&out) && !force {
        return Err(UnsafeOutput::Foreign(output.to_path_buf()));
    }
    Ok(())
}

/// A folder with something in it and no marker. A file system's
/// `lost+found` does not count: an empty mount point has one.
fn is_foreign(dir: &Path) -> bool {
    dir.is_dir()
        && !dir.join(MARKER).is_file()
        && std::fs::read_dir(dir).is_ok_and(|entries| {
            entries
                .filter_map(Result::ok)
                .any(|e| e.file_name() != "lost+found")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_dir_safety() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        std::fs::create_dir_all(r.join("content")).unwrap();
        assert!(matches!(
            check_output_dir(r, r, true),
            Err(UnsafeOutput::ContainsRoot(_))
        ));
        assert!(matches!(
            check_output_dir(r, &r.join("content/out"), true),
            Err(UnsafeOutput::InsideSources(_))
        ));
        assert!(matches!(
            check_output_dir(r, Path::new("/"), true),
            Err(UnsafeOutput::ContainsRoot(_))
        ));
        std::fs::create_dir_all(r.join("other")).unwrap();
        std::fs::write(r.join("other/x.txt"), "x").unwrap();
        assert!(matches!(
            check_output_dir(r, &r.join("other"), false),
            Err(UnsafeOutput::Foreign(_))
        ));
        assert!(check_output_dir(r, &r.join("other"), true).is_ok());
        assert!(check_output_dir(r, &r.join("public"), false).is_ok());
        std::fs::create_dir_all(r.join("public")).unwrap();
        std::fs::write(r.join("public").join(MARKER), "").unwrap();
        std::fs::write(r.join("public/x.html"), "x").unwrap();
        assert!(check_output_dir(r, &r.join("public"), false).is_ok());
    }

    /// `..` was compared as written, so `public/../content/out` was not
    /// "inside content/" and the build wrote into the author's files.
    #[test]
    fn output_dir_with_dot_dot_into_sources_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        for source in SOURCE_FOLDERS {
            std::fs::create_dir_all(r.join(source)).unwrap();
            for output in [
                format!("public/../{source}/out"),
                format!("public/../{source}"),
                format!("a/b/../../{source}/x/../y"),
            ] {
                assert!(
                    matches!(
                        check_output_dir(r, &r.join(&output), true),
                        Err(UnsafeOutput::InsideSources(_))
                    ),
                    "{output}"
                );
            }
        }
        assert!(matches!(
            check_output_dir(r, &r.join("public/.."), true),
            Err(UnsafeOutput::ContainsRoot(_))
        ));
        assert!(check_output_dir(r, &r.join("content/../public"), false).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_source_folder_that_is_a_link_is_compared_where_it_leads() {
        let root = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), root.path().join("static")).unwrap();
        assert!(matches!(
            check_output_dir(root.path(), &elsewhere.path().join("out"), true),
            Err(UnsafeOutput::InsideSources(_))
        ));
    }
}
