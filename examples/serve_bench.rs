//! Measures `tifa serve` on a generated corpus: from saving a file to the
//! reload notice (the moment the browser would be told), through the real
//! watcher, debouncer and incremental engine.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- 10000 /tmp/kb10k
//! cargo run --release --example serve_bench -- /tmp/kb10k [RUNS]
//! ```
//!
//! It edits one excerpt (appending and removing a sentence, alternately) and
//! one formulation mentioned on about 200 pages (changing its full wording,
//! which every linked mention shows as a tooltip), RUNS times each, and
//! prints the median and range, then the time of a full rebuild for
//! comparison (what Zola's serve does on every change; set
//! SERVE_BENCH_NO_FULL=1 to skip it), and the peak resident set of
//! serving. That peak is read after one more formulation edit has had its
//! site-wide files (the search index among them) written, so it includes
//! the background rebuilds of every edit. The watcher is stopped before the
//! serve folder and the cold build's folder are removed at the end.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tifa::BuildOptions;
use tifa::serve::engine::Engine;
use tifa::serve::{Notice, Shared, watch};

/// The allocator of the `tifa` binary (src/main.rs), so the times match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(
        args.next()
            .ok_or_else(|| anyhow::anyhow!("usage: serve_bench CORPUS [RUNS]"))?,
    );
    let runs: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(9);
    let out = tempfile_dir("tifa-serve-bench");
    let options = BuildOptions {
        root: root.clone(),
        ..Default::default()
    };
    let started = Instant::now();
    let (engine, first) = Engine::new(&root, &out, options.clone())?;
    anyhow::ensure!(
        !first.failed(),
        "the corpus does not build: {:?}",
        first.diagnostics
    );
    let initial = started.elapsed();
    let engine_out = engine.output_dir().to_path_buf();
    let shared = Arc::new(Shared::new(&engine_out));
    let mut notices = shared.notices.subscribe();
    let watching = watch::start(&root, engine, shared)?;
    std::thread::sleep(Duration::from_millis(500));

    let excerpt = first_file(&root.join("content/excerpts"))?;
    let excerpt_times = measure(runs, &mut notices, &excerpt, |text, i| {
        if i % 2 == 0 {
            format!("{text}\n整改落实还需进一步加强。\n")
        } else {
            text.to_string()
        }
    })?;
    // SERVE_BENCH_FORMULATION names the file to edit (gen_corpus prints
    // `serve_target_1pct=` for the issue's "used on 1% of pages").
    let formulation = match std::env::var_os("SERVE_BENCH_FORMULATION") {
        Some(path) => root.join(path),
        None => most_mentioned_near_200(&root)?,
    };
    let original_formulation = std::fs::read_to_string(&formulation)?;
    let formulation_times = measure(runs, &mut notices, &formulation, |text, i| {
        text.replacen(
            "full: \"",
            &format!("full: \"{}", if i % 2 == 0 { "（修订）" } else { "" }),
            1,
        )
    })?;
    // The last edit's site-wide files (the search index among them) are
    // built on another thread after its notice: serving includes them.
    let site_files = wait_for_site_files(&engine_out, &formulation)?;
    // The serve process's own peak, before the cold build below adds its.
    let serve_peak = peak_resident_kb();
    // Stopped before its folder is removed, which it would build again.
    drop(watching);
    std::fs::write(&formulation, &original_formulation)?;
    let full = match std::env::var_os("SERVE_BENCH_NO_FULL") {
        Some(_) => None,
        None => {
            let started = Instant::now();
            let full_out = tempfile_dir("tifa-serve-bench-full");
            let report = tifa::build(&BuildOptions {
                output_dir: Some(full_out.clone()),
                ..options
            })?;
            let _ = std::fs::remove_dir_all(&full_out);
            anyhow::ensure!(report.written.is_some(), "full build failed");
            Some(started.elapsed())
        }
    };
    print_serve_rows(
        &root,
        initial,
        &excerpt_times,
        &formulation,
        &formulation_times,
    );
    if let Some(full) = full {
        println!(
            "full rebuild (tifa build, cold): {:.0} ms",
            full.as_secs_f64() * 1000.0
        );
    }
    println!(
        "last edit → its site-wide files written: {:.1} s",
        site_files.as_secs_f64()
    );
    print_peak(serve_peak);
    let _ = std::fs::remove_dir_all(&out);
    Ok(())
}

/// Edits `formulation` once more, with a mark no earlier edit made, and
/// waits until `data/formulations.json` under `out` shows it: the site-wide
/// files (the search index among them) of the last edit are written then.
/// Returns how long that took from the save.
fn wait_for_site_files(out: &Path, formulation: &Path) -> anyhow::Result<Duration> {
    const MARK: &str = "（定稿）";
    let text = std::fs::read_to_string(formulation)?;
    let started = Instant::now();
    std::fs::write(
        formulation,
        text.replacen("full: \"", &format!("full: \"{MARK}"), 1),
    )?;
    let export = out.join("data/formulations.json");
    while !std::fs::read_to_string(&export).is_ok_and(|json| json.contains(MARK)) {
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(600),
            "the site-wide files were not written within 10 minutes"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(started.elapsed())
}

/// The process's peak resident set so far (VmHWM), in KB, where /proc
/// tells it.
fn peak_resident_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn print_peak(kb: Option<u64>) {
    if let Some(kb) = kb {
        println!(
            "peak resident set while serving (before any cold build): {} MB",
            kb / 1024
        );
    }
}

fn tempfile_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn first_file(dir: &Path) -> anyhow::Result<PathBuf> {
    let mut files: Vec<PathBuf> = walk(dir)
        .into_iter()
        .filter(|p| !p.ends_with("_index.md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .next()
        .ok_or_else(|| anyhow::anyhow!("no file under {}", dir.display()))
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path))
        } else {
            out.push(path)
        }
    }
    out
}

/// The formulation whose title appears in the number of excerpt files
/// closest to 200 (the issue's "mentioned on 200 pages").
fn most_mentioned_near_200(root: &Path) -> anyhow::Result<PathBuf> {
    let excerpts: Vec<String> = walk(&root.join("content/excerpts"))
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let mut best: Option<(usize, PathBuf)> = None;
    for path in walk(&root.join("content/formulations"))
        .into_iter()
        .filter(|p| !p.ends_with("_index.md"))
    {
        let text = std::fs::read_to_string(&path)?;
        let Some(title) = text.lines().find_map(|l| l.strip_prefix("title: ")) else {
            continue;
        };
        let title = title.trim_matches('"');
        let pages = excerpts.iter().filter(|e| e.contains(title)).count();
        let distance = pages.abs_diff(200);
        if best.as_ref().is_none_or(|(d, _)| distance < *d) {
            best = Some((distance, path));
        }
    }
    best.map(|(_, p)| p)
        .ok_or_else(|| anyhow::anyhow!("no formulations"))
}

fn measure(
    runs: usize,
    notices: &mut tokio::sync::broadcast::Receiver<Notice>,
    file: &Path,
    change: impl Fn(&str, usize) -> String,
) -> anyhow::Result<Vec<Duration>> {
    let original = std::fs::read_to_string(file)?;
    let mut times = Vec::new();
    for i in 0..runs + 1 {
        while notices.try_recv().is_ok() {}
        let text = change(&original, i);
        let text = if text == std::fs::read_to_string(file)? {
            format!("{text} ")
        } else {
            text
        };
        let started = Instant::now();
        std::fs::write(file, text)?;
        loop {
            match notices.try_recv() {
                Ok(Notice::Reload { .. }) => break,
                Ok(Notice::Error { message, .. }) => {
                    anyhow::bail!("edit broke the build: {message}")
                }
                Ok(_) => {}
                Err(_) => std::thread::sleep(Duration::from_micros(200)),
            }
            anyhow::ensure!(
                started.elapsed() < Duration::from_secs(30),
                "no reload within 30 s"
            );
        }
        if i > 0 {
            times.push(started.elapsed()); // the first run warms caches
        }
        // Let the search index catch up before the next edit.
        std::thread::sleep(Duration::from_millis(1500));
    }
    std::fs::write(file, original)?;
    std::thread::sleep(Duration::from_millis(1500));
    Ok(times)
}

/// The corpus, the first build and the two kinds of edit.
fn print_serve_rows(
    root: &std::path::Path,
    initial: Duration,
    excerpt_times: &[Duration],
    formulation: &std::path::Path,
    formulation_times: &[Duration],
) {
    println!("corpus: {}", root.display());
    println!("initial serve build: {:.2} s", initial.as_secs_f64());
    print_row("save one excerpt → reload notice", excerpt_times);
    print_row(
        &format!("edit formulation {} → reload notice", formulation.display()),
        formulation_times,
    );
}

fn print_row(label: &str, times: &[Duration]) {
    let mut ms: Vec<f64> = times.iter().map(|t| t.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let median = ms[ms.len() / 2];
    println!(
        "{label}: median {median:.0} ms (min {:.0}, max {:.0}, n = {})",
        ms[0],
        ms[ms.len() - 1],
        ms.len()
    );
}
