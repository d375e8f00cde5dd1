//! What the build writes for the browser's checker (`check/`): the rule
//! data (`check/rules.json`, [`super::data::RuleData`] as it is) and the
//! sentence index of 引文核对 ([`super::quotes`]). The 校稿 page itself is an
//! ordinary page (`check.html`, rendered to `check/index.html`).
//!
//! [`build_into`] is the one hook: it is called where the site-wide files
//! are produced, beside the search index.

use crate::graph::Graph;
use crate::output::{Output, Sink};

use super::data::RuleData;

/// Where the rule data goes.
pub const RULES_PATH: &str = "check/rules.json";

/// Writes every file of the browser's checker into `sink`.
pub fn build_into(graph: &Graph, sink: &dyn Sink) -> anyhow::Result<()> {
    let data = RuleData::from_graph(graph);
    sink.put(Output {
        path: RULES_PATH.to_string(),
        bytes: serde_json::to_vec(&data)?,
    })?;
    super::quotes::build_into(graph, sink)
}

/// Whether an output path is one of the checker's data files (not the
/// 校稿 page, which is rendered like any page).
pub fn is_data_path(path: &str) -> bool {
    path.starts_with("check/") && path != "check/index.html"
}
