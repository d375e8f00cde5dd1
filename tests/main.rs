//! Integration tests: fixture sites built with the real binary, output parsed.

mod common;

mod browser;
mod build;
mod check;
mod citable;
mod content;
mod fuzz_corpus;
mod graph;
mod hardening;
mod import;
mod nginx;
mod serve;
mod validate;
mod workbench;
