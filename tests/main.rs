//! Integration tests: fixture sites built with the real binary, output parsed.

mod common;

mod build;
mod check;
mod content;
mod graph;
mod import;
mod serve;
