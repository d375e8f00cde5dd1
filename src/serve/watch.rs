//! Watching the knowledge base with `notify`, debounced, and feeding the
//! engine. Editors save in many ways (write in place, write a temporary file
//! and rename it over the original, keep swap and backup files, save in
//! bursts); the debouncer folds each burst into one set of paths, and
//! the engine drops the files that are not sources.
//!
//! Whole folders come and go too: `templates/` made after serve started,
//! `content/` replaced by another folder (a watch follows the folder it
//! was put on, wherever it moves), serve's own output folder deleted.
//! Each of those re-establishes the watches and reads everything again.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify_debouncer_full::notify::event::{EventKind, ModifyKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::Shared;
use super::engine::Engine;
use crate::changes::ChangeKind;
use crate::t;
use crate::write::Through;

/// How long the watcher waits for a burst of saves to settle.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// The folders of a knowledge base watched recursively.
const WATCHED: [&str; 4] = ["content", "templates", "static", "themes"];

type Watcher = Debouncer<RecommendedWatcher, RecommendedCache>;

/// A running watcher; dropping it stops watching, waits for the rebuild
/// under way, and drops the engine (and with it serve's private folder).
pub struct Watching {
    stop: Sender<Message>,
    thread: Option<std::thread::JoinHandle<()>>,
    _watcher: Arc<Mutex<Watcher>>,
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.stop.send(Message::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// What the rebuild thread waits for.
enum Message {
    /// Changed paths, and when the first event of their burst happened.
    Files(Vec<PathBuf>, Instant),
    /// Site-wide files (search index, sitemap …) built on another thread,
    /// for a generation of content.
    SiteFiles(u64, crate::write::Batch),
    Stop,
}

/// Starts watching `root` (content, templates, static, themes, config, and
/// the engine's output folder) and rebuilding with `engine` on a thread of
/// its own, which first runs the engine's first build if it is still to
/// run (edits saved meanwhile are rebuilt after it).
pub fn start(root: &Path, engine: Engine, shared: Arc<Shared>) -> Result<Watching> {
    let (sender, receiver) = std::sync::mpsc::channel::<Message>();
    let files = sender.clone();
    let debouncer = new_debouncer(
        DEBOUNCE,
        Some(Duration::from_millis(5)),
        move |result: DebounceEventResult| {
            if let Ok(events) = result {
                let changes: Vec<_> = events
                    .into_iter()
                    .filter(|e| is_change(&e.event.kind))
                    .collect();
                let first = changes.iter().map(|e| e.time).min();
                let paths: Vec<PathBuf> = changes.into_iter().flat_map(|e| e.event.paths).collect();
                if let Some(first) = first
                    && !paths.is_empty()
                {
                    let _ = files.send(Message::Files(paths, first));
                }
            }
        },
    )
    .with_context(|| t!("无法开始监视文件", "cannot start watching files"))?;
    let watcher = Arc::new(Mutex::new(debouncer));
    let mut watches = Watches {
        root: root.to_path_buf(),
        watcher: watcher.clone(),
        output: None,
    };
    // Watching before this returns: an edit made right after is seen.
    watches.renew(engine.output_dir());
    let stop = sender.clone();
    let thread =
        std::thread::spawn(move || rebuild_loop(engine, watches, shared, sender, receiver));
    Ok(Watching {
        stop,
        thread: Some(thread),
        _watcher: watcher,
    })
}

/// The watches of one knowledge base.
struct Watches {
    root: PathBuf,
    watcher: Arc<Mutex<Watcher>>,
    /// The folder holding the output folder, watched for its deletion.
    output: Option<PathBuf>,
}

impl Watches {
    /// Watches (again) every source folder that exists, the root (for
    /// config.toml and folders made later) and the output's folder.
    fn renew(&mut self, output: &Path) {
        let mut watcher = self.watcher.lock().unwrap_or_else(|e| e.into_inner());
        for folder in WATCHED {
            let path = self.root.join(folder);
            let _ = watcher.unwatch(&path);
            if path.is_dir()
                && let Err(e) = watcher.watch(&path, RecursiveMode::Recursive)
            {
                let path = path.display();
                eprintln!("{}", t!("无法监视 {path}：{e}", "cannot watch {path}: {e}"));
            }
        }
        // The config file is watched through its folder, non-recursively, so a
        // write-then-rename save of config.toml is seen too.
        let _ = watcher.unwatch(&self.root);
        if let Err(e) = watcher.watch(&self.root, RecursiveMode::NonRecursive) {
            let root = self.root.display();
            eprintln!("{}", t!("无法监视 {root}：{e}", "cannot watch {root}: {e}"));
        }
        let holder = output.parent().map(Path::to_path_buf);
        if holder != self.output {
            if let Some(old) = self.output.take() {
                let _ = watcher.unwatch(&old);
            }
            if let Some(holder) = holder
                && watcher.watch(&holder, RecursiveMode::NonRecursive).is_ok()
            {
                self.output = Some(holder);
            }
        }
    }
}

fn rebuild_loop(
    mut engine: Engine,
    mut watches: Watches,
    shared: Arc<Shared>,
    sender: Sender<Message>,
    receiver: Receiver<Message>,
) {
    if engine.needs_first_build() {
        first_build(&mut engine, &shared);
    }
    let mut building = false;
    start_site_files(&engine, &shared, &sender, &mut building);
    while let Ok(message) = receiver.recv() {
        match message {
            Message::Stop => return,
            Message::Files(mut paths, mut first) => {
                // Take the other files that arrived meanwhile: one rebuild
                // per burst. Site-wide files among them are out of date.
                while let Ok(more) = receiver.try_recv() {
                    match more {
                        Message::Files(more, seen) => {
                            paths.extend(more);
                            first = first.min(seen);
                        }
                        Message::SiteFiles(..) => building = false,
                        Message::Stop => return,
                    }
                }
                paths.retain(|p| engine.wants(p));
                if paths.is_empty() {
                    continue;
                }
                if paths.iter().any(|p| is_whole_folder(&engine, p)) {
                    watches.renew(engine.output_dir());
                }
                // From the first event to here: the debouncer's wait and
                // whatever this thread was doing (shown with the phases).
                let waited = first.elapsed();
                let mut rebuild = engine.rebuild(&paths);
                rebuild.phases.insert(0, ("wait", waited));
                shared.set_output(engine.output_dir());
                watches.renew_output(engine.output_dir());
                super::report(&rebuild, &shared);
            }
            Message::SiteFiles(generation, batch) => {
                building = false;
                if let Err(e) = engine.apply_site_files(generation, batch) {
                    eprintln!("{}", t!("全站文件：{e:#}", "site-wide files: {e:#}"));
                }
            }
        }
        start_site_files(&engine, &shared, &sender, &mut building);
    }
}

/// Runs the engine's first build, writing through the server's
/// [`FirstBuild`](super::first_build::FirstBuild) (a request waits for its
/// file), then lets every request still waiting go on.
fn first_build(engine: &mut Engine, shared: &Arc<Shared>) {
    let first = engine.first_build(Some(Through(shared.first_build.clone())));
    shared.set_output(engine.output_dir());
    // The error first, so a page released now connects to its overlay.
    super::report_first(&first, shared);
    shared.first_build.finish();
}

impl Watches {
    /// Follows the output folder when the engine made a new one.
    fn renew_output(&mut self, output: &Path) {
        if output.parent().map(Path::to_path_buf) != self.output {
            self.renew(output);
        }
    }
}

/// Whether a path is a watched folder itself, or serve's output.
fn is_whole_folder(engine: &Engine, path: &Path) -> bool {
    let out = engine.output_dir();
    path == out
        || Some(path) == out.parent()
        || engine
            .classify_path(path)
            .is_some_and(|c| c.kind == ChangeKind::Folder)
}

/// Builds the site-wide files on a thread of their own when they are out
/// of date, one build at a time, so no edit waits for them. Their direct
/// writes go through the first build's gate, which serve closes before it
/// removes its folder: a write after that made the folder again.
fn start_site_files(
    engine: &Engine,
    shared: &Shared,
    sender: &Sender<Message>,
    building: &mut bool,
) {
    if *building {
        return;
    }
    if let Some((generation, graph)) = engine.site_files_snapshot() {
        *building = true;
        let sender = sender.clone();
        let batch = engine
            .batch()
            .through(Some(Through(shared.first_build.clone())));
        let stopping = shared.first_build.clone();
        std::thread::spawn(move || {
            // A failed build is not applied (a generation no run has). It
            // runs on a pool of its own: on rayon's global pool an edit's
            // few pages queued behind the search index's work for seconds.
            let built = match site_files_pool() {
                Some(pool) => pool.install(|| super::engine::site_files(&graph, &batch)),
                None => super::engine::site_files(&graph, &batch),
            };
            let generation = match built {
                Ok(()) => generation,
                Err(e) => {
                    if !stopping.has_stopped() {
                        eprintln!("{}", t!("全站文件：{e:#}", "site-wide files: {e:#}"));
                    }
                    u64::MAX
                }
            };
            let _ = sender.send(Message::SiteFiles(generation, batch));
        });
    }
}

/// The threads the site-wide files are built on, beside (not among) the
/// ones that render an edit: one thread, so at most one core is lent to
/// them while the author edits, and at a lower priority, so an edit made
/// while the search index is being built (seconds at 100,000 pages) takes
/// the cores it needs instead of sharing them. None if no thread could be
/// made (then the global pool is used).
fn site_files_pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "tifa-site-files".to_string())
            .start_handler(|_| lower_priority())
            .build()
            .ok()
    })
    .as_ref()
}

/// The nice value of the site-wide files thread: the rebuild's threads
/// (nice 0) get about nine tenths of a core they share with it.
pub const SITE_FILES_NICE: i32 = 10;

/// Lowers the calling thread's priority to [`SITE_FILES_NICE`] (on Linux,
/// a nice value is a thread's own; `None` is the calling thread). If the
/// system refuses, the thread runs at the normal priority.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(None, SITE_FILES_NICE);
}

/// Events that change a file's content or existence. Reads (access events)
/// are ignored: the rebuild itself reads files, and would trigger itself.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Other | EventKind::Any => false,
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// serve closes the gate, then removes its folder; site-wide files
    /// still being built then are not written, so the folder stays gone.
    #[test]
    fn site_files_built_after_serve_stops_do_not_make_its_folder_again() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let holder = tempfile::tempdir().unwrap();
        let out = holder.path().join("site");
        let options = crate::BuildOptions {
            root: root.clone(),
            ..Default::default()
        };
        let (engine, first) = Engine::new(&root, &out, options).unwrap();
        assert!(!first.failed(), "{:?}", first.diagnostics);
        let shared = Arc::new(Shared::new(&out));
        shared.first_build.stop_writing();
        std::fs::remove_dir_all(&out).unwrap();

        let (sender, receiver) = std::sync::mpsc::channel();
        let mut building = false;
        start_site_files(&engine, &shared, &sender, &mut building);
        assert!(building, "the site-wide files were out of date");
        match receiver.recv_timeout(Duration::from_secs(60)) {
            Ok(Message::SiteFiles(generation, _)) => {
                assert_eq!(generation, u64::MAX, "the build reported success")
            }
            _ => panic!("no site-wide files message"),
        }
        assert!(!out.exists(), "the removed folder was made again");
    }

    #[test]
    fn site_files_are_built_below_the_priority_of_rebuilds() {
        let pool = site_files_pool().expect("the site-wide files pool");
        let nice = pool
            .install(|| rustix::process::getpriority_process(None))
            .unwrap();
        assert!(nice >= SITE_FILES_NICE, "the thread runs at nice {nice}");
    }
}
