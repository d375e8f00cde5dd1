//! Every hash tifa computes, in one place.
//!
//! Three families with different jobs:
//!
//! - [`hash_of`], [`hash_each`] and [`fingerprint_of`]: fast 64-bit hashes
//!   (FxHash) that live only in memory, for fingerprints of the pieces of
//!   the graph, cache keys and tie-breaking. They are stable within one
//!   build of the binary, which is all their users need; the one whose
//!   values reach the output (the order of related excerpts) is stable
//!   across runs because FxHash has no random seed.
//! - [`wide_hash`]: 128 bits (xxh3), where a hash stands for its input
//!   (file sums on disk, so stable across builds too).
//! - [`fnv1a32`] and [`fnv1a32_char`]: the search index's shard hash, part
//!   of the index format (docs/search-format.md) and computed the same way
//!   by `search.js` in the browser, so it must never change.

use std::hash::{Hash, Hasher};

use serde::Serialize;

/// A stable 64-bit hash of anything hashable (no serialisation: used for
/// the thousands of page fingerprints of every rebuild).
pub fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    value.hash(&mut hasher);
    hasher.finish()
}

/// The hash of a sequence, fed item by item (no length prefix), for lists
/// that are cheaper to walk than to collect.
pub fn hash_each<T: Hash>(items: impl IntoIterator<Item = T>) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    for item in items {
        item.hash(&mut hasher);
    }
    hasher.finish()
}

/// A stable 64-bit hash of anything serialisable (views, whose types do
/// not implement `Hash`).
pub fn fingerprint_of<T: Serialize + ?Sized>(value: &T) -> u64 {
    hash_of(&serde_json::to_vec(value).unwrap_or_default())
}

/// A 128-bit hash of bytes (xxh3-128), for what is told apart by its hash
/// alone (the sums of output files, checked folders, deduplicated
/// sentences): two different inputs sharing one is as likely as two
/// random 128-bit numbers being equal. Stable across runs and builds.
pub fn wide_hash(bytes: &[u8]) -> u128 {
    twox_hash::XxHash3_128::oneshot(bytes)
}

const FNV_OFFSET: u32 = 2_166_136_261;
const FNV_PRIME: u32 = 16_777_619;

/// FNV-1a, 32 bits, over the UTF-8 bytes: cheap to compute in JavaScript too.
pub fn fnv1a32(key: &str) -> u32 {
    key.bytes().fold(FNV_OFFSET, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(FNV_PRIME)
    })
}

/// The FNV-1a hash of the empty string, where [`fnv1a32_char`] chains start.
pub const FNV1A32_EMPTY: u32 = FNV_OFFSET;

/// Continues an FNV-1a hash with the UTF-8 bytes of one character,
/// computed from its code point (this runs twice for every character of
/// the corpus, so it does not encode the character first).
pub fn fnv1a32_char(mut hash: u32, c: char) -> u32 {
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
        for gram in ["a", "四", "四个", "é😀x", "𠀀"] {
            let chained = gram.chars().fold(FNV1A32_EMPTY, fnv1a32_char);
            assert_eq!(chained, fnv1a32(gram), "{gram}");
        }
    }

    #[test]
    fn hash_each_equals_feeding_one_hasher() {
        let items = ["a", "bc"];
        let mut hasher = rustc_hash::FxHasher::default();
        for item in items {
            item.hash(&mut hasher);
        }
        assert_eq!(hash_each(items), hasher.finish());
    }
}
