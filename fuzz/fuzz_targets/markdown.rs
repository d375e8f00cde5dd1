//! Fuzz target: see `tifa_fuzz::markdown` (fuzz/src/lib.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tifa_fuzz::markdown(data));
