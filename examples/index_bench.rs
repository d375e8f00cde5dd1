//! Times the search-index stage alone: builds the graph of a knowledge base
//! once (outputs discarded), then builds its search index N times into a
//! sink that only counts bytes, and prints each time and the median.
//!
//! `cargo run --release --example index_bench -- DIR [RUNS]`

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use tifa::output::{Output, Sink};
use tifa::pipeline::{Mode, Session};

/// The allocator of the `tifa` binary (src/main.rs), so the times match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Default)]
struct Counting {
    files: AtomicUsize,
    bytes: AtomicUsize,
}

impl Sink for Counting {
    fn put(&self, output: Output) -> anyhow::Result<()> {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(output.bytes.len(), Ordering::Relaxed);
        Ok(())
    }
}

/// User + system CPU time of this process so far, from /proc (10 ms ticks).
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may contain spaces) in parentheses.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 here.
    (ticks(11) + ticks(12)) * 10.0
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(7);
    let options = tifa::BuildOptions {
        root: root.clone(),
        ..Default::default()
    };
    let mut session =
        Session::open(options, &[], Mode::Once).map_err(|d| anyhow::anyhow!("{}", d.message))?;
    let (graph, diagnostics) = session.check();
    anyhow::ensure!(!diagnostics.has_errors(), "the build failed");
    let mut times = Vec::new();
    let cpu_before = cpu_ms();
    for _ in 0..runs {
        let sink = Counting::default();
        let started = Instant::now();
        tifa::search::build_into(&graph, &sink)?;
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        println!(
            "{elapsed:.1} ms ({} files, {:.1} MB)",
            sink.files.load(Ordering::Relaxed),
            sink.bytes.load(Ordering::Relaxed) as f64 / 1e6
        );
        times.push(elapsed);
    }
    let cpu = (cpu_ms() - cpu_before) / runs as f64;
    times.sort_by(f64::total_cmp);
    println!(
        "median {:.1} ms, CPU {cpu:.0} ms a run (both cores; steadier on a shared machine)",
        times[times.len() / 2]
    );
    Ok(())
}
