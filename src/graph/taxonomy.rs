//! Taxonomies: topics, part, doc type, year and tags, each term with its pages.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;

use super::{Graph, PageId};
use crate::parse::{PageKind, Part};
use crate::slug::slugify;

/// One configured taxonomy with its terms.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: String,
    pub title: String,
    /// URL path (`topics/`).
    pub path: String,
    pub terms: Vec<TaxonomyTerm>,
}

/// One value of a taxonomy and the pages that have it.
#[derive(Debug, Clone)]
pub struct TaxonomyTerm {
    pub name: String,
    pub path: String,
    pub pages: Vec<PageId>,
}

/// The URL path of a taxonomy (`doc_type` → `doc-type/`).
pub fn taxonomy_path(name: &str) -> String {
    format!("{}/", name.replace('_', "-"))
}

/// The terms of `page` in taxonomy `name`, each with its sort key.
fn terms_of<'g>(graph: &'g Graph, page: PageId, name: &str) -> Vec<(Cow<'g, str>, Cow<'g, str>)> {
    let p = &graph.pages[page];
    let plain = |v: &'g str| (Cow::Borrowed(v), Cow::Borrowed(v));
    match name {
        "topics" => p
            .doc
            .fields
            .excerpt()
            .map(|e| e.topics.iter().map(|t| plain(t)).collect())
            .unwrap_or_default(),
        "part" => p
            .doc
            .fields
            .excerpt()
            .map(|e| {
                let position = Part::ALL.iter().position(|x| *x == e.part).unwrap_or(9);
                vec![(
                    Cow::Borrowed(e.part.label()),
                    Cow::Owned(position.to_string()),
                )]
            })
            .unwrap_or_default(),
        "doc_type" => p
            .doc
            .fields
            .source()
            .filter(|s| !s.doc_type.is_empty())
            .map(|s| vec![plain(&s.doc_type)])
            .unwrap_or_default(),
        "year" if p.doc.kind == PageKind::Source || p.doc.kind == PageKind::Excerpt => p
            .year
            .map(|y| {
                vec![(
                    Cow::Owned(y.to_string()),
                    Cow::Owned(format!("{:010}", 9999 - y)),
                )]
            })
            .unwrap_or_default(),
        "tags" => p.doc.meta.tags.iter().map(|t| plain(t)).collect(),
        _ => Vec::new(),
    }
}

/// Builds every configured taxonomy. Part terms keep report order, years go
/// newest first, others sort by name.
pub fn build(graph: &Graph) -> Vec<Taxonomy> {
    graph
        .config
        .taxonomies
        .par_iter()
        .map(|config| {
            let mut terms: BTreeMap<Cow<str>, (Cow<str>, Vec<PageId>)> = BTreeMap::new();
            for page in 0..graph.pages.len() {
                for (name, sort_key) in terms_of(graph, page, &config.name) {
                    terms
                        .entry(sort_key)
                        .or_insert_with(|| (name, Vec::new()))
                        .1
                        .push(page);
                }
            }
            let path = taxonomy_path(&config.name);
            let slug_of = |name: &str| match config.name.as_str() {
                "part" => Part::ALL.iter().find(|p| p.label() == name).map_or_else(
                    || slugify(name, graph.config.slugify),
                    |p| p.as_str().to_string(),
                ),
                _ => slugify(name, graph.config.slugify),
            };
            let mut seen = rustc_hash::FxHashSet::default();
            let terms = terms
                .into_values()
                .map(|(name, pages)| {
                    let name = name.into_owned();
                    let mut slug = slug_of(&name);
                    if slug.is_empty() {
                        slug = "term".to_string();
                    }
                    while !seen.insert(slug.clone()) {
                        slug.push('-');
                        slug.push('2');
                    }
                    TaxonomyTerm {
                        path: format!("{path}{slug}/"),
                        name,
                        pages,
                    }
                })
                .collect();
            Taxonomy {
                name: config.name.clone(),
                title: config.title.clone(),
                path,
                terms,
            }
        })
        .collect()
}
