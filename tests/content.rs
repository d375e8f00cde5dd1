//! The shipped knowledge base: every formulation the seeds quote has an entry.

use std::collections::BTreeSet;
use std::path::Path;

const NUMBER_WORDS: &[char] = &[
    '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '百', '两',
];

fn repo(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Every term quoted in the seeds (“…”, "…", ‘…’, '…') that contains a number word.
fn quoted_number_terms() -> BTreeSet<String> {
    let mut terms = BTreeSet::new();
    for entry in std::fs::read_dir(repo("reports")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for (open, close) in [('“', '”'), ('"', '"'), ('‘', '’'), ('\'', '\'')] {
            let mut rest = text.as_str();
            while let Some(start) = rest.find(open) {
                let after = &rest[start + open.len_utf8()..];
                let Some(end) = after.find(close) else { break };
                let term = &after[..end];
                if term.chars().count() <= 20
                    && !term.contains('\n')
                    && term.chars().any(|c| NUMBER_WORDS.contains(&c))
                {
                    terms.insert(term.to_string());
                }
                rest = &after[end + close.len_utf8()..];
            }
        }
    }
    terms
}

#[test]
fn every_quoted_numbered_formulation_has_an_entry_or_is_excluded() {
    let root = repo("");
    let config = tifa::Config::load(&root).unwrap();
    let (inputs, _) = tifa::load::load(&tifa::load::Tree::new(&root, &[]), config);
    let (documents, diagnostics) = tifa::parse::parse(&inputs.content, Default::default());
    assert!(!diagnostics.has_errors(), "{diagnostics:?}");
    let mut covered = BTreeSet::new();
    for doc in &documents {
        if let Some(f) = doc.fields.formulation() {
            covered.insert(doc.meta.title.clone());
            covered.extend(f.variants.iter().cloned());
        }
        if doc.rel_path == "formulations/_index.md" {
            let excluded = doc
                .meta
                .extra
                .get("excluded")
                .and_then(|v| v.as_array())
                .expect("extra.excluded list");
            for item in excluded {
                let term = item.get("term").and_then(|t| t.as_str()).expect("term");
                let reason = item.get("reason").and_then(|t| t.as_str()).unwrap_or("");
                assert!(!reason.trim().is_empty(), "excluded {term} needs a reason");
                covered.insert(term.to_string());
            }
        }
    }
    let terms = quoted_number_terms();
    assert!(terms.len() > 40, "found {} quoted terms", terms.len());
    let missing: Vec<&String> = terms.iter().filter(|t| !covered.contains(*t)).collect();
    assert!(
        missing.is_empty(),
        "quoted in the seeds but neither an entry nor excluded: {missing:?}"
    );
}

#[test]
fn shipped_content_has_the_expected_shape() {
    let count = |dir: &str| {
        walkdir::WalkDir::new(repo(dir))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_name() != "_index.md" && e.path().extension().is_some_and(|x| x == "md")
            })
            .count()
    };
    assert!(count("content/formulations") >= 60);
    assert!(count("content/excerpts") >= 150);
    assert_eq!(count("content/sources"), 5);
}

#[test]
fn excerpts_keep_the_seed_text_exactly() {
    let seeds: String = std::fs::read_dir(repo("reports"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    let compact = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let seeds = compact(&seeds);
    for entry in walkdir::WalkDir::new(repo("content/excerpts"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_name() == "_index.md" || !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let body = text.splitn(3, "---\n").nth(2).unwrap();
        let body = body.replace("\\", "");
        assert!(
            seeds.contains(&compact(&body)),
            "{} is not verbatim seed text",
            entry.path().display()
        );
    }
}
