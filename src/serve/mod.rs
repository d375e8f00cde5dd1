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
pub mod first_build;
pub mod server;
pub mod watch;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::BuildOptions;
use crate::t;
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
    /// The build is broken; `message` is the diagnostics, rustc style,
    /// and `title` says so above them (both in the run's language).
    Error { title: String, message: String },
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
    /// Requests made while the first build writes the site wait here for
    /// their file.
    pub first_build: Arc<first_build::FirstBuild>,
}

impl Shared {
    pub fn new(output: &Path) -> Shared {
        let (notices, _) = tokio::sync::broadcast::channel(64);
        Shared {
            notices,
            error: Mutex::new(None),
            output: RwLock::new(output.to_path_buf()),
            hosts: server::Hosts::default(),
            first_build: Arc::default(),
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
    let engine = Engine::in_private_folder(&root, build)?;
    let out = engine.output_dir().to_path_buf();
    let shared = Arc::new(Shared::new(&out).answering(server::Hosts::for_interface(address.ip())));
    // Requests wait for their file from now until the first build, run by
    // the watcher's thread, has written it.
    shared.first_build.start();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .with_context(|| {
            t!(
                "无法启动 HTTP 服务器的运行时",
                "cannot start the HTTP server runtime"
            )
        })?;
    let (root_shown, out_shown) = (root.display(), out.display());
    eprintln!(
        "{}",
        t!(
            "正在 {base_url} 预览 {root_shown}（按 Ctrl+C 停止；文件在 {out_shown}）",
            "serving {root_shown} at {base_url} (Ctrl+C to stop; files in {out_shown})"
        )
    );
    eprintln!(
        "{}",
        t!(
            "首次构建进行中：每个页面一写好就可以打开，还没写好的页面会等它写好再显示；构建完成后在这里报告",
            "first build under way: each page can be opened as soon as it is written (a page not written yet is shown once it is); the report follows here when it ends"
        )
    );
    let watching = watch::start(&root, engine, shared.clone())?;
    if options.open {
        open_browser(&base_url);
    }
    let served = runtime.block_on(server::run(listener, shared.clone()));
    if shared.first_build.is_running() {
        // Stopped during the first build, which cannot be cut short: it
        // writes nothing more, its folder goes now, and serve ends without
        // waiting for it.
        shared.first_build.stop_writing();
        if let Some(private) = out.parent() {
            let _ = std::fs::remove_dir_all(private);
        }
        std::mem::forget(watching);
        return Ok(served?);
    }
    // Stopped: the engine, and with it the private folder, goes now. The
    // site-wide files may still be building on their own thread: their
    // writes are refused first, or one would make the folder again.
    shared.first_build.stop_writing();
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
    builder.tempdir().with_context(|| {
        t!(
            "无法在临时文件夹下为预览的网站建一个私用文件夹",
            "cannot create a private folder for the served site under the temp folder"
        )
    })
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
    let failed = t!(
        "构建失败：请修正上面的文件；现在预览的仍是上次成功构建的网站",
        "build failed: fix the file above; the last good site is still served"
    );
    tell(rebuild, notice_for(rebuild), shared, failed, || {
        if rebuild.changed.is_empty() {
            return None;
        }
        let phases = crate::commands::phase_times(&rebuild.phases);
        let elapsed = rebuild.elapsed;
        let (rendered, changed) = (rebuild.rendered_jobs, rebuild.changed.len());
        Some(t!(
            "用 {elapsed:.0?} 重新构建（{phases}）：渲染了 {rendered} 个页面，{changed} 个文件有变化",
            "rebuilt in {elapsed:.0?} ({phases}): {rendered} page(s) rendered, {changed} file(s) changed"
        ))
    });
}

/// Prints the first build to the terminal. Pages opened while it ran
/// showed files it had written whole, which it does not change again: they
/// are not told to reload (no page shows an error yet), only shown the
/// error if it failed.
pub fn report_first(first: &Rebuild, shared: &Shared) {
    let failed = t!(
        "首次构建失败：请修正上面的文件，保存后会自动重新构建；已经写好的页面仍可打开，页面上会显示这个错误",
        "first build failed: fix the file above (serve rebuilds when it is saved); the pages already written can be opened and show the error"
    );
    let error = notice_for(first).filter(|_| first.failed());
    tell(first, error, shared, failed, || {
        let phases = crate::commands::phase_times(&first.phases);
        let elapsed = first.elapsed;
        let (rendered, written) = (first.rendered_jobs, first.changed.len());
        Some(t!(
            "首次构建用时 {elapsed:.0?}（{phases}）：渲染了 {rendered} 个页面，写了 {written} 个文件",
            "first build done in {elapsed:.0?} ({phases}): {rendered} page(s) rendered, {written} file(s) written"
        ))
    });
}

/// Prints a run's diagnostics and what became of it (`failed`, or what
/// `done` says when it says anything), and tells the pages `notice` ("ok"
/// only to pages that were showing an error).
fn tell(
    rebuild: &Rebuild,
    mut notice: Option<Notice>,
    shared: &Shared,
    failed: crate::i18n::Text,
    done: impl FnOnce() -> Option<crate::i18n::Text>,
) {
    for d in rebuild.diagnostics.iter() {
        eprintln!("{}", d.to_human());
    }
    let mut error = shared.error.lock().unwrap_or_else(|e| e.into_inner());
    match &notice {
        Some(Notice::Error { message, .. }) => *error = Some(message.clone()),
        // "ok" only matters to pages showing an error.
        Some(Notice::Ok) if error.take().is_none() => notice = None,
        _ => *error = None,
    }
    drop(error);
    if rebuild.failed() {
        eprintln!("{failed}");
    } else if let Some(done) = done() {
        eprintln!("{done}");
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
        return Some(error_notice(message));
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

/// The notice of a broken build, with the overlay's title in the run's
/// language (the page shows it above the diagnostics).
pub fn error_notice(message: String) -> Notice {
    let title = t!(
        "构建失败：修正文件后将自动刷新（以下为上次成功构建的页面）",
        "Build failed: the page reloads when the file is fixed (below is the last good build)"
    );
    Notice::Error {
        title: title.to_string(),
        message,
    }
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
        eprintln!(
            "{}",
            t!(
                "无法打开浏览器；请自己打开 {url}",
                "could not open a browser; open {url} yourself"
            )
        );
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
            .push(crate::Diagnostic::error("x", "content/a.md", t!("坏了", "bad")).at(2, 3));
        let notice = crate::i18n::with_lang(crate::i18n::Lang::En, || notice_for(&rebuild));
        assert!(
            matches!(&notice, Some(Notice::Error { message, title }) if message.contains("content/a.md:2:3") && title.starts_with("Build failed")),
            "{notice:?}"
        );
        let notice = crate::i18n::with_lang(crate::i18n::Lang::Zh, || notice_for(&rebuild));
        assert!(
            matches!(&notice, Some(Notice::Error { message, title }) if message.contains("错误[x]：坏了") && title.starts_with("构建失败")),
            "{notice:?}"
        );
    }
}
