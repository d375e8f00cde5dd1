#!/usr/bin/env bash
# The resident memory of a command over time, to see which stage of a build
# holds how much (the peak alone, /usr/bin/time's %M, does not say when).
#
#   bash bench/rss_timeline.sh OUT.tsv target/release/tifa build -v --root CORPUS --output-dir OUT
#
# Writes "seconds<TAB>VmRSS KB" every 0.1 s to OUT.tsv and prints the peak
# sample (a sample, so at most the true peak; %M gives the exact one).
set -euo pipefail
out=$1
shift
: >"$out"
start=$EPOCHREALTIME
"$@" &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
  [ -n "$rss" ] && awk -v a="$start" -v b="$EPOCHREALTIME" -v r="$rss" 'BEGIN { printf "%.1f\t%s\n", b - a, r }' >>"$out"
  sleep 0.1
done
wait "$pid"
sort -t $'\t' -k2 -n "$out" | tail -n 1 | awk -F '\t' '{ printf "peak sample: %.0f MB at %s s\n", $2 / 1024, $1 }' >&2
