//! `tifa serve`'s incremental engine: after any sequence of edits, its
//! output equals a fresh full build of the same files.

use std::path::{Path, PathBuf};

use tifa::BuildOptions;
use tifa::serve::engine::Engine;

use crate::common::Site;

/// A small deterministic generator (xorshift), so a failing sequence can be
/// replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const PHRASES: &[&str] = &[
    "增强“四个意识”",
    "做到“两个维护”",
    "坚决做到“两个坚决维护”",
    "纠治“四风”",
    "整治“四风问题”",
    "牢固树立“四个意识”",
    "落实全面从严治党主体责任",
    "政治站位不够高",
    "理论学习不深不实",
];
const PARTS: &[&str] = &[
    "achievement",
    "problem",
    "cause",
    "measure",
    "requirement",
    "other",
];
const TOPICS: &[&str] = &["政治建设", "作风建设", "组织建设", "纪律建设"];

fn excerpt(rng: &mut Rng, order: usize) -> String {
    let sentences: Vec<&str> = (0..1 + rng.below(3)).map(|_| *rng.pick(PHRASES)).collect();
    format!(
        "---\ntitle: 摘录{order}\nsource: x-report\nsection_path: [{}]\norder: {order}\npart: {}\ntopics: [{}]\n---\n{}。\n",
        rng.pick(&["存在问题", "整改措施", "工作成效"]),
        rng.pick(PARTS),
        rng.pick(TOPICS),
        sentences.join("，"),
    )
}

/// Every file under `dir` with its bytes, relative paths, sorted; but for
/// `build`'s `.tifa-output-sums`, a cache of its own files' times and
/// inodes that serve has no use for.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != ".tifa-output-sums")
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn assert_same_tree(incremental: &Path, full: &Path, step: &str) {
    let (a, b) = (tree(incremental), tree(full));
    let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "{step}: different files");
    for ((path, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{step}: {path} differs from a full build");
    }
}

/// Builds `site` afresh with `tifa build` and asserts that serve's output
/// folder `served` holds the same files.
fn assert_equals_a_full_build(site: &Site, served: &Path, step: &str) {
    let full = tempfile::tempdir().unwrap();
    tifa::build(&BuildOptions {
        root: site.root().to_path_buf(),
        output_dir: Some(full.path().join("out")),
        ..Default::default()
    })
    .unwrap();
    assert_same_tree(served, &full.path().join("out"), step);
}

/// One random edit; returns the paths it touched.
fn edit(
    site: &Site,
    rng: &mut Rng,
    step: usize,
    broken: &mut Option<PathBuf>,
) -> (String, Vec<PathBuf>) {
    let excerpts: Vec<PathBuf> = walkdir::WalkDir::new(site.path("content/excerpts/x-report"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    if broken.is_some() && rng.below(2) == 0 {
        // Other edits while a file is broken: the failed builds must hand
        // their changes on to the build that succeeds.
        let path = site.path("templates/page.html");
        let marker = rng.below(3);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, format!("{{% extends \"base.html\" %}}{{% block content %}}<article><h1>{{{{ page.title }}}}</h1><p>坏时版本{marker}</p>{{{{ page.content | safe }}}}</article>{{% endblock content %}}")).unwrap();
        return ("edit a template while a file is broken".into(), vec![path]);
    }
    if let Some(path) = broken.take() {
        let order = 900 + step;
        std::fs::write(&path, excerpt(rng, order)).unwrap();
        return (
            format!("fix front matter of {}", path.display()),
            vec![path],
        );
    }
    match rng.below(17) {
        13 | 14 => whole_folder_edit(site, rng, step),
        10..=12 if !excerpts.is_empty() => {
            // Only the text changes (the engine's fast path): mentions come
            // and go, and now and then an explicit link, or a broken one.
            let path = rng.pick(&excerpts).clone();
            let text = std::fs::read_to_string(&path).unwrap();
            let Some((front, _)) = text.rsplit_once("---\n") else {
                return ("unreadable excerpt left alone".into(), vec![path]);
            };
            let sentences: Vec<&str> = (0..1 + rng.below(4)).map(|_| *rng.pick(PHRASES)).collect();
            let link = rng.pick(&[
                "",
                "",
                "见[[四个意识]]。",
                "见[[两个坚决维护]]。",
                "见[[没有这个提法]]。",
            ]);
            std::fs::write(
                &path,
                format!("{front}---\n{}。{link}\n", sentences.join("，")),
            )
            .unwrap();
            ("edit an excerpt's text".into(), vec![path])
        }
        0 | 1 => {
            let path = site.path(&format!("content/excerpts/x-report/{:03}.md", 100 + step));
            std::fs::write(&path, excerpt(rng, 100 + step)).unwrap();
            ("add an excerpt".into(), vec![path])
        }
        2 | 3 if !excerpts.is_empty() => {
            let path = rng.pick(&excerpts).clone();
            std::fs::write(&path, excerpt(rng, 50 + step)).unwrap();
            ("rewrite an excerpt".into(), vec![path])
        }
        4 if excerpts.len() > 1 => {
            let path = rng.pick(&excerpts).clone();
            std::fs::remove_file(&path).unwrap();
            ("delete an excerpt".into(), vec![path])
        }
        5 if !excerpts.is_empty() => {
            let from = rng.pick(&excerpts).clone();
            let to = site.path(&format!("content/excerpts/x-report/r{step}.md"));
            std::fs::rename(&from, &to).unwrap();
            ("rename an excerpt".into(), vec![from, to])
        }
        6 => {
            let path = site.path("content/formulations/四风.md");
            let title = rng.pick(&["四风", "四风"]);
            let variants = rng.pick(&["[]", "[作风四病]", "[隐形四风]"]);
            let full = rng.pick(&[
                "形式主义、官僚主义、享乐主义和奢靡之风",
                "形式主义、官僚主义、享乐主义、奢靡之风",
            ]);
            std::fs::write(&path, format!("---\ntitle: {title}\nfull: {full}\nvariants: {variants}\ncategory: 作风建设\n---\n说明{step}。\n")).unwrap();
            ("edit a formulation".into(), vec![path])
        }
        7 => {
            let path = site.path("content/formulations/作风建设.md");
            if path.exists() {
                std::fs::remove_file(&path).unwrap();
                ("delete a formulation".into(), vec![path])
            } else {
                std::fs::write(
                    &path,
                    "---\ntitle: 作风建设\nfull: 加强党的作风建设\ncategory: 作风建设\n---\n",
                )
                .unwrap();
                ("add a formulation".into(), vec![path])
            }
        }
        8 if !excerpts.is_empty() => {
            let path = rng.pick(&excerpts).clone();
            std::fs::write(&path, "---\ntitle: [坏的\nsource: x-report\n---\n正文\n").unwrap();
            *broken = Some(path.clone());
            ("break front matter".into(), vec![path])
        }
        _ => {
            let path = site.path("templates/page.html");
            let marker = rng.below(3);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, format!("{{% extends \"base.html\" %}}{{% block content %}}<article><h1>{{{{ page.title }}}}</h1><p>版本{marker}</p>{{{{ page.content | safe }}}}</article>{{% endblock content %}}")).unwrap();
            ("edit a template".into(), vec![path])
        }
    }
}

/// An edit of a whole folder: a folder with a dot in its name moved in or
/// out, `content/` replaced by a copy, `templates/` removed or made.
fn whole_folder_edit(site: &Site, rng: &mut Rng, step: usize) -> (String, Vec<PathBuf>) {
    let dotted = site.path("content/excerpts/x-report/2023.05");
    let attic = site.path(&format!("attic/{step}"));
    match rng.below(3) {
        0 if dotted.exists() => {
            std::fs::create_dir_all(attic.parent().unwrap()).unwrap();
            std::fs::rename(&dotted, &attic).unwrap();
            ("move a dotted folder out".into(), vec![dotted])
        }
        0 => {
            std::fs::create_dir_all(&dotted).unwrap();
            std::fs::write(dotted.join("500.md"), excerpt(rng, 500 + step)).unwrap();
            ("make a dotted folder".into(), vec![dotted])
        }
        1 => {
            let copy = site.path("content.new");
            crate::common::copy_tree(&site.path("content"), &copy);
            let old = site.path(&format!("content.old{step}"));
            std::fs::rename(site.path("content"), &old).unwrap();
            std::fs::rename(&copy, site.path("content")).unwrap();
            (
                "replace content/ as a whole".into(),
                vec![site.path("content"), old],
            )
        }
        _ => {
            let templates = site.path("templates");
            if templates.exists() {
                std::fs::remove_dir_all(&templates).unwrap();
                ("remove templates/".into(), vec![templates])
            } else {
                std::fs::create_dir_all(&templates).unwrap();
                std::fs::write(templates.join("page.html"), format!("{{% extends \"base.html\" %}}{{% block content %}}<p>目录版本{step}</p>{{{{ page.content | safe }}}}{{% endblock content %}}")).unwrap();
                ("make templates/".into(), vec![templates])
            }
        }
    }
}

#[test]
fn incremental_rebuilds_equal_full_builds_after_random_edits() {
    const STEPS: usize = 80;
    let mut compared = 0;
    let mut patched = 0;
    let mut while_broken = 0;
    let mut whole_folders = 0;
    for seed in [0x9E37_79B9_7F4A_7C15_u64, 0x2545_F491_4F6C_DD1D] {
        let site = Site::fixture("basic");
        let serve_dir = tempfile::tempdir().unwrap();
        let full_dir = tempfile::tempdir().unwrap();
        let options = BuildOptions {
            root: site.root().to_path_buf(),
            ..Default::default()
        };
        let (mut engine, first) =
            Engine::new(site.root(), &serve_dir.path().join("out"), options.clone()).unwrap();
        assert!(!first.failed(), "{:?}", first.diagnostics);
        engine.update_site_files().unwrap();
        let mut rng = Rng(seed);
        let mut broken = None;
        for step in 0..STEPS {
            let (what, paths) = edit(&site, &mut rng, step, &mut broken);
            whole_folders += usize::from(is_whole_folder_edit(&what));
            let report = engine.rebuild(&paths);
            patched += usize::from(is_patched(&report));
            while_broken += usize::from(what.contains("while a file is broken"));
            engine.update_site_files().unwrap();
            let full_out = full_dir.path().join(format!("full{step}"));
            let full = tifa::build(&BuildOptions {
                output_dir: Some(full_out.clone()),
                ..options.clone()
            })
            .unwrap();
            let label = format!("seed {seed:x} step {step} ({what})");
            assert_eq!(
                report.failed(),
                full.written.is_none(),
                "{label}: {:?}",
                report.diagnostics
            );
            if full.written.is_some() {
                assert_same_tree(&serve_dir.path().join("out"), &full_out, &label);
                compared += 1;
            }
            std::fs::remove_dir_all(&full_out).ok();
        }
    }
    eprintln!(
        "compared {compared}, patched {patched}, while broken {while_broken}, whole folders {whole_folders}"
    );
    // The others failed, in serve as in the full build (asserted above).
    assert!(
        compared >= STEPS,
        "only {compared} of {} steps built",
        2 * STEPS
    );
    assert!(
        whole_folders >= 10,
        "only {whole_folders} whole-folder edits"
    );
    assert!(
        while_broken >= 2,
        "only {while_broken} edits made while a file was broken"
    );
    assert!(
        patched >= 8,
        "only {patched} steps took the text-edit fast path"
    );
}

fn is_whole_folder_edit(what: &str) -> bool {
    what.contains("folder") || what.contains("content/") || what.contains("templates/")
}

/// Whether a rebuild patched the last graph instead of building it again.
fn is_patched(report: &tifa::serve::engine::Rebuild) -> bool {
    report
        .phases
        .iter()
        .any(|(phase, _)| *phase == "patch graph")
}

/// The `basic` fixture, a temporary output folder (`out/` in it) and an
/// engine that has built into it.
fn start_engine() -> (
    Site,
    tempfile::TempDir,
    Engine,
    tifa::serve::engine::Rebuild,
) {
    let site = Site::fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        root: site.root().to_path_buf(),
        ..Default::default()
    };
    let (engine, first) = Engine::new(site.root(), &out.path().join("out"), options).unwrap();
    (site, out, engine, first)
}

#[test]
fn an_excerpt_edit_rerenders_only_what_depends_on_it() {
    let (site, _out, mut engine, first) = start_engine();
    let total = first.rendered_jobs;
    let path = site.path("content/excerpts/x-report/003.md");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("切实增强", "进一步增强");
    std::fs::write(&path, text).unwrap();
    let report = engine.rebuild(&[path]);
    assert!(!report.failed());
    assert!(is_patched(&report), "a text edit patches the graph");
    assert!(
        report.rendered_jobs < total / 2,
        "{} of {total} jobs re-rendered",
        report.rendered_jobs
    );
    assert!(
        report
            .changed
            .contains(&"excerpts/x-report/003/index.html".to_string()),
        "{:?}",
        report.changed
    );
    assert!(
        report
            .changed
            .contains(&"formulations/si-ge-yi-shi/index.html".to_string()),
        "backlink sentence changed"
    );
    assert!(
        !report
            .changed
            .contains(&"formulations/si-feng/index.html".to_string()),
        "unrelated page untouched"
    );
}

#[test]
fn a_wording_edit_rewrites_the_formulation_and_its_card_not_the_pages_that_mention_it() {
    let (site, out, mut engine, _) = start_engine();
    let path = site.path("content/formulations/四个意识.md");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("full: 政治意识、", "full: 增强政治意识、");
    std::fs::write(&path, text).unwrap();
    let report = engine.rebuild(std::slice::from_ref(&path));
    assert!(!report.failed(), "{:?}", report.diagnostics);
    assert!(
        is_patched(&report),
        "only the wording changed: the graph is patched, not built again"
    );
    for changed in [
        "formulations/si-ge-yi-shi/index.html",
        "formulations/si-ge-yi-shi/card.json",
    ] {
        assert!(
            report.changed.contains(&changed.to_string()),
            "{changed}: {:?}",
            report.changed
        );
    }
    assert!(
        !report
            .changed
            .iter()
            .any(|p| p.starts_with("excerpts/x-report/")),
        "a page that mentions it links to it and shows nothing of its entry: {:?}",
        report.changed
    );
    let card: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.path().join("out/formulations/si-ge-yi-shi/card.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(card["full"], "增强政治意识、大局意识、核心意识、看齐意识");
    assert_eq!(card["title"], "四个意识");
    engine.update_site_files().unwrap();
    assert_equals_a_full_build(&site, &out.path().join("out"), "wording edit");
    // A wording emptied is no longer a wording edit (the missing-wording
    // warning comes with it): the graph is built again.
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "full: 增强政治意识、大局意识、核心意识、看齐意识",
        "full: \"\"",
    );
    std::fs::write(&path, text).unwrap();
    let report = engine.rebuild(&[path]);
    assert!(!report.failed(), "{:?}", report.diagnostics);
    assert!(!is_patched(&report));
    engine.update_site_files().unwrap();
    assert_equals_a_full_build(&site, &out.path().join("out"), "wording emptied");
}

#[test]
fn a_template_edited_while_the_build_was_broken_applies_after_a_text_fix() {
    let (site, out, mut engine, _) = start_engine();
    let excerpt = site.path("content/excerpts/x-report/002.md");
    let good = std::fs::read_to_string(&excerpt).unwrap();
    std::fs::write(&excerpt, "---\ntitle: [坏\n---\n").unwrap();
    assert!(engine.rebuild(std::slice::from_ref(&excerpt)).failed());
    // The template changes while the build is broken…
    let template = site.path("templates/page.html");
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    std::fs::write(&template, "{% extends \"base.html\" %}{% block content %}<p>新模板</p>{{ page.content | safe }}{% endblock content %}").unwrap();
    assert!(engine.rebuild(std::slice::from_ref(&template)).failed());
    // …and the fix restores the old front matter, with new text.
    std::fs::write(&excerpt, good.replace("。", "！")).unwrap();
    let fixed = engine.rebuild(&[excerpt]);
    assert!(!fixed.failed(), "{:?}", fixed.diagnostics);
    engine.update_site_files().unwrap();
    assert_equals_a_full_build(&site, &out.path().join("out"), "after the fix");
}

#[test]
fn a_link_to_a_missing_file_warns_in_patched_rebuilds_until_it_is_fixed() {
    let (site, _out, mut engine, first) = start_engine();
    let missing = |report: &tifa::serve::engine::Rebuild| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.rule == "missing-target" && d.file == "content/excerpts/x-report/003.md")
            .count()
    };
    assert_eq!(missing(&first), 0);
    let path = site.path("content/excerpts/x-report/003.md");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{good}\n![图](chart.png)\n")).unwrap();
    let report = engine.rebuild(std::slice::from_ref(&path));
    assert!(is_patched(&report), "a text edit patches the graph");
    assert_eq!(missing(&report), 1, "{:?}", report.diagnostics);
    // Another page's edit keeps the warning of the page not edited.
    let other = site.path("content/excerpts/x-report/002.md");
    let text = std::fs::read_to_string(&other).unwrap();
    std::fs::write(&other, text.replacen("。", "！", 1)).unwrap();
    let report = engine.rebuild(std::slice::from_ref(&other));
    assert_eq!(missing(&report), 1, "{:?}", report.diagnostics);
    std::fs::write(&path, good).unwrap();
    let report = engine.rebuild(&[path]);
    assert_eq!(missing(&report), 0, "{:?}", report.diagnostics);
}

#[test]
fn a_bad_edit_keeps_the_last_good_output_and_reports_the_error() {
    let (site, out, mut engine, _) = start_engine();
    let before = tree(&out.path().join("out"));
    let path = site.path("content/excerpts/x-report/002.md");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, "---\ntitle: 未结束\n").unwrap();
    let report = engine.rebuild(std::slice::from_ref(&path));
    assert!(report.failed());
    let error = report.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(error.file, "content/excerpts/x-report/002.md");
    assert_eq!(tree(&out.path().join("out")), before);
    std::fs::write(&path, good).unwrap();
    let fixed = engine.rebuild(&[path]);
    assert!(!fixed.failed(), "{:?}", fixed.diagnostics);
}

#[test]
fn renaming_a_folder_moves_its_pages() {
    let (site, out, mut engine, _) = start_engine();
    std::fs::rename(site.path("content/sources"), site.path("content/archive")).unwrap();
    let report = engine.rebuild(&[site.path("content/sources"), site.path("content/archive")]);
    assert!(!report.failed(), "{:?}", report.diagnostics);
    assert!(
        out.path().join("out/archive/x-report/index.html").is_file(),
        "{:?}",
        report.changed
    );
    assert!(!out.path().join("out/sources/x-report/index.html").exists());
}

mod watching {
    //! The real watcher: editors' save patterns reach the engine.

    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use tifa::BuildOptions;
    use tifa::serve::engine::Engine;
    use tifa::serve::{Notice, Shared, watch};

    use crate::common::Site;

    struct Watched {
        site: Site,
        out: tempfile::TempDir,
        notices: tokio::sync::broadcast::Receiver<Notice>,
        _watching: watch::Watching,
    }

    fn start() -> Watched {
        let site = Site::fixture("basic");
        let out = tempfile::tempdir().unwrap();
        let options = BuildOptions {
            root: site.root().to_path_buf(),
            ..Default::default()
        };
        let (engine, _) = Engine::new(site.root(), &out.path().join("out"), options).unwrap();
        let shared = Arc::new(Shared::new(engine.output_dir()));
        let notices = shared.notices.subscribe();
        let watching = watch::start(site.root(), engine, shared).unwrap();
        Watched {
            site,
            out,
            notices,
            _watching: watching,
        }
    }

    /// Waits (bounded) for a notice that satisfies `want`.
    fn wait_for(
        notices: &mut tokio::sync::broadcast::Receiver<Notice>,
        want: impl Fn(&Notice) -> bool,
    ) -> Notice {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            match notices.try_recv() {
                Ok(notice) if want(&notice) => return notice,
                Ok(_) => {}
                Err(_) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        panic!("no matching notice within 20 s");
    }

    fn reloads(notice: &Notice, path: &str) -> bool {
        matches!(notice, Notice::Reload { paths } if paths.iter().any(|p| p == path))
    }

    #[test]
    fn write_then_rename_save_is_seen() {
        let mut w = start();
        let target = w.site.path("content/excerpts/x-report/001.md");
        let text = std::fs::read_to_string(&target)
            .unwrap()
            .replace("弦绷得", "弦始终绷得");
        let temporary = w.site.path("content/excerpts/x-report/.001.md.swp");
        std::fs::write(&temporary, text).unwrap();
        std::fs::rename(&temporary, &target).unwrap();
        wait_for(&mut w.notices, |n| reloads(n, "/excerpts/x-report/001/"));
        let html =
            std::fs::read_to_string(w.out.path().join("out/excerpts/x-report/001/index.html"))
                .unwrap();
        assert!(html.contains("弦始终绷得"));
    }

    #[test]
    fn deleting_a_file_removes_its_page() {
        let mut w = start();
        std::fs::remove_file(w.site.path("content/excerpts/x-report/003.md")).unwrap();
        wait_for(&mut w.notices, |n| reloads(n, "/excerpts/x-report/003/"));
        assert!(
            !w.out
                .path()
                .join("out/excerpts/x-report/003/index.html")
                .exists()
        );
    }

    #[test]
    fn renaming_a_folder_is_seen() {
        let mut w = start();
        std::fs::rename(
            w.site.path("content/sources"),
            w.site.path("content/archive"),
        )
        .unwrap();
        wait_for(&mut w.notices, |n| reloads(n, "/archive/x-report/"));
        assert!(
            w.out
                .path()
                .join("out/archive/x-report/index.html")
                .is_file()
        );
    }

    #[test]
    fn a_broken_file_reports_and_a_fix_clears() {
        let mut w = start();
        let target = w.site.path("content/excerpts/x-report/002.md");
        let good = std::fs::read_to_string(&target).unwrap();
        std::fs::write(&target, "---\ntitle: [坏\n---\n").unwrap();
        let notice = wait_for(&mut w.notices, |n| matches!(n, Notice::Error { .. }));
        assert!(
            matches!(notice, Notice::Error { message, .. } if message.contains("content/excerpts/x-report/002.md:2:"))
        );
        std::fs::write(&target, good).unwrap();
        wait_for(&mut w.notices, |n| {
            matches!(n, Notice::Ok | Notice::Reload { .. })
        });
    }
}

mod http {
    //! The server refuses to leave the output folder.

    use std::sync::Arc;

    use tifa::serve::{Shared, server};

    fn with_server(test: impl FnOnce(u16, &std::path::Path)) {
        let out = tempfile::tempdir().unwrap();
        let dir = out.path().join("out");
        std::fs::create_dir_all(dir.join("a")).unwrap();
        std::fs::write(dir.join("a/index.html"), "<p>a</p>").unwrap();
        std::fs::write(dir.join("404.html"), "not found page").unwrap();
        std::fs::write(dir.join("data.json"), "[]").unwrap();
        std::fs::create_dir_all(dir.join("empty")).unwrap();
        std::fs::write(out.path().join("secret.txt"), "secret").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(out.path().join("secret.txt"), dir.join("link.txt")).unwrap();
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Shared::new(&dir));
        let app = server::app(shared);
        runtime.spawn(async move { axum::serve(listener, app).await });
        test(port, &dir);
        runtime.shutdown_background();
    }

    /// A raw request, so the path reaches the server exactly as written.
    fn get(port: u16, path: &str) -> (u16, String, String) {
        get_with(port, path, "")
    }

    /// The status, the Content-Type line and the whole response.
    fn get_with(port: u16, path: &str, extra_headers: &str) -> (u16, String, String) {
        let (status, head, body) = crate::common::http_get(port, "127.0.0.1", path, extra_headers);
        let content_type = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-type:"))
            .unwrap_or("")
            .to_string();
        let response = format!("{head}\r\n\r\n{}", String::from_utf8_lossy(&body));
        (status, content_type, response)
    }

    #[test]
    fn traversal_attempts_get_404() {
        with_server(|port, _| {
            for path in [
                "/../secret.txt",
                "/a/../../secret.txt",
                "/%2e%2e/secret.txt",
                "/%2E%2E%2Fsecret.txt",
                "/%252e%252e/secret.txt",
                "/a%5c..%5c..%5csecret.txt",
                "/..\\secret.txt",
                "//etc/passwd",
                "/link.txt",
            ] {
                let (status, _, body) = get(port, path);
                assert_eq!(status, 404, "{path}");
                assert!(
                    !body.contains("secret\r") && !body.ends_with("secret"),
                    "{path} leaked"
                );
            }
        });
    }

    #[test]
    fn files_have_charsets_and_folders_no_listings() {
        with_server(|port, _| {
            let (status, content_type, _) = get(port, "/a/");
            assert_eq!(status, 200);
            assert!(
                content_type.contains("text/html") && content_type.contains("charset=utf-8"),
                "{content_type}"
            );
            let (_, content_type, _) = get(port, "/data.json");
            assert!(content_type.contains("charset=utf-8"), "{content_type}");
            let (status, _, body) = get(port, "/empty/");
            assert_eq!(status, 404);
            assert!(body.contains("not found page"));
            let (status, content_type, _) = get(port, "/__tifa/live.js");
            assert_eq!(status, 200);
            assert!(content_type.contains("javascript"));
        });
    }

    #[test]
    fn a_reload_in_the_same_second_as_the_edit_gets_the_new_page() {
        with_server(|port, dir| {
            // What a browser sends when it reloads a page it has cached.
            let revalidate = "If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n\
                              If-None-Match: \"anything\"\r\n";
            let (status, _, response) = get_with(port, "/a/", revalidate);
            assert_eq!(status, 200, "{response}");
            std::fs::write(dir.join("a/index.html"), "<p>edited</p>").unwrap();
            let (status, _, response) = get_with(port, "/a/", revalidate);
            assert_eq!(status, 200);
            assert!(response.ends_with("<p>edited</p>"), "{response}");
            let lower = response.to_ascii_lowercase();
            assert!(lower.contains("cache-control: no-store"), "{response}");
            assert!(!lower.contains("last-modified:"), "{response}");
        });
    }
}

mod private_folder {
    //! Where serve writes, and what it will touch there.

    use std::io::{BufRead, BufReader};
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, Stdio};
    use std::time::Duration;

    use tifa::BuildOptions;
    use tifa::serve::engine::Engine;

    use crate::common::Site;

    /// A running `tifa serve` and the folder it said it writes to.
    struct Serving {
        child: Child,
        out: PathBuf,
    }

    impl Drop for Serving {
        /// Stopped as Ctrl+C would stop it, so serve removes its private
        /// folder.
        fn drop(&mut self) {
            crate::common::stop_serve(&mut self.child);
        }
    }

    fn free_port() -> u16 {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    }

    /// Starts `tifa serve` and waits (bounded) for the report of its first
    /// build (printed after the "serving" line, which comes before the
    /// build), or its exit. Returns the child and everything it printed
    /// until then.
    fn start(site: &Site, port: u16) -> (Child, String) {
        let mut child = crate::common::tifa_command()
            .args(["serve", "--port", &port.to_string(), "--root"])
            .arg(site.root())
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let mut printed = String::new();
        while let Ok(line) = receiver.recv_timeout(Duration::from_secs(60)) {
            printed.push_str(&line);
            printed.push('\n');
            if line.starts_with("first build done") || line.starts_with("first build failed") {
                break;
            }
        }
        (child, printed)
    }

    fn serve(site: &Site) -> Serving {
        let (child, printed) = start(site, free_port());
        let out = printed
            .lines()
            .find_map(|l| l.split("files in ").nth(1))
            .and_then(|rest| rest.strip_suffix(')'))
            .unwrap_or_else(|| panic!("no serving line: {printed}"));
        Serving {
            child,
            out: PathBuf::from(out),
        }
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    /// serve wrote to `temp_dir()/tifa-serve-<hash of the root>`: a name
    /// anyone could compute and plant first, adopted as it was found. Now
    /// each run makes a folder of its own that only this user can enter.
    #[cfg(unix)]
    #[test]
    fn serve_output_folder_is_private_and_new_for_every_run() {
        let site = Site::fixture("basic");
        let first = serve(&site);
        let second = serve(&site);
        assert_ne!(first.out, second.out, "two runs share a folder");
        for serving in [&first, &second] {
            let private = serving.out.parent().unwrap();
            assert_eq!(mode(private), 0o700, "{}", private.display());
            assert!(serving.out.join("index.html").is_file());
        }
        // Stopped, a run takes its folder with it.
        let private = first.out.parent().unwrap().to_path_buf();
        let status = Command::new("kill")
            .args(["-TERM", &first.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let mut first = first;
        assert!(first.child.wait().unwrap().success());
        assert!(!private.exists(), "{} was left behind", private.display());
    }

    /// A second `tifa serve` of the same knowledge base rewrote the first
    /// one's folder, even when it then could not listen on the port.
    #[test]
    fn a_second_serve_on_a_taken_port_writes_nothing() {
        let site = Site::fixture("basic");
        let port = free_port();
        let (child, printed) = start(&site, port);
        let first = Serving {
            child,
            out: PathBuf::from(
                printed
                    .lines()
                    .find_map(|l| l.split("files in ").nth(1))
                    .and_then(|rest| rest.strip_suffix(')'))
                    .unwrap_or_else(|| panic!("no serving line: {printed}")),
            ),
        };
        // The site-wide files are written after the pages, on another
        // thread: wait (bounded) until the manifest lists them.
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while !std::fs::read_to_string(first.out.join(".tifa-output"))
            .is_ok_and(|m| m.lines().any(|l| l == "sitemap.xml"))
        {
            assert!(std::time::Instant::now() < deadline, "no site-wide files");
            std::thread::sleep(Duration::from_millis(20));
        }
        let before = times(&first.out);
        let (mut second, printed) = start(&site, port);
        let status = second.wait().unwrap();
        assert!(!status.success(), "{printed}");
        assert!(printed.contains("cannot listen"), "{printed}");
        assert!(!printed.contains("serving"), "{printed}");
        assert_eq!(times(&first.out), before, "the first serve's files changed");
    }

    /// Every file of a folder with its modification time.
    fn times(dir: &Path) -> Vec<(PathBuf, std::time::SystemTime)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| {
                (
                    e.path().to_path_buf(),
                    e.metadata().unwrap().modified().unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    }

    /// Defence in depth: even a folder planted with a manifest that climbs
    /// out and a link in place of a folder of pages cannot make serve's
    /// writer delete or overwrite anything outside it.
    #[cfg(unix)]
    #[test]
    fn a_planted_manifest_and_links_cannot_make_serve_touch_other_files() {
        let site = Site::fixture("basic");
        let planted = tempfile::tempdir().unwrap();
        let victim = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(victim.path().join("x-report")).unwrap();
        std::fs::write(victim.path().join("precious.txt"), "precious").unwrap();
        std::fs::write(victim.path().join("x-report/index.html"), "precious page").unwrap();
        let out = planted.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        let climb = format!(
            "{}/precious.txt",
            std::iter::repeat_n("..", 12).collect::<Vec<_>>().join("/")
        );
        std::fs::write(
            out.join(".tifa-output"),
            format!(
                "{climb}\n../precious.txt\nsources/gone/index.html\nsources/x-report/index.html\n"
            ),
        )
        .unwrap();
        std::os::unix::fs::symlink(victim.path(), out.join("sources")).unwrap();
        let before = super::tree(victim.path());
        let options = BuildOptions {
            root: site.root().to_path_buf(),
            ..Default::default()
        };
        let (_engine, first) = Engine::new(site.root(), &out, options).unwrap();
        assert!(first.failed(), "wrote through a link");
        assert!(
            first
                .diagnostics
                .iter()
                .any(|d| d.message.en.contains("symbolic link")),
            "{:?}",
            first.diagnostics
        );
        assert_eq!(super::tree(victim.path()), before);
    }
}

mod whole_folders {
    //! Folders that come, go or are replaced as a whole.

    /// A folder named like a file (`2023.05`) moved out of content/ was
    /// taken for a file, and its pages stayed served.
    #[test]
    fn a_folder_with_a_dot_in_its_name_moved_out_is_removed() {
        let (site, out, mut engine, _) = super::start_engine();
        let dotted = site.path("content/excerpts/x-report/2023.05");
        std::fs::create_dir_all(&dotted).unwrap();
        std::fs::copy(
            site.path("content/excerpts/x-report/002.md"),
            dotted.join("009.md"),
        )
        .unwrap();
        let report = engine.rebuild(std::slice::from_ref(&dotted));
        assert!(!report.failed(), "{:?}", report.diagnostics);
        let page = out
            .path()
            .join("out/excerpts/x-report/2023-05/009/index.html");
        assert!(page.is_file(), "{:?}", report.changed);
        let outside = tempfile::tempdir().unwrap();
        std::fs::rename(&dotted, outside.path().join("2023.05")).unwrap();
        let report = engine.rebuild(&[dotted]);
        assert!(!report.failed(), "{:?}", report.diagnostics);
        assert!(!page.exists(), "the moved-out folder is still served");
    }

    /// `content/` replaced by another folder (a checkout, a sync tool).
    #[test]
    fn content_replaced_as_a_whole_is_read_again() {
        let (site, out, mut engine, _) = super::start_engine();
        let copy = site.path("content.new");
        crate::common::copy_tree(&site.path("content"), &copy);
        std::fs::write(
            copy.join("guide/新页.md"),
            "---\ntitle: 新页\n---\n新的正文。\n",
        )
        .unwrap();
        std::fs::rename(site.path("content"), site.path("content.old")).unwrap();
        std::fs::rename(&copy, site.path("content")).unwrap();
        let report = engine.rebuild(&[site.path("content"), site.path("content.old")]);
        assert!(!report.failed(), "{:?}", report.diagnostics);
        assert!(
            out.path().join("out/guide/xin-ye/index.html").is_file(),
            "{:?}",
            report.changed
        );
    }

    /// `templates/` made after serve started.
    #[test]
    fn a_templates_folder_made_after_start_is_used() {
        let (site, out, mut engine, _) = super::start_engine();
        site.write(
            "templates/page.html",
            "{% extends \"base.html\" %}{% block content %}<p id=\"mine\">{{ page.title }}</p>{% endblock content %}",
        );
        let report = engine.rebuild(&[site.path("templates")]);
        assert!(!report.failed(), "{:?}", report.diagnostics);
        let html =
            std::fs::read_to_string(out.path().join("out/guide/markdown/index.html")).unwrap();
        assert!(html.contains("id=\"mine\""), "{html}");
    }

    /// serve's folder deleted while it runs gave 404s until config.toml
    /// was saved: the next event makes it again, with every page.
    #[test]
    fn a_deleted_serve_folder_is_made_again() {
        let (site, out, mut engine, _) = super::start_engine();
        std::fs::remove_dir_all(out.path().join("out")).unwrap();
        let report = engine.rebuild(&[out.path().join("out")]);
        assert!(!report.failed(), "{:?}", report.diagnostics);
        assert!(out.path().join("out/index.html").is_file());
        engine.update_site_files().unwrap();
        super::assert_equals_a_full_build(&site, &out.path().join("out"), "made again");
    }

    mod watched {
        //! The same through the real watcher.

        use std::sync::Arc;
        use std::time::{Duration, Instant};

        use tifa::serve::engine::Engine;
        use tifa::serve::{Notice, Shared, watch};

        use crate::common::Site;

        fn wait_until(what: &str, done: impl Fn() -> bool) {
            let deadline = Instant::now() + Duration::from_secs(30);
            while !done() {
                assert!(Instant::now() < deadline, "{what}: not within 30 s");
                std::thread::sleep(Duration::from_millis(20));
            }
        }

        /// After content/ is replaced, later edits in the new folder are
        /// seen (the watch followed the old folder away), and a static/
        /// folder made after start is watched too.
        #[test]
        fn edits_after_whole_folder_changes_are_seen() {
            let site = Site::fixture("basic");
            let out = tempfile::tempdir().unwrap();
            let options = tifa::BuildOptions {
                root: site.root().to_path_buf(),
                ..Default::default()
            };
            std::fs::remove_dir_all(site.path("static")).unwrap();
            let (engine, _) = Engine::new(site.root(), &out.path().join("out"), options).unwrap();
            let shared = Arc::new(Shared::new(engine.output_dir()));
            let mut notices = shared.notices.subscribe();
            let _watching = watch::start(site.root(), engine, shared).unwrap();
            let copy = site.path("content.new");
            crate::common::copy_tree(&site.path("content"), &copy);
            std::fs::rename(site.path("content"), site.path("content.old")).unwrap();
            std::fs::rename(&copy, site.path("content")).unwrap();
            let page = out.path().join("out/guide/markdown/index.html");
            let markdown = site.path("content/guide/markdown.md");
            let text = std::fs::read_to_string(&markdown).unwrap();
            // Made before the replacement is seen, this edit is read by the
            // rescan it causes; made after, by the watch on the new folder.
            std::fs::write(&markdown, text.replace("写作示例", "写作示例（新）")).unwrap();
            wait_until("an edit in the new content/", || {
                std::fs::read_to_string(&page).is_ok_and(|h| h.contains("写作示例（新）"))
            });
            std::fs::write(&markdown, text.replace("写作示例", "写作示例（再改）")).unwrap();
            wait_until("a second edit", || {
                std::fs::read_to_string(&page).is_ok_and(|h| h.contains("写作示例（再改）"))
            });
            site.write("static/late.txt", "made after start");
            wait_until("static/ made after start", || {
                out.path().join("out/late.txt").is_file()
            });
            site.write("static/late.txt", "changed");
            wait_until("a file in it changed", || {
                std::fs::read_to_string(out.path().join("out/late.txt"))
                    .is_ok_and(|t| t == "changed")
            });
            assert!(!matches!(notices.try_recv(), Ok(Notice::Error { .. })));
        }
    }
}

/// A formulation whose usage list runs over several pages (250 mentions
/// from two sources, 100 a page), and text edits that keep or change each
/// page's number of mentions: serve fingerprints only the list pages an
/// edit can reach (plan::touched_list_pages, whose ranges its unit test
/// pins), and must still equal a full build. The list takes the sources'
/// mentions in turn, so one page gaining a mention and another losing
/// one, both on list page 1, moves every mention after them.
#[test]
fn text_edits_under_a_long_usage_list_equal_full_builds() {
    let (site, out, mut engine, _) = start_engine();
    let excerpts = site.path("content/excerpts/x-report");
    std::fs::write(
        site.path("content/sources/y-report.md"),
        "---\ntitle: Y分局党委主体责任情况报告\ndoc_type: 主体责任报告\nlevel: 区县\nyear: 2019\n---\n另一份报告。\n",
    )
    .unwrap();
    let excerpt = |order: usize, body: &str| {
        let source = ["x-report", "y-report"][order % 2];
        format!(
            "---\ntitle: 长列表{order}\nsource: {source}\nsection_path: [存在问题]\norder: {}\npart: problem\ntopics: [政治建设]\n---\n{body}\n",
            order + 10
        )
    };
    let mention = "牢固树立“四个意识”。";
    let mut paths = vec![site.path("content/sources/y-report.md")];
    for order in 0..250 {
        let path = excerpts.join(format!("long{order:03}.md"));
        std::fs::write(&path, excerpt(order, &format!("第{order}条：{mention}"))).unwrap();
        paths.push(path);
    }
    assert!(!engine.rebuild(&paths).failed());
    let paths = &paths[1..];
    let edits: Vec<Vec<(usize, String)>> = vec![
        // Same count, other words around the mention (list page 2 only).
        vec![(150, format!("改写后的第150条，{mention}"))],
        // One page gains a mention, another (of the other source) loses
        // its one: the same length, but every later place moves.
        vec![
            (20, format!("第20条：{mention}又一次{mention}")),
            (41, "第41条：不再提及。".to_string()),
        ],
        // Back, and a change at the very end of the list.
        vec![
            (20, format!("第20条：{mention}")),
            (41, format!("第41条：{mention}")),
            (249, format!("最后一条改了字，{mention}")),
        ],
    ];
    for (step, edit) in edits.iter().enumerate() {
        let changed: Vec<PathBuf> = edit
            .iter()
            .map(|(order, body)| {
                let path = paths[*order].clone();
                std::fs::write(&path, excerpt(*order, body)).unwrap();
                path
            })
            .collect();
        let report = engine.rebuild(&changed);
        assert!(!report.failed(), "{:?}", report.diagnostics);
        assert!(is_patched(&report), "edit {step} is a text edit");
        engine.update_site_files().unwrap();
        assert_equals_a_full_build(
            &site,
            &out.path().join("out"),
            &format!("long list, edit {step}"),
        );
    }
}

mod first_build {
    //! serve answers while its first build runs: a request waits for its
    //! file until the build has written it whole, and a file that never
    //! comes is 404 once the build has ended (issue 16).

    use std::path::Path;
    use std::sync::mpsc::{Receiver, channel};
    use std::sync::{Arc, Mutex};
    use std::thread::JoinHandle;
    use std::time::{Duration, Instant};

    use tifa::BuildOptions;
    use tifa::serve::engine::Engine;
    use tifa::serve::first_build::FirstBuild;
    use tifa::serve::{Notice, Shared, server, watch};
    use tifa::write::{DirectWrites, Through};

    use crate::common::{Site, http_get, select, text};

    /// The server over `out`, on a free port, answering as serve does
    /// before its first build (requests wait for their file).
    struct Server {
        shared: Arc<Shared>,
        port: u16,
        runtime: tokio::runtime::Runtime,
    }

    impl Server {
        fn start(out: &Path) -> Server {
            let shared = Arc::new(Shared::new(out));
            shared.first_build.start();
            let runtime = tokio::runtime::Runtime::new().unwrap();
            let listener = runtime
                .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
                .unwrap();
            let port = listener.local_addr().unwrap().port();
            let app = server::app(shared.clone());
            runtime.spawn(async move { axum::serve(listener, app).await });
            Server {
                shared,
                port,
                runtime,
            }
        }

        /// A GET on a thread of its own: (status, body).
        fn get(&self, path: &str) -> JoinHandle<(u16, String)> {
            let (port, path) = (self.port, path.to_string());
            std::thread::spawn(move || {
                let (status, _, body) = http_get(port, "127.0.0.1", &path, "");
                (status, String::from_utf8(body).unwrap())
            })
        }

        /// Waits (bounded) until `n` requests wait for their file.
        fn until_waiting(&self, n: usize) {
            until(
                || self.shared.first_build.waiting() == n,
                "requests waiting",
            );
        }
    }

    impl Drop for Server {
        fn drop(&mut self) {
            let runtime = std::mem::replace(
                &mut self.runtime,
                tokio::runtime::Builder::new_current_thread()
                    .build()
                    .unwrap(),
            );
            runtime.shutdown_background();
        }
    }

    /// Waits, bounded, for a condition another thread makes true.
    fn until(condition: impl Fn() -> bool, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !condition() {
            assert!(Instant::now() < deadline, "{what}: not within 30 s");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn options(site: &Site) -> BuildOptions {
        BuildOptions {
            root: site.root().to_path_buf(),
            render: tifa::serve::engine::serve_render_options(),
            ..Default::default()
        }
    }

    fn title(html: &str) -> String {
        let html = scraper::Html::parse_document(html);
        select(&html, "title").first().map(text).unwrap_or_default()
    }

    /// Writes through serve's [`FirstBuild`], keeps the order of the
    /// files, and stands still after `index.html` until the test opens the
    /// gate.
    struct Gated {
        first_build: Arc<FirstBuild>,
        gate: Mutex<Receiver<()>>,
        written: Arc<Mutex<Vec<String>>>,
    }

    impl DirectWrites for Gated {
        fn write(
            &self,
            path: &str,
            write: &mut dyn FnMut() -> anyhow::Result<()>,
        ) -> anyhow::Result<()> {
            // Noted before the write: the write wakes the requests waiting
            // for the file, and the test looks at the list as soon as the
            // home page is answered.
            self.written.lock().unwrap().push(path.to_string());
            self.first_build.write(path, write)?;
            if path == "index.html" {
                let _ = self.gate.lock().unwrap().recv();
            }
            Ok(())
        }
    }

    /// The first build on one render thread (so the order of the writes
    /// is the plan's), gated after the home page.
    fn gated_first_build(
        mut engine: Engine,
        shared: Arc<Shared>,
        gate: Receiver<()>,
        written: Arc<Mutex<Vec<String>>>,
    ) -> JoinHandle<Engine> {
        let gated = Gated {
            first_build: shared.first_build.clone(),
            gate: Mutex::new(gate),
            written,
        };
        std::thread::spawn(move || {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .unwrap();
            let first = pool.install(|| engine.first_build(Some(Through(Arc::new(gated)))));
            assert!(!first.failed(), "{:?}", first.diagnostics);
            shared.first_build.finish();
            engine
        })
    }

    #[test]
    fn requests_during_the_first_build_get_whole_pages_and_missing_ones_404_after_it() {
        let site = Site::fixture("basic");
        let out = tempfile::tempdir().unwrap();
        let dir = out.path().join("out");
        let engine = Engine::open(site.root(), &dir, options(&site)).unwrap();
        let server = Server::start(engine.output_dir());
        // Asked before the build starts: nothing is on disk yet.
        let home = server.get("/");
        let missing = server.get("/never/here/");
        server.until_waiting(2);
        assert!(!dir.join("index.html").exists());
        // A half-written page already where a page will be written (as the
        // first build's direct writes leave it for a moment): not served.
        let excerpt = "excerpts/x-report/001/index.html";
        std::fs::create_dir_all(dir.join("excerpts/x-report/001")).unwrap();
        std::fs::write(dir.join(excerpt), "<!doctype html><html><head><ti").unwrap();

        let (gate, gate_receiver) = channel();
        let written = Arc::new(Mutex::new(Vec::new()));
        let build = gated_first_build(
            engine,
            server.shared.clone(),
            gate_receiver,
            written.clone(),
        );
        // The home page, while the build stands still after writing it.
        let (status, body) = home.join().unwrap();
        assert_eq!(status, 200);
        assert_eq!(
            body,
            std::fs::read_to_string(dir.join("index.html")).unwrap()
        );
        assert!(body.trim_end().ends_with("</html>"), "whole: {body}");
        assert_eq!(title(&body), "测试知识库");
        assert!(server.shared.first_build.is_running());
        assert_eq!(
            written.lock().unwrap().first().map(String::as_str),
            Some("index.html"),
            "the home page is the first file written"
        );
        // Asked during the build: waits for the whole page, not the half
        // one on disk, and not a 404.
        let page = server.get("/excerpts/x-report/001/");
        server.until_waiting(2);
        assert!(
            std::fs::read_to_string(dir.join(excerpt))
                .unwrap()
                .ends_with("<ti")
        );
        gate.send(()).unwrap();
        let (status, body) = page.join().unwrap();
        assert_eq!(status, 200);
        assert!(body.trim_end().ends_with("</html>"), "whole: {body}");
        assert_eq!(body, std::fs::read_to_string(dir.join(excerpt)).unwrap());
        // Never written: 404 once the build is over, not before.
        let (status, _) = missing.join().unwrap();
        assert!(!server.shared.first_build.is_running());
        assert_eq!(status, 404);
        let _engine = build.join().unwrap();
        // After the build a request waits for nothing.
        let (status, _) = server.get("/never/again/").join().unwrap();
        assert_eq!(status, 404);
        assert_eq!(server.shared.first_build.waiting(), 0);
    }

    #[test]
    fn the_watcher_runs_the_first_build_without_a_reload_then_reloads_for_edits() {
        let site = Site::fixture("basic");
        let out = tempfile::tempdir().unwrap();
        let engine = Engine::open(site.root(), &out.path().join("out"), options(&site)).unwrap();
        let server = Server::start(engine.output_dir());
        let mut notices = server.shared.notices.subscribe();
        let home = server.get("/");
        let folder = server.get("/excerpts/x-report/001");
        server.until_waiting(2);
        let _watching = watch::start(site.root(), engine, server.shared.clone()).unwrap();
        let (status, body) = home.join().unwrap();
        assert_eq!((status, title(&body).as_str()), (200, "测试知识库"));
        // A folder named without its slash: sent to the slash, as ever.
        let (status, _) = folder.join().unwrap();
        assert_eq!(status, 307);
        until(
            || !server.shared.first_build.is_running(),
            "the first build",
        );
        let target = site.path("content/excerpts/x-report/001.md");
        let edited = std::fs::read_to_string(&target)
            .unwrap()
            .replace("弦绷得", "弦始终绷得");
        std::fs::write(&target, edited).unwrap();
        // The first notice is the edit's: the first build told no page to
        // reload (pages opened during it show what it wrote).
        let deadline = Instant::now() + Duration::from_secs(30);
        let notice = loop {
            match notices.try_recv() {
                Ok(notice) => break notice,
                Err(_) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                Err(e) => panic!("no notice within 30 s: {e:?}"),
            }
        };
        assert!(
            matches!(&notice, Notice::Reload { paths } if paths.iter().any(|p| p == "/excerpts/x-report/001/") && paths.len() < 20),
            "{notice:?}"
        );
    }
}
