//! The serve strategy: small batches written straight into the folder.
//!
//! `tifa serve` rebuilds a few pages per edit into a private folder of its
//! own (see `crate::serve`). A [`Batch`] holds the rendered outputs in
//! memory until the rebuild is known to be good; [`InPlaceWriter::commit`]
//! then writes each changed file, removes what is no longer produced, and
//! keeps the manifest; pages are told to reload only after that. Which files are unchanged is
//! known from a hash of what was written last, so an unchanged page costs
//! no read.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Result, bail};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::folder::{Folder, Manifest, create_file, replace_file};
use super::{Claims, MARKER};
use crate::fs::IoContext;
use crate::output::{Output, Sink};
use crate::t;

/// An output folder written in place.
#[derive(Debug)]
pub struct InPlaceWriter {
    folder: Arc<Folder>,
    manifest: Manifest,
}

/// The outputs of one rebuild, held until it is committed; or, for the
/// first build into an empty folder (see [`InPlaceWriter::first_batch`]),
/// written as they come.
#[derive(Debug, Default)]
pub struct Batch {
    claims: Claims,
    outputs: Mutex<Vec<Output>>,
    /// The folder to write into at once, for a direct batch.
    direct: Option<Arc<Folder>>,
    /// What a direct batch wrote: path and hash of the bytes.
    written: Mutex<Vec<(String, u64)>>,
    /// For a batch that holds only what changed (see
    /// [`InPlaceWriter::changes_batch`]): the folder, and the hash of each
    /// file of ours in the batch's scope as the last commit left it.
    in_place: Option<(Arc<Folder>, FxHashMap<String, u64>)>,
    /// A direct batch whose files pages may fetch while it writes (the
    /// first site-wide files): each is written beside its path and renamed
    /// over it, so a reader never gets part of one.
    whole_files: bool,
    /// Does each write of a direct batch (and is told its path).
    through: Option<Through>,
}

/// What a direct batch writes through: serve's first build answers a
/// request for a file only once it is whole, and stops writing when serve
/// is stopped during the build.
pub trait DirectWrites: Send + Sync {
    /// Writes the file at `path` (relative to the output folder) by
    /// calling `write`, or refuses to with an error.
    fn write(&self, path: &str, write: &mut dyn FnMut() -> Result<()>) -> Result<()>;
}

/// A [`DirectWrites`] to hand a batch.
#[derive(Clone)]
pub struct Through(pub Arc<dyn DirectWrites>);

impl std::fmt::Debug for Through {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Through")
    }
}

impl Sink for Batch {
    fn put(&self, mut output: Output) -> Result<()> {
        if !super::folder::is_safe_relative(&output.path) {
            bail!(t!(
                "拒绝写入会离开输出文件夹的路径：{}",
                "refusing a path that leaves the output folder: {}",
                output.path
            ));
        }
        if !self.claims.claim(&output.path)? {
            bail!(t!(
                "两个输出都要写到 {}",
                "two outputs claim {}",
                output.path
            ));
        }
        if let Some(folder) = &self.direct {
            let hash = crate::hash::hash_of(&output.bytes);
            let target = folder.target(&output.path)?;
            let mut write_it = || {
                if self.whole_files {
                    write_whole(&target, &output.bytes)
                } else {
                    write(&target, &output.bytes)
                }
            };
            match &self.through {
                Some(through) => through.0.write(&output.path, &mut write_it)?,
                None => write_it()?,
            }
            lock(&self.written).push((output.path, hash));
            return Ok(());
        }
        if let Some((folder, known)) = &self.in_place
            && known.get(&output.path) == Some(&crate::hash::hash_of(&output.bytes))
            && is_file(&folder.target(&output.path)?)
        {
            // In place already: claimed (so the commit keeps it) and dropped.
            return Ok(());
        }
        // Held until every page of the batch has rendered: drop the spare
        // room of the render buffer (16 KB a page).
        output.bytes.shrink_to_fit();
        self.outputs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(output);
        Ok(())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl Batch {
    pub fn len(&self) -> usize {
        lock(&self.outputs).len() + lock(&self.written).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The same batch, writing directly through `through`.
    pub fn through(self, through: Option<Through>) -> Batch {
        Batch { through, ..self }
    }
}

impl InPlaceWriter {
    /// Writes into `dir`, which exists and is private to this process; a
    /// manifest already there (from an earlier run) says what may be
    /// replaced or removed.
    pub fn open(dir: &Path) -> Result<InPlaceWriter> {
        let folder = Arc::new(Folder::new(dir)?);
        let manifest = Manifest::read(folder.path());
        Ok(InPlaceWriter { folder, manifest })
    }

    pub fn path(&self) -> &Path {
        self.folder.path()
    }

    /// Whether the folder is still there, with its marker (a temp-folder
    /// cleaner, or a user, may delete it while serve runs).
    pub fn is_intact(&self) -> bool {
        self.folder.path().join(MARKER).is_file()
    }

    /// A new batch to render into.
    pub fn batch(&self) -> Batch {
        Batch::default()
    }

    /// A batch for a build that renders every output: while the folder
    /// holds nothing of ours yet (serve's first build), each output is
    /// written as soon as it is rendered, by the thread that rendered it,
    /// instead of every page of the site being held in memory until the
    /// commit (4 GB at 100,000 pages). There is no earlier good output to
    /// keep, and no page is told to reload before the commit. Otherwise an
    /// ordinary batch.
    pub fn first_batch(&self) -> Batch {
        if !self.manifest.0.is_empty() {
            return self.batch();
        }
        Batch {
            direct: Some(self.folder.clone()),
            ..Batch::default()
        }
    }

    /// A batch of the outputs in `scope` (serve's site-wide files: the
    /// search index, the data exports, some 300 MB at 100,000 pages) that
    /// holds only those whose bytes are not in place already; the others
    /// are dropped as they come. When no file in scope is in place yet
    /// (the first time), each output is written as it comes, as
    /// [`InPlaceWriter::first_batch`] does: there is nothing earlier to
    /// keep. Either way the whole set is never held in memory at once.
    pub fn changes_batch(&self, scope: &dyn Fn(&str) -> bool) -> Batch {
        let known: FxHashMap<String, u64> = (self.manifest.0.iter())
            .filter(|(path, _)| scope(path))
            .map(|(path, &hash)| (path.clone(), hash))
            .collect();
        if known.is_empty() {
            return Batch {
                direct: Some(self.folder.clone()),
                whole_files: true,
                ..Batch::default()
            };
        }
        Batch {
            in_place: Some((self.folder.clone(), known)),
            ..Batch::default()
        }
    }

    /// Notes in the manifest the files a batch that is not committed (its
    /// build failed) wrote directly, so a later commit replaces or
    /// removes them like any file of ours.
    pub fn note_written(&mut self, batch: Batch) {
        let written = batch
            .written
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        self.manifest.0.extend(written);
    }

    /// Writes the batch's outputs whose bytes differ from what is in place,
    /// then removes the files of the manifest in `scope` that are no
    /// longer wanted: not in `live` (every output of the run, written now
    /// or before), or, without `live`, not produced by this batch. Returns
    /// the paths that changed, sorted.
    pub fn commit(
        &mut self,
        batch: Batch,
        scope: &dyn Fn(&str) -> bool,
        live: Option<&BTreeSet<String>>,
    ) -> Result<Vec<String>> {
        let produced = batch.claims.take();
        let outputs = batch
            .outputs
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        let before = self.manifest.0.len();
        // Hashing, comparing and writing, on every core: a formulation
        // edit at 100,000 pages commits thousands of pages.
        let (folder, manifest) = (&self.folder, &self.manifest);
        let done: Vec<Result<(String, u64, bool)>> = outputs
            .into_par_iter()
            .map(|output| {
                let hash = crate::hash::hash_of(&output.bytes);
                let target = folder.target(&output.path)?;
                let in_place = match manifest.0.get(&output.path) {
                    Some(&known) if known != 0 => known == hash && is_file(&target),
                    // Not written in this run yet: an earlier one may have.
                    _ => folder.holds(&target, &output.bytes),
                };
                if !in_place {
                    write(&target, &output.bytes)?;
                }
                Ok((output.path, hash, !in_place))
            })
            .collect();
        let mut changed = Vec::new();
        for result in done {
            let (path, hash, written) = result?;
            if written {
                changed.push(path.clone());
            }
            self.manifest.0.insert(path, hash);
        }
        let written = batch
            .written
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        for (path, hash) in written {
            changed.push(path.clone());
            self.manifest.0.insert(path, hash);
        }
        let in_scope = self.manifest.0.keys().filter(|p| scope(p));
        let stale: Vec<String> = match live {
            // Every live output has been written by now: with as many files
            // as live outputs, none is stale (no lookup per page).
            Some(live) if in_scope.clone().count() == live.len() => Vec::new(),
            Some(live) => in_scope.filter(|p| !live.contains(*p)).cloned().collect(),
            None => in_scope
                .filter(|p| !produced.contains(*p))
                .cloned()
                .collect(),
        };
        for path in &stale {
            let target = self.folder.target(path)?;
            crate::fs::remove_file(&target)?;
            self.folder.remove_empty_parents(&target);
            self.manifest.0.remove(path);
        }
        changed.extend(stale.iter().cloned());
        if self.manifest.0.len() != before || !stale.is_empty() || !self.is_intact() {
            let marker = self.folder.path().join(MARKER);
            replace_file(&marker, self.manifest.text().as_bytes())?;
        }
        changed.sort();
        Ok(changed)
    }
}

fn is_file(path: &PathBuf) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}

/// A file of ours is overwritten (the browser is told to reload only
/// after the whole batch is written); anything else in its place (a
/// link) is replaced, never followed; a new file is created.
fn write(target: &Path, bytes: &[u8]) -> Result<()> {
    match std::fs::symlink_metadata(target) {
        Ok(meta) if meta.is_file() => std::fs::write(target, bytes).io_context(|| {
            let target = target.display();
            t!("无法写入 {target}", "cannot write {target}")
        }),
        Ok(_) => replace_file(target, bytes),
        Err(_) => create_file(target, bytes),
    }
}

/// [`write`] for a file a reader may fetch meanwhile: written beside its
/// path, then renamed over it.
fn write_whole(target: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = target.parent() {
        crate::fs::create_dir_all(parent)?;
    }
    replace_file(target, bytes)
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
    fn the_first_batch_writes_as_it_renders_and_later_ones_hold_until_the_commit() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = InPlaceWriter::open(dir.path()).unwrap();
        let first = writer.first_batch();
        first.put(out("a/index.html", "a")).unwrap();
        first.put(out("gone/index.html", "g")).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a/index.html")).unwrap(),
            "a",
            "written before the commit"
        );
        // The build failed: what it wrote is still known as ours.
        writer.note_written(first);
        let again = writer.first_batch();
        again.put(out("a/index.html", "a2")).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a/index.html")).unwrap(),
            "a",
            "a folder with outputs of ours holds the batch until the commit"
        );
        let live = BTreeSet::from(["a/index.html".to_string()]);
        let changed = writer.commit(again, &|_| true, Some(&live)).unwrap();
        assert_eq!(changed, ["a/index.html", "gone/index.html"]);
        assert!(
            !dir.path().join("gone").exists(),
            "an earlier direct write retired"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a/index.html")).unwrap(),
            "a2"
        );
    }

    /// Records each path after writing it, refuses `refused`.
    struct Recorder {
        root: PathBuf,
        told: Mutex<Vec<(String, String)>>,
        refused: &'static str,
    }

    impl DirectWrites for Recorder {
        fn write(&self, path: &str, write: &mut dyn FnMut() -> Result<()>) -> Result<()> {
            if path == self.refused {
                bail!("refused");
            }
            write()?;
            let on_disk = std::fs::read_to_string(self.root.join(path)).unwrap();
            lock(&self.told).push((path.to_string(), on_disk));
            Ok(())
        }
    }

    #[test]
    fn a_direct_batch_writes_through_what_it_is_given() {
        let dir = tempfile::tempdir().unwrap();
        let writer = InPlaceWriter::open(dir.path()).unwrap();
        let recorder = Arc::new(Recorder {
            root: dir.path().to_path_buf(),
            told: Mutex::new(Vec::new()),
            refused: "no.html",
        });
        let first = writer
            .first_batch()
            .through(Some(Through(recorder.clone())));
        first.put(out("a/index.html", "whole page")).unwrap();
        assert!(first.put(out("no.html", "x")).is_err());
        assert_eq!(
            *lock(&recorder.told),
            [("a/index.html".to_string(), "whole page".to_string())],
            "told once the file is whole"
        );
        assert!(!dir.path().join("no.html").exists());
    }

    #[test]
    fn writes_changes_and_retires_only_what_it_is_told() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = InPlaceWriter::open(dir.path()).unwrap();
        let batch = writer.batch();
        batch.put(out("a/index.html", "a")).unwrap();
        batch.put(out("sitemap.xml", "s")).unwrap();
        assert_eq!(
            writer.commit(batch, &|_| true, None).unwrap(),
            ["a/index.html", "sitemap.xml"]
        );
        let batch = writer.batch();
        batch.put(out("b/index.html", "b")).unwrap();
        let live = BTreeSet::from(["b/index.html".to_string()]);
        let changed = writer
            .commit(batch, &|p| p != "sitemap.xml", Some(&live))
            .unwrap();
        assert_eq!(changed, ["a/index.html", "b/index.html"]);
        assert!(!dir.path().join("a").exists());
        assert!(dir.path().join("sitemap.xml").exists());
        assert_eq!(
            std::fs::read_to_string(dir.path().join(MARKER)).unwrap(),
            "b/index.html\nsitemap.xml\n"
        );
    }

    #[test]
    fn a_changes_batch_writes_the_first_set_as_it_comes_then_holds_only_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = InPlaceWriter::open(dir.path()).unwrap();
        let read = |path: &str| std::fs::read_to_string(dir.path().join(path)).unwrap();
        let pages = writer.batch();
        pages.put(out("a/index.html", "a")).unwrap();
        let live = BTreeSet::from(["a/index.html".to_string()]);
        let scope = |path: &str| path.starts_with("search/");
        writer.commit(pages, &|p| !scope(p), Some(&live)).unwrap();
        let first = writer.changes_batch(&scope);
        first.put(out("search/1.bin", "1")).unwrap();
        first.put(out("search/2.bin", "2")).unwrap();
        assert_eq!(read("search/1.bin"), "1", "written before the commit");
        let beside = std::fs::read_dir(dir.path().join("search"))
            .unwrap()
            .count();
        assert_eq!(beside, 2, "renamed into place, nothing left beside");
        let changed = writer.commit(first, &scope, None).unwrap();
        assert_eq!(changed, ["search/1.bin", "search/2.bin"]);
        let second = writer.changes_batch(&scope);
        second.put(out("search/1.bin", "1")).unwrap();
        second.put(out("search/2.bin", "2b")).unwrap();
        assert_eq!(second.len(), 1, "only the changed output is held");
        assert_eq!(read("search/2.bin"), "2", "held until the commit");
        let changed = writer.commit(second, &scope, None).unwrap();
        assert_eq!(changed, ["search/2.bin"]);
        assert_eq!(read("search/1.bin"), "1", "an unchanged output stays");
        assert_eq!(read("search/2.bin"), "2b");
        assert_eq!(read("a/index.html"), "a", "outside the scope");
        let third = writer.changes_batch(&scope);
        third.put(out("search/2.bin", "2b")).unwrap();
        let changed = writer.commit(third, &scope, None).unwrap();
        assert_eq!(changed, ["search/1.bin"], "no longer produced: removed");
        assert!(!dir.path().join("search/1.bin").exists());
    }

    #[test]
    fn two_outputs_cannot_claim_one_path() {
        let dir = tempfile::tempdir().unwrap();
        let writer = InPlaceWriter::open(dir.path()).unwrap();
        let batch = writer.batch();
        batch.put(out("a.html", "1")).unwrap();
        let err = batch.put(out("a.html", "2")).unwrap_err();
        let en = crate::i18n::error_chain(&err).en;
        assert!(en.contains("two outputs claim a.html"), "{en}");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_in_place_of_a_page_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let victim = elsewhere.path().join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        let mut writer = InPlaceWriter::open(dir.path()).unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join("a.html")).unwrap();
        let batch = writer.batch();
        batch.put(out("a.html", "page")).unwrap();
        writer.commit(batch, &|_| true, None).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert!(!dir.path().join("a.html").is_symlink());
    }
}
