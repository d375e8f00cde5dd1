//! The conformance suite of the checker, Rust side: every draft of
//! `tests/conformance/cases.json`, checked by `tifa check --draft` against
//! the knowledge base `tests/conformance/kb/`, gives exactly the expected
//! findings (rule, UTF-16 span, text, suggestion), in order. The browser
//! side (`tests/browser/conformance.test.js`) holds `window.tifa.check` to
//! the same cases and to this command's output, finding for finding.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn suite() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance")
}

fn cases() -> Vec<Value> {
    let text = std::fs::read_to_string(suite().join("cases.json")).expect("cases.json");
    serde_json::from_str(&text).expect("cases.json is JSON")
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

#[test]
fn every_case_gives_the_expected_findings() {
    let cases = cases();
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let text = case["text"].as_str().unwrap();
        let expected: Vec<Value> = case["expect"].as_array().unwrap().clone();
        for e in &expected {
            // The case itself is consistent: its text is at its span.
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
        let found: Vec<Value> = rust_findings(case, dir.path())
            .iter()
            .map(|f| {
                serde_json::json!([f["rule"], f["start"], f["end"], f["text"], f["suggestion"]])
            })
            .collect();
        if found != expected {
            failures.push(format!(
                "{name}:\n  expected {}\n  found    {}",
                Value::Array(expected),
                Value::Array(found)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
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
