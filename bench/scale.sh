#!/usr/bin/env bash
# Issue 16: tifa against Hugo at 10,000 and 100,000 pages in one go, plus
# the page and search targets on the same outputs.
#
#   bash bench/scale.sh            # RUNS=3 by default (100,000 pages take minutes a run)
#   RUNS=3 RUNS_100K=2 bash bench/scale.sh   # fewer rounds at 100,000 pages
#
# Runs bench/run.sh 10000 100000 (interleaved cold and warm builds of both
# tools, cp -r next to each; tables in bench/results-N.md), keeps its work
# folder, then for each size measures on tifa's output:
#   - the largest HTML page;
#   - the first search and later queries, served by nginx as docs/deploy.md
#     configures it, in headless Chromium (bench/scale/search.js);
# and writes bench/results-scale.md with the 100k/10k ratios of build time
# and peak memory. The work folder (several GB at 100,000 pages) is removed
# at the end unless BENCH_KEEP=1.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export RUNS="${RUNS:-3}"
PARENT="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/tifa-scale.XXXXXX")"
KEEP="${BENCH_KEEP:-0}"
cleanup() { if [ "$KEEP" = 1 ]; then echo "[scale] kept $PARENT" >&2; else rm -rf "$PARENT"; fi; }
trap cleanup EXIT

RUNS_100K="${RUNS_100K:-$RUNS}"
mkdir -p "$PARENT/small" "$PARENT/large"
BENCH_KEEP=1 BENCH_TMP="$PARENT/small" bash "$ROOT/bench/run.sh" 10000
BENCH_KEEP=1 BENCH_TMP="$PARENT/large" RUNS="$RUNS_100K" bash "$ROOT/bench/run.sh" 100000
# Each size's work folder under one parent, as the lines below expect.
WORK="$PARENT/both"
mkdir -p "$WORK"
mv "$(ls -d "$PARENT"/small/tifa-bench.* | head -n1)/n10000" "$WORK/"
mv "$(ls -d "$PARENT"/large/tifa-bench.* | head -n1)/n100000" "$WORK/"
OUT_MD="$ROOT/bench/results-scale.md"
{
  echo "## Issue 16 targets, $(date -u +%Y-%m-%d) ($(nproc) cores, RUNS=$RUNS at 10,000 pages, $RUNS_100K at 100,000)"
  echo
  for N in 10000 100000; do
    D="$WORK/n$N"
    echo "### N = $N"
    echo
    largest="$(find "$D/out-tifa" -name '*.html' -printf '%s %P\n' | sort -n | tail -n 1)"
    echo "- largest HTML page: ${largest%% *} bytes (${largest#* })"
    echo "- search (nginx, gzip as in docs/deploy.md; empty cache):"
    echo
    echo '```json'
    node "$ROOT/bench/scale/search.js" "$D/out-tifa"
    echo '```'
    echo
  done
  python3 - "$WORK/n10000/results.tsv" "$WORK/n100000/results.tsv" <<'PY'
import statistics, sys
def load(path):
    rows = {}
    for line in open(path):
        label, secs, rss, cpu = line.rstrip("\n").split("\t")
        rows.setdefault(label, []).append((float(secs), int(rss)))
    return rows
small, big = load(sys.argv[1]), load(sys.argv[2])
print("| 100k / 10k | build time | peak memory |")
print("|---|---:|---:|")
for key in ("tifa-cold", "tifa-warm", "hugo-cold", "hugo-warm"):
    if key in small and key in big:
        t = statistics.median(r[0] for r in big[key]) / statistics.median(r[0] for r in small[key])
        m = statistics.median(r[1] for r in big[key]) / statistics.median(r[1] for r in small[key])
        print(f"| {key} | {t:.1f}× | {m:.1f}× |")
PY
} >"$OUT_MD"
cat "$OUT_MD"
