//! What a change affects: the one home of incremental rebuilding.
//!
//! - [`classify`] sorts a changed path into a [`ChangeKind`] (a content
//!   file, a template, a stylesheet, a whole folder …), with its path
//!   relative to the folder that matters.
//! - [`deps`] keeps, for every output, the pieces of the graph it was made
//!   from (recorded while it rendered, see [`crate::graph::reads`]) and
//!   fingerprints those pieces.
//! - [`plan`] turns both into the jobs to render again: a job whose pieces
//!   have new fingerprints, or whose template changed, or that is new.
//!
//! `tifa build` plans "everything" and never asks; `tifa serve` asks after
//! every save. Both then run the same render loop (`crate::pipeline`).

pub mod deps;
pub mod plan;

use std::path::{Path, PathBuf};

/// What kind of file changed, as far as rebuilding is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChangeKind {
    /// `config.toml`: everything is read again.
    Config,
    /// A Markdown file under `content/`.
    Content,
    /// Anything else under `content/`: an asset, or a folder that came,
    /// went or moved (which one, only what was there before can tell).
    ContentOther,
    /// A template of the theme or the site.
    Template,
    /// A stylesheet (theme or `static/`): the browser swaps it, no reload.
    Stylesheet,
    /// Any other static file.
    Asset,
    /// A watched folder itself (`content/`, `templates/`, `static/`,
    /// `themes/` or a theme's folder) was created, removed or replaced:
    /// events for the files in it may never come, so all is read again.
    Folder,
}

/// One changed path: its kind, and its path relative to the folder that
/// matters (content path for content, template name for templates,
/// output path for static files, the folder for folders).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Change {
    pub kind: ChangeKind,
    pub rel: String,
}

/// Sorts a changed path (absolute, or relative to `root`) into what it
/// affects. Editor leftovers, `.git`, anything else at the root and
/// anything inside an output folder are ignored (None).
pub fn classify(root: &Path, outputs: &[PathBuf], path: &Path) -> Option<Change> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        root.join(path)
    };
    if outputs.iter().any(|out| absolute.starts_with(out)) {
        return None;
    }
    let rel = absolute.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.iter().any(|p| crate::load::is_ignored_name(p)) {
        return None;
    }
    let change = |kind, from: usize| {
        Some(Change {
            kind,
            rel: parts[from..].join("/"),
        })
    };
    let static_kind = |parts: &[String]| {
        if parts.last().is_some_and(|name| name.ends_with(".css")) {
            ChangeKind::Stylesheet
        } else {
            ChangeKind::Asset
        }
    };
    match (parts.first().map(String::as_str)?, parts.len()) {
        ("config.toml", 1) => change(ChangeKind::Config, 0),
        ("content" | "templates" | "static" | "themes", 1) => change(ChangeKind::Folder, 0),
        ("content", _) if parts[parts.len() - 1].ends_with(".md") => change(ChangeKind::Content, 1),
        ("content", _) => change(ChangeKind::ContentOther, 1),
        ("templates", _) => change(ChangeKind::Template, 1),
        ("static", _) => change(static_kind(&parts), 1),
        ("themes", 2) => change(ChangeKind::Folder, 0),
        ("themes", 3) if parts[2] == "templates" || parts[2] == "static" => {
            change(ChangeKind::Folder, 0)
        }
        ("themes", _) if parts[2] == "templates" => change(ChangeKind::Template, 3),
        ("themes", _) if parts[2] == "static" => change(static_kind(&parts), 3),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_paths_are_classified() {
        let root = Path::new("/kb");
        let outputs = [PathBuf::from("/kb/public"), PathBuf::from("/tmp/serve")];
        let table: &[(&str, Option<(ChangeKind, &str)>)] = &[
            ("/kb/config.toml", Some((ChangeKind::Config, "config.toml"))),
            ("config.toml", Some((ChangeKind::Config, "config.toml"))),
            (
                "/kb/content/formulations/四个意识.md",
                Some((ChangeKind::Content, "formulations/四个意识.md")),
            ),
            (
                "/kb/content/_index.md",
                Some((ChangeKind::Content, "_index.md")),
            ),
            (
                "/kb/content/excerpts/2023.05",
                Some((ChangeKind::ContentOther, "excerpts/2023.05")),
            ),
            (
                "/kb/content/guide/图.png",
                Some((ChangeKind::ContentOther, "guide/图.png")),
            ),
            ("/kb/content", Some((ChangeKind::Folder, "content"))),
            ("/kb/templates", Some((ChangeKind::Folder, "templates"))),
            ("/kb/static", Some((ChangeKind::Folder, "static"))),
            ("/kb/themes", Some((ChangeKind::Folder, "themes"))),
            ("/kb/themes/mine", Some((ChangeKind::Folder, "themes/mine"))),
            (
                "/kb/themes/mine/templates",
                Some((ChangeKind::Folder, "themes/mine/templates")),
            ),
            (
                "/kb/templates/page.html",
                Some((ChangeKind::Template, "page.html")),
            ),
            (
                "/kb/templates/partials/nav.html",
                Some((ChangeKind::Template, "partials/nav.html")),
            ),
            (
                "/kb/themes/mine/templates/base.html",
                Some((ChangeKind::Template, "base.html")),
            ),
            (
                "/kb/static/style.css",
                Some((ChangeKind::Stylesheet, "style.css")),
            ),
            (
                "/kb/static/img/logo.png",
                Some((ChangeKind::Asset, "img/logo.png")),
            ),
            (
                "/kb/themes/mine/static/site.css",
                Some((ChangeKind::Stylesheet, "site.css")),
            ),
            (
                "/kb/themes/mine/static/a.js",
                Some((ChangeKind::Asset, "a.js")),
            ),
            ("/kb/themes/mine/README.md", None),
            ("/kb/content/.四个意识.md.swp", None),
            ("/kb/content/a.md~", None),
            ("/kb/content/#a.md#", None),
            ("/kb/.git/index", None),
            ("/kb/public/index.html", None),
            ("/tmp/serve/index.html", None),
            ("/kb/notes.txt", None),
            ("/kb", None),
            ("/elsewhere/content/a.md", None),
        ];
        for (path, expected) in table {
            let got = classify(root, &outputs, Path::new(path)).map(|c| (c.kind, c.rel));
            let expected = expected.map(|(kind, rel)| (kind, rel.to_string()));
            assert_eq!(got, expected, "{path}");
        }
    }
}
