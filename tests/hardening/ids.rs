//! HTML ids: no heading or footnote id collides with the theme or another.

use super::*;

/// Every id on a page, with the duplicates.
fn duplicate_ids(html: &Html) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    select(html, "[id]")
        .iter()
        .filter_map(|e| e.value().attr("id"))
        .filter(|id| !seen.insert(id.to_string()))
        .map(str::to_string)
        .collect()
}

/// A heading `Main` got the id `main`, which the theme's `<main>` has; a
/// footnote `[^1]` got the id `1`, which a heading `1` had too.
#[test]
fn heading_and_footnote_ids_never_collide_with_the_theme_or_each_other() {
    let site = Site::fixture("basic");
    site.write(
        "content/guide/ids.md",
        "---\ntitle: 编号\n---\n\n## Main\n\n## 1\n\n## fn-1\n\n## 1\n\n### A {#x}\n\n### B {#x}\n\n### site-search\n\n注[^1] 与[^a]。\n\n[^1]: 一\n\n[^a]: 二\n\n见 [主](#main-1)。\n",
    );
    survives(&site, Expect::Builds);
    let page = site.html("guide/ids/index.html");
    assert_eq!(duplicate_ids(&page), Vec::<String>::new());
    let ids: Vec<&str> = select(&page, "[id]")
        .iter()
        .filter_map(|e| e.value().attr("id"))
        .collect();
    assert!(
        ids.iter()
            .all(|id| !id.is_empty() && !id.contains(char::is_whitespace)),
        "{ids:?}"
    );
    // Footnote references still point at their definitions.
    for reference in select(&page, ".footnote-reference a") {
        let href = reference.value().attr("href").unwrap();
        let target = &crate::common::percent_decode(href)[1..];
        assert!(ids.contains(&target), "{href} → nothing; ids {ids:?}");
    }
}

/// Every id the default theme's templates write must be reserved, so no
/// heading of content can take it (see `tifa::markdown::THEME_IDS`).
#[test]
fn theme_ids_are_reserved_for_headings() {
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let mut missing = Vec::new();
    for entry in walkdir::WalkDir::new(&templates)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let source = std::fs::read_to_string(entry.path()).unwrap();
        for id in template_ids(&source) {
            if !tifa::markdown::THEME_IDS.contains(&id.as_str()) {
                missing.push(format!("{}: {id}", entry.path().display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "add these to THEME_IDS in src/markdown/mod.rs: {missing:#?}"
    );
}

/// Literal `id="…"` values of a template; `part-{{ g.part }}` expands to
/// every report part; numbered ids with an underscore are left out.
fn template_ids(source: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for piece in source.split("id=\"").skip(1) {
        let Some(value) = piece.split('"').next() else {
            continue;
        };
        match value.split_once("{{") {
            None => ids.push(value.to_string()),
            Some(("part-", _)) => {
                ids.extend(
                    tifa::parse::Part::ALL
                        .iter()
                        .map(|p| format!("part-{}", p.as_str())),
                );
            }
            // A numbered id (`x_{{ n }}`): its literal part has an
            // underscore, which no heading id has (slug::heading_id keeps
            // letters, digits, CJK and hyphens).
            Some((prefix, _)) if prefix.contains('_') => {}
            Some(_) => panic!("template id {value:?}: teach template_ids its values"),
        }
    }
    ids
}
