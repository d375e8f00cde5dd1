//! Watching the knowledge base with `notify`, debounced, and feeding the
//! engine. Editors save in many ways (write in place, write a temporary file
//! and rename it over the original, keep swap and backup files, save in
//! bursts); the debouncer folds each burst into one set of paths, and
//! [`super::engine::classify`] drops the files that are not content.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use notify_debouncer_full::notify::RecursiveMode;
use notify_debouncer_full::notify::event::{EventKind, ModifyKind};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use super::Shared;
use super::engine::Engine;

/// How long the watcher waits for a burst of saves to settle.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// A running watcher; dropping it stops watching.
pub struct Watching {
    _debouncer: Box<dyn std::any::Any + Send>,
}

/// Starts watching `root` (content, templates, static, themes, config) and
/// rebuilding with `engine` on a thread of its own.
pub fn start(root: &Path, out: &Path, mut engine: Engine, shared: Arc<Shared>) -> Result<Watching> {
    let (sender, receiver) = std::sync::mpsc::channel::<Message>();
    let files = sender.clone();
    let mut debouncer = new_debouncer(
        DEBOUNCE,
        Some(Duration::from_millis(5)),
        move |result: DebounceEventResult| {
            if let Ok(events) = result {
                let paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| is_change(&e.event.kind))
                    .flat_map(|e| e.event.paths)
                    .collect();
                if !paths.is_empty() {
                    let _ = files.send(Message::Files(paths));
                }
            }
        },
    )
    .context("cannot start watching files")?;
    for folder in ["content", "templates", "static", "themes"] {
        let path = root.join(folder);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .with_context(|| format!("cannot watch {}", path.display()))?;
        }
    }
    // The config file is watched through its folder, non-recursively, so a
    // write-then-rename save of config.toml is seen too.
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .with_context(|| format!("cannot watch {}", root.display()))?;
    let root = root.to_path_buf();
    let out = out.to_path_buf();
    std::thread::spawn(move || {
        let mut building = false;
        start_site_files(&engine, &sender, &mut building);
        while let Ok(message) = receiver.recv() {
            match message {
                Message::Files(mut paths) => {
                    // Take the other files that arrived meanwhile: one rebuild
                    // per burst. Site-wide files among them are out of date.
                    while let Ok(more) = receiver.try_recv() {
                        match more {
                            Message::Files(more) => paths.extend(more),
                            Message::SiteFiles(..) => building = false,
                        }
                    }
                    paths.retain(|p| super::engine::classify(&root, &out, p).is_some());
                    if paths.is_empty() {
                        continue;
                    }
                    let rebuild = engine.rebuild(&paths);
                    super::report(&rebuild, &shared);
                }
                Message::SiteFiles(generation, outputs) => {
                    building = false;
                    if let Err(e) = engine.apply_site_files(generation, &outputs) {
                        eprintln!("site-wide files: {e:#}");
                    }
                }
            }
            start_site_files(&engine, &sender, &mut building);
        }
    });
    Ok(Watching {
        _debouncer: Box::new(debouncer),
    })
}

/// What the rebuild thread waits for.
enum Message {
    Files(Vec<PathBuf>),
    /// Site-wide files (search index, sitemap …) built on another thread,
    /// for a generation of content.
    SiteFiles(u64, Vec<crate::render::Output>),
}

/// Builds the site-wide files on a thread of their own when they are out
/// of date, one build at a time, so no edit waits for them.
fn start_site_files(
    engine: &Engine,
    sender: &std::sync::mpsc::Sender<Message>,
    building: &mut bool,
) {
    if *building {
        return;
    }
    if let Some((generation, graph)) = engine.site_files_snapshot() {
        *building = true;
        let sender = sender.clone();
        std::thread::spawn(move || {
            let outputs = super::engine::build_site_files(&graph);
            let _ = sender.send(Message::SiteFiles(generation, outputs));
        });
    }
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
