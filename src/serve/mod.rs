//! `tifa serve`: build, serve, watch, rebuild what changed, reload the browser.
//!
//! serve = watch → classify → incremental rebuild ([`engine`]) → notify.
//! Pages get a small live-reload script (only here, never in `tifa build`
//! output) that listens on Server-Sent Events: it reloads when its own page
//! changed, swaps stylesheets when only CSS changed, and shows an overlay
//! with the error when an edit broke the build, while the server keeps
//! serving the last good site.

pub mod connections;
pub mod engine;
pub mod server;
pub mod watch;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::BuildOptions;
use engine::{Engine, Rebuild};

/// Options of `tifa serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub interface: String,
    pub port: u16,
    pub drafts: bool,
    pub open: bool,
}

/// A message to open pages, sent as one SSE event.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Notice {
    /// These URL paths changed: a page showing one of them reloads.
    Reload { paths: Vec<String> },
    /// Only stylesheets changed.
    Css,
    /// The build is broken; `message` is the diagnostics, rustc style.
    Error { message: String },
    /// The build works again (clears the overlay).
    Ok,
}

/// Shared between the watcher and the HTTP server.
pub struct Shared {
    pub notices: tokio::sync::broadcast::Sender<Notice>,
    /// The current error, shown to pages that connect while it lasts.
    pub error: Mutex<Option<String>>,
    /// The folder served (it changes if serve had to make a new one).
    output: RwLock<PathBuf>,
    /// The host names requests are answered for.
    pub hosts: server::Hosts,
}

impl Shared {
    pub fn new(output: &Path) -> Shared {
        let (notices, _) = tokio::sync::broadcast::channel(64);
        Shared {
            notices,
            error: Mutex::new(None),
            output: RwLock::new(output.to_path_buf()),
            hosts: server::Hosts::default(),
        }
    }

    /// The same, answering requests for `hosts`.
    pub fn answering(self, hosts: server::Hosts) -> Shared {
        Shared { hosts, ..self }
    }

    pub fn output(&self) -> PathBuf {
        self.output
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn set_output(&self, output: &Path) {
        let mut current = self.output.write().unwrap_or_else(|e| e.into_inner());
        if current.as_path() != output {
            *current = output.to_path_buf();
        }
    }
}

/// Runs `tifa serve` until Ctrl+C or SIGTERM.
pub fn serve(options: ServeOptions) -> Result<(), crate::Error> {
    let root = crate::fs::absolute(&options.root);
    crate::commands::require_root(&root)?;
    // Listen first: a second `tifa serve` on the same port stops here,
    // before it has built or written anything.
    let address = server::address(&options.interface, options.port)?;
    let listener = server::bind(address)?;
    // `--port 0` lets the system pick a free port: announce that one.
    let port = listener.local_addr().map_or(options.port, |a| a.port());
    let base_url = format!("http://{}:{port}/", url_host(&options.interface));
    let build = BuildOptions {
        root: root.clone(),
        output_dir: None,
        base_url: Some(base_url.clone()),
        drafts: options.drafts,
        force: false,
        render: engine::serve_render_options(),
    };
    let (engine, first) = Engine::in_private_folder(&root, build)?;
    let out = engine.output_dir().to_path_buf();
    let shared = Arc::new(Shared::new(&out).answering(server::Hosts::for_interface(address.ip())));
    report(&first, &shared);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the HTTP server runtime")?;
    let watching = watch::start(&root, engine, shared.clone())?;
    eprintln!(
        "serving {root} at {base_url} (Ctrl+C to stop; files in {out})",
        root = root.display(),
        out = out.display()
    );
    if options.open {
        open_browser(&base_url);
    }
    let served = runtime.block_on(server::run(listener, shared));
    // Stopped: the engine, and with it the private folder, goes now.
    drop(watching);
    Ok(served?)
}

/// Where serve writes: a folder of its own, new for every run, that only
/// this user can enter (mode 0700, a name no one can guess), under the
/// system's temp folder. A fixed name there could be planted by another
/// user with a manifest and links that made serve delete or overwrite
/// files outside it; and a second `tifa serve` of the same knowledge base
/// must not touch the first one's files. A `public/` built for the
/// intranet server is never touched either.
pub fn private_folder() -> Result<tempfile::TempDir> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("tifa-serve-");
    // Made with these bits (never widened later), so no one else can
    // enter it even for a moment.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    builder
        .tempdir()
        .context("cannot create a private folder for the served site under the temp folder")
}

fn url_host(interface: &str) -> String {
    if interface.contains(':') {
        format!("[{interface}]")
    } else {
        interface.to_string()
    }
}

/// Prints a rebuild to the terminal and tells the pages.
pub fn report(rebuild: &Rebuild, shared: &Shared) {
    for d in rebuild.diagnostics.iter() {
        eprintln!("{}", d.to_human());
    }
    let mut notice = notice_for(rebuild);
    let mut error = shared.error.lock().unwrap_or_else(|e| e.into_inner());
    match &notice {
        Some(Notice::Error { message }) => *error = Some(message.clone()),
        // "ok" only matters to pages showing an error.
        Some(Notice::Ok) if error.take().is_none() => notice = None,
        _ => *error = None,
    }
    if rebuild.failed() {
        eprintln!("build failed: fix the file above; the last good site is still served");
    } else if !rebuild.changed.is_empty() {
        let phases: Vec<String> = rebuild
            .phases
            .iter()
            .map(|(name, t)| format!("{name} {t:.0?}"))
            .collect();
        eprintln!(
            "rebuilt in {:.0?} ({}): {} page(s) rendered, {} file(s) changed",
            rebuild.elapsed,
            phases.join(", "),
            rebuild.rendered_jobs,
            rebuild.changed.len()
        );
    }
    if let Some(notice) = notice {
        let _ = shared.notices.send(notice);
    }
}

/// What the pages are told after a rebuild.
pub fn notice_for(rebuild: &Rebuild) -> Option<Notice> {
    if rebuild.failed() {
        let message: String = rebuild
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_human())
            .collect();
        return Some(Notice::Error { message });
    }
    if rebuild.changed.is_empty() {
        return Some(Notice::Ok);
    }
    if rebuild.changed.iter().all(|p| p.ends_with(".css")) {
        return Some(Notice::Css);
    }
    Some(Notice::Reload {
        paths: rebuild.changed.iter().map(|p| url_path(p)).collect(),
    })
}

/// The URL path of an output file (`a/index.html` → `/a/`).
pub fn url_path(output: &str) -> String {
    match output.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{output}"),
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_follow_the_rebuild() {
        let mut rebuild = Rebuild {
            changed: vec!["style.css".into()],
            ..Rebuild::default()
        };
        assert_eq!(notice_for(&rebuild), Some(Notice::Css));
        rebuild.changed.push("a/b/index.html".into());
        assert_eq!(
            notice_for(&rebuild),
            Some(Notice::Reload {
                paths: vec!["/style.css".into(), "/a/b/".into()]
            })
        );
        rebuild
            .diagnostics
            .push(crate::Diagnostic::error("x", "content/a.md", "bad").at(2, 3));
        assert!(
            matches!(notice_for(&rebuild), Some(Notice::Error { message }) if message.contains("content/a.md:2:3"))
        );
    }
}
