//! Fuzz target: see `tifa_fuzz::check_draft_target` (fuzz/src/lib.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tifa_fuzz::check_draft_target(data));
