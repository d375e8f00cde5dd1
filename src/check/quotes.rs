//! The sentence index of 引文核对 (`check/quotes/`): which sentence of an
//! excerpt or an authoritative sentence a sentence of a draft nearly
//! repeats, found without downloading the corpus.
//!
//! Each sentence of the corpus (excerpt texts and every formulation's
//! authoritative sentence, cut at 。！？；!?; and line breaks, of
//! [`MIN_CHARS`] or more characters once punctuation and spaces are left
//! out) gets a sketch: the [`SKETCH`] smallest distinct hashes of its
//! character triples. Two sentences that differ in a few characters share
//! most triples, so they almost always share a sketch hash; a quotation
//! inside a longer sentence shares them too. The browser sketches each
//! sentence of the draft the same way (`check.js`), fetches the posting
//! shards of those hashes (`f/<shard>.bin`, about [`TARGET_SHARD_BYTES`]
//! each, so a lookup costs the same on any size of corpus) and the few
//! sentence chunks (`s/<chunk>.json`) the postings point to, and compares
//! the sentences character by character. What a check downloads grows with
//! the draft, not with the site.
//!
//! Files (all under `check/quotes/`):
//!
//! - `meta.json`: `{version, sentences, shards, chunk, gram, sketch, min_chars}`;
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
use crate::parse::PageKind;
use crate::render::{Output, Sink};

/// Version of the files above; `check.js` refuses others.
pub const FORMAT_VERSION: u32 = 1;
/// Characters per hashed gram.
pub const GRAM: usize = 3;
/// Hashes kept per sentence.
pub const SKETCH: usize = 4;
/// Sentences shorter than this (kept characters) are not indexed.
pub const MIN_CHARS: usize = 12;
/// Sentences per chunk file.
pub const CHUNK: usize = 64;
/// What a posting shard aims at: one lookup's download.
const TARGET_SHARD_BYTES: usize = 2 * 1024;

#[derive(Serialize)]
struct Meta {
    version: u32,
    sentences: usize,
    shards: usize,
    chunk: usize,
    gram: usize,
    sketch: usize,
    min_chars: usize,
}

/// One indexed sentence.
struct Sentence {
    /// Index into the page list (url, title).
    page: usize,
    text: String,
    sketch: Vec<u32>,
}

/// 32-bit FNV-1a.
pub fn fnv1a32(bytes: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for &b in bytes {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(16_777_619);
    }
    hash
}

/// The characters a sketch is made of (see the module doc).
pub fn kept_chars(text: &str) -> Vec<char> {
    text.chars()
        .map(crate::search::normalize::fold_char)
        .filter(|&c| crate::slug::is_cjk(c) || c.is_ascii_alphanumeric())
        .collect()
}

/// The sketch of a sentence: its smallest distinct triple hashes, at most
/// [`SKETCH`], ascending; empty when it is too short.
pub fn sketch(text: &str) -> Vec<u32> {
    let chars = kept_chars(text);
    if chars.len() < MIN_CHARS {
        return Vec::new();
    }
    let mut hashes: Vec<u32> = chars
        .windows(GRAM)
        .map(|gram| {
            let mut buffer = [0u8; 12];
            let mut len = 0;
            for c in gram {
                len += c.encode_utf8(&mut buffer[len..]).len();
            }
            fnv1a32(&buffer[..len])
        })
        .collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes.truncate(SKETCH);
    hashes
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
    let (pages, sentences) = collect(graph);
    let postings: usize = sentences.iter().map(|s| s.sketch.len()).sum();
    // About 5 bytes per posting; shards a power of two for an even spread.
    let shards = (postings * 5 / TARGET_SHARD_BYTES)
        .max(1)
        .next_power_of_two();
    let mut by_shard: Vec<Vec<(u32, u32)>> = vec![Vec::new(); shards];
    for (id, sentence) in sentences.iter().enumerate() {
        for &hash in &sentence.sketch {
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
    };
    sink.put(Output {
        path: "check/quotes/meta.json".to_string(),
        bytes: serde_json::to_vec(&meta)?,
    })
}

/// The pages (url, title) and their sentences, in page order: each
/// formulation's authoritative sentence, then the excerpts' sentences. A
/// sentence whose kept characters equal an earlier one's is left out.
fn collect(graph: &Graph) -> (Vec<(String, String)>, Vec<Sentence>) {
    let mut pages = Vec::new();
    let mut found: Vec<Sentence> = Vec::new();
    let mut seen: rustc_hash::FxHashSet<Vec<char>> = Default::default();
    let mut add = |pages: &mut Vec<(String, String)>, url: String, title: String, text: &str| {
        let mut page = None;
        for sentence in sentences(text) {
            let sketch = sketch(sentence);
            if sketch.is_empty() || !seen.insert(kept_chars(sentence)) {
                continue;
            }
            let index = *page.get_or_insert_with(|| {
                pages.push((url.clone(), title.clone()));
                pages.len() - 1
            });
            found.push(Sentence {
                page: index,
                text: sentence.to_string(),
                sketch,
            });
        }
    };
    for (id, page) in graph.pages_of(PageKind::Formulation) {
        let Some(authority) = page
            .doc
            .fields
            .formulation()
            .and_then(|f| f.authority.as_ref())
        else {
            continue;
        };
        if authority.text.trim().is_empty() {
            continue;
        }
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
        add(&mut pages, graph.page_url(id), title, &authority.text);
    }
    for (id, page) in graph.pages_of(PageKind::Excerpt) {
        let source = page
            .source
            .map(|s| graph.pages[s].doc.meta.title.clone())
            .unwrap_or_default();
        let title = if source.is_empty() {
            page.doc.meta.title.clone()
        } else {
            format!("{source} · {}", page.doc.meta.title)
        };
        add(
            &mut pages,
            graph.page_url(id),
            title,
            &page.rendered.plain_text,
        );
    }
    (pages, found)
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
            (index, s.text.as_str())
        })
        .collect();
    let chunk_pages: Vec<&(String, String)> = local.iter().map(|&p| &pages[p]).collect();
    serde_json::to_vec(&serde_json::json!({ "pages": chunk_pages, "s": rows })).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_keep_their_marks_and_drop_blanks() {
        assert_eq!(sentences("甲乙。丙丁！\n 戊"), ["甲乙。", "丙丁！", "戊"]);
    }

    #[test]
    fn a_few_characters_changed_keep_a_shared_hash() {
        let quoted = "坚持惩前毖后、治病救人，执纪必严、违纪必究，抓早抓小、防微杜渐。";
        let drifted = "坚持惩前毖后、治病救人，执纪必严、违纪必纠，抓早抓小、防微杜渐。";
        let a = sketch(quoted);
        let b = sketch(drifted);
        assert_eq!(a.len(), SKETCH);
        assert!(a.iter().any(|h| b.contains(h)), "{a:?} {b:?}");
        assert!(sketch("太短的句子。").is_empty());
    }

    #[test]
    fn fnv_matches_the_reference_values() {
        assert_eq!(fnv1a32(b""), 0x811c_9dc5);
        assert_eq!(fnv1a32(b"a"), 0xe40c_292c);
    }

    #[test]
    fn shards_decode_back() {
        let bytes = encode_shard(&[(5, 1), (5, 9), (300, 2)]);
        assert_eq!(bytes, [5, 2, 1, 8, 0xA7, 0x02, 1, 2]);
    }
}
