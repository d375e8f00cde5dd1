//! The pieces of the graph a view can read ([`Dep`]) and the recorder that
//! notes which ones it did.
//!
//! While a job renders, the view builders call [`record`] for every piece
//! they read; [`recording`] returns them. `crate::changes` keeps the
//! record of each output and fingerprints the pieces, so after a change
//! only the outputs whose pieces changed are rendered again. Because the
//! record comes from the same code that builds the views, a view that
//! starts reading something new is tracked without anyone keeping a
//! dependency list by hand. It lives here, with the graph, because the
//! graph is what is read: the views (in `render`) only report it.

use std::cell::RefCell;
use std::collections::BTreeSet;

use crate::parse::Part;

/// A piece of the graph a view reads. Keys are content paths, stable
/// across rebuilds (page ids are not).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dep {
    /// A page's own data: front matter, rendered body, place in its source.
    Content(String),
    /// What a list shows of a page: title, URL, summary, part …
    Summary(String),
    /// What a bare link to a page shows: its title, URL and kind (a
    /// formulation named beside an excerpt, a neighbour), so editing the
    /// page's text or wording leaves the pages that only link to it alone.
    Link(String),
    /// A formulation's counts, co-occurrence, verbs, sources and the first
    /// mentions of each part (what its page shows).
    Stats(String),
    /// Page `n` of a formulation's usage list of one part (`problem`, or
    /// `page` for pages that are not excerpts).
    Uses(String, String, usize),
    /// A section's own data and the pages it lists.
    Section(String),
    /// Terms of a taxonomy and the pages of each term.
    Taxonomy(String),
    /// Excerpts sharing a part and topic (topic × part lists).
    TopicBucket(Part, String),
    /// An excerpt's related excerpts (which ones, not what they show).
    Related(String),
    /// The site-wide view (`site`).
    Site,
    /// The home page's lists.
    Home,
}

thread_local! {
    static RECORDER: RefCell<Option<BTreeSet<Dep>>> = const { RefCell::new(None) };
}

/// Notes that the view being built reads `dep` (no-op unless recording).
pub fn record(dep: impl FnOnce() -> Dep) {
    RECORDER.with(|r| {
        if let Some(set) = r.borrow_mut().as_mut() {
            set.insert(dep());
        }
    });
}

/// Runs `f` and returns what it read. Rendering a job happens on one
/// thread, so a thread-local recorder sees exactly that job's reads.
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, BTreeSet<Dep>) {
    RECORDER.with(|r| *r.borrow_mut() = Some(BTreeSet::new()));
    let value = f();
    let deps = RECORDER.with(|r| r.borrow_mut().take()).unwrap_or_default();
    (value, deps)
}
