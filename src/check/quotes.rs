//! The sentence index of 引文核对 (`check/quotes/`): which sentence of an
//! excerpt or an authoritative sentence a sentence of a draft nearly
//! repeats, found without downloading the corpus.
//!
//! Each sentence of the corpus (excerpt texts and every formulation's
//! authoritative sentence, cut at 。！？；!?; and line breaks, of
//! [`MIN_CHARS`] or more characters once punctuation and spaces are left
//! out) gets a sketch: the [`SKETCH`] smallest distinct hashes of its
//! character triples, leaving out the triples so common in the corpus that
//! they tell sentences apart poorly (the stop list, published for the
//! browser). Two sentences that differ in a few characters share most
//! triples, so they almost always share two sketch hashes or more; a
//! quotation inside a longer sentence shares them too. The browser sketches each
//! sentence of the draft the same way (`check.js`), fetches the posting
//! shards of those hashes (`f/<shard>.bin`, about [`TARGET_SHARD_BYTES`]
//! each or less, so a lookup costs the same on any size of corpus) and the few
//! sentence chunks (`s/<chunk>.json`) the postings point to, and compares
//! the sentences character by character. What a check downloads grows with
//! the draft, not with the site.
//!
//! Files (all under `check/quotes/`):
//!
//! - `meta.json`: `{version, sentences, shards, chunk, gram, sketch,
//!   min_chars, stop}` (`stop`: the left-out triple hashes, ascending);
//! - `f/<shard>.bin`: hash `h` lives in shard `h % shards`; records sorted
//!   by hash, each `varint hash_delta, varint count, count × varint
//!   sentence_delta` (hash and sentence ids delta-coded from the previous
//!   record's, the first from 0; ids increasing within a record);
//! - `s/<chunk>.json`: sentences `chunk × chunk_size ..` as `{"pages":
//!   [[url, title], …], "s": [[page, text], …]}`, `page` indexing `pages`.
//!
//! Hash: 32-bit FNV-1a over the UTF-8 bytes of the three characters (as the
//! search index hashes n-grams). Characters kept for sketching: CJK
//! ideographs and ASCII letters and digits (full-width forms folded, Latin
//! lower-cased).

use rayon::prelude::*;
use serde::Serialize;

use crate::graph::Graph;
use crate::output::{Output, Sink};
use crate::parse::PageKind;

/// Version of the files above; `check.js` refuses others.
pub const FORMAT_VERSION: u32 = 1;
/// Characters per hashed gram.
pub const GRAM: usize = 3;
/// Hashes kept per sentence.
pub const SKETCH: usize = 4;
/// Sentences shorter than this (kept characters) are not indexed.
pub const MIN_CHARS: usize = 12;
/// Sentences per chunk file: a candidate's download (about 16 KB of text).
/// Fewer, larger files: each file created costs the build more than its
/// bytes do (64 a chunk made 1,261 of a 10,000-page site's 17,284 files).
pub const CHUNK: usize = 128;
/// What a posting shard aims at: one lookup's download.
const TARGET_SHARD_BYTES: usize = 2048;
/// Bytes a posting takes in a shard, about (hash and id deltas as varints).
const POSTING_BYTES: f64 = 2.5;
/// A triple in more sentences than this (or than 1/256 of them, if more)
/// is on the stop list.
const STOP_MIN_SENTENCES: usize = 64;
/// The stop list's length at most (the most common triples).
const STOP_MAX: usize = 4096;

#[derive(Serialize)]
struct Meta {
    version: u32,
    sentences: usize,
    shards: usize,
    chunk: usize,
    gram: usize,
    sketch: usize,
    min_chars: usize,
    stop: Vec<u32>,
}

/// One indexed sentence: its text stays where the graph keeps it (the
/// corpus's sentences are most of its text; copying them would hold it
/// twice at 100,000 pages).
struct Sentence<'g> {
    /// Index into the page list (url, title).
    page: usize,
    text: &'g str,
}

/// The characters a sketch is made of (see the module doc).
fn kept(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .map(crate::search::normalize::fold_char)
        .filter(|&c| crate::slug::is_cjk(c) || c.is_ascii_alphanumeric())
}

/// The distinct triple hashes of a sentence, ascending; empty when it is
/// too short.
pub fn grams(text: &str) -> Vec<u32> {
    let mut triples = Triples::new(text.len());
    kept(text).for_each(|c| triples.push(c));
    triples.finish()
}

/// The triple hashes of kept characters fed one at a time.
struct Triples {
    /// The two characters before the next one.
    first: char,
    second: char,
    seen: usize,
    hashes: Vec<u32>,
}

const _: () = assert!(GRAM == 3, "Triples hashes three characters");

impl Triples {
    /// For a text of `bytes` bytes (about a triple a CJK character).
    fn new(bytes: usize) -> Triples {
        Triples {
            first: '\0',
            second: '\0',
            seen: 0,
            hashes: Vec::with_capacity(bytes / 3),
        }
    }

    fn push(&mut self, c: char) {
        self.seen += 1;
        if self.seen >= GRAM {
            // FNV-1a over the triple's UTF-8 bytes, fed by code point.
            let hash = [self.first, self.second, c]
                .into_iter()
                .fold(crate::hash::FNV1A32_EMPTY, crate::hash::fnv1a32_char);
            self.hashes.push(hash);
        }
        (self.first, self.second) = (self.second, c);
    }

    /// Whether fewer than [`MIN_CHARS`] characters were fed.
    fn too_short(&self) -> bool {
        self.seen < MIN_CHARS
    }

    /// The distinct hashes, ascending; none for a sentence too short.
    fn finish(mut self) -> Vec<u32> {
        if self.too_short() {
            return Vec::new();
        }
        self.hashes.sort_unstable();
        self.hashes.dedup();
        self.hashes
    }
}

/// The sketch of a sentence from its [`grams`]: the smallest ones not on
/// the stop list, at most [`SKETCH`].
pub fn sketch(grams: &[u32], stop: &rustc_hash::FxHashSet<u32>) -> Vec<u32> {
    grams
        .iter()
        .copied()
        .filter(|h| !stop.contains(h))
        .take(SKETCH)
        .collect()
}

/// How many of a sentence's smallest triples the counting pass keeps: its
/// sketch is almost always among them, so its triples need not be worked
/// out a second time.
const KEPT_GRAMS: usize = 8;

/// Every sentence's triples counted (what the stop list is chosen from),
/// with the [`KEPT_GRAMS`] smallest of each sentence kept, a few bytes a
/// sentence instead of four a character of the corpus.
struct Census {
    counts: rustc_hash::FxHashMap<u32, u32>,
    /// `KEPT_GRAMS` slots a sentence; `kept[i]` of them used.
    smallest: Vec<u32>,
    kept: Vec<u8>,
    /// Whether the sentence has more triples than it kept.
    more: Vec<bool>,
}

impl Census {
    fn new() -> Census {
        Census {
            counts: Default::default(),
            smallest: Vec::new(),
            kept: Vec::new(),
            more: Vec::new(),
        }
    }

    fn add(&mut self, grams: &[u32]) {
        for &h in grams {
            *self.counts.entry(h).or_default() += 1;
        }
        let kept = grams.len().min(KEPT_GRAMS);
        self.smallest.extend_from_slice(&grams[..kept]);
        self.smallest
            .extend(std::iter::repeat_n(0, KEPT_GRAMS - kept));
        self.kept.push(kept as u8);
        self.more.push(grams.len() > kept);
    }

    /// Sentence `id`'s sketch: from its kept triples when they hold
    /// [`SKETCH`] that are not stopped (or all it has), else from all of
    /// them, worked out again.
    fn sketch(&self, id: usize, text: &str, stop: &rustc_hash::FxHashSet<u32>) -> Vec<u32> {
        let start = id * KEPT_GRAMS;
        let kept = &self.smallest[start..start + usize::from(self.kept[id])];
        let found = sketch(kept, stop);
        if found.len() < SKETCH && self.more[id] {
            return sketch(&grams(text), stop);
        }
        found
    }

    /// The triples too common to tell sentences apart: in more than
    /// [`STOP_MIN_SENTENCES`] sentences (or 1/256 of them), the
    /// [`STOP_MAX`] most common at most; ascending.
    fn stop_list(&self) -> Vec<u32> {
        let limit = STOP_MIN_SENTENCES.max(self.kept.len() / 256);
        let mut common: Vec<(u32, u32)> = self
            .counts
            .iter()
            .filter(|&(_, &n)| n as usize > limit)
            .map(|(&h, &n)| (n, h))
            .collect();
        common.sort_unstable_by(|a, b| b.cmp(a));
        common.truncate(STOP_MAX);
        let mut stop: Vec<u32> = common.into_iter().map(|(_, h)| h).collect();
        stop.sort_unstable();
        stop
    }
}

/// Cuts a text into sentences, each with its end mark, trimmed.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut start = 0;
    for (offset, c) in text.char_indices() {
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n') {
            let end = offset + c.len_utf8();
            found.push(text[start..end].trim());
            start = end;
        }
    }
    found.push(text[start..].trim());
    found.retain(|s| !s.is_empty());
    found
}

/// Builds `check/quotes/` into `sink`.
pub fn build_into(graph: &Graph, sink: &dyn Sink) -> anyhow::Result<()> {
    let (pages, sentences, census) = collect(graph);
    let stop = census.stop_list();
    let stop_set: rustc_hash::FxHashSet<u32> = stop.iter().copied().collect();
    let sketches: Vec<Vec<u32>> = sentences
        .par_iter()
        .enumerate()
        .map(|(id, s)| census.sketch(id, s.text, &stop_set))
        .collect();
    drop(census);
    let postings: usize = sketches.iter().map(Vec::len).sum();
    // Shards a power of two (an even spread of hashes), about the target size.
    let estimate = (postings as f64 * POSTING_BYTES / TARGET_SHARD_BYTES as f64) as usize;
    let shards = estimate.max(1).next_power_of_two();
    let mut by_shard: Vec<Vec<(u32, u32)>> = vec![Vec::new(); shards];
    for (id, sketch) in sketches.iter().enumerate() {
        for &hash in sketch {
            by_shard[hash as usize % shards].push((hash, id as u32));
        }
    }
    by_shard
        .into_par_iter()
        .enumerate()
        .try_for_each(|(shard, mut entries)| {
            entries.sort_unstable();
            sink.put(Output {
                path: format!("check/quotes/f/{shard}.bin"),
                bytes: encode_shard(&entries),
            })
        })?;
    sentences
        .par_chunks(CHUNK)
        .enumerate()
        .try_for_each(|(chunk, list)| {
            sink.put(Output {
                path: format!("check/quotes/s/{chunk}.json"),
                bytes: chunk_json(&pages, list),
            })
        })?;
    let meta = Meta {
        version: FORMAT_VERSION,
        sentences: sentences.len(),
        shards,
        chunk: CHUNK,
        gram: GRAM,
        sketch: SKETCH,
        min_chars: MIN_CHARS,
        stop,
    };
    sink.put(Output {
        path: "check/quotes/meta.json".to_string(),
        bytes: serde_json::to_vec(&meta)?,
    })
}

/// The pages (url, title) and their sentences, in page order: each
/// formulation's authoritative sentence, then the excerpts' sentences. A
/// sentence whose kept characters equal an earlier one's is left out.
/// The sentences kept are counted into the census as they are found.
fn collect(graph: &Graph) -> (Vec<(String, String)>, Vec<Sentence<'_>>, Census) {
    let texts = texts(graph);
    let mut pages = Vec::new();
    let mut found: Vec<Sentence> = Vec::new();
    let mut census = Census::new();
    // 128 bits of each kept sentence, not its characters: two different
    // sentences colliding is as likely as a cosmic-ray bit flip.
    let mut seen: rustc_hash::FxHashSet<u128> = Default::default();
    for block in texts.chunks(PAGE_BLOCK) {
        let candidates: Vec<Vec<Candidate>> =
            block.par_iter().map(|t| candidates(t.text)).collect();
        for (text, candidates) in block.iter().zip(candidates) {
            let mut page = None;
            for candidate in candidates {
                if !seen.insert(candidate.key) {
                    continue;
                }
                let index = *page.get_or_insert_with(|| {
                    pages.push((graph.page_url(text.id), title(graph, text.id)));
                    pages.len() - 1
                });
                found.push(Sentence {
                    page: index,
                    text: candidate.text,
                });
                census.add(&candidate.grams);
            }
        }
    }
    (pages, found, census)
}

/// Pages whose sentences are cut and hashed at once, in parallel, before
/// they are kept or left out in order.
const PAGE_BLOCK: usize = 1024;

/// A text to index: a formulation's authoritative sentence or an
/// excerpt's text.
struct PageText<'g> {
    id: crate::graph::PageId,
    text: &'g str,
}

/// Each formulation's authoritative sentence, then every excerpt's text.
fn texts(graph: &Graph) -> Vec<PageText<'_>> {
    let authorities = graph
        .pages_of(PageKind::Formulation)
        .filter_map(|(id, page)| {
            let authority = authority(page)?;
            Some(PageText {
                id,
                text: &authority.text,
            })
        });
    let excerpts = graph
        .pages_of(PageKind::Excerpt)
        .map(|(id, page)| PageText {
            id,
            text: &page.rendered.plain_text,
        });
    authorities.chain(excerpts).collect()
}

/// A formulation's authoritative sentence, when it has one.
fn authority(page: &crate::graph::Page) -> Option<&crate::parse::Authority> {
    page.doc
        .fields
        .formulation()
        .and_then(|f| f.authority.as_ref())
        .filter(|a| !a.text.trim().is_empty())
}

/// What a page's sentences are shown under: an authoritative sentence's
/// document and article, an excerpt's source and title.
fn title(graph: &Graph, id: crate::graph::PageId) -> String {
    let page = &graph.pages[id];
    if let Some(authority) = authority(page) {
        let mut title = format!("《{}》", authority.document.trim());
        if let Some(article) = authority
            .article
            .as_deref()
            .filter(|a| !a.trim().is_empty())
        {
            title.push_str(article.trim());
        }
        if authority.pending {
            title.push_str("（待核实）");
        }
        return title;
    }
    let source = page
        .source
        .map_or("", |s| graph.pages[s].doc.meta.title.as_str());
    if source.is_empty() {
        page.doc.meta.title.clone()
    } else {
        format!("{source} · {}", page.doc.meta.title)
    }
}

/// A sentence long enough to index: its text, the hash of its kept
/// characters (what duplicates share) and its triples.
struct Candidate<'g> {
    text: &'g str,
    key: u128,
    grams: Vec<u32>,
}

/// A text's sentences long enough to index, with the kept characters of
/// each looked at once for both its key and its triples.
fn candidates(text: &str) -> Vec<Candidate<'_>> {
    let mut kept_text = String::new();
    let mut found = Vec::new();
    for sentence in sentences(text) {
        kept_text.clear();
        let mut triples = Triples::new(sentence.len());
        for c in kept(sentence) {
            kept_text.push(c);
            triples.push(c);
        }
        if triples.too_short() {
            continue;
        }
        found.push(Candidate {
            text: sentence,
            key: crate::hash::wide_hash(kept_text.as_bytes()),
            grams: triples.finish(),
        });
    }
    found
}

fn encode_shard(entries: &[(u32, u32)]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(entries.len() * 5);
    let mut previous_hash = 0u32;
    let mut i = 0;
    while i < entries.len() {
        let hash = entries[i].0;
        let end = i + entries[i..].iter().take_while(|e| e.0 == hash).count();
        varint(u64::from(hash - previous_hash), &mut bytes);
        varint((end - i) as u64, &mut bytes);
        let mut previous_id = 0u32;
        for &(_, id) in &entries[i..end] {
            varint(u64::from(id - previous_id), &mut bytes);
            previous_id = id;
        }
        previous_hash = hash;
        i = end;
    }
    bytes
}

fn varint(mut value: u64, out: &mut Vec<u8>) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A chunk's JSON: only the pages its sentences come from.
fn chunk_json(pages: &[(String, String)], list: &[Sentence]) -> Vec<u8> {
    let mut local: Vec<usize> = Vec::new();
    let rows: Vec<(usize, &str)> = list
        .iter()
        .map(|s| {
            let index = local.iter().position(|&p| p == s.page).unwrap_or_else(|| {
                local.push(s.page);
                local.len() - 1
            });
            (index, s.text)
        })
        .collect();
    let chunk = Chunk {
        pages: local.iter().map(|&p| &pages[p]).collect(),
        s: rows,
    };
    serde_json::to_vec(&chunk).unwrap_or_default()
}

/// A chunk file's JSON, serialized from the sentences where they are.
#[derive(Serialize)]
struct Chunk<'a> {
    pages: Vec<&'a (String, String)>,
    s: Vec<(usize, &'a str)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_keep_their_marks_and_drop_blanks() {
        assert_eq!(sentences("甲乙。丙丁！\n 戊"), ["甲乙。", "丙丁！", "戊"]);
    }

    #[test]
    fn a_few_characters_changed_keep_shared_hashes() {
        let quoted = "坚持惩前毖后、治病救人，执纪必严、违纪必究，抓早抓小、防微杜渐。";
        let drifted = "坚持惩前毖后、治病救人，执纪必严、违纪必纠，抓早抓小、防微杜渐。";
        let none = Default::default();
        let a = sketch(&grams(quoted), &none);
        let b = sketch(&grams(drifted), &none);
        assert_eq!(a.len(), SKETCH);
        assert!(
            a.iter().filter(|h| b.contains(h)).count() >= 2,
            "{a:?} {b:?}"
        );
        assert!(grams("太短的句子。").is_empty());
        // A stopped triple is skipped: the next smallest takes its place.
        let stop: rustc_hash::FxHashSet<u32> = [a[0]].into_iter().collect();
        let c = sketch(&grams(quoted), &stop);
        assert_eq!(&c[..SKETCH - 1], &a[1..]);
    }

    fn census_of(sentences: &[Vec<u32>]) -> Census {
        let mut census = Census::new();
        sentences.iter().for_each(|grams| census.add(grams));
        census
    }

    #[test]
    fn the_stop_list_holds_the_triples_of_many_sentences() {
        let common = vec![1, 2, 3];
        let mut sentences = vec![common.clone(); STOP_MIN_SENTENCES + 1];
        sentences.push(vec![1, 9]);
        assert_eq!(census_of(&sentences).stop_list(), [1, 2, 3]);
        sentences.truncate(STOP_MIN_SENTENCES);
        assert!(census_of(&sentences).stop_list().is_empty());
    }

    #[test]
    fn a_triple_hashes_as_fnv_over_its_utf8_bytes() {
        // What check.js computes: 32-bit FNV-1a of the three characters'
        // UTF-8 bytes, after folding (full-width forms, Latin case).
        let found = grams("ＡＢｃ一二三四五六七八九");
        for triple in ["abc", "bc一", "七八九"] {
            assert!(found.contains(&crate::hash::fnv1a32(triple)), "{triple}");
        }
        assert_eq!(found.len(), 10);
        assert!(found.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn kept_triples_give_the_sketch_all_triples_give() {
        let text = "坚持和加强党的全面领导，坚持以人民为中心的发展思想，坚持全面深化改革开放。";
        let all = grams(text);
        assert!(all.len() > KEPT_GRAMS + SKETCH);
        let census = census_of(std::slice::from_ref(&all));
        // No stop list, a few of the smallest stopped, and all but one of
        // the kept ones stopped (the sketch must be worked out again).
        let stops: [&[u32]; 3] = [&[], &all[..3], &all[1..KEPT_GRAMS]];
        for stopped in stops {
            let stop = stopped.iter().copied().collect();
            assert_eq!(census.sketch(0, text, &stop), sketch(&all, &stop));
        }
    }

    #[test]
    fn shards_decode_back() {
        let bytes = encode_shard(&[(5, 1), (5, 9), (300, 2)]);
        assert_eq!(bytes, [5, 2, 1, 8, 0xA7, 0x02, 1, 2]);
    }
}
