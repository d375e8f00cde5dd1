//! Machine-readable outputs: sitemap, Atom feed, robots.txt and the JSON
//! export of the knowledge base (`data/*.json`) for other intranet tools.

use serde::Serialize;

use crate::graph::{Graph, PageId};
use crate::markdown::escape_html;
use crate::parse::PageKind;

/// The JSON files under `data/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Export {
    Formulations,
    Excerpts,
    Sources,
}

impl Export {
    pub const ALL: [Export; 3] = [Export::Formulations, Export::Excerpts, Export::Sources];

    pub fn path(self) -> &'static str {
        match self {
            Export::Formulations => "data/formulations.json",
            Export::Excerpts => "data/excerpts.json",
            Export::Sources => "data/sources.json",
        }
    }
}

/// Common fields of every exported record.
#[derive(Serialize)]
struct Record<'a, T: Serialize> {
    title: &'a str,
    url: String,
    /// The Markdown file, relative to `content/`.
    path: &'a str,
    #[serde(flatten)]
    fields: &'a T,
    tags: &'a [String],
    #[serde(flatten)]
    counts: Counts,
}

/// What the graph counted for a record.
#[derive(Serialize, Default)]
struct Counts {
    /// Formulations: total mentions in the corpus.
    #[serde(skip_serializing_if = "Option::is_none")]
    mentions: Option<usize>,
    /// Formulations: pages that mention it.
    #[serde(skip_serializing_if = "Option::is_none")]
    backlinks: Option<usize>,
    /// Excerpts: formulations used, by title, with counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    uses: Option<Vec<(String, usize)>>,
    /// Sources: number of excerpts.
    #[serde(skip_serializing_if = "Option::is_none")]
    excerpts: Option<usize>,
    /// Excerpts and sources: the year.
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
}

/// A JSON array of the records of one kind, pretty-printed for diffing.
pub fn json(graph: &Graph, which: Export) -> Vec<u8> {
    let kind = match which {
        Export::Formulations => PageKind::Formulation,
        Export::Excerpts => PageKind::Excerpt,
        Export::Sources => PageKind::Source,
    };
    // Each record becomes a JSON value (sorted keys) and is written out
    // before the next is made: the excerpts of 100,000 pages held as values
    // at once would take several hundred MB.
    let records = graph.pages_of(kind).map(|(id, page)| {
        let record = Record {
            title: &page.doc.meta.title,
            url: graph.permalink(&page.path),
            path: &page.doc.rel_path,
            fields: &page.doc.fields,
            tags: &page.doc.meta.tags,
            counts: counts(graph, id),
        };
        serde_json::to_value(&record).unwrap_or(serde_json::Value::Null)
    });
    let mut bytes = Vec::new();
    let mut writer = serde_json::Serializer::pretty(&mut bytes);
    if serde::Serializer::collect_seq(&mut writer, records).is_err() {
        bytes = b"[]".to_vec();
    }
    bytes.push(b'\n');
    bytes
}

fn counts(graph: &Graph, id: PageId) -> Counts {
    let page = &graph.pages[id];
    match page.doc.kind {
        PageKind::Formulation => page.formulation.map_or_else(Counts::default, |f| Counts {
            mentions: Some(graph.stats[f].backlinks.len()),
            backlinks: Some(graph.stats[f].pages),
            ..Counts::default()
        }),
        PageKind::Excerpt => Counts {
            uses: Some(
                page.uses
                    .iter()
                    .map(|&(f, n)| (graph.formulation_page(f).doc.meta.title.clone(), n))
                    .collect(),
            ),
            year: page.year,
            ..Counts::default()
        },
        PageKind::Source => Counts {
            excerpts: Some(page.excerpts.len()),
            year: page.year,
            ..Counts::default()
        },
        PageKind::Page | PageKind::Rulepack => Counts::default(),
    }
}

/// Every HTML page's permalink.
pub fn sitemap(graph: &Graph) -> String {
    let mut urls: Vec<String> = graph
        .sections
        .iter()
        .map(|s| graph.permalink(&s.path))
        .collect();
    urls.extend(graph.pages.iter().map(|p| graph.permalink(&p.path)));
    for taxonomy in graph.taxonomies.iter() {
        if taxonomy.terms.is_empty() {
            continue;
        }
        urls.push(graph.permalink(&taxonomy.path));
        urls.extend(taxonomy.terms.iter().map(|t| graph.permalink(&t.path)));
    }
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        out.push_str(&format!("  <url><loc>{}</loc></url>\n", escape_html(&url)));
    }
    out.push_str("</urlset>\n");
    out
}

/// An Atom feed of the newest dated pages (sources count by year).
pub fn atom(graph: &Graph) -> String {
    let mut entries: Vec<(String, PageId)> = graph
        .pages
        .iter()
        .enumerate()
        .filter_map(|(id, p)| {
            let date = p
                .doc
                .meta
                .updated
                .clone()
                .or_else(|| p.doc.meta.date.clone())
                .or_else(|| {
                    (p.doc.kind == PageKind::Source)
                        .then_some(p.year)
                        .flatten()
                        .map(|y| format!("{y:04}-01-01"))
                })?;
            Some((date, id))
        })
        .collect();
    entries.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    entries.truncate(graph.config.feed_limit);
    let updated = entries
        .first()
        .map_or_else(|| "1970-01-01".to_string(), |(d, _)| d.clone());
    let feed_url = graph.permalink("atom.xml");
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <link href=\"{}\" rel=\"self\"/>\n  <link href=\"{}\"/>\n  <updated>{}T00:00:00Z</updated>\n  <id>{}</id>\n",
        escape_html(&graph.config.language),
        escape_html(&graph.config.title),
        escape_html(&feed_url),
        escape_html(&graph.config.base_url),
        updated,
        escape_html(&feed_url),
    );
    for (date, id) in entries {
        let page = &graph.pages[id];
        let url = graph.permalink(&page.path);
        let summary = crate::markdown::text_summary(&page.rendered.plain_text, 200);
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link href=\"{}\"/>\n    <id>{}</id>\n    <updated>{date}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape_html(&page.doc.meta.title),
            escape_html(&url),
            escape_html(&url),
            escape_html(&summary),
        ));
    }
    out.push_str("</feed>\n");
    out
}

pub fn robots(graph: &Graph) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        graph.permalink("sitemap.xml")
    )
}

/// The page at an old URL: a link to the page's URL, followed at once by
/// browsers (`refresh`), and never indexed. No script, so the strict CSP
/// holds.
pub fn alias_page(graph: &Graph, alias: &crate::graph::aliases::Alias) -> String {
    let target = super::views::link(graph, alias.page);
    let (url, title) = (escape_html(&target.url), escape_html(&target.title));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}（页面已迁移）</title>\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <link rel=\"canonical\" href=\"{permalink}\">\n</head>\n<body>\n\
         <p>此页面已迁移至 <a href=\"{url}\">{title}</a>。</p>\n</body>\n</html>\n",
        lang = escape_html(&graph.config.language),
        permalink = escape_html(&graph.permalink(&graph.pages[alias.page].path)),
    )
}

/// Every alias as a line of an nginx `map` (`/old/ /new/;`), for a web
/// server that should answer old URLs with a 301 (docs/deploy.md).
pub fn redirects(graph: &Graph) -> String {
    let base = graph.config.base_path();
    let mut out = String::from("# tifa: old URLs (aliases) and the pages they lead to\n");
    for alias in &graph.aliases {
        out.push_str(&format!(
            "{base}{} {};\n",
            alias.path,
            graph.page_url(alias.page)
        ));
    }
    out
}
