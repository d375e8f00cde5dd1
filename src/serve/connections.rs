//! How many connections `tifa serve` holds, and for how long a client may
//! take to send a request.
//!
//! A connection that sends nothing, or its request head a byte at a time,
//! costs serve an open file. Without a limit, 1,100 of them used up the
//! 1,024 files a process may have open and serve could no longer accept
//! anyone (issue 17). So:
//!
//! - a request head must arrive within [`HEADER_TIMEOUT`] (hyper's header
//!   read timeout), for a new connection and for a kept-alive one alike;
//! - at most [`MAX_CONNECTIONS`] are open at once. When one more arrives,
//!   the oldest connection that has not yet sent a whole request head is
//!   closed to make room: a real browser sends its head at once, so the
//!   slow ones go first, and a newcomer is always answered. Connections
//!   busy with a request (a page, a live-reload event stream) are never
//!   closed; if every slot is busy, the newcomer is turned away.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;

/// How long a client has to send a whole request head.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections open at once: far more than the pages of a few browsers
/// need (six connections and an event stream each), far fewer than the
/// 1,024 open files a process is commonly allowed.
pub const MAX_CONNECTIONS: usize = 256;

/// The open connections.
pub struct Connections {
    limit: usize,
    next_id: AtomicU64,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    open: usize,
    /// Connections with no whole request head yet, oldest first.
    waiting: VecDeque<(u64, Arc<Notify>)>,
}

/// One open connection; dropping it frees its slot.
pub struct Slot {
    id: u64,
    connections: Arc<Connections>,
    /// Notified when the connection is to be closed to make room.
    pub evicted: Arc<Notify>,
}

impl Connections {
    pub fn new(limit: usize) -> Arc<Connections> {
        Arc::new(Connections {
            limit: limit.max(1),
            next_id: AtomicU64::new(0),
            state: Mutex::new(State::default()),
        })
    }

    /// A slot for a new connection, closing the oldest waiting one if
    /// every slot is taken; `None` if every slot is busy with a request.
    pub fn open(self: &Arc<Self>) -> Option<Slot> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.open >= self.limit {
            let (_, oldest) = state.waiting.pop_front()?;
            // Its slot is freed when its task drops the connection.
            oldest.notify_one();
        }
        state.open += 1;
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let evicted = Arc::new(Notify::new());
        state.waiting.push_back((id, evicted.clone()));
        Some(Slot {
            id,
            connections: self.clone(),
            evicted,
        })
    }

    /// How many connections are open.
    pub fn open_count(&self) -> usize {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).open
    }

    fn forget_waiting(&self, state: &mut State, id: u64) {
        if let Some(at) = state.waiting.iter().position(|(w, _)| *w == id) {
            state.waiting.remove(at);
        }
    }
}

impl Slot {
    /// The connection sent a whole request head: it is a real client now
    /// and is not closed to make room.
    pub fn started_request(&self) {
        let mut state = self
            .connections
            .state
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        self.connections.forget_waiting(&mut state, self.id);
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut state = self
            .connections
            .state
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        self.connections.forget_waiting(&mut state, self.id);
        state.open = state.open.saturating_sub(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_house_closes_the_oldest_waiting_connection() {
        let connections = Connections::new(2);
        let first = connections.open().unwrap();
        let second = connections.open().unwrap();
        second.started_request();
        let third = connections
            .open()
            .expect("the waiting first one makes room");
        // The first was told to go; the busy second was not.
        assert!(futures_ready(&first.evicted));
        assert!(!futures_ready(&second.evicted));
        drop(first);
        assert_eq!(connections.open_count(), 2);
        third.started_request();
        // Everyone busy: a newcomer is turned away.
        assert!(connections.open().is_none());
        drop(third);
        assert!(connections.open().is_some());
    }

    /// Whether `notify` holds a permit (was notified with no one waiting).
    fn futures_ready(notify: &Notify) -> bool {
        let notified = notify.notified();
        let mut notified = std::pin::pin!(notified);
        let waker = std::task::Waker::noop();
        let mut context = std::task::Context::from_waker(waker);
        notified.as_mut().poll(&mut context).is_ready()
    }
}
