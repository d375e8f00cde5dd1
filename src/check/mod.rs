//! `tifa check`: lint rules for the writing itself, on top of every
//! validation a build runs.
//!
//! (Being written: see issue 7.)

use crate::diagnostic::Diagnostics;
use crate::graph::Graph;

/// Runs every lint rule over the graph.
pub fn check(_graph: &Graph) -> Diagnostics {
    Diagnostics::new()
}
