//! The n-gram postings: which documents contain each character (with its
//! counts) and each pair of characters (with a capped count and its
//! positions in the title), encoded as varints and sharded by hash. The
//! format is specified in docs/search-format.md.

use rayon::prelude::*;

pub use crate::hash::fnv1a32;
use crate::hash::{FNV1A32_EMPTY, fnv1a32_char};

/// Appends `value` as an unsigned LEB128 varint.
pub fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7F) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Bytes of `value` as a varint.
fn varint_len(value: u64) -> usize {
    (64 - value.max(1).leading_zeros() as usize).div_ceil(7)
}

/// Reads a varint at `*at`, advancing it (used by tests and the fuzzer).
pub fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7F) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// Bits of a postings entry's count that hold the document's
/// [`length_bucket`].
pub const LENGTH_BITS: u32 = 5;

/// A document's length (characters of its text) in steps of a half power
/// of two, `round(2 · log2(len))`, at most 31: the length a client ranks
/// with (BM25's length normalisation) without a table of every document.
pub fn length_bucket(len: usize) -> u64 {
    if len <= 1 {
        return 0;
    }
    let bucket = (2.0 * (len as f64).log2()).round() as u64;
    bucket.min((1 << LENGTH_BITS) - 1)
}

/// N-grams are keyed by their characters packed into one integer (21 bits
/// each), so they are grouped without allocating a string per occurrence.
fn pack(first: char, second: char) -> u64 {
    (u64::from(first as u32) << 21) | u64::from(second as u32)
}

/// Turns a key back into the n-gram.
fn unpack(mut key: u64, n: usize) -> String {
    let mut chars = vec!['\0'; n];
    for slot in chars.iter_mut().rev() {
        *slot = char::from_u32((key & 0x1F_FFFF) as u32).unwrap_or('\u{FFFD}');
        key >>= 21;
    }
    chars.into_iter().collect()
}

/// One entry of a postings list before encoding: key, document, and either
/// the counts `tf << 16 | tf_title` (single characters) or a position
/// with its title flag, `2 · position + in_title` (pairs).
type Occurrence = (u64, u32, u32);

/// The n-gram lengths indexed: single characters (counts per document) and
/// pairs (documents, capped counts, title positions). A longer query's
/// candidates are the documents holding its pairs; the client verifies
/// them against their texts.
pub const LENGTHS: [usize; 2] = [1, 2];

/// One indexed document: its folded text and where the title ends.
pub type DocText<'a> = (&'a [char], usize);

/// Documents per parallel task. Each task encodes its documents' postings
/// for every shard; a shard is then the tasks' pieces joined in order.
const DOCS_PER_TASK: usize = 256;

/// The shards for n-grams of length `n`, collected in memory (tests and
/// the fuzzer; the build streams them with [`for_each_shard`]).
pub fn build_shards(n: usize, docs: &[DocText], target_bytes: usize) -> (usize, Vec<Vec<u8>>) {
    let shards = std::sync::Mutex::new(Vec::new());
    let counts = for_each_shard(docs, target_bytes, |length, shard, bytes| {
        if length == n
            && let Ok(mut shards) = shards.lock()
        {
            shards.push((shard, bytes));
        }
        Ok(())
    })
    .unwrap_or_default();
    let mut shards = shards.into_inner().unwrap_or_default();
    shards.sort_by_key(|(shard, _)| *shard);
    let count = LENGTHS
        .iter()
        .position(|&l| l == n)
        .map_or(0, |i| counts[i]);
    (count, shards.into_iter().map(|(_, bytes)| bytes).collect())
}

/// Builds the shards of both n-gram lengths over `docs` (document id =
/// index) and hands each to `put` (length, shard number, bytes) as soon as
/// it is joined. Returns the shard count of each length.
///
/// The shards are built a few at a time ([`Pass`]). In each pass, tasks
/// over runs of documents read each text once, computing the character's
/// and the pair's hash at each position together (the pair's hash
/// continues the character's), and encode their documents' postings of
/// the pass's n-grams straight away ([`Pieces`]); a shard is then each of
/// its n-grams' pieces joined in document order. Memory holds about the
/// encoded index of one pass, never an entry per character of the whole
/// corpus.
pub fn for_each_shard(
    docs: &[DocText],
    target_bytes: usize,
    put: impl Fn(usize, usize, Vec<u8>) -> anyhow::Result<()> + Sync,
) -> anyhow::Result<[usize; 2]> {
    for_each_shard_in_passes(docs, target_bytes, PASS_BYTES, put)
}

/// [`for_each_shard`] with passes of about `pass_bytes` each (tests show
/// that the passes do not change a byte of the shards).
fn for_each_shard_in_passes(
    docs: &[DocText],
    target_bytes: usize,
    pass_bytes: usize,
    put: impl Fn(usize, usize, Vec<u8>) -> anyhow::Result<()> + Sync,
) -> anyhow::Result<[usize; 2]> {
    let text = |id: usize| (docs[id].0.to_vec(), docs[id].1);
    let corpus = Corpus {
        docs: docs.len(),
        characters: docs.iter().map(|(chars, _)| chars.len()).sum(),
        text: &text,
    };
    build_in_passes(&corpus, target_bytes, pass_bytes, put)
}

/// Documents whose texts are made when a task reads them, so the index
/// is built without every folded text in memory at once.
pub struct Corpus<'a> {
    pub docs: usize,
    /// Characters of all texts together (they size the shards).
    pub characters: usize,
    /// Document id → its folded text and where its title ends.
    pub text: &'a (dyn Fn(usize) -> (Vec<char>, usize) + Sync),
}

/// [`for_each_shard`] over a [`Corpus`].
pub fn for_each_shard_of(
    corpus: &Corpus,
    target_bytes: usize,
    put: impl Fn(usize, usize, Vec<u8>) -> anyhow::Result<()> + Sync,
) -> anyhow::Result<[usize; 2]> {
    build_in_passes(corpus, target_bytes, PASS_BYTES, put)
}

/// The pieces one pass holds until its shards are joined, estimated at
/// [`PIECE_BYTES_PER_CHARACTER`]: at 100,000 pages the pieces of the whole
/// index (140 MB) were held at once, beside the graph, and made most of
/// the build's peak memory. A pass reads every text again (about a tenth
/// of the index's time), so a site of up to some 10,000 pages is built in
/// one pass and 100,000 in two. Four passes of half this size took 1.5 s
/// more CPU at 100,000 pages for no lower peak: the peak comes while
/// pages are rendered beside the index, not from the pieces (one pass of
/// the whole index did raise it, by about 100 MB).
const PASS_BYTES: usize = 80 << 20;

/// Bytes of pieces per character of the corpus, for each n-gram length
/// (measured at 100,000 pages: 1.7 for single characters, 1.9 for pairs,
/// with the pieces' own 12 bytes).
const PIECE_BYTES_PER_CHARACTER: usize = 2;

/// The shards one pass builds: a run of each length's shards (empty when
/// the pass builds none of that length). The passes of a build take the
/// shards of single characters, then of pairs, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Pass {
    shards: [std::ops::Range<usize>; 2],
}

/// Cuts the shards (`counts` of each length) into passes of at most
/// `pass_bytes` estimated pieces each (a pass has at least one shard).
fn passes(counts: &[usize; 2], characters: usize, pass_bytes: usize) -> Vec<Pass> {
    let mut passes = Vec::new();
    let mut pass = Pass::default();
    let mut held = 0;
    for (i, &count) in counts.iter().enumerate() {
        let per_shard = (characters * PIECE_BYTES_PER_CHARACTER).div_ceil(count.max(1));
        for shard in 0..count {
            if held > 0 && held + per_shard > pass_bytes {
                passes.push(std::mem::take(&mut pass));
                held = 0;
            }
            let start = if pass.shards[i].is_empty() {
                shard
            } else {
                pass.shards[i].start
            };
            pass.shards[i] = start..shard + 1;
            held += per_shard;
        }
    }
    if held > 0 {
        passes.push(pass);
    }
    passes
}

/// Builds the shards pass by pass (see [`for_each_shard`]).
fn build_in_passes(
    corpus: &Corpus,
    target_bytes: usize,
    pass_bytes: usize,
    put: impl Fn(usize, usize, Vec<u8>) -> anyhow::Result<()> + Sync,
) -> anyhow::Result<[usize; 2]> {
    let counts = LENGTHS.map(|n| shard_count(n, corpus.characters, target_bytes));
    for pass in passes(&counts, corpus.characters, pass_bytes) {
        let tasks = encode_pass(corpus, &counts, &pass);
        let shards: Vec<(usize, usize)> = (pass.shards.iter().enumerate())
            .flat_map(|(i, range)| range.clone().map(move |shard| (i, shard)))
            .collect();
        shards.into_par_iter().try_for_each(|(i, shard)| {
            put(LENGTHS[i], shard, join_shard(&tasks, &pass, i, shard))
        })?;
    }
    Ok(counts)
}

/// Every task's pieces of the shards of `pass`, in document order.
fn encode_pass(corpus: &Corpus, counts: &[usize; 2], pass: &Pass) -> Vec<Pieces> {
    (0..corpus.docs.div_ceil(DOCS_PER_TASK))
        .into_par_iter()
        .map_init(
            || Scratch::new(counts),
            |scratch, task| {
                let first = task * DOCS_PER_TASK;
                let end = (first + DOCS_PER_TASK).min(corpus.docs);
                let owned: Vec<(Vec<char>, usize)> = (first..end).map(corpus.text).collect();
                let chunk: Vec<DocText> = owned.iter().map(|(t, l)| (t.as_slice(), *l)).collect();
                scratch.encode(first, &chunk, pass)
            },
        )
        .collect()
}

/// Shards for n-grams of length `n`: a power of two, so a shard is picked
/// with a mask. Pair postings cost about two bytes a character (positions);
/// single characters about one (counts per document).
fn shard_count(n: usize, characters: usize, target_bytes: usize) -> usize {
    let estimated_bytes = characters * n;
    (estimated_bytes / target_bytes.max(1))
        .max(1)
        .next_power_of_two()
}

/// One task's postings: for each shard of a pass, each n-gram's postings
/// in the task's documents, encoded except for the first document's number
/// (it becomes a difference from the previous piece's last when pieces are
/// joined).
struct Pieces {
    bytes: Vec<u8>,
    pieces: Vec<Piece>,
    /// Where the pieces of each shard of the pass start in `pieces`, per
    /// length, plus the end (index 0: the pass's first shard).
    shard_starts: [Vec<u32>; 2],
}

/// One n-gram's postings in one task's documents, from `bytes[start]` to
/// the next piece's start (or the end of the task's bytes). Every piece of
/// a pass is held until its shards are joined (millions at 100,000
/// pages), so a piece is 12 bytes: the n-gram's key (42 bits) and its first
/// and last document as offsets from the task's first (under
/// [`DOCS_PER_TASK`], 8 bits each) packed in one word, and a 32-bit offset
/// (a task's bytes stay far below 4 GB).
#[derive(Clone, Copy)]
#[repr(C, packed(4))]
struct Piece {
    key_and_docs: u64,
    start: u32,
}

/// Bits of [`Piece::key_and_docs`] that hold the key: two characters of 21
/// bits ([`pack`]).
const KEY_BITS: u32 = 42;

const _: () = assert!(
    DOCS_PER_TASK <= 256,
    "a piece keeps document offsets in 8 bits"
);

impl Piece {
    fn new(key: u64, first_offset: usize, last_offset: usize, start: u32) -> Piece {
        Piece {
            key_and_docs: key
                | (first_offset as u64) << KEY_BITS
                | (last_offset as u64) << (KEY_BITS + 8),
            start,
        }
    }

    fn key(self) -> u64 {
        self.key_and_docs & ((1 << KEY_BITS) - 1)
    }

    /// The first and the last document, given the task's first.
    fn docs(self, task_first_doc: u32) -> (u32, u32) {
        let offsets = self.key_and_docs >> KEY_BITS;
        (
            task_first_doc + (offsets & 0xFF) as u32,
            task_first_doc + (offsets >> 8) as u32,
        )
    }
}

impl Pieces {
    /// Where piece `index`'s bytes are: up to the next piece's start (the
    /// pieces are in the order of their bytes).
    fn range(&self, index: usize) -> std::ops::Range<usize> {
        let end = self
            .pieces
            .get(index + 1)
            .map_or(self.bytes.len(), |next| next.start as usize);
        self.pieces[index].start as usize..end
    }
}

/// A task's working memory, reused for the next task on the same thread.
struct Scratch {
    counts: [usize; 2],
    /// Entries per shard, per length, in document and position order.
    buckets: [Vec<Vec<Occurrence>>; 2],
    counter: CharCounter,
}

impl Scratch {
    fn new(counts: &[usize; 2]) -> Scratch {
        Scratch {
            counts: *counts,
            buckets: counts.map(|count| vec![Vec::new(); count]),
            counter: CharCounter::default(),
        }
    }

    /// Reads `chunk` (documents numbered from `first_doc`) into the buckets
    /// of the shards of `pass`, then encodes each bucket's n-grams.
    fn encode(&mut self, first_doc: usize, chunk: &[DocText], pass: &Pass) -> Pieces {
        self.scatter(first_doc, chunk, pass);
        let buckets: Vec<u64> = chunk
            .iter()
            .map(|(chars, _)| length_bucket(chars.len()))
            .collect();
        let bucket_of = |doc: u32| buckets[doc as usize - first_doc];
        let mut out = Pieces {
            bytes: Vec::new(),
            pieces: Vec::new(),
            shard_starts: [Vec::new(), Vec::new()],
        };
        for (i, buckets) in self.buckets.iter_mut().enumerate() {
            for bucket in &mut buckets[pass.shards[i].clone()] {
                out.shard_starts[i].push(out.pieces.len() as u32);
                // Stable: each n-gram's entries stay in document and
                // position order.
                bucket.sort_by_key(|entry| entry.0);
                for run in bucket.chunk_by(|a, b| a.0 == b.0) {
                    let start = out.bytes.len() as u32;
                    encode_postings(LENGTHS[i], run, &bucket_of, &mut out.bytes);
                    let offset = |doc: u32| doc as usize - first_doc;
                    out.pieces.push(Piece::new(
                        run[0].0,
                        offset(run[0].1),
                        offset(run[run.len() - 1].1),
                        start,
                    ));
                }
                bucket.clear();
            }
            out.shard_starts[i].push(out.pieces.len() as u32);
        }
        // Held until every task is done: no room left over from growing.
        out.bytes.shrink_to_fit();
        out.pieces.shrink_to_fit();
        out
    }

    /// Puts every entry of `chunk` of a shard of `pass` in its shard's
    /// bucket: pairs by position; single characters counted per document,
    /// in order of first appearance, so one entry per distinct character of
    /// a document rather than one per position. Pairs containing the `"\n"`
    /// separator are not indexed. A shard's bucket is the same whichever
    /// pass builds it.
    fn scatter(&mut self, first_doc: usize, chunk: &[DocText], pass: &Pass) {
        let masks = self.counts.map(|count| count - 1);
        let [single_shards, pair_shards] = &pass.shards;
        let [singles, pairs] = &mut self.buckets;
        for (offset, &(chars, title_len)) in chunk.iter().enumerate() {
            let doc = (first_doc + offset) as u32;
            let mut previous: Option<(char, u32)> = None;
            for (position, &c) in chars.iter().enumerate() {
                if c == '\n' {
                    previous = None;
                    continue;
                }
                let hash = fnv1a32_char(FNV1A32_EMPTY, c);
                let shard = hash as usize & masks[0];
                if single_shards.contains(&shard) {
                    self.counter.count(c, shard, position < title_len);
                }
                if let Some((first, first_hash)) = previous {
                    let shard = fnv1a32_char(first_hash, c) as usize & masks[1];
                    if pair_shards.contains(&shard) {
                        let start = position - 1;
                        let flagged = 2 * start as u32 + u32::from(start < title_len);
                        pairs[shard].push((pack(first, c), doc, flagged));
                    }
                }
                previous = Some((c, hash));
            }
            self.counter.drain(|c, shard, tf, in_title| {
                let counts = (tf.min(0xFFFF) << 16) | in_title.min(0xFFFF);
                singles[shard].push((u64::from(c as u32), doc, counts));
            });
        }
    }
}

/// Counts the characters of one document: (character, bucket, occurrences,
/// in the title), in order of first appearance. Characters of the Basic
/// Multilingual Plane (all common Chinese) are looked up in a table, the
/// rest in a map.
struct CharCounter {
    /// One more than the character's index in `chars`; 0 when not seen.
    slots: Vec<u32>,
    others: rustc_hash::FxHashMap<char, u32>,
    chars: Vec<(char, usize, u32, u32)>,
}

impl Default for CharCounter {
    fn default() -> CharCounter {
        CharCounter {
            slots: vec![0; 0x1_0000],
            others: Default::default(),
            chars: Vec::new(),
        }
    }
}

impl CharCounter {
    fn count(&mut self, c: char, bucket: usize, in_title: bool) {
        let next = self.chars.len() as u32;
        let at = match self.slots.get_mut(c as usize) {
            Some(slot) => {
                if *slot == 0 {
                    *slot = next + 1;
                }
                *slot - 1
            }
            None => *self.others.entry(c).or_insert(next),
        };
        if at == next {
            self.chars.push((c, bucket, 0, 0));
        }
        let entry = &mut self.chars[at as usize];
        entry.2 += 1;
        entry.3 += u32::from(in_title);
    }

    /// Hands out the counts and forgets them, ready for the next document.
    fn drain(&mut self, mut each: impl FnMut(char, usize, u32, u32)) {
        for &(c, bucket, tf, in_title) in &self.chars {
            if let Some(slot) = self.slots.get_mut(c as usize) {
                *slot = 0;
            }
            each(c, bucket, tf, in_title);
        }
        self.chars.clear();
        self.others.clear();
    }
}

/// One shard's bytes: the pieces of each of its n-grams from every task
/// of the pass that built it, joined in document order, n-grams in order
/// of first appearance.
fn join_shard(tasks: &[Pieces], pass: &Pass, length: usize, shard: usize) -> Vec<u8> {
    let n = LENGTHS[length];
    let slot = shard - pass.shards[length].start;
    let mut ids: rustc_hash::FxHashMap<u64, u32> = rustc_hash::FxHashMap::default();
    // (n-gram id, task, piece index), then grouped by n-gram, tasks still
    // in order.
    let mut found: Vec<(u32, u32, u32)> = Vec::new();
    for (task, pieces) in tasks.iter().enumerate() {
        let starts = &pieces.shard_starts[length];
        for index in starts[slot]..starts[slot + 1] {
            let next = ids.len() as u32;
            let key = pieces.pieces[index as usize].key();
            found.push((*ids.entry(key).or_insert(next), task as u32, index));
        }
    }
    found.sort_by_key(|&(id, ..)| id);
    // A piece's documents and bytes.
    let piece = |task: u32, index: u32| {
        let pieces = &tasks[task as usize];
        let (first, last) = pieces.pieces[index as usize].docs(task * DOCS_PER_TASK as u32);
        (first, last, &pieces.bytes[pieces.range(index as usize)])
    };
    let mut shard_bytes = Vec::new();
    for run in found.chunk_by(|a, b| a.0 == b.0) {
        let (_, task, index) = run[0];
        let text = unpack(tasks[task as usize].pieces[index as usize].key(), n);
        push_varint(&mut shard_bytes, text.len() as u64);
        shard_bytes.extend_from_slice(text.as_bytes());
        // Each piece's first document, as a difference from the last before.
        // A pair's piece starts with its first entry's flags (one byte), to
        // go in the low bits of that difference.
        let first_entry = |delta: u32, bytes: &[u8]| match n {
            1 => (u64::from(delta), 0),
            _ => (u64::from(delta) << 3 | u64::from(bytes[0]), 1),
        };
        let mut previous_doc = 0;
        let mut length = 0;
        for &(_, task, index) in run {
            let (first, last, bytes) = piece(task, index);
            let (entry, skip) = first_entry(first - previous_doc, bytes);
            length += varint_len(entry) + bytes.len() - skip;
            previous_doc = last;
        }
        let mut joined = Vec::with_capacity(length);
        let mut previous_doc = 0;
        for &(_, task, index) in run {
            let (first, last, bytes) = piece(task, index);
            let (entry, skip) = first_entry(first - previous_doc, bytes);
            push_varint(&mut joined, entry);
            joined.extend_from_slice(&bytes[skip..]);
            previous_doc = last;
        }
        if n == 2 {
            joined = pair_postings(&joined);
        }
        push_varint(&mut shard_bytes, joined.len() as u64);
        shard_bytes.extend_from_slice(&joined);
    }
    shard_bytes
}

/// A pair's postings from its joined entries (per document `varint
/// doc_delta · 8 + (count − 1) · 2 + in_title`, then the title positions
/// as [`encode_pair_entry`] writes them): the smaller of the sparse form
/// (`0`, then the joined entries as they are) and the dense form (`1`, a
/// bitmap of the documents, their counts two bits each, then the documents
/// with title positions), docs/search-format.md.
fn pair_postings(joined: &[u8]) -> Vec<u8> {
    let mut docs: Vec<u32> = Vec::new();
    let mut counts: Vec<u8> = Vec::new();
    // (document, the bytes of its title positions in `joined`).
    let mut titled: Vec<(u32, std::ops::Range<usize>)> = Vec::new();
    let mut at = 0;
    let mut doc = 0u64;
    while at < joined.len() {
        let Some(entry) = read_varint(joined, &mut at) else {
            break;
        };
        let flags = entry & 7;
        doc += entry >> 3;
        docs.push(doc as u32);
        counts.push((flags >> 1) as u8);
        if flags & 1 == 1 {
            let start = at;
            let n = read_varint(joined, &mut at).unwrap_or(0);
            for _ in 0..n {
                read_varint(joined, &mut at);
            }
            titled.push((doc as u32, start..at));
        }
    }
    let mut sparse = Vec::with_capacity(joined.len() + 1);
    sparse.push(0u8);
    sparse.extend_from_slice(joined);
    let last = docs.last().copied().unwrap_or(0) as usize;
    let bitmap_bytes = last / 8 + 1;
    // A bitmap pays only when the pair is in a good share of the documents.
    if bitmap_bytes + docs.len().div_ceil(4) >= sparse.len() {
        return sparse;
    }
    let mut dense = vec![1u8];
    push_varint(&mut dense, bitmap_bytes as u64);
    let bitmap_start = dense.len();
    dense.resize(bitmap_start + bitmap_bytes, 0);
    for &doc in &docs {
        dense[bitmap_start + doc as usize / 8] |= 1 << (doc % 8);
    }
    let counts_start = dense.len();
    dense.resize(counts_start + docs.len().div_ceil(4), 0);
    for (k, &count) in counts.iter().enumerate() {
        dense[counts_start + k / 4] |= count << (2 * (k % 4));
    }
    let mut previous = 0;
    for (doc, bytes) in &titled {
        push_varint(&mut dense, u64::from(doc - previous));
        previous = *doc;
        dense.extend_from_slice(&joined[bytes.clone()]);
    }
    if dense.len() < sparse.len() {
        dense
    } else {
        sparse
    }
}

/// Appends the postings of one n-gram from its entries in one task's
/// documents (in document order), all but the first document's number.
/// Each count carries the document's length bucket in its low bits.
fn encode_postings(
    n: usize,
    entries: &[Occurrence],
    bucket_of: &impl Fn(u32) -> u64,
    out: &mut Vec<u8>,
) {
    let mut previous_doc = None;
    for run in entries.chunk_by(|a, b| a.1 == b.1) {
        let doc = run[0].1;
        let delta = previous_doc.map(|previous| doc - previous);
        previous_doc = Some(doc);
        if n == 1 {
            if let Some(delta) = delta {
                push_varint(out, u64::from(delta));
            }
            let counts = run[0].2;
            push_varint(out, u64::from(counts >> 16) << LENGTH_BITS | bucket_of(doc));
            push_varint(out, u64::from(counts & 0xFFFF));
        } else {
            encode_pair_entry(run, delta, out);
        }
    }
}

/// Pair counts above this are stored as this: ranking saturates long
/// before (BM25's k1), and the count then fits two bits of the entry byte.
pub const MAX_PAIR_COUNT: u32 = 4;

/// One document's entry in a task's piece of a pair's postings: `varint
/// doc_delta · 8 + (min(count, 4) − 1) · 2 + in_title` (the sparse form's
/// entry, one varint where a delta and the flags would take two: the pieces
/// of the whole index are held at once), then, when the pair occurs in the
/// title, `varint n` and its `n` positions there (the first as it is, then
/// differences). The piece's first document has no delta yet (`None`): its
/// entry is the flags alone, one byte, and the join puts the delta in.
/// Body positions are not stored: a query longer than a pair is verified
/// against the document's text.
fn encode_pair_entry(run: &[Occurrence], delta: Option<u32>, out: &mut Vec<u8>) {
    let count = (run.len() as u32).min(MAX_PAIR_COUNT);
    // Positions are stored as 2 · position + in_title: the title's come first.
    let titled = run.iter().take_while(|entry| entry.2 & 1 == 1).count();
    let flags = u64::from(count - 1) << 1 | u64::from(titled > 0);
    push_varint(out, u64::from(delta.unwrap_or(0)) << 3 | flags);
    if titled > 0 {
        push_varint(out, titled as u64);
        let mut last = 0;
        for entry in &run[..titled] {
            let position = entry.2 / 2;
            push_varint(out, u64::from(position - last));
            last = position;
        }
    }
}

/// One document of a pair's decoded postings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairEntry {
    pub doc: u32,
    /// Occurrences in the whole text, at most [`MAX_PAIR_COUNT`].
    pub count: u32,
    /// Where the pair starts in the title, in order.
    pub title_positions: Vec<u32>,
}

/// Decodes a pair's postings (docs/search-format.md), or `None` when they
/// are malformed (tests, the fuzzer).
pub fn decode_pair_postings(bytes: &[u8]) -> Option<Vec<PairEntry>> {
    let mut at = 0;
    let mut out = Vec::new();
    let positions = |at: &mut usize| -> Option<Vec<u32>> {
        let n = read_varint(bytes, at)?;
        let mut position = 0u64;
        let mut list = Vec::new();
        for k in 0..n {
            let value = read_varint(bytes, at)?;
            position = if k == 0 { value } else { position + value };
            list.push(u32::try_from(position).ok()?);
        }
        Some(list)
    };
    match read_varint(bytes, &mut at)? {
        0 => {
            let mut doc = 0u64;
            while at < bytes.len() {
                let value = read_varint(bytes, &mut at)?;
                doc += value >> 3;
                let title_positions = if value & 1 == 1 {
                    positions(&mut at)?
                } else {
                    Vec::new()
                };
                out.push(PairEntry {
                    doc: u32::try_from(doc).ok()?,
                    count: ((value >> 1) & 3) as u32 + 1,
                    title_positions,
                });
            }
        }
        1 => {
            let bitmap_bytes = read_varint(bytes, &mut at)? as usize;
            let bitmap = bytes.get(at..at.checked_add(bitmap_bytes)?)?;
            at += bitmap_bytes;
            for (i, &byte) in bitmap.iter().enumerate() {
                for bit in 0..8 {
                    if byte & (1 << bit) != 0 {
                        out.push(PairEntry {
                            doc: u32::try_from(i * 8 + bit).ok()?,
                            count: 0,
                            title_positions: Vec::new(),
                        });
                    }
                }
            }
            let counts = bytes.get(at..at.checked_add(out.len().div_ceil(4))?)?;
            at += counts.len();
            for (k, entry) in out.iter_mut().enumerate() {
                entry.count = u32::from(counts[k / 4] >> (2 * (k % 4)) & 3) + 1;
            }
            let mut doc = 0u64;
            let mut k = 0;
            while at < bytes.len() {
                doc += read_varint(bytes, &mut at)?;
                while out.get(k)?.doc as u64 != doc {
                    k += 1;
                }
                out[k].title_positions = positions(&mut at)?;
            }
        }
        _ => return None,
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_buckets_are_half_octaves() {
        assert_eq!(length_bucket(0), 0);
        assert_eq!(length_bucket(1), 0);
        assert_eq!(length_bucket(2), 2);
        assert_eq!(length_bucket(600), 18);
        assert_eq!(length_bucket(usize::MAX), 31);
    }

    #[test]
    fn varints_round_trip() {
        let mut bytes = Vec::new();
        for value in [0, 1, 127, 128, 300, u64::from(u32::MAX)] {
            let before = bytes.len();
            push_varint(&mut bytes, value);
            assert_eq!(varint_len(value), bytes.len() - before, "{value}");
        }
        let mut at = 0;
        let decoded: Vec<u64> = std::iter::from_fn(|| read_varint(&bytes, &mut at)).collect();
        assert_eq!(decoded, [0, 1, 127, 128, 300, u64::from(u32::MAX)]);
    }

    /// Decodes a shard back into (key → postings bytes).
    fn records(shard: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut at = 0;
        let mut out = Vec::new();
        while at < shard.len() {
            let len = read_varint(shard, &mut at).unwrap() as usize;
            let key = String::from_utf8(shard[at..at + len].to_vec()).unwrap();
            at += len;
            let len = read_varint(shard, &mut at).unwrap() as usize;
            out.push((key, shard[at..at + len].to_vec()));
            at += len;
        }
        out
    }

    fn varints(bytes: &[u8]) -> Vec<u64> {
        let mut at = 0;
        std::iter::from_fn(|| read_varint(bytes, &mut at)).collect()
    }

    fn postings_of(n: usize, docs: &[(&[char], usize)], key: &str) -> Vec<u64> {
        let (_, shards) = build_shards(n, docs, 1 << 20);
        let all: Vec<(String, Vec<u8>)> = shards.iter().flat_map(|s| records(s)).collect();
        let found = all.iter().find(|(k, _)| k == key).map(|(_, p)| varints(p));
        found.unwrap_or_else(|| panic!("{key} is not indexed"))
    }

    #[test]
    fn character_postings_count_total_and_title_hits() {
        let doc0: Vec<char> = "意识\n增强意识意".chars().collect();
        let other: Vec<char> = "无关".chars().collect();
        let doc5: Vec<char> = "无关\n意见".chars().collect();
        let mut docs: Vec<(&[char], usize)> = vec![(&doc0, 2)];
        docs.extend(std::iter::repeat_n((other.as_slice(), 2), 4));
        docs.push((&doc5, 2));
        // doc 0 (8 characters, length bucket 6): tf 3, 1 in the title;
        // doc 5 (delta 5; 5 characters, bucket 5): tf 1, 0 in the title.
        assert_eq!(
            postings_of(1, &docs, "意"),
            [0, 3 << 5 | 6, 1, 5, 1 << 5 | 5, 0]
        );
        let (_, shards) = build_shards(1, &docs, 1 << 20);
        let keys: Vec<String> = shards
            .iter()
            .flat_map(|s| records(s))
            .map(|r| r.0)
            .collect();
        assert!(
            !keys.iter().any(|k| k == "\n"),
            "the separator is not indexed"
        );
    }

    /// A pair's postings as (doc, count, title positions).
    fn pairs_of(docs: &[(&[char], usize)], key: &str) -> Vec<(u32, u32, Vec<u32>)> {
        let (_, shards) = build_shards(2, docs, 1 << 20);
        let all: Vec<(String, Vec<u8>)> = shards.iter().flat_map(|s| records(s)).collect();
        let (_, bytes) = all
            .iter()
            .find(|(k, _)| k == key)
            .unwrap_or_else(|| panic!("{key} is not indexed"));
        decode_pair_postings(bytes)
            .expect("well-formed postings")
            .into_iter()
            .map(|e| (e.doc, e.count, e.title_positions))
            .collect()
    }

    #[test]
    fn pair_postings_carry_counts_and_title_positions() {
        let empty: Vec<char> = Vec::new();
        let doc: Vec<char> = "四个意识\n四个意识和四个意识".chars().collect();
        let docs: Vec<(&[char], usize)> = vec![(&empty, 0), (&empty, 0), (&empty, 0), (&doc, 4)];
        // Document 3: three occurrences, one in the title at 0. Sparse
        // form: 0, then 3 · 8 + (3 − 1) · 2 + 1, 1 title position, 0.
        assert_eq!(
            postings_of(2, &docs, "四个"),
            [0, 3 << 3 | 2 << 1 | 1, 1, 0]
        );
        assert_eq!(pairs_of(&docs, "四个"), [(3, 3, vec![0])]);
        assert_eq!(pairs_of(&docs, "和四"), [(3, 1, vec![])]);
    }

    /// A piece of pair postings starts with its first document's flags
    /// and the join puts the document's delta in front of them: across
    /// tasks, with title positions, counts and deltas too large for a byte.
    #[test]
    fn pair_pieces_of_different_tasks_join_with_their_flags() {
        let titled: Vec<char> = "四个\n四个四个".chars().collect();
        let body: Vec<char> = "甲\n四个".chars().collect();
        let miss: Vec<char> = "丙".chars().collect();
        let docs: Vec<(&[char], usize)> = (0..3 * DOCS_PER_TASK)
            .map(|i| match i {
                2 | 700 => (titled.as_slice(), 2),
                3 | 300 => (body.as_slice(), 1),
                _ => (miss.as_slice(), 0),
            })
            .collect();
        assert_eq!(
            pairs_of(&docs, "四个"),
            [
                (2, 3, vec![0]),
                (3, 1, vec![]),
                (300, 1, vec![]),
                (700, 3, vec![0])
            ]
        );
        // Sparse: document 2 (count 3, in the title: flags 5, one title
        // position at 0), then deltas 1, 297 and 400 with their flags.
        assert_eq!(
            postings_of(2, &docs, "四个"),
            [0, 2 << 3 | 5, 1, 0, 1 << 3, 297 << 3, 400 << 3 | 5, 1, 0]
        );
    }

    #[test]
    fn pair_counts_are_capped() {
        let doc: Vec<char> = "甲乙甲乙甲乙甲乙甲乙甲乙".chars().collect();
        assert_eq!(
            pairs_of(&[(&doc, 0)], "甲乙"),
            [(0, MAX_PAIR_COUNT, vec![])]
        );
        assert_eq!(
            pairs_of(&[(&doc, 4)], "甲乙")[0].2,
            [0, 2],
            "title positions"
        );
    }

    /// A pair in most documents is a bitmap with two-bit counts; its
    /// documents, counts and title positions read back the same.
    #[test]
    fn common_pairs_are_bitmaps() {
        let texts: Vec<Vec<char>> = (0..1000)
            .map(|i| match i % 10 {
                0 => "丙丁".chars().collect(),
                3 => "甲乙\n甲乙甲乙".chars().collect(),
                _ => "甲乙".chars().collect(),
            })
            .collect();
        // Only the documents with a line break have a title (of 2).
        let docs: Vec<(&[char], usize)> = (texts.iter().enumerate())
            .map(|(i, t)| (t.as_slice(), if i % 10 == 3 { 2 } else { 0 }))
            .collect();
        let (_, shards) = build_shards(2, &docs, 1 << 20);
        let all: Vec<(String, Vec<u8>)> = shards.iter().flat_map(|s| records(s)).collect();
        let bytes = &all.iter().find(|(k, _)| k == "甲乙").unwrap().1;
        assert_eq!(bytes[0], 1, "dense form");
        let expected: Vec<(u32, u32, Vec<u32>)> = (0..1000)
            .filter(|i| i % 10 != 0)
            .map(|i| match i % 10 {
                3 => (i, 3, vec![0]),
                _ => (i, 1, vec![]),
            })
            .collect();
        assert_eq!(pairs_of(&docs, "甲乙"), expected);
        assert_eq!(
            all.iter().find(|(k, _)| k == "丙丁").unwrap().1[0],
            0,
            "sparse form"
        );
    }

    #[test]
    fn pairs_across_the_separator_are_skipped() {
        let doc: Vec<char> = "意识\n增强".chars().collect();
        let (_, shards) = build_shards(2, &[(&doc, 2)], 1 << 20);
        let keys: Vec<String> = shards
            .iter()
            .flat_map(|s| records(s))
            .map(|r| r.0)
            .collect();
        assert_eq!(keys.len(), 2, "{keys:?}");
        assert!(keys.iter().all(|k| !k.contains('\n')));
        assert_eq!(pairs_of(&[(&doc, 2)], "增强"), [(0, 1, vec![])]);
        // A pair in the title has its flag and position.
        assert_eq!(pairs_of(&[(&doc, 2)], "意识"), [(0, 1, vec![0])]);
    }

    #[test]
    fn pieces_of_different_tasks_join_in_document_order() {
        let hit: Vec<char> = "甲乙".chars().collect();
        let miss: Vec<char> = "丙".chars().collect();
        let docs: Vec<(&[char], usize)> = (0..3 * DOCS_PER_TASK)
            .map(|i| match i {
                1 | 300 | 599 => (hit.as_slice(), 0),
                _ => (miss.as_slice(), 0),
            })
            .collect();
        // Sparse: document deltas times 8, count 1, not in the title.
        assert_eq!(postings_of(2, &docs, "甲乙"), [0, 8, 299 << 3, 299 << 3]);
        assert_eq!(
            postings_of(1, &docs, "乙"),
            [1, 34, 0, 299, 34, 0, 299, 34, 0]
        );
        let tf = postings_of(1, &docs, "丙");
        assert_eq!(tf.len(), 3 * (3 * DOCS_PER_TASK - 3));
        assert_eq!(&tf[..6], [0, 32, 0, 2, 32, 0], "documents 0 and 2");
    }

    /// Every pair of every document is listed for that document, and the
    /// title positions are exactly where the pair starts in the title: a
    /// query's candidates (documents holding all its pairs) include every
    /// document that contains it, however common its pairs.
    #[test]
    fn every_substring_match_is_a_candidate() {
        let texts: Vec<Vec<char>> = (0..600)
            .map(|i| {
                let mut text = String::from("政治建设");
                for k in 0..(i % 7) {
                    text.push_str(["政治", "建设", "的", "\n", "政治建设"][(i + k) % 5]);
                }
                text.chars().collect()
            })
            .collect();
        let docs: Vec<(&[char], usize)> = texts.iter().map(|t| (t.as_slice(), 2)).collect();
        let (count, shards) = build_shards(2, &docs, 64);
        let mut by_pair: std::collections::HashMap<String, Vec<PairEntry>> = Default::default();
        for shard in &shards {
            for (key, bytes) in records(shard) {
                by_pair.insert(key, decode_pair_postings(&bytes).unwrap());
            }
        }
        assert!(count > 1);
        for (id, (text, title_len)) in docs.iter().enumerate() {
            for start in 0..text.len().saturating_sub(1) {
                let pair: String = text[start..start + 2].iter().collect();
                if pair.contains('\n') {
                    continue;
                }
                let entry = by_pair[&pair]
                    .iter()
                    .find(|e| e.doc as usize == id)
                    .unwrap_or_else(|| panic!("{pair} of {id} is missing"));
                let occurrences = (0..text.len() - 1)
                    .filter(|&p| text[p..p + 2].iter().collect::<String>() == pair)
                    .collect::<Vec<_>>();
                assert_eq!(entry.count, (occurrences.len() as u32).min(MAX_PAIR_COUNT));
                let in_title: Vec<u32> = occurrences
                    .iter()
                    .filter(|&&p| p < *title_len)
                    .map(|&p| p as u32)
                    .collect();
                assert_eq!(entry.title_positions, in_title, "{pair} in {id}");
            }
        }
    }

    /// Every shard of both lengths, by (length, shard number).
    fn all_shards(
        docs: &[(&[char], usize)],
        target_bytes: usize,
        pass_bytes: usize,
    ) -> std::collections::BTreeMap<(usize, usize), Vec<u8>> {
        let shards = std::sync::Mutex::new(std::collections::BTreeMap::new());
        for_each_shard_in_passes(docs, target_bytes, pass_bytes, |n, shard, bytes| {
            let fresh = shards.lock().unwrap().insert((n, shard), bytes).is_none();
            assert!(fresh, "shard {n}/{shard} built twice");
            Ok(())
        })
        .unwrap();
        shards.into_inner().unwrap()
    }

    /// The shards are the same bytes whether they are built in one pass
    /// or in many (each pass reading every text again): documents over
    /// several tasks, n-grams spread over many shards.
    #[test]
    fn passes_do_not_change_the_shards() {
        let texts: Vec<Vec<char>> = (0..3 * DOCS_PER_TASK)
            .map(|i| {
                let mut text = String::from("全面从严治党");
                for k in 0..(i % 9) {
                    text.push_str(
                        ["主体责任", "政治建设", "\n", "的", "报告工作"][(i * 7 + k) % 5],
                    );
                }
                text.chars().collect()
            })
            .collect();
        let docs: Vec<(&[char], usize)> = texts.iter().map(|t| (t.as_slice(), 3)).collect();
        let characters: usize = texts.iter().map(Vec::len).sum();
        let one_pass = all_shards(&docs, 64, usize::MAX);
        let counts = LENGTHS.map(|n| shard_count(n, characters, 64));
        assert_eq!(one_pass.len(), counts[0] + counts[1]);
        assert!(counts[0] > 4, "{counts:?}");
        for pass_bytes in [1, characters, 3 * characters] {
            let many = passes(&counts, characters, pass_bytes).len();
            assert!(many > 1, "{pass_bytes}: {many} passes");
            assert!(
                all_shards(&docs, 64, pass_bytes) == one_pass,
                "{many} passes of {pass_bytes} bytes"
            );
        }
    }

    /// Passes take every shard once, in order (single characters, then
    /// pairs), each pass up to the budget (a shard over it on its own).
    #[test]
    fn passes_cover_every_shard_once_within_the_budget() {
        let pass = |singles: std::ops::Range<usize>, pairs: std::ops::Range<usize>| Pass {
            shards: [singles, pairs],
        };
        // 100 characters: 200 bytes of pieces per length, 25 a shard of
        // single characters and 50 a shard of pairs.
        assert_eq!(
            passes(&[8, 4], 100, 100),
            [
                pass(0..4, 0..0),
                pass(4..8, 0..0),
                pass(0..0, 0..2),
                pass(0..0, 2..4)
            ]
        );
        assert_eq!(
            passes(&[8, 4], 100, 150),
            [pass(0..6, 0..0), pass(6..8, 0..2), pass(0..0, 2..4)]
        );
        assert_eq!(passes(&[8, 4], 100, 400), [pass(0..8, 0..4)]);
        assert_eq!(
            passes(&[2, 1], 100, 1),
            [pass(0..1, 0..0), pass(1..2, 0..0), pass(0..0, 0..1)]
        );
        // The budget of a build: 10,000 pages of 380 characters in one
        // pass, 100,000 in two.
        let counts = |characters| LENGTHS.map(|n| shard_count(n, characters, 24 * 1024));
        assert_eq!(passes(&counts(3_800_000), 3_800_000, PASS_BYTES).len(), 1);
        assert_eq!(passes(&counts(38_000_000), 38_000_000, PASS_BYTES).len(), 2);
    }

    #[test]
    fn characters_beyond_the_basic_plane_are_counted() {
        let doc: Vec<char> = "𠀀a𠀀".chars().collect();
        assert_eq!(postings_of(1, &[(&doc, 0)], "𠀀"), [0, 2 << 5 | 3, 0]);
        assert_eq!(pairs_of(&[(&doc, 0)], "a𠀀"), [(0, 1, vec![])]);
    }

    #[test]
    fn shards_hold_each_key_in_its_hash_bucket() {
        let text: Vec<char> = "全面从严治党主体责任情况报告工作要求".chars().collect();
        for n in LENGTHS {
            let (count, shards) = build_shards(n, &[(&text, 0)], 4);
            assert!(count > 1 && count.is_power_of_two());
            for (i, shard) in shards.iter().enumerate() {
                for (key, _) in records(shard) {
                    assert_eq!(key.chars().count(), n);
                    assert_eq!(fnv1a32(&key) as usize % count, i);
                }
            }
        }
    }

    /// Every piece of a pass is held until its shards are joined: a
    /// piece keeps a pair's whole key and its documents' offsets in 12
    /// bytes.
    #[test]
    fn pieces_are_small_and_keep_key_and_documents() {
        assert_eq!(std::mem::size_of::<Piece>(), 12);
        let key = pack('\u{10FFFF}', '\u{10FFFF}');
        let last = DOCS_PER_TASK - 1;
        let piece = Piece::new(key, 3, last, 7);
        assert_eq!(piece.key(), key);
        assert_eq!(unpack(piece.key(), 2), "\u{10FFFF}\u{10FFFF}");
        let task_first = 5 * DOCS_PER_TASK as u32;
        assert_eq!(
            piece.docs(task_first),
            (task_first + 3, task_first + last as u32)
        );
        let start = piece.start;
        assert_eq!(start, 7);
    }
}
