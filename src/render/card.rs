//! The hover card's data: one small JSON file per formulation.
//!
//! A linked mention (`<a class="term" href="…" data-term="…">`) carries only
//! what names its formulation. The card that opens on hover or focus
//! (`tifa.js`) fetches the rest from `card.json` beside the formulation's
//! page (`formulations/si-ge-yi-shi/card.json` for the page
//! `formulations/si-ge-yi-shi/`), so editing a formulation's wording
//! changes that file and the formulation's own pages, never the thousands
//! of pages that mention it. The format is in README.md ("Output").

use serde::Serialize;

use crate::graph::Graph;
use crate::graph::reads::{Dep, record};

/// What the hover card of a formulation shows.
#[derive(Debug, Serialize)]
pub struct Card<'a> {
    pub title: &'a str,
    /// The exact canonical wording (the title when the entry has none).
    pub full: &'a str,
    /// `current`, `adjusted` or `historical`.
    pub status: &'a str,
    /// `verbatim`, `gloss`, `pending` or `unstated` (see `wording:`).
    pub wording: &'a str,
}

/// The output path of a formulation's card: `card.json` in the folder of
/// its page.
pub fn path(graph: &Graph, formulation: usize) -> String {
    format!("{}card.json", graph.formulation_page(formulation).path)
}

/// The card of a formulation, as JSON.
pub fn json(graph: &Graph, formulation: usize) -> Vec<u8> {
    let page = graph.formulation_page(formulation);
    record(|| Dep::Content(page.doc.rel_path.clone()));
    let Some(target) = graph.terms.targets.get(formulation) else {
        return Vec::new();
    };
    let card = Card {
        title: &target.title,
        full: &target.full,
        status: or(target.status, "current"),
        wording: or(target.wording, "verbatim"),
    };
    // A struct of strings always serializes.
    serde_json::to_vec(&card).unwrap_or_default()
}

/// The term targets leave the usual value empty (a link shows nothing for
/// it); the card names it.
fn or<'a>(value: &'a str, usual: &'a str) -> &'a str {
    if value.is_empty() { usual } else { value }
}
