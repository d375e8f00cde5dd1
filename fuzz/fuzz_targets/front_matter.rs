//! Fuzz target: see `tifa_fuzz::front_matter` (fuzz/src/lib.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tifa_fuzz::front_matter(data));
