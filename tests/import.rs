//! `tifa import`, `tifa new`, `tifa init`, and the shipped content made from the seeds.

use std::path::{Path, PathBuf};

use crate::common::{Site, TIFA};

/// The five raw reports the shipped knowledge base was imported from (`reports/`).
fn seeds() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports");
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("seeds at {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    seeds
}

fn import(site: &Site, files: &[&Path], extra: &[&str]) -> crate::common::Run {
    let mut args: Vec<&str> = vec!["import"];
    let paths: Vec<String> = files
        .iter()
        .map(|f| f.to_str().unwrap().to_string())
        .collect();
    args.extend(paths.iter().map(String::as_str));
    args.extend(extra);
    site.tifa(&args)
}

/// Every file under `content/`, relative, with its bytes.
fn content_files(site: &Site) -> Vec<(String, Vec<u8>)> {
    let root = site.path("content");
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn each_seed_imports_its_sections_and_items() {
    // (items, level-1 sections) counted by hand from each seed; see
    // src/import/segment.rs `seed_counts_match_hand_counts` for the working.
    let expected = [(65, 3), (26, 2), (38, 3), (32, 7), (29, 3)];
    for (seed, (items, sections)) in seeds().iter().zip(expected) {
        let site = Site::empty();
        import(&site, &[seed], &[]).assert_ok();
        let files = content_files(&site);
        let excerpts: Vec<_> = files
            .iter()
            .filter(|(p, _)| p.starts_with("excerpts/"))
            .collect();
        assert_eq!(excerpts.len(), items, "{}", seed.display());
        let level1: std::collections::BTreeSet<String> = excerpts
            .iter()
            .filter_map(|(_, bytes)| {
                let text = String::from_utf8_lossy(bytes);
                let line = text
                    .lines()
                    .find(|l| l.starts_with("section_path: "))?
                    .to_string();
                let first = line
                    .trim_start_matches("section_path: [")
                    .split("\", ")
                    .next()?
                    .trim_matches(['"', ']'])
                    .to_string();
                (!first.is_empty()).then_some(first)
            })
            .collect();
        assert_eq!(level1.len(), sections, "{}: {level1:?}", seed.display());
        assert_eq!(
            files
                .iter()
                .filter(|(p, _)| p.starts_with("sources/"))
                .count(),
            1
        );
    }
}

#[test]
fn gb18030_copy_imports_byte_identical() {
    let seed = &seeds()[0];
    let text = std::fs::read_to_string(seed).unwrap();
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let utf8_site = Site::empty();
    let gb_site = Site::empty();
    let gb_file = gb_site.path("report.txt");
    std::fs::write(&gb_file, &gb).unwrap();
    let utf8_file = utf8_site.path("report.txt");
    std::fs::write(&utf8_file, text.replace('\n', "\r\n")).unwrap();
    import(&utf8_site, &[&utf8_file], &[]).assert_ok();
    import(&gb_site, &[&gb_file], &[]).assert_ok();
    let utf8_files = content_files(&utf8_site);
    assert!(utf8_files.len() > 60);
    assert_eq!(utf8_files, content_files(&gb_site));
}

#[test]
fn junk_lines_are_removed_and_listed() {
    let site = Site::empty();
    let seeds = seeds();
    let run = import(
        &site,
        &seeds.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
        &[],
    );
    run.assert_ok();
    for junk in ["请勿照搬照抄", "QQ群", "会员群", "举报倒卖", "禁止外传"] {
        assert!(run.stdout.contains(junk), "{junk} listed as removed");
        for (path, bytes) in content_files(&site) {
            assert!(
                !String::from_utf8_lossy(&bytes).contains(junk),
                "{junk} left in {path}"
            );
        }
    }
}

#[test]
fn reimport_is_idempotent_dry_run_writes_nothing_and_force_is_needed() {
    let site = Site::empty();
    let seed = &seeds()[1];
    let dry = import(&site, &[seed], &["--dry-run"]);
    dry.assert_ok();
    assert!(dry.stdout.contains("create"), "{}", dry.stdout);
    assert!(content_files(&site).is_empty(), "--dry-run wrote files");

    import(&site, &[seed], &[]).assert_ok();
    let first = content_files(&site);
    let again = import(&site, &[seed], &[]);
    again.assert_ok();
    assert_eq!(content_files(&site), first, "re-import changes nothing");
    assert!(again.stdout.contains("unchanged"));

    let (edited, _) = first.iter().find(|(p, _)| p.ends_with("/003.md")).unwrap();
    site.write(
        &format!("content/{edited}"),
        "---\ntitle: 人工校订\nsource: x\n---\n",
    );
    let refused = import(&site, &[seed], &[]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    assert!(
        std::fs::read_to_string(site.path(&format!("content/{edited}")))
            .unwrap()
            .contains("人工校订")
    );
    import(&site, &[seed], &["--force"]).assert_ok();
    assert_eq!(content_files(&site), first);
}

#[test]
fn unparseable_input_reports_the_line() {
    let site = Site::empty();
    site.write(
        "bad.txt",
        "本文系邮箱投稿，仅供学习参考，请勿照搬照抄！\n\n",
    );
    let run = import(&site, &[&site.path("bad.txt")], &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("bad.txt:"), "{}", run.stderr);
    assert!(content_files(&site).is_empty());
}

#[test]
fn imported_reports_build() {
    let site = Site::empty();
    site.write(
        "content/excerpts/_index.md",
        "---\ntitle: 摘录\npage_kind: excerpt\n---\n",
    );
    site.write(
        "content/sources/_index.md",
        "---\ntitle: 来源\npage_kind: source\n---\n",
    );
    let seeds = seeds();
    import(
        &site,
        &seeds.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
        &[],
    )
    .assert_ok();
    site.build().assert_ok();
    assert!(site.output_files().len() > 190);
}

#[test]
fn init_makes_a_site_that_builds_and_new_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let kb = dir.path().join("kb");
    let status = std::process::Command::new(TIFA)
        .arg("init")
        .arg(&kb)
        .status()
        .unwrap();
    assert!(status.success());
    let config = std::fs::read_to_string(kb.join("config.toml")).unwrap();
    for key in [
        "base_url",
        "slugify",
        "paginate_by",
        "[markdown]",
        "junk_patterns",
    ] {
        assert!(config.contains(key), "config.toml documents {key}");
    }
    let run = |args: &[&str]| {
        std::process::Command::new(TIFA)
            .args(args)
            .arg("--root")
            .arg(&kb)
            .output()
            .unwrap()
    };
    assert!(run(&["build"]).status.success());
    let created = run(&["new", "formulation", "两个维护"]);
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let path = String::from_utf8_lossy(&created.stdout).trim().to_string();
    assert!(path.ends_with("content/formulations/两个维护.md"), "{path}");
    let text = std::fs::read_to_string(&path).unwrap();
    for field in [
        "full:",
        "parts:",
        "variants:",
        "category:",
        "origin:",
        "status:",
        "superseded_by",
        "collocations:",
        "related:",
    ] {
        assert!(text.contains(field), "{field} in\n{text}");
    }
    let again = run(&["new", "formulation", "两个维护"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        run(&["build"]).status.success(),
        "a new formulation builds as is"
    );
    let source = run(&["new", "source", "新报告"]);
    assert!(source.status.success());
    assert!(
        std::fs::read_to_string(kb.join("content/sources/新报告.md"))
            .unwrap()
            .contains("doc_type:")
    );
    let pack = run(&["new", "rulepack", "本单位用词"]);
    assert!(pack.status.success());
    let text = std::fs::read_to_string(kb.join("content/rules/本单位用词.md")).unwrap();
    assert!(
        text.contains("kind: house") && text.contains("wrong:"),
        "{text}"
    );
    assert!(
        run(&["build"]).status.success(),
        "a new rule pack builds as is"
    );
    let init_again = std::process::Command::new(TIFA)
        .arg("init")
        .arg(&kb)
        .status()
        .unwrap();
    assert_eq!(
        init_again.code(),
        Some(2),
        "init refuses a non-empty folder"
    );
}
