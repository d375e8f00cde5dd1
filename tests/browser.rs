//! The site in a browser: headless Chromium (Debian's `/usr/bin/chromium`,
//! driven by playwright-core) runs each suite of tests/browser/*.test.js,
//! as a test of its own, against sites the suites build with this very
//! binary: the search API and its recall against a scan of the pages, the
//! search UI, live reload under `tifa serve`, a strict CSP, the 校稿 page
//! and its conformance with `tifa check --draft`, and the writer's
//! workbench (instant results, copy with source, the 素材篮, print
//! layout). The 素材篮's .docx download is then opened here with a zip and
//! an XML reader, as Word would read it.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::Command;

use quick_xml::events::Event;

/// The suites, each run as its own test below; a suite file that is not
/// listed here fails [`every_suite_is_run`].
const SUITES: [&str; 9] = [
    "api",
    "check-page",
    "conformance",
    "csp",
    "live",
    "recall",
    "ui",
    "verify",
    "workbench",
];

/// Runs one suite file with node's test runner, with `env` set.
fn run_suite(name: &str, env: &[(&str, &Path)]) {
    crate::common::ensure_test_prerequisites();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    crate::common::npm_ci_if_needed(&dir);
    let file = dir.join(format!("{name}.test.js"));
    let output = Command::new("node")
        .args(["--test", "--test-reporter=spec"])
        .arg(&file)
        .env("TIFA_BIN", crate::common::TIFA)
        .envs(env.iter().copied())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("node is needed by the browser tests: run `bash .ci/install-test-deps.sh`");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{name}.test.js failed:\n{report}");
    assert!(
        report.contains("# pass") || report.contains("ℹ pass"),
        "{name}.test.js ran no test:\n{report}"
    );
}

#[test]
fn browser_search_api() {
    run_suite("api", &[]);
}

#[test]
fn browser_strict_csp() {
    run_suite("csp", &[]);
}

#[test]
fn browser_live_reload() {
    run_suite("live", &[]);
}

#[test]
fn browser_search_recall() {
    run_suite("recall", &[]);
}

#[test]
fn browser_search_ui() {
    run_suite("ui", &[]);
}

/// Candidates of a phrase verified in result order (search format 4).
#[test]
fn browser_search_verify() {
    run_suite("verify", &[]);
}

#[test]
fn browser_check_page() {
    run_suite("check-page", &[]);
}

/// The 校稿 conformance suite in the browser (the command's half is in
/// tests/conformance.rs).
#[test]
fn browser_check_conformance() {
    run_suite("conformance", &[]);
}

#[test]
fn browser_workbench() {
    let docx = tempfile::tempdir().expect("temp dir");
    run_suite("workbench", &[("TIFA_DOCX_OUT", docx.path())]);
    basket_docx_reads_as_a_word_document(docx.path());
}

#[test]
fn every_suite_is_run() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".test.js")
                .map(str::to_string)
        })
        .collect();
    found.sort();
    assert_eq!(
        found, SUITES,
        "add a test for each suite to tests/browser.rs"
    );
}

/// One paragraph of `word/document.xml`: its style and text.
#[derive(Debug, PartialEq)]
struct Paragraph {
    style: String,
    text: String,
}

/// The .docx the 素材篮 downloaded (tests/browser/workbench.test.js) is a
/// zip whose parts are well-formed XML, related as OOXML requires, with
/// each collected passage's title, text and citation as paragraphs, in
/// the basket's order.
fn basket_docx_reads_as_a_word_document(dir: &Path) {
    let file =
        std::fs::File::open(dir.join("basket.docx")).expect("the browser test saved basket.docx");
    let mut archive = zip::ZipArchive::new(file).expect("basket.docx is a zip archive");
    let mut parts = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("zip entry");
        let mut text = String::new();
        entry
            .read_to_string(&mut text)
            .expect("a UTF-8 part whose CRC checks");
        parts.insert(entry.name().to_string(), text);
    }
    for part in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/styles.xml",
        "word/_rels/document.xml.rels",
    ] {
        let xml = parts
            .get(part)
            .unwrap_or_else(|| panic!("no {part} in {:?}", parts.keys()));
        well_formed(part, xml);
    }
    let types = &parts["[Content_Types].xml"];
    assert!(types.contains(
        r#"PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml""#
    ));
    assert!(parts["_rels/.rels"].contains(r#"Target="word/document.xml""#));
    assert!(parts["word/_rels/document.xml.rels"].contains(r#"Target="styles.xml""#));
    let paragraphs = paragraphs(&parts["word/document.xml"]);
    let styles = &parts["word/styles.xml"];
    for p in &paragraphs {
        assert!(
            p.style.is_empty() || styles.contains(&format!(r#"w:styleId="{}""#, p.style)),
            "style {} is not defined",
            p.style
        );
    }
    assert_eq!(
        paragraphs[0],
        Paragraph {
            style: "Title".into(),
            text: "素材篮".into()
        }
    );
    let expected: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"),
    )
    .expect("expected.json is JSON");
    assert!(
        expected.len() >= 2,
        "the basket held {} passages",
        expected.len()
    );
    let mut want = Vec::new();
    for item in &expected {
        let field = |k: &str| item[k].as_str().unwrap_or_default().to_string();
        want.push(Paragraph {
            style: "Heading2".into(),
            text: field("title"),
        });
        for line in field("text").lines().filter(|l| !l.trim().is_empty()) {
            want.push(Paragraph {
                style: String::new(),
                text: line.trim().to_string(),
            });
        }
        want.push(Paragraph {
            style: "Citation".into(),
            text: field("cite"),
        });
    }
    assert_eq!(
        paragraphs[2..],
        want[..],
        "the passages, in the basket's order"
    );
    assert!(
        want.iter()
            .any(|p| p.style == "Citation" && p.text.starts_with('《'))
    );
}

fn well_formed(name: &str, xml: &str) {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => return,
            Ok(_) => {}
            Err(e) => panic!(
                "{name} is not well-formed XML at {}: {e}",
                reader.buffer_position()
            ),
        }
    }
}

fn paragraphs(xml: &str) -> Vec<Paragraph> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<Paragraph> = None;
    let mut in_text = false;
    loop {
        match reader.read_event().expect("document.xml reads") {
            Event::Start(e) if e.name().as_ref() == b"w:p" => {
                current = Some(Paragraph {
                    style: String::new(),
                    text: String::new(),
                });
            }
            Event::Empty(e) if e.name().as_ref() == b"w:pStyle" => {
                if let (Some(p), Some(value)) = (
                    current.as_mut(),
                    e.try_get_attribute("w:val").ok().flatten(),
                ) {
                    p.style = value.unescape_value().expect("attribute").into_owned();
                }
            }
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_text = false,
            Event::Text(t) if in_text => {
                if let Some(p) = current.as_mut() {
                    p.text.push_str(&t.decode().expect("text"));
                }
            }
            // Entities come as events of their own (&amp; → &).
            Event::GeneralRef(r) if in_text => {
                let name = r.decode().expect("entity");
                let c = match name.as_ref() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("document.xml uses an undefined entity &{other};"),
                };
                if let Some(p) = current.as_mut() {
                    p.text.push(c);
                }
            }
            Event::End(e) if e.name().as_ref() == b"w:p" => out.extend(current.take()),
            Event::Eof => return out,
            _ => {}
        }
    }
}
