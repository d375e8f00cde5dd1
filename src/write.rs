//! Write stage: rendered outputs onto disk, touching only what changed.
//!
//! Nothing is written until every page has rendered (see `crate::build`).
//! Then each file is compared with what is on disk and written only if its
//! bytes differ, and files of the previous build that are no longer produced
//! are removed. Deleting and recreating a 10,000-file tree costs seconds on
//! slow disks; this costs a read per file. tifa removes only files its own
//! manifest (`.tifa-output`) says it wrote, so nothing else in the folder is
//! ever deleted.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::render::Output;

/// The marker file that makes a folder a tifa output, listing what it wrote.
pub const MARKER: &str = ".tifa-output";

/// What a write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Why a folder may not be used as output.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnsafeOutput {
    #[error("output folder {0} is the knowledge base itself or contains it")]
    ContainsRoot(PathBuf),
    #[error("output folder {0} is inside content/, templates/, static/ or themes/")]
    InsideSources(PathBuf),
    #[error("output folder {0} is a home directory or the file-system root")]
    Home(PathBuf),
    #[error("output folder {0} is not empty and was not made by tifa (no {MARKER} file)")]
    Foreign(PathBuf),
}

/// Refuses output folders whose files tifa could clobber: the root, source
/// folders, a home directory, or a non-empty folder without tifa's marker
/// (the last one unless `force`).
pub fn check_output_dir(root: &Path, output: &Path, force: bool) -> Result<(), UnsafeOutput> {
    let root = canonical_or_absolute(root);
    let out = canonical_or_absolute(output);
    if root.starts_with(&out) {
        return Err(UnsafeOutput::ContainsRoot(output.to_path_buf()));
    }
    for source in ["content", "templates", "static", "themes"] {
        if out.starts_with(root.join(source)) {
            return Err(UnsafeOutput::InsideSources(output.to_path_buf()));
        }
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .map(|h| canonical_or_absolute(&h));
    if out.parent().is_none() || home.is_some_and(|h| h == out) {
        return Err(UnsafeOutput::Home(output.to_path_buf()));
    }
    let is_foreign = out.is_dir()
        && !out.join(MARKER).is_file()
        && std::fs::read_dir(&out)
            .map(|mut entries| entries.next().is_some())
            .unwrap_or(false);
    if is_foreign && !force {
        return Err(UnsafeOutput::Foreign(output.to_path_buf()));
    }
    Ok(())
}

fn canonical_or_absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| crate::fs::absolute(path))
}

/// Writes `outputs` into `dir`, skipping identical files and removing the
/// previous build's files that are gone.
pub fn write(outputs: &[Output], dir: &Path) -> Result<WriteStats> {
    let writer = StagedWriter::open(dir)?;
    for output in outputs {
        crate::render::Sink::put(&writer, output.clone())?;
    }
    writer.commit()
}

/// Writes a build through a staging folder beside the output: each output
/// is compared with the file in place as soon as it is rendered; only
/// changed ones are written, into staging. [`StagedWriter::commit`] moves
/// them into place (a rename each) and removes stale files; dropping the
/// writer without committing removes the staging folder, so a failed build
/// leaves the output exactly as it was, and memory never holds the site.
pub struct StagedWriter {
    dir: PathBuf,
    staging: PathBuf,
    written: std::sync::Mutex<BTreeSet<String>>,
    staged: std::sync::Mutex<Vec<String>>,
    unchanged: std::sync::atomic::AtomicUsize,
    committed: bool,
}

/// Marks a staging folder as tifa's, so a leftover one may be removed.
const STAGING_MARKER: &str = ".tifa-staging";

impl StagedWriter {
    pub fn open(dir: &Path) -> Result<StagedWriter> {
        let name = dir
            .file_name()
            .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
        let staging = dir.with_file_name(format!(".{name}.tifa-staging"));
        if staging.exists() {
            if !staging.join(STAGING_MARKER).is_file() {
                bail!(
                    "{} exists and was not made by tifa; move it away",
                    staging.display()
                );
            }
            std::fs::remove_dir_all(&staging)
                .with_context(|| format!("cannot remove {}", staging.display()))?;
        }
        crate::fs::write(&staging.join(STAGING_MARKER), b"")?;
        Ok(StagedWriter {
            dir: dir.to_path_buf(),
            staging,
            written: Default::default(),
            staged: Default::default(),
            unchanged: Default::default(),
            committed: false,
        })
    }

    /// Moves the staged files into place and removes the previous build's
    /// files that this one did not produce.
    pub fn commit(mut self) -> Result<WriteStats> {
        let staged = std::mem::take(
            &mut *self
                .staged
                .lock()
                .map_err(|_| anyhow::anyhow!("poisoned"))?,
        );
        if !self.dir.exists() {
            // A first build: the staging folder becomes the output in one rename.
            crate::fs::remove_file(&self.staging.join(STAGING_MARKER))?;
            std::fs::rename(&self.staging, &self.dir)
                .with_context(|| format!("cannot move the build into {}", self.dir.display()))?;
        }
        crate::fs::create_dir_all(&self.dir)?;
        let staged_in_place = !self.staging.exists();
        for rel in staged.iter().filter(|_| !staged_in_place) {
            let target = self.dir.join(rel);
            if let Some(parent) = target.parent() {
                crate::fs::create_dir_all(parent)?;
            }
            std::fs::rename(self.staging.join(rel), &target)
                .with_context(|| format!("cannot move {} into place", target.display()))?;
        }
        let written = std::mem::take(
            &mut *self
                .written
                .lock()
                .map_err(|_| anyhow::anyhow!("poisoned"))?,
        );
        let mut stats = WriteStats {
            written: staged.len(),
            unchanged: self.unchanged.load(std::sync::atomic::Ordering::Relaxed),
            removed: 0,
        };
        for stale in read_manifest(&self.dir)
            .iter()
            .filter(|p| !written.contains(p.as_str()))
        {
            if is_safe_relative(stale) {
                crate::fs::remove_file(&self.dir.join(stale))?;
                remove_empty_parents(&self.dir, &self.dir.join(stale));
                stats.removed += 1;
            }
        }
        let manifest: String = written.iter().map(|p| format!("{p}\n")).collect();
        write_if_changed(&self.dir.join(MARKER), manifest.as_bytes())?;
        self.committed = true;
        let _ = std::fs::remove_dir_all(&self.staging);
        Ok(stats)
    }
}

impl crate::render::Sink for StagedWriter {
    fn put(&self, output: Output) -> Result<()> {
        if !is_safe_relative(&output.path) {
            bail!(
                "refusing to write outside the output folder: {}",
                output.path
            );
        }
        if !self
            .written
            .lock()
            .map_err(|_| anyhow::anyhow!("poisoned"))?
            .insert(output.path.clone())
        {
            bail!("two outputs claim {}", output.path);
        }
        if same_bytes(&self.dir.join(&output.path), &output.bytes) {
            self.unchanged
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return Ok(());
        }
        crate::fs::write(&self.staging.join(&output.path), &output.bytes)?;
        self.staged
            .lock()
            .map_err(|_| anyhow::anyhow!("poisoned"))?
            .push(output.path);
        Ok(())
    }
}

impl Drop for StagedWriter {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == bytes)
}

/// Writes only when the bytes differ; returns whether it wrote.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    if same_bytes(path, bytes) {
        return Ok(false);
    }
    crate::fs::write(path, bytes)?;
    Ok(true)
}

/// The paths the previous build wrote (empty for a new folder).
pub fn read_manifest(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join(MARKER))
        .map(|text| {
            text.lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Relative, `/`-separated, and never climbing out (`..`, absolute, `\`).
fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains(':')
        && path
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..")
}

fn remove_empty_parents(dir: &Path, file: &Path) {
    let mut current = file.parent();
    while let Some(folder) = current {
        if folder == dir || !folder.starts_with(dir) {
            break;
        }
        if std::fs::remove_dir(folder).is_err() {
            break;
        }
        current = folder.parent();
    }
}

/// Creates the marker so an empty folder becomes a tifa output.
pub fn claim(dir: &Path) -> Result<()> {
    crate::fs::create_dir_all(dir)?;
    let marker = dir.join(MARKER);
    if !marker.exists() {
        std::fs::write(&marker, b"")
            .with_context(|| format!("cannot write {}", marker.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(path: &str, text: &str) -> Output {
        Output {
            path: path.to_string(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn rewrites_only_changed_and_removes_only_own_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("mine.txt"), "author's file").unwrap();
        let first = write(
            &[out("a/index.html", "1"), out("b/index.html", "2")],
            dir.path(),
        )
        .unwrap();
        assert_eq!(
            first,
            WriteStats {
                written: 2,
                unchanged: 0,
                removed: 0
            }
        );
        let second = write(&[out("a/index.html", "1"), out("c.html", "3")], dir.path()).unwrap();
        assert_eq!(
            second,
            WriteStats {
                written: 1,
                unchanged: 1,
                removed: 1
            }
        );
        assert!(
            !dir.path().join("b").exists(),
            "empty folder of a stale file is removed"
        );
        assert!(
            dir.path().join("mine.txt").exists(),
            "files tifa did not write survive"
        );
    }

    #[test]
    fn refuses_paths_that_climb_out() {
        let dir = tempfile::tempdir().unwrap();
        for bad in ["../x", "/etc/x", "a/../../x", "a\\b", "C:x"] {
            assert!(write(&[out(bad, "x")], dir.path()).is_err(), "{bad}");
        }
    }

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
        claim(&r.join("public")).unwrap();
        std::fs::write(r.join("public/x.html"), "x").unwrap();
        assert!(check_output_dir(r, &r.join("public"), false).is_ok());
    }
}
