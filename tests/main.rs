//! Integration tests: fixture sites built with the real binary, output parsed.

mod common;

mod author_input;
mod browser;
mod build;
mod check;
mod citable;
mod conformance;
mod content;
mod fuzz_corpus;
mod graph;
mod hardening;
mod import;
mod languages;
mod nginx;
mod output_safety;
mod scale;
mod serve;
mod validate;
mod workbench;
