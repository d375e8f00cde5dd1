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
pub const DEBOUNCE: Duration = Duration::from_millis(30);

/// A running watcher; dropping it stops watching.
pub struct Watching {
    _debouncer: Box<dyn std::any::Any + Send>,
}

/// Starts watching `root` (content, templates, static, themes, config) and
/// rebuilding with `engine` on a thread of its own.
pub fn start(root: &Path, out: &Path, mut engine: Engine, shared: Arc<Shared>) -> Result<Watching> {
    let (sender, receiver) = std::sync::mpsc::channel::<Vec<PathBuf>>();
    let mut debouncer = new_debouncer(
        DEBOUNCE,
        Some(Duration::from_millis(10)),
        move |result: DebounceEventResult| {
            if let Ok(events) = result {
                let paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| is_change(&e.event.kind))
                    .flat_map(|e| e.event.paths)
                    .collect();
                if !paths.is_empty() {
                    let _ = sender.send(paths);
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
        while let Ok(mut paths) = receiver.recv() {
            // Take whatever else arrived meanwhile: one rebuild per burst.
            while let Ok(more) = receiver.try_recv() {
                paths.extend(more);
            }
            paths.retain(|p| super::engine::classify(&root, &out, p).is_some());
            if paths.is_empty() {
                continue;
            }
            let rebuild = engine.rebuild(&paths);
            super::report(&rebuild, &shared);
            if !rebuild.failed() {
                match engine.update_search() {
                    Ok(_) => {}
                    Err(e) => eprintln!("search index: {e:#}"),
                }
            }
        }
    });
    Ok(Watching {
        _debouncer: Box::new(debouncer),
    })
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
