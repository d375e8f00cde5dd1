//! The n-gram postings: which documents contain each 1-, 2- and 3-character
//! string, and where (trigrams), encoded as varints and sharded by hash.
//! The format is specified in docs/search-format.md.

use rayon::prelude::*;

/// FNV-1a, 32 bits, over the UTF-8 bytes: cheap to compute in JavaScript too.
pub fn fnv1a32(key: &str) -> u32 {
    key.bytes().fold(FNV_OFFSET, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(FNV_PRIME)
    })
}

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

/// N-grams are keyed by their characters packed into one integer (21
/// bits each; see `scatter`), so they are grouped without allocating a
/// string per occurrence. This turns a key back into the n-gram.
fn unpack(mut key: u64, n: usize) -> String {
    let mut chars = vec!['\0'; n];
    for slot in chars.iter_mut().rev() {
        *slot = char::from_u32((key & 0x1F_FFFF) as u32).unwrap_or('\u{FFFD}');
        key >>= 21;
    }
    chars.into_iter().collect()
}

/// One entry of a postings list before encoding: key, document, and either
/// a position (trigrams) or the counts `tf << 16 | tf_title` (n ≤ 2).
type Occurrence = (u64, u32, u32);

/// The n-gram lengths indexed.
pub const LENGTHS: [usize; 3] = [1, 2, 3];

/// One indexed document: its folded text and where the title ends.
pub type DocText<'a> = (&'a [char], usize);

/// Documents per parallel task when distributing entries to shards.
const DOCS_PER_TASK: usize = 256;

/// Memory the entries of one pass may take (see [`for_each_shard`]).
const ENTRY_BUDGET_BYTES: usize = 48 << 20;

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

/// Builds the shards of every n-gram length over `docs` (document id =
/// index) and hands each to `put` (length, shard number, bytes) as soon as
/// it is encoded, so encoded shards never pile up in memory. Returns the
/// shard count of each length.
///
/// Tasks over ranges of documents read each text once per pass, computing
/// the 1-, 2- and 3-gram at each position together (the longer n-gram's
/// hash continues the shorter one's), and put each entry in its shard's
/// bucket; the buckets of each shard are then joined in document order
/// and grouped by key with a counting scatter, all in parallel: no global
/// sort and no per-key allocation. A pass holds the entries of a range of
/// shards, so memory stays bounded on large sites.
pub fn for_each_shard(
    docs: &[DocText],
    target_bytes: usize,
    put: impl Fn(usize, usize, Vec<u8>) -> anyhow::Result<()> + Sync,
) -> anyhow::Result<[usize; 3]> {
    let characters: usize = docs.iter().map(|(chars, _)| chars.len()).sum();
    let counts = LENGTHS.map(|n| shard_count(n, characters, target_bytes));
    let entry_bytes: usize = LENGTHS
        .iter()
        .map(|&n| estimated_entries(n, characters) * std::mem::size_of::<Occurrence>())
        .sum();
    let passes = entry_bytes.div_ceil(ENTRY_BUDGET_BYTES).max(1);
    for pass in 0..passes {
        let ranges = counts.map(|count| pass * count / passes..(pass + 1) * count / passes);
        let task_buckets: Vec<[Vec<Vec<Occurrence>>; 3]> = docs
            .par_chunks(DOCS_PER_TASK)
            .enumerate()
            .map(|(task, chunk)| scatter(&counts, &ranges, task * DOCS_PER_TASK, chunk))
            .collect();
        let shards: Vec<(usize, usize)> = (0..LENGTHS.len())
            .flat_map(|i| ranges[i].clone().map(move |shard| (i, shard)))
            .collect();
        shards.into_par_iter().try_for_each(|(i, shard)| {
            let local = shard - ranges[i].start;
            let entries = task_buckets
                .iter()
                .flat_map(|b| b[i][local].iter().copied());
            let count = task_buckets.iter().map(|b| b[i][local].len()).sum();
            let n = LENGTHS[i];
            put(n, shard, encode_shard(n, &group_by_key(entries, count)))
        })?;
    }
    Ok(counts)
}

/// Shards for n-grams of length `n`: a power of two, so a shard is picked
/// with a mask. Trigram postings cost about two bytes a character
/// (positions); shorter n-grams about one (counts per document).
fn shard_count(n: usize, characters: usize, target_bytes: usize) -> usize {
    let estimated_bytes = characters * if n == 3 { 2 } else { 1 };
    (estimated_bytes / target_bytes.max(1))
        .max(1)
        .next_power_of_two()
}

/// Entries an n-gram length produces, roughly: one per character for
/// trigrams (positions) and bigrams (most bigrams of a document are
/// distinct); single characters repeat more (about one in five is new to
/// its document in Chinese text).
fn estimated_entries(n: usize, characters: usize) -> usize {
    match n {
        1 => characters / 4,
        _ => characters,
    }
}

/// Puts the entries of `chunk` (documents numbered from `first_doc`) whose
/// shards are in `ranges` (per length) in the buckets of those shards:
/// trigrams by position; shorter n-grams counted per document, in order of
/// first appearance, so later stages handle one entry per distinct n-gram
/// of a document rather than one per character. N-grams containing the
/// `"\n"` separator are not indexed.
fn scatter(
    counts: &[usize; 3],
    ranges: &[std::ops::Range<usize>; 3],
    first_doc: usize,
    chunk: &[DocText],
) -> [Vec<Vec<Occurrence>>; 3] {
    // Each bucket gets about its share of the entries (n-grams are spread
    // evenly by the hash), reserved up front: growing thousands of vectors
    // by doubling is most of this stage otherwise.
    let characters: usize = chunk.iter().map(|(chars, _)| chars.len()).sum();
    let mut buckets = [0, 1, 2].map(|i| {
        let entries = estimated_entries(LENGTHS[i], characters);
        let expected = entries / counts[i] + entries / (4 * counts[i]) + 4;
        ranges[i]
            .clone()
            .map(|_| Vec::with_capacity(expected))
            .collect::<Vec<Vec<Occurrence>>>()
    });
    // The bucket of a hash, if its shard is in this pass.
    let select = |i: usize, hash: u32| {
        let shard = hash as usize & (counts[i] - 1);
        ranges[i]
            .contains(&shard)
            .then_some(shard - ranges[i].start)
    };
    let mut counters = [GramCounter::default(), GramCounter::default()];
    for (offset, &(chars, title_len)) in chunk.iter().enumerate() {
        let doc = (first_doc + offset) as u32;
        counters.iter_mut().for_each(GramCounter::clear);
        for position in 0..chars.len() {
            let mut key = 0u64;
            let mut hash = FNV_OFFSET;
            for (i, &c) in chars[position..].iter().take(3).enumerate() {
                if c == '\n' {
                    break;
                }
                key = (key << 21) | u64::from(c as u32);
                hash = fnv1a32_step(hash, c);
                let Some(local) = select(i, hash) else {
                    continue;
                };
                match counters.get_mut(i) {
                    Some(counter) => counter.count(key, local, position < title_len),
                    None => buckets[i][local].push((key, doc, position as u32)),
                }
            }
        }
        for (i, counter) in counters.iter().enumerate() {
            for &(key, local, tf, in_title) in &counter.grams {
                let counts = (tf.min(0xFFFF) << 16) | in_title.min(0xFFFF);
                buckets[i][local].push((key, doc, counts));
            }
        }
    }
    buckets
}

/// Counts the n-grams of one document: (key, bucket, occurrences, in the
/// title), in order of first appearance.
#[derive(Default)]
struct GramCounter {
    index: rustc_hash::FxHashMap<u64, u32>,
    grams: Vec<(u64, usize, u32, u32)>,
}

impl GramCounter {
    fn clear(&mut self) {
        self.index.clear();
        self.grams.clear();
    }

    fn count(&mut self, key: u64, bucket: usize, in_title: bool) {
        let next = self.grams.len() as u32;
        let at = *self.index.entry(key).or_insert(next) as usize;
        if at == self.grams.len() {
            self.grams.push((key, bucket, 0, 0));
        }
        self.grams[at].2 += 1;
        self.grams[at].3 += u32::from(in_title);
    }
}

/// Groups a shard's entries by key in linear time (a counting scatter over
/// dense key ids), keeping each key's entries in document and position
/// order and keys in order of first appearance.
fn group_by_key(
    entries: impl Iterator<Item = Occurrence> + Clone,
    count: usize,
) -> Vec<Occurrence> {
    let mut ids: rustc_hash::FxHashMap<u64, u32> = rustc_hash::FxHashMap::default();
    let mut counts: Vec<u32> = Vec::new();
    let dense: Vec<u32> = entries
        .clone()
        .map(|entry| {
            let next = counts.len() as u32;
            let id = *ids.entry(entry.0).or_insert(next);
            if id == next {
                counts.push(0);
            }
            counts[id as usize] += 1;
            id
        })
        .collect();
    let mut cursor: Vec<u32> = counts
        .iter()
        .scan(0u32, |start, &count| {
            let this = *start;
            *start += count;
            Some(this)
        })
        .collect();
    let mut grouped = vec![(0u64, 0u32, 0u32); count];
    for (entry, id) in entries.zip(dense) {
        let slot = &mut cursor[id as usize];
        grouped[*slot as usize] = entry;
        *slot += 1;
    }
    grouped
}

/// FNV-1a of the UTF-8 encoding of `gram`, without building the string.
#[cfg(test)]
fn fnv1a32_chars(gram: &[char]) -> u32 {
    gram.iter()
        .fold(FNV_OFFSET, |hash, &c| fnv1a32_step(hash, c))
}

const FNV_OFFSET: u32 = 2_166_136_261;
const FNV_PRIME: u32 = 16_777_619;

/// FNV-1a over the UTF-8 bytes of one character, computed from its code
/// point (this runs for every character of the corpus, three times a pass).
fn fnv1a32_step(mut hash: u32, c: char) -> u32 {
    let mut byte = |b: u32| hash = (hash ^ b).wrapping_mul(FNV_PRIME);
    let code = c as u32;
    match code {
        0..0x80 => byte(code),
        0x80..0x800 => {
            byte(0xC0 | code >> 6);
            byte(0x80 | (code & 0x3F));
        }
        0x800..0x1_0000 => {
            byte(0xE0 | code >> 12);
            byte(0x80 | ((code >> 6) & 0x3F));
            byte(0x80 | (code & 0x3F));
        }
        _ => {
            byte(0xF0 | code >> 18);
            byte(0x80 | ((code >> 12) & 0x3F));
            byte(0x80 | ((code >> 6) & 0x3F));
            byte(0x80 | (code & 0x3F));
        }
    }
    hash
}

/// One shard's bytes from its occurrences, grouped by key, each key's in
/// document and position order.
fn encode_shard(n: usize, sorted: &[Occurrence]) -> Vec<u8> {
    let mut shard = Vec::with_capacity(sorted.len() * 3);
    let mut postings = Vec::new();
    for run in sorted.chunk_by(|a, b| a.0 == b.0) {
        let text = unpack(run[0].0, n);
        postings.clear();
        encode_postings(n, run, &mut postings);
        push_varint(&mut shard, text.len() as u64);
        shard.extend_from_slice(text.as_bytes());
        push_varint(&mut shard, postings.len() as u64);
        shard.extend_from_slice(&postings);
    }
    shard
}

/// Appends the postings of one n-gram from its entries (in document order).
fn encode_postings(n: usize, entries: &[Occurrence], out: &mut Vec<u8>) {
    let mut previous_doc = 0;
    for run in entries.chunk_by(|a, b| a.1 == b.1) {
        let doc = run[0].1;
        push_varint(out, u64::from(doc - previous_doc));
        previous_doc = doc;
        if n < 3 {
            let counts = run[0].2;
            push_varint(out, u64::from(counts >> 16));
            push_varint(out, u64::from(counts & 0xFFFF));
        } else {
            push_varint(out, run.len() as u64);
            // The first position as it is, then differences.
            let mut last = 0;
            for entry in run {
                push_varint(out, u64::from(entry.2 - last));
                last = entry.2;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_reference_values() {
        assert_eq!(fnv1a32(""), 2_166_136_261);
        assert_eq!(fnv1a32("a"), 0xe40c_292c);
        assert_eq!(fnv1a32("foobar"), 0xbf9c_f968);
    }

    #[test]
    fn char_hash_equals_string_hash() {
        for gram in ["四个意", "ab", "（", "𠀀x"] {
            let chars: Vec<char> = gram.chars().collect();
            assert_eq!(fnv1a32_chars(&chars), fnv1a32(gram), "{gram}");
        }
    }

    #[test]
    fn varints_round_trip() {
        let mut bytes = Vec::new();
        for value in [0, 1, 127, 128, 300, u64::from(u32::MAX)] {
            push_varint(&mut bytes, value);
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

    #[test]
    fn bigram_postings_count_total_and_title_hits() {
        let doc0: Vec<char> = "意识\n增强意识".chars().collect();
        let other: Vec<char> = "无关".chars().collect();
        let doc5: Vec<char> = "无关\n意识".chars().collect();
        let mut docs: Vec<(&[char], usize)> = vec![(&doc0, 2)];
        docs.extend(std::iter::repeat_n((other.as_slice(), 2), 4));
        docs.push((&doc5, 2));
        let (count, shards) = build_shards(2, &docs, 1 << 20);
        assert_eq!(count, 1);
        let all = records(&shards[0]);
        let yishi = &all.iter().find(|(k, _)| k == "意识").unwrap().1;
        // doc 0: tf 2, 1 in title; doc 5 (delta 5): tf 1, 0 in title.
        assert_eq!(varints(yishi), [0, 2, 1, 5, 1, 0]);
        assert!(
            all.iter().all(|(k, _)| !k.contains('\n')),
            "grams across the separator are skipped"
        );
    }

    #[test]
    fn trigram_postings_carry_positions() {
        let empty: Vec<char> = Vec::new();
        let doc: Vec<char> = "四个意识和四个意识".chars().collect();
        let docs: Vec<(&[char], usize)> = vec![(&empty, 0), (&empty, 0), (&empty, 0), (&doc, 0)];
        let (_, shards) = build_shards(3, &docs, 1 << 20);
        let all: Vec<(String, Vec<u8>)> = shards.iter().flat_map(|s| records(s)).collect();
        let sgy = &all.iter().find(|(k, _)| k == "四个意").unwrap().1;
        assert_eq!(varints(sgy), [3, 2, 0, 5]);
    }

    #[test]
    fn shards_hold_each_key_in_its_hash_bucket() {
        let text: Vec<char> = "全面从严治党主体责任情况报告工作要求".chars().collect();
        let (count, shards) = build_shards(1, &[(&text, 0)], 4);
        assert!(count > 1 && count.is_power_of_two());
        for (i, shard) in shards.iter().enumerate() {
            for (key, _) in records(shard) {
                assert_eq!(fnv1a32(&key) as usize % count, i);
            }
        }
    }
}
