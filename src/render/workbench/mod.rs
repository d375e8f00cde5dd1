//! The writer's workbench: the outputs that let a writer browse passages
//! by topic and part of a report, read a source or a topic × part list
//! as one document and print it, and collect passages in the 素材篮.
//!
//! Each is a [`WorkbenchJob`] (one variant of the render stage's `Job`),
//! planned from the graph and rendered by a theme template, and only when
//! the theme has that template:
//!
//! | job | URL | template |
//! |---|---|---|
//! | `TopicPart` | `topics/<topic>/<part>/`, `…/page/N/` | `topic_part.html` |
//! | `TopicPartText` | `topics/<topic>/<part>/full/`, `…/page/N/` | `document.html` |
//! | `SourceText` | `sources/<source>/full/`, `…/page/N/` | `document.html` |
//! | `Basket` | `basket/` | `basket.html` |
//! | `PrintStyle` | `print.css` | `print.css` |
//!
//! Every list and document is paginated, so no page grows with the site:
//! a 25,000-excerpt source reads as pages of [`TEXT_PER_PAGE`] passages.

pub mod cite;
pub mod order;

use serde::Serialize;
use tera::Context;

use super::views::{self, Link, Paginator, TermView};
use super::{
    ListPage, TaxonomyId, Templates, TermId, page_count, pager_only, pager_path, paginate,
    taxonomy_paginate_by,
};
use crate::graph::reads::{Dep, record};
use crate::graph::{Graph, PageId};
use crate::parse::{PageKind, Part};

/// Passages per page of a whole-document view: a page of ordinary
/// excerpts stays far below 1 MB, and prints as a handful of sheets.
pub const TEXT_PER_PAGE: usize = 40;

/// One output of the workbench.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WorkbenchJob {
    /// Page `page` of the excerpts of `topic` (a term of the topics
    /// taxonomy) in one part of reports.
    TopicPart {
        topic: TermId,
        part: Part,
        page: ListPage,
    },
    /// Page `page` of the same excerpts in full, to read and print.
    TopicPartText {
        topic: TermId,
        part: Part,
        page: ListPage,
    },
    /// Page `page` of a source's excerpts in full, under their headings.
    SourceText { source: PageId, page: ListPage },
    /// The 素材篮 page (filled by the browser from its local storage).
    Basket,
    /// `print.css`: the page margins of printouts (site title, page numbers).
    PrintStyle,
}

/// Every workbench job of a full build.
pub fn plan(graph: &Graph, templates: &Templates) -> Vec<WorkbenchJob> {
    let mut jobs = Vec::new();
    let lists = templates.contains("topic_part.html");
    let texts = templates.contains("document.html");
    if let Some(t) = topics_taxonomy(graph) {
        let per_page = taxonomy_paginate_by(graph, t);
        for (term_index, term) in graph.taxonomies[t].terms.iter().enumerate() {
            let topic = TermId {
                taxonomy: TaxonomyId(t),
                term: term_index,
            };
            for part in Part::ALL {
                let count = bucket(graph, part, &term.name).len();
                if count == 0 {
                    continue;
                }
                if lists {
                    jobs.extend((1..=page_count(count, per_page)).map(|n| {
                        WorkbenchJob::TopicPart {
                            topic,
                            part,
                            page: ListPage(n),
                        }
                    }));
                }
                if texts {
                    jobs.extend((1..=page_count(count, TEXT_PER_PAGE)).map(|n| {
                        WorkbenchJob::TopicPartText {
                            topic,
                            part,
                            page: ListPage(n),
                        }
                    }));
                }
            }
        }
    }
    if texts {
        for (source, page) in graph.pages_of(PageKind::Source) {
            if page.excerpts.is_empty() {
                continue;
            }
            jobs.extend(
                (1..=page_count(page.excerpts.len(), TEXT_PER_PAGE)).map(|n| {
                    WorkbenchJob::SourceText {
                        source,
                        page: ListPage(n),
                    }
                }),
            );
        }
    }
    if templates.contains("basket.html") {
        jobs.push(WorkbenchJob::Basket);
    }
    if templates.contains("print.css") {
        jobs.push(WorkbenchJob::PrintStyle);
    }
    jobs
}

/// Whether a job writes an HTML page.
pub fn is_html(job: &WorkbenchJob) -> bool {
    !matches!(job, WorkbenchJob::PrintStyle)
}

/// The output file and the template of a job.
pub fn target(graph: &Graph, job: &WorkbenchJob) -> (String, String) {
    let html = |path: String, template: &str| (format!("{path}index.html"), template.to_string());
    match *job {
        WorkbenchJob::TopicPart {
            topic,
            part,
            page: ListPage(page),
        } => html(
            pager_path(&topic_part_path(graph, topic, part), page),
            "topic_part.html",
        ),
        WorkbenchJob::TopicPartText {
            topic,
            part,
            page: ListPage(page),
        } => html(
            pager_path(
                &format!("{}full/", topic_part_path(graph, topic, part)),
                page,
            ),
            "document.html",
        ),
        WorkbenchJob::SourceText {
            source,
            page: ListPage(page),
        } => html(
            pager_path(&source_text_path(graph, source), page),
            "document.html",
        ),
        WorkbenchJob::Basket => html("basket/".to_string(), "basket.html"),
        WorkbenchJob::PrintStyle => ("print.css".to_string(), "print.css".to_string()),
    }
}

/// Adds what a job's template reads to `context` (`site` is there already).
pub fn insert_context(graph: &Graph, job: &WorkbenchJob, context: &mut Context) {
    match *job {
        WorkbenchJob::TopicPart {
            topic,
            part,
            page: ListPage(page),
        } => {
            let pages = bucket_pages(graph, part, topic);
            let path = topic_part_path(graph, topic, part);
            let per_page = taxonomy_paginate_by(graph, topic.taxonomy.0);
            context.insert("paginator", &paginate(graph, &pages, per_page, page, &path));
            context.insert("topic_part", &topic_part_view(graph, topic, part));
        }
        WorkbenchJob::TopicPartText {
            topic,
            part,
            page: ListPage(page),
        } => {
            let pages = bucket_pages(graph, part, topic);
            let path = format!("{}full/", topic_part_path(graph, topic, part));
            let (slice, paginator) = text_page(graph, &pages, page, &path);
            let view = topic_part_view(graph, topic, part);
            let document = DocumentView {
                title: format!("{} · {}", view.topic.name, view.part.name),
                kind: "topic_part",
                back: Link {
                    title: format!("“{}·{}”摘录列表", view.topic.name, view.part.name),
                    url: view.list_url.clone(),
                },
                facts: vec![Fact::new("摘录", format!("{} 段", pages.len()))],
                blocks: topic_part_blocks(graph, slice, (page - 1) * TEXT_PER_PAGE),
            };
            context.insert("document", &document);
            context.insert("paginator", &paginator);
        }
        WorkbenchJob::SourceText {
            source,
            page: ListPage(page),
        } => {
            record(|| Dep::Content(graph.pages[source].doc.rel_path.clone()));
            let excerpts = &graph.pages[source].excerpts;
            let path = source_text_path(graph, source);
            let (slice, paginator) = text_page(graph, excerpts, page, &path);
            let document = DocumentView {
                title: graph.pages[source].doc.meta.title.clone(),
                kind: "source",
                back: views::link(graph, source),
                facts: source_facts(graph, source),
                blocks: source_blocks(graph, slice, (page - 1) * TEXT_PER_PAGE),
            };
            context.insert("document", &document);
            context.insert("paginator", &paginator);
        }
        WorkbenchJob::Basket => {}
        WorkbenchJob::PrintStyle => {
            context.insert("site_title_css", &css_string(&graph.config.title));
        }
    }
}

// ------------------------------------------------------------ topic × part

/// A part of reports as a filter: its list for one topic (or its term page).
#[derive(Debug, Clone, Serialize)]
pub struct PartLink {
    /// 成效, 问题 … (or a topic's name, on a part's page).
    pub name: String,
    /// `problem` (or the topic's slug).
    pub slug: String,
    pub url: String,
    pub count: usize,
    pub current: bool,
}

/// One topic in one part of reports (`topic_part` in `topic_part.html`).
#[derive(Debug, Clone, Serialize)]
pub struct TopicPartView {
    pub topic: TermView,
    pub part: PartLink,
    /// The part's term page (all topics).
    pub part_url: Option<String>,
    /// The topic in every part that has passages, this one `current`.
    pub parts: Vec<PartLink>,
    pub list_url: String,
    /// The same passages as one document (`document.html`).
    pub text_url: String,
    /// The topics taxonomy's page (the topic × part table).
    pub topics_url: String,
}

/// The topic × part table on the topics page (`matrix`).
#[derive(Debug, Clone, Serialize)]
pub struct MatrixView {
    pub parts: Vec<PartLink>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    pub name: String,
    pub url: String,
    pub total: usize,
    /// One per part of `parts`, in order (`url` is none when empty).
    pub cells: Vec<MatrixCell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixCell {
    pub count: usize,
    pub url: Option<String>,
}

fn topics_taxonomy(graph: &Graph) -> Option<usize> {
    graph.taxonomies.iter().position(|t| t.name == "topics")
}

fn bucket<'g>(graph: &'g Graph, part: Part, topic: &str) -> &'g [crate::graph::links::Candidate] {
    record(|| Dep::TopicBucket(part, topic.to_string()));
    graph
        .topic_index
        .get(&(part, topic.to_string()))
        .map_or(&[], Vec::as_slice)
}

fn topic_name(graph: &Graph, topic: TermId) -> &str {
    graph
        .taxonomies
        .get(topic.taxonomy.0)
        .and_then(|t| t.terms.get(topic.term))
        .map_or("", |term| term.name.as_str())
}

fn bucket_pages(graph: &Graph, part: Part, topic: TermId) -> Vec<PageId> {
    bucket(graph, part, topic_name(graph, topic))
        .iter()
        .map(|c| c.page)
        .collect()
}

fn topic_part_path(graph: &Graph, topic: TermId, part: Part) -> String {
    let term_path = graph
        .taxonomies
        .get(topic.taxonomy.0)
        .and_then(|t| t.terms.get(topic.term))
        .map_or("topics/", |term| term.path.as_str());
    format!("{term_path}{}/", part.as_str())
}

fn source_text_path(graph: &Graph, source: PageId) -> String {
    format!("{}full/", graph.pages[source].path)
}

/// The URL of a topic × part list, if the topic exists and has passages
/// in that part (for links from excerpt pages).
pub fn topic_part_url(graph: &Graph, topic: &str, part: Part) -> Option<String> {
    let t = topics_taxonomy(graph)?;
    let term = graph.taxonomies[t]
        .terms
        .iter()
        .position(|x| x.name == topic)?;
    let index = TermId {
        taxonomy: TaxonomyId(t),
        term,
    };
    (!bucket(graph, part, topic).is_empty())
        .then(|| graph.url(&topic_part_path(graph, index, part)))
}

/// The URL of a source read as one document.
pub fn source_text_url(graph: &Graph, source: PageId) -> Option<String> {
    (!graph.pages[source].excerpts.is_empty()).then(|| graph.url(&source_text_path(graph, source)))
}

/// Where the excerpt at `index` (in document order) of a source stands in
/// its whole-document view: the page and the passage's anchor.
pub fn source_text_anchor(graph: &Graph, source: PageId, index: usize) -> Option<String> {
    (index < graph.pages[source].excerpts.len()).then(|| {
        let page = index / TEXT_PER_PAGE + 1;
        let path = pager_path(&source_text_path(graph, source), page);
        format!("{}#x_{}", graph.url(&path), index + 1)
    })
}

fn part_url(graph: &Graph, part: Part) -> Option<String> {
    record(|| Dep::Taxonomy("part".to_string()));
    let taxonomy = graph.taxonomies.iter().find(|t| t.name == "part")?;
    let term = taxonomy.terms.iter().find(|t| t.name == part.label())?;
    Some(graph.url(&term.path))
}

/// A topic's passages in each part of reports that has some.
fn topic_parts(graph: &Graph, topic: TermId, current: Option<Part>) -> Vec<PartLink> {
    let name = topic_name(graph, topic);
    Part::ALL
        .iter()
        .filter_map(|&p| {
            let count = bucket(graph, p, name).len();
            (count > 0).then(|| PartLink {
                name: p.label().to_string(),
                slug: p.as_str().to_string(),
                url: graph.url(&topic_part_path(graph, topic, p)),
                count,
                current: Some(p) == current,
            })
        })
        .collect()
}

fn topic_part_view(graph: &Graph, topic: TermId, part: Part) -> TopicPartView {
    record(|| Dep::Taxonomy("topics".to_string()));
    let t = topic.taxonomy.0;
    let term = &graph.taxonomies[t].terms[topic.term];
    let parts = topic_parts(graph, topic, Some(part));
    let list_url = graph.url(&topic_part_path(graph, topic, part));
    TopicPartView {
        topic: TermView {
            name: term.name.clone(),
            url: graph.url(&term.path),
            count: term.pages.len(),
        },
        part: parts
            .iter()
            .find(|p| p.current)
            .cloned()
            .unwrap_or_else(|| PartLink {
                name: part.label().to_string(),
                slug: part.as_str().to_string(),
                url: list_url.clone(),
                count: 0,
                current: true,
            }),
        part_url: part_url(graph, part),
        parts,
        text_url: format!("{list_url}full/"),
        list_url,
        topics_url: graph.url(&graph.taxonomies[t].path),
    }
}

/// The other axis of a topic's or a part's term page: a topic's passages
/// by part, a part's by topic, each linking to the topic × part list.
/// `None` for other taxonomies.
pub fn cross_links(graph: &Graph, id: TermId) -> Option<Vec<PartLink>> {
    let taxonomy = &graph.taxonomies[id.taxonomy.0];
    let topics = topics_taxonomy(graph)?;
    match taxonomy.name.as_str() {
        "topics" => Some(topic_parts(graph, id, None)),
        "part" => {
            let label = &taxonomy.terms[id.term].name;
            let part = Part::ALL.into_iter().find(|p| p.label() == label)?;
            record(|| Dep::Taxonomy("topics".to_string()));
            let mut links: Vec<PartLink> = graph.taxonomies[topics]
                .terms
                .iter()
                .enumerate()
                .filter_map(|(i, topic)| {
                    let count = bucket(graph, part, &topic.name).len();
                    let id = TermId {
                        taxonomy: TaxonomyId(topics),
                        term: i,
                    };
                    (count > 0).then(|| PartLink {
                        name: topic.name.clone(),
                        slug: topic.path.clone(),
                        url: graph.url(&topic_part_path(graph, id, part)),
                        count,
                        current: false,
                    })
                })
                .collect();
            links.sort_by_cached_key(|l| (order::category_key(&l.name), l.name.clone()));
            Some(links)
        }
        _ => None,
    }
}

/// The topic × part table of the topics taxonomy's page (`None` for
/// other taxonomies).
pub fn matrix(graph: &Graph, taxonomy: TaxonomyId) -> Option<MatrixView> {
    if graph.taxonomies[taxonomy.0].name != "topics" {
        return None;
    }
    let terms = &graph.taxonomies[taxonomy.0].terms;
    let counts: Vec<Vec<usize>> = terms
        .iter()
        .map(|term| {
            Part::ALL
                .iter()
                .map(|&p| bucket(graph, p, &term.name).len())
                .collect()
        })
        .collect();
    // Only the parts some topic has passages in get a column.
    let columns: Vec<usize> = (0..Part::ALL.len())
        .filter(|&c| counts.iter().any(|row| row[c] > 0))
        .collect();
    let parts = columns
        .iter()
        .map(|&c| PartLink {
            name: Part::ALL[c].label().to_string(),
            slug: Part::ALL[c].as_str().to_string(),
            url: part_url(graph, Part::ALL[c]).unwrap_or_default(),
            count: counts.iter().map(|row| row[c]).sum(),
            current: false,
        })
        .collect();
    let mut rows: Vec<MatrixRow> = terms
        .iter()
        .enumerate()
        .map(|(i, term)| MatrixRow {
            name: term.name.clone(),
            url: graph.url(&term.path),
            total: term.pages.len(),
            cells: columns
                .iter()
                .map(|&c| MatrixCell {
                    count: counts[i][c],
                    url: (counts[i][c] > 0).then(|| {
                        let id = TermId { taxonomy, term: i };
                        graph.url(&topic_part_path(graph, id, Part::ALL[c]))
                    }),
                })
                .collect(),
        })
        .collect();
    rows.sort_by_cached_key(|r| (order::category_key(&r.name), r.name.clone()));
    Some(MatrixView { parts, rows })
}

// ---------------------------------------------------------- whole documents

/// A source or a topic × part list read as one document (`document`).
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub title: String,
    /// "source" or "topic_part".
    pub kind: &'static str,
    /// The page this document is a view of.
    pub back: Link,
    /// 文种, 单位, 层级, 年份 of a source; the passage count of a list.
    pub facts: Vec<Fact>,
    /// Headings and passages in reading order (this page's share).
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub label: &'static str,
    pub value: String,
}

impl Fact {
    fn new(label: &'static str, value: String) -> Fact {
        Fact { label, value }
    }
}

/// A heading or a passage of a document.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    /// `level` 2 to 6.
    Heading {
        level: usize,
        text: String,
        url: Option<String>,
    },
    Passage(PassageView),
}

/// One excerpt in full, with what copying and collecting it needs.
#[derive(Debug, Clone, Serialize)]
pub struct PassageView {
    /// Its place in the whole document (1-based, across its pages): the
    /// theme's anchor `x_<number>`.
    pub number: usize,
    pub title: String,
    pub url: String,
    /// The body as HTML, formulations linked.
    pub html: String,
    pub part_label: &'static str,
    pub citation: String,
}

fn passage(graph: &Graph, excerpt: PageId, number: usize) -> PassageView {
    record(|| Dep::Content(graph.pages[excerpt].doc.rel_path.clone()));
    if let Some(source) = graph.pages[excerpt].source {
        record(|| Dep::Summary(graph.pages[source].doc.rel_path.clone()));
    }
    let page = &graph.pages[excerpt];
    PassageView {
        number,
        title: page.doc.meta.title.clone(),
        url: graph.page_url(excerpt),
        html: scoped_ids(&page.rendered.html, number),
        part_label: page.doc.fields.excerpt().map_or("", |e| e.part.label()),
        citation: cite::citation(graph, excerpt),
    }
}

/// A passage's heading and footnote ids, and the links to them, prefixed
/// with its anchor (`x_3-小结`): on its own page an id is unique, but a
/// whole-document view puts many passages, often with the same headings,
/// on one page. The HTML is the renderer's, which escapes `"` in text, so
/// ` id="` and `href="#` only occur as attributes.
fn scoped_ids(html: &str, number: usize) -> String {
    static ATTRIBUTES: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::new([" id=\"", " href=\"#"])
                .expect("two fixed patterns build an automaton")
        });
    ATTRIBUTES.replace_all(
        html,
        &[
            format!(" id=\"x_{number}-"),
            format!(" href=\"#x_{number}-"),
        ],
    )
}

/// The slice of `pages` on page `n` of a document, and its pager.
fn text_page<'p>(
    graph: &Graph,
    pages: &'p [PageId],
    n: usize,
    path: &str,
) -> (&'p [PageId], Paginator) {
    let start = ((n - 1) * TEXT_PER_PAGE).min(pages.len());
    let end = (start + TEXT_PER_PAGE).min(pages.len());
    // The pager only: the passages are shown in full, not as summaries.
    let paginator = pager_only(graph, pages.len(), TEXT_PER_PAGE, n, path);
    (&pages[start..end], paginator)
}

/// A source's excerpts under their headings: a heading is repeated at the
/// top of a page that continues it, so each page reads on its own.
fn source_blocks(graph: &Graph, excerpts: &[PageId], first: usize) -> Vec<Block> {
    let mut blocks = Vec::with_capacity(excerpts.len() * 2);
    let mut open: &[String] = &[];
    for (i, &excerpt) in excerpts.iter().enumerate() {
        let path = graph.pages[excerpt]
            .doc
            .fields
            .excerpt()
            .map_or(&[][..], |e| e.section_path.as_slice());
        let same = open.iter().zip(path).take_while(|(a, b)| a == b).count();
        for (depth, heading) in path.iter().enumerate().skip(same) {
            blocks.push(Block::Heading {
                level: (depth + 2).min(6),
                text: heading.clone(),
                url: None,
            });
        }
        open = path;
        blocks.push(Block::Passage(passage(graph, excerpt, first + i + 1)));
    }
    blocks
}

/// A topic × part list's excerpts by source (with a link to it), and
/// under each source by heading.
fn topic_part_blocks(graph: &Graph, excerpts: &[PageId], first: usize) -> Vec<Block> {
    let mut blocks = Vec::with_capacity(excerpts.len() * 2);
    let mut source: Option<Option<PageId>> = None;
    let mut heading: Option<String> = None;
    for (i, &excerpt) in excerpts.iter().enumerate() {
        let page = &graph.pages[excerpt];
        if source != Some(page.source) {
            source = Some(page.source);
            heading = None;
            let (text, url) = match page.source {
                Some(s) => {
                    let link = views::link(graph, s);
                    (link.title, Some(link.url))
                }
                None => ("其他摘录".to_string(), None),
            };
            blocks.push(Block::Heading {
                level: 2,
                text,
                url,
            });
        }
        let path = page
            .doc
            .fields
            .excerpt()
            .map(|e| e.section_path.join("·"))
            .unwrap_or_default();
        if !path.is_empty() && heading.as_deref() != Some(path.as_str()) {
            blocks.push(Block::Heading {
                level: 3,
                text: path.clone(),
                url: None,
            });
            heading = Some(path);
        }
        blocks.push(Block::Passage(passage(graph, excerpt, first + i + 1)));
    }
    blocks
}

/// 文种, 单位, 层级 and 年份 of a source, those it has.
pub fn source_facts(graph: &Graph, source: PageId) -> Vec<Fact> {
    let page = &graph.pages[source];
    let Some(fields) = page.doc.fields.source() else {
        return Vec::new();
    };
    let mut facts = Vec::new();
    if !fields.doc_type.is_empty() {
        facts.push(Fact::new("文种", fields.doc_type.clone()));
    }
    if let Some(issuer) = fields.issuer.as_ref().filter(|i| !i.is_empty()) {
        facts.push(Fact::new("单位", issuer.clone()));
    }
    if !fields.level.is_empty() {
        facts.push(Fact::new("层级", fields.level.clone()));
    }
    if let Some(year) = page.year {
        facts.push(Fact::new("年份", format!("{year}年")));
    }
    facts
}

/// `text` as a double-quoted CSS string.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn css_strings_escape_quotes_and_backslashes() {
        assert_eq!(super::css_string(r#"A "B" \C"#), r#""A \"B\" \\C""#);
        assert_eq!(super::css_string("知识库\n"), "\"知识库 \"");
    }

    #[test]
    fn a_passage_s_ids_and_links_to_them_are_prefixed() {
        let html = r##"<h2 id="小结">小结</h2><p><a href="#fn-1">1</a> <a href="/x/">x</a></p>"##;
        assert_eq!(
            super::scoped_ids(html, 3),
            r##"<h2 id="x_3-小结">小结</h2><p><a href="#x_3-fn-1">1</a> <a href="/x/">x</a></p>"##
        );
        assert_eq!(super::scoped_ids("<p>无</p>", 1), "<p>无</p>");
    }
}
