//! Search index: `public/search/`, built from the graph at build time.
//!
//! A character n-gram index (single characters with counts, pairs with
//! their documents and title positions) sharded by hash, so the browser
//! finds the candidates of any substring query while fetching only the
//! shards the query's n-grams live in, and verifies the candidates of a
//! query longer than a pair against their stored texts, in result order,
//! as far as the results it shows. The format, and the query semantics the
//! client implements, are in docs/search-format.md.

pub mod ngram;
pub mod normalize;

use std::collections::BTreeMap;

use pinyin::ToPinyin;
use rayon::prelude::*;
use serde::Serialize;

use crate::graph::{Graph, PageId};
use crate::output::{Output, Sink};
use crate::parse::{PageKind, Part, Status, Wording};

/// Shard size the index aims at: a few shards per query stay well under the
/// per-query download budget even on a slow intranet.
const TARGET_SHARD_BYTES: usize = 24 * 1024;

/// Snippet texts are stored many documents to a file of about this size:
/// a results page reads each document's bytes with an HTTP range request,
/// and a server without range support sends the whole file, which this
/// keeps small. (One file per document made a 10,000-page site write
/// 10,000 more files.)
const TEXT_CHUNK_BYTES: usize = 64 * 1024;

/// The index format (docs/search-format.md); version 2 replaced trigram
/// postings with positions of character pairs; version 3 lets a search
/// start without the whole document table (postings carry length buckets
/// and title flags, facets come from the layout and the topic sheet,
/// results from row files); version 4 drops the body positions of pairs
/// (the first search at 100,000 pages downloaded 800 KB of them): pairs
/// list documents, and a longer query's candidates are verified against
/// their texts (`places/<chunk>.bin` says where each text is).
const FORMAT_VERSION: u32 = 4;

/// Documents per `rows/<k>.json` file: a page of results reads about as
/// many files as it shows results, each a few hundred bytes.
const ROWS_PER_FILE: usize = 16;

const KINDS: [PageKind; 5] = [
    PageKind::Formulation,
    PageKind::Excerpt,
    PageKind::Source,
    PageKind::Page,
    PageKind::Rulepack,
];

/// One indexed page: its text folded (indexed), where the title ends, and
/// the bytes of its text as shown (stored for snippets).
struct Doc {
    page: PageId,
    /// Characters of its text (the text itself is made again where it is
    /// needed: held for every page it would take a few hundred MB at
    /// 100,000 pages).
    chars: usize,
    title_len: usize,
    shown_bytes: usize,
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    docs: usize,
    shards: BTreeMap<String, usize>,
    kinds: Vec<&'static str>,
    kind_labels: Vec<&'static str>,
    parts: Vec<&'static str>,
    part_labels: Vec<&'static str>,
    /// A formulation's status values and their labels (in `docs.json`).
    statuses: Vec<&'static str>,
    status_labels: Vec<&'static str>,
    topics: &'a [String],
    doc_types: &'a [String],
    avg_len: f64,
    /// The first document of each `text/<chunk>.txt`.
    text_chunks: Vec<usize>,
    /// Documents per `rows/<k>.json`.
    rows_per_file: usize,
    /// Bytes of `topics.bin`: a client fetches a large one only when a
    /// topic filter or the topic facet is asked for.
    topics_bytes: usize,
    /// What every document is, without a row per document.
    layout: Layout,
    /// The distinct sets of topics, most common first (`topics.bin`
    /// numbers each excerpt's set).
    topic_sets: Vec<Vec<usize>>,
}

/// The facets of every document, described by ranges of document ids (the
/// ids are ordered so that they come in runs; docs/search-format.md).
#[derive(Serialize, Default)]
struct Layout {
    /// The first document of each kind (in `kinds` order), and the count.
    kind_starts: Vec<usize>,
    /// Per source, in id order: `[year, doc_type]` (0 / -1 when none).
    sources: Vec<(i32, i64)>,
    /// The excerpts in id order, in blocks: `[source, n0, n1, …]`, the
    /// source (its index in `sources`, -1 for none) and how many of the
    /// block's excerpts are in each part (`parts` order), one after the
    /// other.
    excerpt_blocks: Vec<Vec<i64>>,
}

#[derive(Serialize)]
struct Term {
    doc: usize,
    names: Vec<String>,
    pinyin: Vec<Vec<String>>,
}

/// The document text of a page as the spec defines it (title, fields,
/// body), whitespace collapsed but characters as written: the snippet text.
/// Its folded form, character for character, is what is indexed.
pub fn document_text(graph: &Graph, page: PageId) -> (String, usize) {
    let mut text = String::with_capacity(graph.pages[page].rendered.plain_text.len() + 256);
    let title_len = push_document_text(graph, page, &mut text);
    (text, title_len)
}

/// Appends [`document_text`] to `text`; returns its title's length in
/// characters.
fn push_document_text(graph: &Graph, page: PageId, text: &mut String) -> usize {
    let p = &graph.pages[page];
    let start = text.len();
    normalize::collapse_into(&p.doc.meta.title, text);
    let title_len = text[start..].chars().count();
    text.push('\n');
    if let Some(f) = p.doc.fields.formulation() {
        for field in std::iter::once(&f.full).chain(&f.variants) {
            push_line(field, text);
        }
    }
    if let Some(s) = p.doc.fields.source() {
        push_line(&s.doc_type, text);
    }
    normalize::collapse_into(&p.rendered.plain_text, text);
    title_len
}

/// Appends a field, collapsed, as a line of its own (nothing if it is
/// empty once collapsed).
fn push_line(field: &str, text: &mut String) {
    let start = text.len();
    normalize::collapse_into(field, text);
    if text.len() > start {
        text.push('\n');
    }
}

/// Builds every file under `search/` into `sink`: the snippet texts first
/// (then only their lengths are kept), then the postings, which go to the
/// sink shard by shard as they are encoded.
pub fn build_into(graph: &Graph, sink: &dyn Sink) -> anyhow::Result<()> {
    let pages = ordered_pages(graph);
    let docs: Vec<Doc> = pages
        .par_iter()
        // One text buffer a thread: only the lengths are kept.
        .map_init(String::new, |shown, &page| {
            shown.clear();
            let title_len = push_document_text(graph, page, shown);
            Doc {
                page,
                chars: shown.chars().count(),
                title_len,
                shown_bytes: shown.len(),
            }
        })
        .collect();
    let text_chunks = text_chunks(&docs, TEXT_CHUNK_BYTES);
    // Each document's length bucket, a byte each: BM25 ranks a query's
    // candidates with it, and pair postings no longer carry it.
    sink.put(Output {
        path: "search/lengths.bin".to_string(),
        bytes: docs
            .iter()
            .map(|d| ngram::length_bucket(d.chars) as u8)
            .collect(),
    })?;
    put_text_chunks(graph, &docs, &text_chunks, sink)?;
    let folded = |id: usize| {
        let (shown, title_len) = document_text(graph, docs[id].page);
        // Sized up front: collected from `chars()`, the vector grew by
        // doubling and copied each text several times, in every pass.
        let mut text = Vec::with_capacity(docs[id].chars);
        text.extend(shown.chars().map(normalize::fold_char));
        (text, title_len)
    };
    let vocabulary = Vocabulary::new(graph, &docs);
    // The document table and the terms are built beside the postings: on
    // their own they would keep one core waiting.
    let (counts, tables) = rayon::join(
        || {
            let characters = docs.iter().map(|d| d.chars).sum();
            let corpus = ngram::Corpus {
                docs: docs.len(),
                characters,
                text: &folded,
            };
            ngram::for_each_shard_of(&corpus, TARGET_SHARD_BYTES, |n, shard, bytes| {
                sink.put(Output {
                    path: format!("search/{n}/{shard}.bin"),
                    bytes,
                })
            })
        },
        || {
            let doc_ids: BTreeMap<PageId, usize> =
                docs.iter().enumerate().map(|(i, d)| (d.page, i)).collect();
            // Each row serialised as soon as it is made: 100,000 rows held
            // as JSON values would take six times their bytes.
            let rows: Vec<Vec<u8>> = docs
                .par_iter()
                .map(|doc| {
                    serde_json::to_vec(&doc_row(graph, doc, &vocabulary, &doc_ids))
                        .unwrap_or_default()
                })
                .collect();
            sink.put(Output {
                path: "search/docs.json".to_string(),
                bytes: json_array(&rows),
            })?;
            put_row_files(graph, &docs, &text_chunks, &vocabulary, sink)?;
            sink.put(json_output("search/terms.json", &terms(graph, &doc_ids)))
        },
    );
    tables?;
    let (layout, topic_sets, topic_sheet) = layout(graph, &docs, &vocabulary);
    let topics_bytes = topic_sheet.len();
    sink.put(Output {
        path: "search/topics.bin".to_string(),
        bytes: topic_sheet,
    })?;
    let shard_counts: BTreeMap<String, usize> = ngram::LENGTHS
        .iter()
        .zip(counts?)
        .map(|(n, count)| (n.to_string(), count))
        .collect();
    let avg_len = docs.iter().map(|d| d.chars).sum::<usize>() as f64 / docs.len().max(1) as f64;
    let manifest = Manifest {
        version: FORMAT_VERSION,
        docs: docs.len(),
        shards: shard_counts,
        kinds: KINDS.iter().map(|k| k.as_str()).collect(),
        kind_labels: KINDS.iter().map(|k| k.label()).collect(),
        parts: Part::ALL.iter().map(|p| p.as_str()).collect(),
        part_labels: Part::ALL.iter().map(|p| p.label()).collect(),
        statuses: Status::ALL.iter().map(|s| s.as_str()).collect(),
        status_labels: Status::ALL.iter().map(|s| s.label()).collect(),
        topics: &vocabulary.topics,
        doc_types: &vocabulary.doc_types,
        avg_len: (avg_len * 10.0).round() / 10.0,
        text_chunks,
        rows_per_file: ROWS_PER_FILE,
        topics_bytes,
        layout,
        topic_sets,
    };
    sink.put(json_output("search/manifest.json", &manifest))
}

/// The indexed pages in document-id order: by kind (`KINDS` order); within
/// a kind newer `date` first, then newer year, then path; except excerpts,
/// which come source by source (in the sources' own order, excerpts without
/// a source last), part by part (report order), then newer `date`, then
/// path. Ties in ranking are broken in this order, so the id alone breaks
/// them; and each source's excerpts are consecutive, part by part, so the
/// layout describes them in a few numbers per source whatever dates the
/// excerpts carry.
fn ordered_pages(graph: &Graph) -> Vec<PageId> {
    use std::cmp::Reverse;
    let by_date = |id: PageId| {
        let page = &graph.pages[id];
        (
            Reverse(page.doc.meta.date.as_deref()),
            Reverse(page.year.unwrap_or(0)),
            page.doc.rel_path.as_str(),
        )
    };
    let mut sources: Vec<PageId> = graph.pages_of(PageKind::Source).map(|(id, _)| id).collect();
    sources.sort_by_cached_key(|&id| by_date(id));
    let source_rank: rustc_hash::FxHashMap<PageId, usize> = sources
        .iter()
        .enumerate()
        .map(|(rank, &id)| (id, rank))
        .collect();
    let by_source = |id: PageId| {
        let page = &graph.pages[id];
        let source = page
            .source
            .and_then(|s| source_rank.get(&s).copied())
            .unwrap_or(usize::MAX);
        (
            source,
            part_index(&graph.pages[id].doc.fields),
            Reverse(page.doc.meta.date.as_deref()),
            page.doc.rel_path.as_str(),
        )
    };
    KINDS
        .iter()
        .flat_map(|&kind| match kind {
            PageKind::Source => sources.clone(),
            PageKind::Excerpt => {
                let mut pages: Vec<PageId> = graph.pages_of(kind).map(|(id, _)| id).collect();
                pages.sort_by_cached_key(|&id| by_source(id));
                pages
            }
            _ => {
                let mut pages: Vec<PageId> = graph.pages_of(kind).map(|(id, _)| id).collect();
                pages.sort_by_cached_key(|&id| by_date(id));
                pages
            }
        })
        .collect()
}

/// An excerpt's part as an index into `Part::ALL` (a page that is not an
/// excerpt counts as "other": it is only ever asked about excerpts).
fn part_index(fields: &crate::parse::Fields) -> usize {
    let part = fields.excerpt().map_or(Part::Other, |e| e.part);
    Part::ALL.iter().position(|p| *p == part).unwrap_or(0)
}

/// The layout (kinds, sources, excerpts by source and part), the distinct
/// topic sets, and `topics.bin`: each excerpt's topic set, a varint each,
/// in id order.
fn layout(
    graph: &Graph,
    docs: &[Doc],
    vocabulary: &Vocabulary,
) -> (Layout, Vec<Vec<usize>>, Vec<u8>) {
    let mut layout = Layout::default();
    let kind_of = |doc: &Doc| graph.pages[doc.page].doc.kind;
    // Documents come kind by kind, so each kind starts after the ones
    // before it.
    let mut start = 0;
    for kind in KINDS {
        layout.kind_starts.push(start);
        start += docs.iter().filter(|d| kind_of(d) == kind).count();
    }
    layout.kind_starts.push(docs.len());
    let mut source_index: rustc_hash::FxHashMap<PageId, i64> = rustc_hash::FxHashMap::default();
    for doc in docs.iter().filter(|d| kind_of(d) == PageKind::Source) {
        let page = &graph.pages[doc.page];
        let doc_type = page.doc.fields.source().map_or(-1, |s| {
            Vocabulary::index(&vocabulary.doc_types, &s.doc_type)
        });
        source_index.insert(doc.page, layout.sources.len() as i64);
        layout.sources.push((page.year.unwrap_or(0), doc_type));
    }
    let mut set_counts: BTreeMap<Vec<usize>, usize> = BTreeMap::new();
    let mut excerpt_sets: Vec<Vec<usize>> = Vec::new();
    for doc in docs.iter().filter(|d| kind_of(d) == PageKind::Excerpt) {
        let page = &graph.pages[doc.page];
        let source = page
            .source
            .and_then(|s| source_index.get(&s).copied())
            .unwrap_or(-1);
        let part = part_index(&page.doc.fields);
        let extends = layout
            .excerpt_blocks
            .last()
            .is_some_and(|block| block[0] == source && block[2 + part..].iter().all(|&n| n == 0));
        if !extends {
            let mut block = vec![source];
            block.extend(std::iter::repeat_n(0, Part::ALL.len()));
            layout.excerpt_blocks.push(block);
        }
        if let Some(block) = layout.excerpt_blocks.last_mut() {
            block[1 + part] += 1;
        }
        let topics = page.doc.fields.excerpt().map_or(&[][..], |e| &e.topics[..]);
        let mut set: Vec<usize> = topics
            .iter()
            .filter_map(|t| usize::try_from(Vocabulary::index(&vocabulary.topics, t)).ok())
            .collect();
        set.sort_unstable();
        set.dedup();
        *set_counts.entry(set.clone()).or_default() += 1;
        excerpt_sets.push(set);
    }
    let mut sets: Vec<(Vec<usize>, usize)> = set_counts.into_iter().collect();
    sets.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let numbers: BTreeMap<&[usize], u64> = sets
        .iter()
        .enumerate()
        .map(|(i, (set, _))| (set.as_slice(), i as u64))
        .collect();
    let mut sheet = Vec::with_capacity(excerpt_sets.len());
    for set in &excerpt_sets {
        ngram::push_varint(&mut sheet, numbers[set.as_slice()]);
    }
    let topic_sets = sets.into_iter().map(|(set, _)| set).collect();
    (layout, topic_sets, sheet)
}

/// Writes `rows/<k>.json`: what a result shows of each document, without
/// its text (docs/search-format.md).
fn put_row_files(
    graph: &Graph,
    docs: &[Doc],
    text_chunks: &[usize],
    vocabulary: &Vocabulary,
    sink: &dyn Sink,
) -> anyhow::Result<()> {
    // Where each document's text is: its chunk and first byte.
    let mut places = Vec::with_capacity(docs.len());
    let mut chunk = 0;
    let mut offset = 0;
    for (id, doc) in docs.iter().enumerate() {
        if text_chunks.get(chunk + 1) == Some(&id) {
            chunk += 1;
            offset = 0;
        }
        places.push((chunk, offset));
        offset += doc.shown_bytes;
    }
    docs.par_chunks(ROWS_PER_FILE)
        .enumerate()
        .try_for_each(|(file, chunk_docs)| {
            let rows: Vec<serde_json::Value> = chunk_docs
                .iter()
                .enumerate()
                .map(|(i, doc)| {
                    let id = file * ROWS_PER_FILE + i;
                    result_row(graph, doc, places[id], vocabulary)
                })
                .collect();
            sink.put(json_output(&format!("search/rows/{file}.json"), &rows))
        })
}

/// An excerpt's topics as indices into the vocabulary (none for other pages).
fn topic_indices(
    excerpt: Option<&crate::parse::document::Excerpt>,
    vocabulary: &Vocabulary,
) -> Vec<i64> {
    excerpt.map_or_else(Vec::new, |e| {
        e.topics
            .iter()
            .map(|t| Vocabulary::index(&vocabulary.topics, t))
            .collect()
    })
}

/// `[url, title, date, topics, source_title, source_url, chunk, offset,
/// bytes, formulation]`.
fn result_row(
    graph: &Graph,
    doc: &Doc,
    place: (usize, usize),
    vocabulary: &Vocabulary,
) -> serde_json::Value {
    let page = &graph.pages[doc.page];
    let topics = topic_indices(page.doc.fields.excerpt(), vocabulary);
    let source = page.source.map(|s| &graph.pages[s]);
    serde_json::json!([
        graph.page_url(doc.page),
        page.doc.meta.title,
        page.doc.meta.date.clone().unwrap_or_default(),
        topics,
        source.map(|s| s.doc.meta.title.as_str()),
        page.source.map(|s| graph.page_url(s)),
        place.0,
        place.1,
        doc.shown_bytes,
        formulation_fields(
            page,
            |s| Some(serde_json::json!([
                graph.pages[s].doc.meta.title,
                graph.page_url(s)
            ])),
            serde_json::Value::Null
        ),
    ])
}

/// Writes `text/<chunk>.txt`, the shown texts of the documents from each
/// chunk's first one to the next chunk's, back to back; and
/// `places/<chunk>.bin`, their lengths in bytes (a varint each), so a
/// client finds a candidate's text to verify it without its row.
fn put_text_chunks(
    graph: &Graph,
    docs: &[Doc],
    starts: &[usize],
    sink: &dyn Sink,
) -> anyhow::Result<()> {
    starts
        .par_iter()
        .enumerate()
        .try_for_each(|(chunk, &first)| {
            let end = starts.get(chunk + 1).copied().unwrap_or(docs.len());
            let chunk_docs = &docs[first..end];
            let mut places = Vec::with_capacity(chunk_docs.len() * 2);
            let mut text = String::with_capacity(chunk_docs.iter().map(|d| d.shown_bytes).sum());
            for doc in chunk_docs {
                ngram::push_varint(&mut places, doc.shown_bytes as u64);
                push_document_text(graph, doc.page, &mut text);
            }
            sink.put(Output {
                path: format!("search/places/{chunk}.bin"),
                bytes: places,
            })?;
            sink.put(Output {
                path: format!("search/text/{chunk}.txt"),
                bytes: text.into_bytes(),
            })
        })
}

/// Splits the documents, in id order, into runs whose texts add up to about
/// `target` bytes (a longer text gets a file of its own); returns the first
/// document of each run.
fn text_chunks(docs: &[Doc], target: usize) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut size = 0;
    for (id, doc) in docs.iter().enumerate() {
        if starts.is_empty() || size + doc.shown_bytes > target {
            starts.push(id);
            size = 0;
        }
        size += doc.shown_bytes;
    }
    starts
}

/// `[a,b,…]` of rows already serialised: what `serde_json::to_vec` writes
/// for the list of their values.
fn json_array(rows: &[Vec<u8>]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(rows.iter().map(|r| r.len() + 1).sum::<usize>() + 2);
    bytes.push(b'[');
    for (i, row) in rows.iter().enumerate() {
        if i > 0 {
            bytes.push(b',');
        }
        bytes.extend_from_slice(row);
    }
    bytes.push(b']');
    bytes
}

fn json_output<T: Serialize>(path: &str, value: &T) -> Output {
    Output {
        path: path.to_string(),
        bytes: serde_json::to_vec(value).unwrap_or_default(),
    }
}

/// Facet values, numbered in sorted order.
struct Vocabulary {
    topics: Vec<String>,
    doc_types: Vec<String>,
}

impl Vocabulary {
    fn new(graph: &Graph, docs: &[Doc]) -> Vocabulary {
        let mut topics = std::collections::BTreeSet::new();
        let mut doc_types = std::collections::BTreeSet::new();
        for doc in docs {
            let fields = &graph.pages[doc.page].doc.fields;
            if let Some(e) = fields.excerpt() {
                topics.extend(e.topics.iter().cloned());
            }
            if let Some(s) = fields.source().filter(|s| !s.doc_type.is_empty()) {
                doc_types.insert(s.doc_type.clone());
            }
        }
        Vocabulary {
            topics: topics.into_iter().collect(),
            doc_types: doc_types.into_iter().collect(),
        }
    }

    fn index(list: &[String], value: &str) -> i64 {
        list.binary_search_by(|v| v.as_str().cmp(value))
            .map_or(-1, |i| i as i64)
    }
}

/// `[url, title, kind, part, year, doc_type, topics, source, text_len,
/// title_len, date, text_bytes, formulation]`.
fn doc_row(
    graph: &Graph,
    doc: &Doc,
    vocabulary: &Vocabulary,
    doc_ids: &BTreeMap<PageId, usize>,
) -> serde_json::Value {
    let page = &graph.pages[doc.page];
    let fields = &page.doc.fields;
    let kind = KINDS.iter().position(|k| *k == page.doc.kind).unwrap_or(3);
    let excerpt = fields.excerpt();
    let part = excerpt.map_or(-1, |e| {
        Part::ALL
            .iter()
            .position(|p| *p == e.part)
            .map_or(-1, |i| i as i64)
    });
    let doc_type = page
        .source
        .and_then(|s| graph.pages[s].doc.fields.source())
        .or(fields.source())
        .map_or(-1, |s| {
            Vocabulary::index(&vocabulary.doc_types, &s.doc_type)
        });
    let topics = topic_indices(excerpt, vocabulary);
    let source = page
        .source
        .and_then(|s| doc_ids.get(&s))
        .map_or(-1, |&i| i as i64);
    serde_json::json!([
        graph.page_url(doc.page),
        page.doc.meta.title,
        kind,
        part,
        page.year.unwrap_or(0),
        doc_type,
        topics,
        source,
        doc.chars,
        doc.title_len,
        page.doc.meta.date.clone().unwrap_or_default(),
        doc.shown_bytes,
        formulation_cell(page, doc_ids),
    ])
}

/// What a result shows of a formulation: `[full, status, wording,
/// successor]` (`wording`: verbatim, gloss, pending or unstated;
/// `successor`: the document id of the formulation that replaced it, or
/// -1); `null` for other pages.
fn formulation_cell(
    page: &crate::graph::Page,
    doc_ids: &BTreeMap<PageId, usize>,
) -> serde_json::Value {
    formulation_fields(
        page,
        |s| doc_ids.get(&s).map(|&i| serde_json::json!(i)),
        serde_json::json!(-1),
    )
}

/// `[full, status, wording, successor]` of a formulation (`null` for
/// other pages), the successor as `successor` gives it or `none`.
fn formulation_fields(
    page: &crate::graph::Page,
    successor: impl Fn(PageId) -> Option<serde_json::Value>,
    none: serde_json::Value,
) -> serde_json::Value {
    let Some(f) = page.doc.fields.formulation() else {
        return serde_json::Value::Null;
    };
    let wording = match f.wording {
        Some(Wording::Verbatim) => "verbatim",
        Some(Wording::Gloss) => "gloss",
        Some(Wording::Pending) => "pending",
        None => "unstated",
    };
    let successor = page.superseded_by.and_then(successor).unwrap_or(none);
    let full = if f.full.is_empty() {
        &page.doc.meta.title
    } else {
        &f.full
    };
    serde_json::json!([full, f.status.as_str(), wording, successor])
}

/// Every formulation's names (title first) and their pinyin syllables.
fn terms(graph: &Graph, doc_ids: &BTreeMap<PageId, usize>) -> Vec<Term> {
    graph
        .formulations
        .iter()
        .filter_map(|&page| {
            let p = &graph.pages[page];
            let variants = p
                .doc
                .fields
                .formulation()
                .map(|f| f.variants.clone())
                .unwrap_or_default();
            let names: Vec<String> = std::iter::once(p.doc.meta.title.clone())
                .chain(variants)
                .collect();
            let pinyin = names.iter().map(|name| syllables(name)).collect();
            Some(Term {
                doc: *doc_ids.get(&page)?,
                names,
                pinyin,
            })
        })
        .collect()
}

/// Toneless pinyin per Chinese character; runs of Latin letters and digits
/// are one syllable each; punctuation is dropped.
pub fn syllables(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut latin = String::new();
    for c in name.chars() {
        let c = normalize::fold_char(c);
        if c.is_ascii_alphanumeric() {
            latin.push(c);
            continue;
        }
        if !latin.is_empty() {
            out.push(std::mem::take(&mut latin));
        }
        if let Some(p) = c.to_pinyin() {
            out.push(p.plain().to_string());
        }
    }
    if !latin.is_empty() {
        out.push(latin);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_of_formulations() {
        assert_eq!(syllables("四个意识"), ["si", "ge", "yi", "shi"]);
        assert_eq!(syllables("“两个维护”"), ["liang", "ge", "wei", "hu"]);
        assert_eq!(syllables("G20峰会"), ["g20", "feng", "hui"]);
    }

    #[test]
    fn rows_joined_are_the_list_serde_writes() {
        let rows = [
            serde_json::json!(["a/", "标题", 1, -1]),
            serde_json::json!([]),
        ];
        let each: Vec<Vec<u8>> = rows
            .iter()
            .map(|r| serde_json::to_vec(r).unwrap())
            .collect();
        assert_eq!(json_array(&each), serde_json::to_vec(&rows).unwrap());
        assert_eq!(json_array(&[]), b"[]");
    }
}

/// The Traditional → Simplified character table the search client uses
/// (`themes/default/static/t2s.json`), generated from zhconv's OpenCC and
/// MediaWiki tables: every Han character that zhconv converts, on its own,
/// to a different single character. A test keeps the committed file in step.
#[cfg(test)]
fn t2s_table() -> String {
    let ranges = [0x3400u32..=0x4DBF, 0x4E00..=0x9FFF, 0xF900..=0xFAFF];
    let mut map = BTreeMap::new();
    for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
        let converted = zhconv::zhconv(&c.to_string(), zhconv::Variant::ZhHans);
        let mut chars = converted.chars();
        if let (Some(simplified), None) = (chars.next(), chars.next())
            && simplified != c
        {
            map.insert(c.to_string(), simplified.to_string());
        }
    }
    let mut json = serde_json::to_string(&map).unwrap_or_default();
    json.push('\n');
    json
}

#[cfg(test)]
mod t2s_tests {
    const T2S: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/static/t2s.json"
    );

    #[test]
    fn theme_t2s_table_is_up_to_date() {
        let committed = std::fs::read_to_string(T2S).unwrap_or_default();
        assert!(
            committed == super::t2s_table(),
            "t2s.json is stale: run `cargo test -- --ignored regenerate_t2s`"
        );
        assert!(committed.contains("\"黨\":\"党\""));
    }

    #[test]
    #[ignore]
    fn regenerate_t2s() {
        std::fs::write(T2S, super::t2s_table()).unwrap();
    }
}
