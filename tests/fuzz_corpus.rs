//! The fuzz targets' bodies (`fuzz/src/lib.rs`) run over every committed
//! seed (`fuzz/corpus/<target>/`) and every input a fuzzer once crashed on
//! (`fuzz/regressions/<target>/`), on stable Rust, as part of `cargo test`.

use std::path::Path;

#[path = "../fuzz/src/lib.rs"]
mod targets;

/// Runs `body` on each input of `target`, naming the file that fails.
fn replay(target: &str, body: fn(&[u8])) {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut seeds = 0;
    for kind in ["corpus", "regressions"] {
        let dir = fuzz.join(kind).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for path in paths.into_iter().filter(|p| p.is_file()) {
            let data = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| body(&data));
            assert!(
                outcome.is_ok(),
                "{} fails the {target} target; reproduce with `cargo +nightly fuzz run {target} {}`",
                path.display(),
                path.display()
            );
            seeds += usize::from(kind == "corpus");
        }
    }
    assert!(seeds > 0, "no seed corpus for {target} under fuzz/corpus/");
}

#[test]
fn front_matter_corpus() {
    replay("front_matter", targets::front_matter);
}

#[test]
fn markdown_corpus() {
    replay("markdown", targets::markdown);
}

#[test]
fn import_corpus() {
    replay("import", targets::import);
}

#[test]
fn search_index_corpus() {
    replay("search_index", targets::search_index);
}
