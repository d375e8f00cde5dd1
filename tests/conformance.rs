//! The conformance suite of the checker, Rust side: every draft of
//! `tests/conformance/cases.json`, checked by `tifa check --draft` against
//! the knowledge base `tests/conformance/kb/`, gives exactly the expected
//! findings (rule, UTF-16 span, text, suggestion), in order; and every
//! draft of `tests/conformance/shipped.json` does the same against the
//! repository's own `content/` (correct wording the shipped knowledge base
//! must leave alone, issue 12, and a few findings it must still make). The
//! browser side (`tests/browser/conformance.test.js`) holds
//! `window.tifa.check` to the same cases and to this command's output,
//! finding for finding.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn suite() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance")
}

fn cases() -> Vec<Value> {
    corpus("cases.json")
}

fn corpus(file: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(suite().join(file)).expect(file);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file} is not JSON: {e}"))
}

/// `tifa check --draft` on one case: its findings as JSON values.
fn rust_findings(case: &Value, dir: &Path) -> Vec<Value> {
    let name = case["name"].as_str().unwrap();
    let draft = dir.join(format!("{name}.txt"));
    std::fs::write(&draft, case["text"].as_str().unwrap()).unwrap();
    let mut command = crate::common::tifa_command();
    command
        .args(["check", "--format", "json", "--root"])
        .arg(suite().join("kb"))
        .arg("--draft")
        .arg(&draft)
        .args(["--date", case["date"].as_str().unwrap()]);
    if let Some(doc_type) = case["doc_type"].as_str() {
        command.args(["--doc-type", doc_type]);
    }
    let output = command.output().expect("run tifa");
    assert!(
        output.status.success(),
        "{name}: tifa check --draft failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    json["findings"].as_array().cloned().unwrap_or_default()
}

/// UTF-16 slice of a string (what JavaScript's `slice` gives).
fn utf16_slice(text: &str, start: usize, end: usize) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16_lossy(&units[start.min(units.len())..end.min(units.len())])
}

/// `tifa check --draft` on one-line cases of one date and document type
/// at once, one case a line (the checker reads a draft line by line, so a
/// line's findings do not depend on the others): each case's findings,
/// offsets counted from the start of its line. One run per date instead of
/// one per case keeps the suite over the shipped knowledge base fast.
fn rust_findings_by_line(root: &Path, cases: &[&Value], dir: &Path) -> Vec<Vec<Value>> {
    let texts: Vec<&str> = cases.iter().map(|c| c["text"].as_str().unwrap()).collect();
    assert!(texts.iter().all(|t| !t.contains(['\n', '\r'])));
    let draft = dir.join("batch.txt");
    std::fs::write(&draft, texts.join("\n")).unwrap();
    let mut command = crate::common::tifa_command();
    command
        .args(["check", "--format", "json", "--root"])
        .arg(root)
        .arg("--draft")
        .arg(&draft)
        .args(["--date", cases[0]["date"].as_str().unwrap()]);
    if let Some(doc_type) = cases[0]["doc_type"].as_str() {
        command.args(["--doc-type", doc_type]);
    }
    let output = command.output().expect("run tifa");
    assert!(
        output.status.success(),
        "tifa check --draft failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    // UTF-16 offset where each line starts.
    let mut starts = Vec::new();
    let mut at = 0;
    for text in &texts {
        starts.push(at);
        at += text.encode_utf16().count() + 1;
    }
    let mut by_line = vec![Vec::new(); texts.len()];
    for finding in json["findings"].as_array().cloned().unwrap_or_default() {
        let start = finding["start"].as_u64().unwrap() as usize;
        let line = starts.partition_point(|&s| s <= start) - 1;
        let mut local = finding.clone();
        local["start"] = (start - starts[line]).into();
        local["end"] = (finding["end"].as_u64().unwrap() as usize - starts[line]).into();
        by_line[line].push(local);
    }
    by_line
}

/// The differences between a case's expected findings and `found` (its
/// findings as `tifa check --draft` reports them), after checking that the
/// case itself is consistent (each expected text is at its span).
fn compare(case: &Value, found: &[Value]) -> Option<String> {
    let name = case["name"].as_str().unwrap();
    let text = case["text"].as_str().unwrap();
    let expected: Vec<Value> = case["expect"].as_array().unwrap().clone();
    for e in &expected {
        let (start, end) = (
            e[1].as_u64().unwrap() as usize,
            e[2].as_u64().unwrap() as usize,
        );
        assert_eq!(
            utf16_slice(text, start, end),
            e[3].as_str().unwrap(),
            "{name}: span of {e}"
        );
    }
    let found: Vec<Value> = found
        .iter()
        .map(|f| serde_json::json!([f["rule"], f["start"], f["end"], f["text"], f["suggestion"]]))
        .collect();
    (found != expected).then(|| {
        format!(
            "{name}:\n  expected {}\n  found    {}",
            Value::Array(expected),
            Value::Array(found)
        )
    })
}

fn assert_no_failures(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} case(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_case_gives_the_expected_findings() {
    let cases = cases();
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    let dir = tempfile::tempdir().unwrap();
    let failures = cases
        .iter()
        .filter_map(|case| compare(case, &rust_findings(case, dir.path())))
        .collect();
    assert_no_failures(failures);
}

/// The shipped knowledge base: issue 12's correct wordings stay silent, and
/// the findings it must still make are made.
#[test]
fn every_shipped_case_gives_the_expected_findings() {
    let cases = corpus("shipped.json");
    let silent = cases
        .iter()
        .filter(|c| c["expect"].as_array().is_some_and(Vec::is_empty))
        .count();
    assert!(
        silent >= 64,
        "only {silent} silent cases of shipped wording"
    );
    assert!(
        cases.len() > silent,
        "no case where the shipped knowledge base finds something"
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    // One run per date and document type.
    let mut groups: Vec<(String, Vec<&Value>)> = Vec::new();
    for case in &cases {
        let key = format!("{}|{}", case["date"], case["doc_type"]);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, group)) => group.push(case),
            None => groups.push((key, vec![case])),
        }
    }
    let mut failures = Vec::new();
    for (_, group) in &groups {
        let found = rust_findings_by_line(root, group, dir.path());
        for (case, found) in group.iter().zip(&found) {
            failures.extend(compare(case, found));
        }
    }
    assert_no_failures(failures);
}

#[test]
fn the_cases_cover_every_rule_found_and_silent() {
    let cases = cases();
    for rule in tifa::check::TEXT_RULES.iter().map(|r| r.name) {
        let finds = cases
            .iter()
            .any(|c| c["expect"].as_array().unwrap().iter().any(|e| e[0] == rule));
        assert!(finds, "no case where `{rule}` finds something");
    }
    let silent = cases
        .iter()
        .filter(|c| {
            c["expect"].as_array().unwrap().is_empty()
                && c["name"].as_str().unwrap().ends_with("-silent")
        })
        .count();
    assert!(
        silent >= 20,
        "only {silent} cases of correct wording left alone"
    );
}

#[test]
fn human_output_names_line_column_rule_and_fix() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("draft.txt");
    std::fs::write(&draft, "第一行。\n要做到“两个坚决维护”。\n").unwrap();
    let output = crate::common::tifa_command()
        .args(["check", "--root"])
        .arg(suite().join("kb"))
        .arg("--draft")
        .arg(&draft)
        .args(["--date", "2024-06-01"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("2:5 [variant-spelling]") && stdout.contains("→ 两个维护"),
        "{stdout}"
    );
    // A bad date is a usage error.
    let output = crate::common::tifa_command()
        .args(["check", "--root"])
        .arg(suite().join("kb"))
        .arg("--draft")
        .arg(&draft)
        .args(["--date", "2024-13-01"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
