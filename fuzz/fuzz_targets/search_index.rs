//! Fuzz target: see `tifa_fuzz::search_index` (fuzz/src/lib.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tifa_fuzz::search_index(data));
