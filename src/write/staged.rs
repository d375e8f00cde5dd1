//! The build strategy: stage every changed file, then swap it into place
//! in one journaled commit that is undone if it cannot finish.
//!
//! While pages render, each is compared with the file in place and, only
//! if its bytes differ, written into a staging folder: a build that fails
//! leaves the output exactly as it was, and memory never holds the site.
//!
//! - Into a folder that does not exist yet, the staging folder is made
//!   beside it and renamed to it: the output appears whole, in one step.
//! - Into an existing folder (a mount point too), the staging folder is
//!   made inside it, on the same file system, and the commit is a list of
//!   moves written first to a journal: each replaced or removed file is
//!   moved into the staging folder's `old/`, each new file from `new/`
//!   into place. If a move fails, the moves already made are undone and
//!   the output is as it was. If the process dies part-way (killed, power
//!   cut), the next `tifa build` of that folder finds the journal and
//!   undoes the moves before anything else. Ctrl+C and SIGTERM during the
//!   commit are held until it has finished (see `crate::pipeline`).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use anyhow::{Context, Result, bail};
use rustc_hash::FxHashSet;

use super::folder::{Folder, Manifest, move_file};
use super::sums::{self, Stamp, Sum, Sums};
use super::{Claims, MARKER, WriteStats};
use crate::fs::IoContext;
use crate::output::{Output, Sink};
use crate::t;

/// Marks a staging folder as tifa's, so a leftover one may be removed.
const STAGING_MARKER: &str = ".tifa-staging";
/// The staging folder inside an existing output folder.
const INSIDE: &str = ".tifa-staging";
/// The list of moves of a commit, in the staging folder.
const JOURNAL: &str = "journal";
const JOURNAL_HEADER: &str = "tifa commit journal 1";

/// Writes a build through a staging folder (see the module doc).
pub struct StagedWriter {
    dir: PathBuf,
    staging: PathBuf,
    /// The output folder exists: stage inside it and commit move by move.
    /// Otherwise the staging folder becomes the output.
    inside: Option<Folder>,
    claims: Claims,
    /// What the previous build wrote (its manifest): anything else in the
    /// output folder is the user's. Read only when a folder stands where
    /// an output file goes (the list of 150,000 paths of a large site is
    /// not held through the build for that).
    previous: OnceLock<Manifest>,
    staged: Mutex<Vec<String>>,
    /// Folders of the staging folder this build made (or found there), by
    /// [`super::folder::folder_key`] (128,000 paths at 100,000 pages): a
    /// file going into one needs no `mkdir` that fails.
    made: Mutex<FxHashSet<u128>>,
    unchanged: AtomicUsize,
    /// What the files hold: at first the previous build's sums (to skip
    /// reading its files back), then each file this build produces
    /// replaces its entry (one table rather than the old and the new:
    /// only the entries of this build's files are written out).
    sums: Mutex<Sums>,
    committed: bool,
    recovered: bool,
}

impl StagedWriter {
    /// Prepares to write into `dir` (already checked to be safe to use),
    /// first undoing a commit an earlier build left unfinished.
    pub fn open(dir: &Path) -> Result<StagedWriter> {
        let mut recovered = false;
        let beside = beside_staging(dir);
        remove_staging(&beside)?;
        let inside = if dir.is_dir() {
            let folder = Folder::new(dir)?;
            recovered = recover(&folder)?;
            Some(folder)
        } else {
            None
        };
        let dir = inside
            .as_ref()
            .map_or_else(|| dir.to_path_buf(), |f| f.path().to_path_buf());
        let staging = match &inside {
            Some(_) => dir.join(INSIDE),
            None => beside,
        };
        crate::fs::write(&staging.join(STAGING_MARKER), b"")?;
        let sums = if inside.is_some() {
            Sums::read(&dir)
        } else {
            Sums::default()
        };
        Ok(StagedWriter {
            dir,
            staging,
            inside,
            claims: Claims::default(),
            previous: OnceLock::new(),
            staged: Mutex::default(),
            made: Mutex::default(),
            unchanged: AtomicUsize::new(0),
            sums: Mutex::new(sums),
            committed: false,
            recovered,
        })
    }

    /// Whether opening undid an interrupted commit of an earlier build.
    pub fn recovered(&self) -> bool {
        self.recovered
    }

    /// Where a staged file goes.
    fn staged_path(&self, rel: &str) -> PathBuf {
        match self.inside {
            Some(_) => self.staging.join("new").join(rel),
            None => self.staging.join(rel),
        }
    }

    /// Moves the staged files into place and removes the previous build's
    /// files that this one did not produce.
    pub fn commit(mut self) -> Result<WriteStats> {
        let staged = std::mem::take(&mut *self.staged.lock().unwrap_or_else(|e| e.into_inner()));
        let produced = self.claims.take();
        let mut stats = WriteStats {
            written: staged.len(),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            removed: 0,
        };
        let manifest = Manifest(produced.into_iter().map(|p| (p, 0)).collect());
        match &self.inside {
            None => {
                // A first build: the staging folder becomes the output.
                crate::fs::write(&self.staging.join(MARKER), manifest.text().as_bytes())?;
                // Its entries stay true through the rename of their folder.
                self.write_sums(&self.staging, &manifest);
                crate::fs::remove_file(&self.staging.join(STAGING_MARKER))?;
                std::fs::rename(&self.staging, &self.dir).io_context(|| {
                    let dir = self.dir.display();
                    t!(
                        "无法把构建结果移入 {dir}",
                        "cannot move the build into {dir}"
                    )
                })?;
            }
            Some(folder) => {
                let previous = Manifest::read(folder.path());
                let stale: Vec<String> = previous
                    .0
                    .into_keys()
                    .filter(|p| !manifest.0.contains_key(p) && p != MARKER)
                    .collect();
                stats.removed = stale.len();
                let mut moves: Vec<Move> = staged.into_iter().map(Move::Put).collect();
                moves.extend(stale.into_iter().map(Move::Remove));
                let text = manifest.text();
                if !folder.holds(&folder.path().join(MARKER), text.as_bytes()) {
                    crate::fs::write(&self.staging_path_new(MARKER), text.as_bytes())?;
                    moves.push(Move::Put(MARKER.to_string()));
                }
                refuse_unwritable(folder, &self.staging, &moves)?;
                commit_moves(folder, &self.staging, &moves)?;
                self.write_sums(folder.path(), &manifest);
            }
        }
        self.committed = true;
        let _ = remove_staging(&self.staging);
        Ok(stats)
    }

    /// Remembers what this build's files hold (see [`sums`]). Failing to
    /// costs only speed, so a failure is not an error; a stale sums file is
    /// removed rather than left to mislead.
    fn write_sums(&self, dir: &Path, manifest: &Manifest) {
        let sums = std::mem::take(&mut *self.sums.lock().unwrap_or_else(|e| e.into_inner()));
        let text = sums.text(manifest.0.keys().map(String::as_str));
        let path = dir.join(sums::SUMS);
        if super::folder::replace_file(&path, text.as_bytes()).is_err() {
            let _ = std::fs::remove_file(&path);
        }
    }

    /// Remembers what `file` (the output `rel`) holds; forgets the
    /// previous build's entry if the file cannot be stamped.
    fn remember(&self, rel: &str, stamp: Option<Stamp>, hash: sums::Digest) {
        let mut sums = self.sums.lock().unwrap_or_else(|e| e.into_inner());
        match stamp {
            Some(stamp) => sums.insert(rel, Sum { stamp, hash }),
            None => sums.remove(rel),
        }
    }

    /// Whether the previous build's entry for `rel` says that `target`
    /// already holds the bytes hashing to `hash` (then the entry stays).
    fn confirmed(&self, rel: &str, target: &Path, hash: sums::Digest) -> bool {
        let entry = self.sums.lock().unwrap_or_else(|e| e.into_inner()).get(rel);
        entry.is_some_and(|sum| sum.confirms(target, hash))
    }

    /// A folder of the user's where an output file goes, found while the
    /// build renders, before anything in the output folder changes (tifa
    /// never removes what it did not make, so the commit could not
    /// finish). A file where an output needs a folder is found by
    /// [`Folder::target`].
    fn obstacle(&self, folder: &Folder, rel: &str) -> Option<crate::i18n::Text> {
        let target = folder.path().join(rel);
        match std::fs::symlink_metadata(&target) {
            Ok(meta) if meta.is_dir() && !self.made_inside(rel) => Some(t!(
                "{} 是一个不是 tifa 生成的文件夹，而构建要在那里写入文件 {rel}：请把它移出输出文件夹（tifa 只删除它自己生成的文件）",
                "{} is a folder tifa did not make, where the build puts the file {rel}: \
                 move it out of the output folder (tifa removes only what it made)",
                target.display()
            )),
            _ => None,
        }
    }

    /// Whether the previous build wrote anything inside the folder `rel`.
    fn made_inside(&self, rel: &str) -> bool {
        let folder = format!("{rel}/");
        let previous = self.previous.get_or_init(|| Manifest::read(&self.dir));
        previous
            .0
            .range(folder.clone()..)
            .next()
            .is_some_and(|(p, _)| p.starts_with(&folder))
    }

    /// Writes a staged file, making its folder unless this build already
    /// did, and returns its stamp.
    fn write_staged(&self, staged: &Path, bytes: &[u8]) -> Result<Option<Stamp>> {
        if let Some(parent) = staged.parent() {
            let key = super::folder::folder_key(parent);
            let made = self.made_folders().contains(&key);
            if !made {
                crate::fs::create_dir_all(parent)?;
                self.made_folders().insert(key);
            }
        }
        let cannot_write = || {
            let path = staged.display();
            t!("无法写入 {path}", "cannot write {path}")
        };
        let mut file = std::fs::File::create(staged).io_context(cannot_write)?;
        file.write_all(bytes).io_context(cannot_write)?;
        Ok(Stamp::of_open(&file))
    }

    fn made_folders(&self) -> std::sync::MutexGuard<'_, FxHashSet<u128>> {
        self.made.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn staging_path_new(&self, rel: &str) -> PathBuf {
        self.staging.join("new").join(rel)
    }
}

impl Sink for StagedWriter {
    fn put(&self, output: Output) -> Result<()> {
        if !self.claims.claim(&output.path)? {
            bail!(t!(
                "两个输出都要写到 {}",
                "two outputs claim {}",
                output.path
            ));
        }
        let hash = sums::hash(&output.bytes);
        if let Some(folder) = &self.inside {
            let target = folder.target(&output.path)?;
            if let Some(problem) = self.obstacle(folder, &output.path) {
                bail!(problem);
            }
            if self.confirmed(&output.path, &target, hash) {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            if folder.holds(&target, &output.bytes) {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                self.remember(&output.path, Stamp::of(&target), hash);
                return Ok(());
            }
        } else if !super::folder::is_safe_relative(&output.path) {
            bail!(t!(
                "拒绝写入会离开输出文件夹的路径：{}",
                "refusing a path that leaves the output folder: {}",
                output.path
            ));
        }
        let staged = self.staged_path(&output.path);
        let stamp = self.write_staged(&staged, &output.bytes)?;
        // The move into place keeps the file's inode and time.
        self.remember(&output.path, stamp, hash);
        self.staged
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(output.path);
        Ok(())
    }
}

impl Drop for StagedWriter {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_staging(&self.staging);
        }
    }
}

/// The staging folder of a first build, beside the output folder.
fn beside_staging(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    dir.with_file_name(format!(".{name}.tifa-staging"))
}

/// Removes a staging folder tifa left, refusing one it did not make.
fn remove_staging(staging: &Path) -> Result<()> {
    if std::fs::symlink_metadata(staging).is_err() {
        return Ok(());
    }
    if !staging.join(STAGING_MARKER).is_file() || staging.is_symlink() {
        bail!(t!(
            "{} 已经存在，而且不是 tifa 建的；请把它移走",
            "{} exists and was not made by tifa; move it away",
            staging.display()
        ));
    }
    std::fs::remove_dir_all(staging).io_context(|| {
        let staging = staging.display();
        t!("无法删除 {staging}", "cannot remove {staging}")
    })
}

/// One step of a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Move {
    /// `new/<path>` into place; what was there goes to `old/<path>`.
    Put(String),
    /// The file in place goes to `old/<path>`.
    Remove(String),
}

impl Move {
    fn path(&self) -> &str {
        match self {
            Move::Put(p) | Move::Remove(p) => p,
        }
    }

    fn line(&self) -> String {
        match self {
            Move::Put(p) => format!("+ {p}\n"),
            Move::Remove(p) => format!("- {p}\n"),
        }
    }

    fn parse(line: &str) -> Option<Move> {
        let (sign, path) = line.split_once(' ')?;
        if !super::folder::is_safe_relative(path) {
            return None;
        }
        match sign {
            "+" => Some(Move::Put(path.to_string())),
            "-" => Some(Move::Remove(path.to_string())),
            _ => None,
        }
    }
}

/// Writes the journal, makes the moves, and undoes them all if one fails.
fn commit_moves(folder: &Folder, staging: &Path, moves: &[Move]) -> Result<()> {
    if moves.is_empty() {
        return Ok(());
    }
    write_journal(staging, moves)?;
    for (done, one) in moves.iter().enumerate() {
        if let Err(error) = apply(folder, staging, one) {
            let undone = undo(folder, staging, &moves[..=done]);
            return Err(match undone {
                Ok(()) => error.context(t!(
                    "构建结果无法移入到位；{} 保持原样",
                    "the build could not be moved into place; {} was left as it was",
                    folder.path().display()
                )),
                Err(undo_error) => error.context(t!(
                    "构建结果无法移入到位，撤销也失败了（{undo_error:#}）；下次 tifa build 会再试",
                    "the build could not be moved into place, and undoing failed too ({undo_error:#}); the next tifa build will try again"
                )),
            });
        }
    }
    crate::fs::remove_file(&staging.join(JOURNAL))
}

/// Stops a commit before its first move if a folder it would change
/// cannot be changed (see [`super::writable`]).
fn refuse_unwritable(folder: &Folder, staging: &Path, moves: &[Move]) -> Result<()> {
    let folders: std::collections::BTreeSet<PathBuf> = moves
        .iter()
        .filter_map(|one| {
            folder
                .path()
                .join(one.path())
                .parent()
                .map(Path::to_path_buf)
        })
        .collect();
    let me = staging.join(STAGING_MARKER);
    if let Some((blocked, why)) = super::writable::first_unwritable(&folders, &me) {
        bail!(t!(
            "无法更新 {}：{} 不能修改（{why}）；什么都没有改动。\
             请让这个文件夹可以写入，或用 --output-dir 构建到另一个文件夹",
            "cannot update {}: {} cannot be changed ({why}); nothing was changed. \
             Make the folder writable, or build into another folder with --output-dir",
            folder.path().display(),
            blocked.display()
        ));
    }
    Ok(())
}

/// The journal lands whole or not at all, and is on disk before the first move.
fn write_journal(staging: &Path, moves: &[Move]) -> Result<()> {
    let mut text = format!("{JOURNAL_HEADER}\n");
    for one in moves {
        text.push_str(&one.line());
    }
    let temporary = staging.join("journal.new");
    let cannot_write = || {
        let temporary = temporary.display();
        t!("无法写入 {temporary}", "cannot write {temporary}")
    };
    let mut file = std::fs::File::create(&temporary).io_context(cannot_write)?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .io_context(cannot_write)?;
    std::fs::rename(&temporary, staging.join(JOURNAL)).io_context(|| {
        let staging = staging.display();
        t!(
            "无法在 {staging} 中写入日志",
            "cannot write the journal in {staging}"
        )
    })?;
    // The rename itself must be on disk before any move depends on it.
    if let Ok(dir) = std::fs::File::open(staging) {
        let _ = dir.sync_all();
    }
    Ok(())
}

fn apply(folder: &Folder, staging: &Path, one: &Move) -> Result<()> {
    let target = folder.target(one.path())?;
    let backup = staging.join("old").join(one.path());
    if std::fs::symlink_metadata(&target).is_ok() {
        if target.is_dir() && !target.is_symlink() {
            bail!(t!(
                "{} 是一个文件夹，而构建要在这里放一个文件；请删除它",
                "{} is a folder where the build puts a file; remove it",
                target.display()
            ));
        }
        ensure_parent(&backup)?;
        move_file(&target, &backup)?;
    }
    match one {
        Move::Put(path) => {
            ensure_parent(&target)?;
            move_file(&staging.join("new").join(path), &target)
        }
        Move::Remove(_) => {
            folder.remove_empty_parents(&target);
            Ok(())
        }
    }
}

/// Undoes moves, last first. Each step looks at what is on disk, so it is
/// right whether its move happened, half happened or did not happen.
fn undo(folder: &Folder, staging: &Path, moves: &[Move]) -> Result<()> {
    let mut first_error = None;
    let mut emptied: FxHashSet<PathBuf> = FxHashSet::default();
    for one in moves.iter().rev() {
        let result = (|| -> Result<()> {
            let target = folder.target(one.path())?;
            let backup = staging.join("old").join(one.path());
            if let Move::Put(path) = one {
                let moved_in = std::fs::symlink_metadata(staging.join("new").join(path)).is_err();
                if moved_in {
                    crate::fs::remove_file(&target)?;
                    emptied.insert(target.clone());
                }
            }
            if std::fs::symlink_metadata(&backup).is_ok() {
                ensure_parent(&target)?;
                move_file(&backup, &target)?;
                emptied.remove(&target);
            }
            Ok(())
        })();
        if let Err(e) = result {
            first_error.get_or_insert(e);
        }
    }
    for file in emptied {
        folder.remove_empty_parents(&file);
    }
    match first_error {
        None => crate::fs::remove_file(&staging.join(JOURNAL)),
        Some(e) => Err(e),
    }
}

/// Undoes the commit an interrupted build left (if any) and removes its
/// staging folder. Returns whether there was one to undo.
fn recover(folder: &Folder) -> Result<bool> {
    let staging = folder.path().join(INSIDE);
    let journal = staging.join(JOURNAL);
    let Ok(text) = std::fs::read_to_string(&journal) else {
        remove_staging(&staging)?;
        return Ok(false);
    };
    if !staging.join(STAGING_MARKER).is_file() || text.lines().next() != Some(JOURNAL_HEADER) {
        bail!(t!(
            "{} 不是 tifa 写的日志；请把 {} 移走",
            "{} is not a journal tifa wrote; move {} away",
            journal.display(),
            staging.display()
        ));
    }
    let moves: Vec<Move> = text.lines().skip(1).filter_map(Move::parse).collect();
    undo(folder, &staging, &moves).with_context(|| {
        t!(
            "之前的一次构建在把文件移入 {} 时被中断，撤销它也失败了",
            "an earlier build was interrupted while moving files into {}, and undoing it failed",
            folder.path().display()
        )
    })?;
    remove_staging(&staging)?;
    Ok(true)
}

fn ensure_parent(path: &Path) -> Result<()> {
    match path.parent() {
        Some(parent) => crate::fs::create_dir_all(parent),
        None => Ok(()),
    }
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

    fn build(dir: &Path, outputs: &[Output]) -> Result<WriteStats> {
        let writer = StagedWriter::open(dir)?;
        for output in outputs {
            writer.put(output.clone())?;
        }
        writer.commit()
    }

    /// The files of `dir` with their text, but for the sums file (a
    /// cache, whose times and inode numbers differ from run to run).
    fn files(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && e.file_name() != sums::SUMS)
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel, std::fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn rewrites_only_changed_and_removes_only_own_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("mine.txt"), "author's file").unwrap();
        let first = build(
            dir.path(),
            &[out("a/index.html", "1"), out("b/index.html", "2")],
        )
        .unwrap();
        assert_eq!((first.written, first.unchanged, first.removed), (2, 0, 0));
        let second = build(dir.path(), &[out("a/index.html", "1"), out("c.html", "3")]).unwrap();
        assert_eq!(
            (second.written, second.unchanged, second.removed),
            (1, 1, 1)
        );
        assert!(
            !dir.path().join("b").exists(),
            "empty folder of a stale file is removed"
        );
        assert!(
            dir.path().join("mine.txt").exists(),
            "files tifa did not write survive"
        );
        assert!(!dir.path().join(INSIDE).exists(), "staging is cleaned up");
    }

    /// Rewrites `rel` in place (same inode, same length) with `text`,
    /// and gives it the modification time `when`.
    fn tamper(dir: &Path, rel: &str, text: &str, when: std::time::SystemTime) {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(dir.join(rel))
            .unwrap();
        std::io::Write::write_all(&mut &file, text.as_bytes()).unwrap();
        file.set_modified(when).unwrap();
    }

    fn modified(path: &Path) -> std::time::SystemTime {
        std::fs::metadata(path).unwrap().modified().unwrap()
    }

    /// A build over its previous output trusts the sums file for a file
    /// whose length, time and inode are as remembered, and does not read
    /// it: shown by a file changed behind tifa's back with its time put
    /// back, which the next build leaves alone. A file changed any other
    /// way is read, compared and rewritten.
    #[test]
    fn a_build_over_its_output_trusts_the_sums_of_untouched_files() {
        let dir = tempfile::tempdir().unwrap();
        let outputs = [out("a.html", "1111"), out("b.html", "2222")];
        build(dir.path(), &outputs).unwrap();
        // The sums file written well after the files (a test writes both
        // within one clock tick, which would make every entry racy).
        let sums_file = std::fs::File::options()
            .write(true)
            .open(dir.path().join(sums::SUMS))
            .unwrap();
        sums_file
            .set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(60))
            .unwrap();
        let a_time = modified(&dir.path().join("a.html"));
        tamper(dir.path(), "a.html", "9999", a_time);
        tamper(
            dir.path(),
            "b.html",
            "8888",
            a_time + std::time::Duration::from_secs(5),
        );
        let second = build(dir.path(), &outputs).unwrap();
        assert_eq!((second.written, second.unchanged), (1, 1));
        let texts = files(dir.path());
        assert!(
            texts.contains(&("a.html".into(), "9999".into())),
            "{texts:?}"
        );
        assert!(
            texts.contains(&("b.html".into(), "2222".into())),
            "{texts:?}"
        );
    }

    /// The sums file lists this build's files only, each with what it
    /// holds now: entries of the previous build's files that are gone are
    /// dropped, changed files get new entries, unchanged ones keep theirs.
    #[test]
    fn the_sums_file_lists_this_builds_files_as_they_are() {
        let dir = tempfile::tempdir().unwrap();
        build(
            dir.path(),
            &[
                out("a.html", "1"),
                out("b.html", "2"),
                out("gone.html", "3"),
            ],
        )
        .unwrap();
        let listed = |dir: &Path| -> Vec<(String, String)> {
            let text = std::fs::read_to_string(dir.join(sums::SUMS)).unwrap();
            let mut lines: Vec<(String, String)> = text
                .lines()
                .skip(1)
                .map(|line| {
                    let fields: Vec<&str> = line.split(' ').collect();
                    (fields[4].to_string(), fields[0].to_string())
                })
                .collect();
            lines.sort();
            lines
        };
        let digest = |text: &str| {
            let [high, low] = sums::hash(text.as_bytes());
            format!("{high:016x}{low:016x}")
        };
        let first = listed(dir.path());
        assert_eq!(
            first,
            [
                ("a.html".to_string(), digest("1")),
                ("b.html".to_string(), digest("2")),
                ("gone.html".to_string(), digest("3"))
            ]
        );
        build(
            dir.path(),
            &[
                out("a.html", "1"),
                out("b.html", "changed"),
                out("c.html", "4"),
            ],
        )
        .unwrap();
        assert_eq!(
            listed(dir.path()),
            [
                ("a.html".to_string(), digest("1")),
                ("b.html".to_string(), digest("changed")),
                ("c.html".to_string(), digest("4"))
            ]
        );
    }

    /// A folder where an output file goes is refused only if the previous
    /// build made nothing inside it (its manifest, read when needed).
    #[test]
    fn a_folder_the_previous_build_made_may_become_a_file() {
        let dir = tempfile::tempdir().unwrap();
        build(dir.path(), &[out("m/index.html", "m")]).unwrap();
        let writer = StagedWriter::open(dir.path()).unwrap();
        assert!(writer.previous.get().is_none(), "not read before needed");
        assert!(writer.put(out("m", "now a file")).is_ok());
        assert!(writer.previous.get().is_some());
        drop(writer);
        std::fs::create_dir_all(dir.path().join("user")).unwrap();
        let writer = StagedWriter::open(dir.path()).unwrap();
        assert!(writer.put(out("user", "x")).is_err());
    }

    /// An entry whose file changed in the clock tick the sums file was
    /// written is never trusted.
    #[test]
    fn a_racy_entry_is_read_and_compared() {
        let dir = tempfile::tempdir().unwrap();
        let outputs = [out("a.html", "1111")];
        build(dir.path(), &outputs).unwrap();
        let written = modified(&dir.path().join(sums::SUMS));
        tamper(dir.path(), "a.html", "9999", written);
        let second = build(dir.path(), &outputs).unwrap();
        assert_eq!((second.written, second.unchanged), (1, 0));
        assert_eq!(files(dir.path())[1], ("a.html".into(), "1111".into()));
    }

    #[test]
    fn a_first_build_appears_in_one_rename() {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("public");
        build(&dir, &[out("a/index.html", "1")]).unwrap();
        assert_eq!(
            files(&dir),
            [
                (MARKER.into(), "a/index.html\n".into()),
                ("a/index.html".into(), "1".into())
            ]
        );
        assert_eq!(
            std::fs::read_dir(parent.path()).unwrap().count(),
            1,
            "no staging left"
        );
    }

    #[test]
    fn refuses_paths_that_climb_out() {
        let dir = tempfile::tempdir().unwrap();
        for bad in ["../x", "/etc/x", "a/../../x", "a\\b", "C:x"] {
            assert!(build(dir.path(), &[out(bad, "x")]).is_err(), "{bad}");
        }
    }

    /// A move that fails part-way (here: a folder where a file must go,
    /// made after the outputs were rendered, so `put` could not see it)
    /// undoes the moves before it.
    #[test]
    fn a_failed_commit_leaves_the_output_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        build(
            dir.path(),
            &[
                out("a.html", "old a"),
                out("b.html", "old b"),
                out("z.html", "z"),
            ],
        )
        .unwrap();
        let before = files(dir.path());
        let writer = StagedWriter::open(dir.path()).unwrap();
        for output in [
            out("a.html", "new a"),
            out("b.html", "new b"),
            out("m/index.html", "m"),
        ] {
            writer.put(output).unwrap();
        }
        std::fs::create_dir_all(dir.path().join("m/index.html")).unwrap();
        std::fs::write(dir.path().join("m/index.html/x"), "in the way").unwrap();
        let err = writer.commit().unwrap_err();
        let message = crate::i18n::error_chain(&err);
        assert!(message.en.contains("left as it was"), "{message:?}");
        assert!(message.zh.contains("保持原样"), "{message:?}");
        let mut after_obstacle = before;
        after_obstacle.push(("m/index.html/x".to_string(), "in the way".to_string()));
        after_obstacle.sort();
        assert_eq!(files(dir.path()), after_obstacle);
    }

    /// A folder of the user's where a page goes is found while rendering,
    /// before the commit, naming the folder and the page.
    #[test]
    fn a_user_folder_where_a_file_goes_is_found_before_the_commit() {
        let dir = tempfile::tempdir().unwrap();
        build(dir.path(), &[out("a.html", "a")]).unwrap();
        std::fs::create_dir_all(dir.path().join("m/index.html")).unwrap();
        let before = files(dir.path());
        let writer = StagedWriter::open(dir.path()).unwrap();
        let err = writer.put(out("m/index.html", "m")).unwrap_err();
        let message = crate::i18n::error_chain(&err);
        assert!(
            message.en.contains("is a folder tifa did not make")
                && message.zh.contains("不是 tifa 生成的文件夹"),
            "{message:?}"
        );
        drop(writer);
        assert_eq!(files(dir.path()), before);
    }

    /// What a killed build leaves: a journal and half the moves made. The
    /// next build undoes them before anything else.
    #[test]
    fn an_interrupted_commit_is_undone_by_the_next_build() {
        let dir = tempfile::tempdir().unwrap();
        build(
            dir.path(),
            &[
                out("a.html", "old a"),
                out("b.html", "old b"),
                out("gone.html", "g"),
            ],
        )
        .unwrap();
        let before = files(dir.path());
        let folder = Folder::new(dir.path()).unwrap();
        let staging = dir.path().join(INSIDE);
        crate::fs::write(&staging.join(STAGING_MARKER), b"").unwrap();
        crate::fs::write(&staging.join("new/a.html"), b"new a").unwrap();
        crate::fs::write(&staging.join("new/b.html"), b"new b").unwrap();
        crate::fs::write(&staging.join("new/c/index.html"), b"new c").unwrap();
        let moves = [
            Move::Put("a.html".into()),
            Move::Remove("gone.html".into()),
            Move::Put("c/index.html".into()),
            Move::Put("b.html".into()),
        ];
        write_journal(&staging, &moves).unwrap();
        for one in &moves[..3] {
            apply(&folder, &staging, one).unwrap();
        }
        // The process dies here: a.html and c/ are new, gone.html is gone.
        assert_ne!(
            files(dir.path())
                .iter()
                .filter(|(p, _)| !p.starts_with(INSIDE))
                .cloned()
                .collect::<Vec<_>>(),
            before
        );
        let writer = StagedWriter::open(dir.path()).unwrap();
        assert!(writer.recovered());
        drop(writer);
        assert_eq!(files(dir.path()), before);
    }
}
