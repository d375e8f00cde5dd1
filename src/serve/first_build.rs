//! Serving while serve's first build is still writing the site.
//!
//! serve listens, and answers, before its first build has written
//! anything: at 100,000 pages that build takes most of a minute, and the
//! home page is written within a second of the graph. Each file the first
//! build writes is reported here once it is completely written
//! ([`FirstBuild::written`]); a request for a file not written yet waits
//! for it, or for the end of the first build ([`FirstBuild::finish`]),
//! and is then answered from the folder as any request is (the file, or
//! 404). So a page is never served half written, and a page that does
//! not exist is not answered 404 before the build knows. Nothing here
//! polls: each waiting request is woken when one of its files is written.
//! After the first build this costs a request one lock and nothing else.
//! Every file of the first build is written through here
//! ([`crate::write::DirectWrites`]), which is also how it stops writing
//! when serve is stopped before it ends.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use anyhow::{Result, bail};

use rustc_hash::FxHashSet;
use tokio::sync::Notify;

/// The state of serve's first build, shared by the thread that builds
/// and the requests.
#[derive(Debug, Default)]
pub struct FirstBuild {
    state: Mutex<State>,
    /// Set when serve stops during the first build: nothing more is
    /// written. Each write holds it for reading, so once it is set no
    /// write is under way.
    stopped: RwLock<bool>,
}

#[derive(Debug, Default)]
struct State {
    running: bool,
    /// The output paths written so far (while running).
    ready: FxHashSet<String>,
    /// The requests waiting for an output path, by that path.
    waiting: HashMap<String, Vec<Arc<Notify>>>,
    /// How many requests are waiting (one may wait for several paths).
    waiters: usize,
}

impl FirstBuild {
    /// The first build is about to run: from now on, requests for files
    /// not written yet wait.
    pub fn start(&self) {
        let mut state = self.lock();
        state.running = true;
        state.ready.clear();
    }

    /// The first build has completely written the output at `path`
    /// (relative to the output folder, `/` separators).
    pub fn written(&self, path: &str) {
        let mut state = self.lock();
        if !state.running {
            return;
        }
        state.ready.insert(path.to_string());
        if let Some(waiting) = state.waiting.remove(path) {
            for request in waiting {
                request.notify_one();
            }
        }
    }

    /// serve stops: no file is written from now on, and none is being
    /// written when this returns.
    pub fn stop_writing(&self) {
        *self.stopped.write().unwrap_or_else(|e| e.into_inner()) = true;
    }

    /// Whether [`FirstBuild::stop_writing`] was called.
    pub fn has_stopped(&self) -> bool {
        *self.stopped.read().unwrap_or_else(|e| e.into_inner())
    }

    /// The first build ended (well or not): every waiting request goes on
    /// to be answered from what is in the folder now.
    pub fn finish(&self) {
        let mut state = self.lock();
        state.running = false;
        state.ready = FxHashSet::default();
        for (_, waiting) in state.waiting.drain() {
            for request in waiting {
                request.notify_one();
            }
        }
    }

    /// Whether the first build is running.
    pub fn is_running(&self) -> bool {
        self.lock().running
    }

    /// How many requests are waiting for a file right now.
    pub fn waiting(&self) -> usize {
        self.lock().waiters
    }

    /// Returns once one of `candidates` (output paths) has been written by
    /// the first build, or at once when it is not running.
    pub async fn until_written(&self, candidates: &[String]) {
        let wake = Arc::new(Notify::new());
        {
            let mut state = self.lock();
            if !state.running || candidates.iter().any(|c| state.ready.contains(c)) {
                return;
            }
            for candidate in candidates {
                let waiting = state.waiting.entry(candidate.clone()).or_default();
                waiting.push(wake.clone());
            }
            state.waiters += 1;
        }
        // Forgets this request however the wait ends (the client may go).
        let _waiter = Waiter {
            first: self,
            wake: wake.clone(),
            candidates,
        };
        // A notification sent before this await is kept as a permit.
        wake.notified().await;
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl crate::write::DirectWrites for FirstBuild {
    fn write(&self, path: &str, write: &mut dyn FnMut() -> Result<()>) -> Result<()> {
        let stopped = self.stopped.read().unwrap_or_else(|e| e.into_inner());
        if *stopped {
            bail!(crate::t!("预览已停止", "serve has stopped"));
        }
        write()?;
        drop(stopped);
        self.written(path);
        Ok(())
    }
}

/// One waiting request, taken off the lists when it is dropped.
struct Waiter<'a> {
    first: &'a FirstBuild,
    wake: Arc<Notify>,
    candidates: &'a [String],
}

impl Drop for Waiter<'_> {
    fn drop(&mut self) {
        let mut state = self.first.lock();
        state.waiters = state.waiters.saturating_sub(1);
        for candidate in self.candidates {
            if let Some(waiting) = state.waiting.get_mut(candidate) {
                waiting.retain(|w| !Arc::ptr_eq(w, &self.wake));
                if waiting.is_empty() {
                    state.waiting.remove(candidate);
                }
            }
        }
    }
}

/// The output paths a request path may be answered from: `/a/` is
/// `a/index.html`; `/a` is the file `a`, or the folder `a` (answered with
/// a redirect to `/a/` once its `index.html` is there). Percent-encoded
/// names are decoded as the file server decodes them.
pub fn candidates(request_path: &str) -> Vec<String> {
    let decoded = percent_encoding::percent_decode_str(request_path).decode_utf8_lossy();
    let path = decoded.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_string(), format!("{path}/index.html")]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready_now(future: impl std::future::Future<Output = ()>) -> bool {
        let mut future = std::pin::pin!(future);
        let waker = std::task::Waker::noop();
        let mut context = std::task::Context::from_waker(waker);
        future.as_mut().poll(&mut context).is_ready()
    }

    #[test]
    fn request_paths_name_their_files() {
        assert_eq!(candidates("/"), ["index.html"]);
        assert_eq!(candidates("/a/b/"), ["a/b/index.html"]);
        assert_eq!(
            candidates("/css/x.css"),
            ["css/x.css", "css/x.css/index.html"]
        );
        assert_eq!(
            candidates("/%E5%9B%9B/"),
            ["四/index.html"],
            "decoded like the file server"
        );
    }

    #[test]
    fn a_request_waits_for_its_file_or_the_end_of_the_build() {
        let first = FirstBuild::default();
        assert!(
            ready_now(first.until_written(&candidates("/a/"))),
            "no first build running: nothing waits"
        );
        first.start();
        let wanted = candidates("/a/");
        let mut waiting = std::pin::pin!(first.until_written(&wanted));
        assert!(!ready_now(waiting.as_mut()));
        assert_eq!(first.waiting(), 1);
        first.written("b/index.html");
        assert!(
            !ready_now(waiting.as_mut()),
            "another file does not wake it"
        );
        first.written("a/index.html");
        assert!(ready_now(waiting.as_mut()));
        assert_eq!(first.waiting(), 0);
        assert!(
            ready_now(first.until_written(&candidates("/a/"))),
            "written before the request"
        );
        let never = candidates("/never/");
        let mut never = std::pin::pin!(first.until_written(&never));
        assert!(!ready_now(never.as_mut()));
        first.finish();
        assert!(ready_now(never.as_mut()), "the end of the build wakes all");
        assert!(!first.is_running());
    }

    #[test]
    fn writes_go_through_until_serve_stops() {
        use crate::write::DirectWrites;
        let first = FirstBuild::default();
        first.start();
        let mut wrote = 0;
        first
            .write("a/index.html", &mut || {
                wrote += 1;
                Ok(())
            })
            .unwrap();
        assert!(ready_now(first.until_written(&candidates("/a/"))));
        first.stop_writing();
        let refused = first.write("b/index.html", &mut || {
            wrote += 1;
            Ok(())
        });
        assert!(refused.is_err());
        assert_eq!(wrote, 1);
    }

    #[test]
    fn a_request_that_goes_away_is_forgotten() {
        let first = FirstBuild::default();
        first.start();
        let wanted = candidates("/a");
        {
            let waiting = std::pin::pin!(first.until_written(&wanted));
            let mut waiting = waiting;
            assert!(!ready_now(waiting.as_mut()));
            assert_eq!(first.waiting(), 1);
        }
        assert_eq!(first.waiting(), 0);
        assert!(first.lock().waiting.is_empty());
    }
}
