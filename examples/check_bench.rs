//! Times the Rust checker on drafts (the reference the browser's checker is
//! compared with in bench/check/): loads a knowledge base's rule data once,
//! then checks each draft RUNS times and prints one JSON line per draft with
//! its characters, findings and the median time in milliseconds.
//!
//! `cargo run --release --example check_bench -- ROOT DATE RUNS DRAFT...`

use std::path::PathBuf;
use std::time::Instant;

use tifa::check::Checker;
use tifa::check::draft::{DraftOptions, check_draft};
use tifa::parse::PartialDate;

/// The allocator of the `tifa` binary (src/main.rs), so the times match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [root, date, runs, drafts @ ..] = args.as_slice() else {
        anyhow::bail!("usage: check_bench ROOT DATE RUNS DRAFT...");
    };
    let root = PathBuf::from(root);
    let runs: usize = runs.parse()?;
    let (data, _) = tifa::commands::rule_data(&root)?;
    let checker = Checker::new(data);
    let options = DraftOptions {
        date: PartialDate::parse(date).ok(),
        doc_type: None,
    };
    for draft in drafts {
        let text = std::fs::read_to_string(draft)?;
        let mut times = Vec::with_capacity(runs);
        let mut findings = 0;
        for _ in 0..runs {
            let started = Instant::now();
            findings = check_draft(&checker, &text, &options).len();
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{{\"draft\":{draft:?},\"chars\":{},\"findings\":{findings},\"median_ms\":{:.2}}}",
            text.chars().count(),
            times[times.len() / 2]
        );
    }
    Ok(())
}
