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

#[test]
fn check_draft_corpus() {
    replay("check_draft", targets::check_draft_target);
}

/// The check_draft target's knowledge base and seeds give every rule
/// something to find, so its checks of findings are not vacuous.
#[test]
fn check_draft_seeds_exercise_every_rule() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/check_draft");
    let mut rules = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let data = std::fs::read(entry.unwrap().path()).unwrap();
        rules.extend(
            targets::check_draft_findings(&data)
                .into_iter()
                .map(|f| f.rule),
        );
    }
    for rule in tifa::check::TEXT_RULES {
        assert!(
            rules.contains(rule.name),
            "no seed where `{}` finds something",
            rule.name
        );
    }
}
