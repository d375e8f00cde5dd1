#!/usr/bin/env bash
# `tifa serve`'s first page: the time from starting `tifa serve` until
# `GET /` answers 200 with the whole home page, and until the first build's
# report is printed, for one or more tifa binaries, interleaved run by run.
#
#   bash bench/serve_first_page.sh CORPUS_DIR BINARY [BINARY ...]
#   RUNS=5 PORT=1290 bash bench/serve_first_page.sh /tmp/kb100k target/release/tifa /tmp/tifa-main
#
# CORPUS_DIR is a knowledge base made by examples/gen_corpus.rs; serve only
# reads it (it writes into a private folder of its own under the temp
# folder, removed when it stops). The home page is asked for with curl
# every 25 ms; a binary that does not listen before its build answers the
# first request once it does. Prints one line per run and, per binary, the
# medians (seconds) and the load average seen at the start of each run.
# SERVE_TMPDIR=DIR puts serve's private folder under DIR (its TMPDIR), e.g.
# /dev/shm: at 100,000 pages serve writes 3 GB, and deleting that from a
# disk when serve stops can take minutes.
set -euo pipefail
corpus="${1:?usage: serve_first_page.sh CORPUS_DIR BINARY [BINARY ...]}"
shift
[ "$#" -ge 1 ] || { echo "usage: serve_first_page.sh CORPUS_DIR BINARY [BINARY ...]" >&2; exit 2; }
runs="${RUNS:-3}"
port="${PORT:-1290}"
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# One run of binary $1: writes "first_page first_build load" to $work/run.
one_run() {
  local tifa="$1" log="$work/serve.log" page="$work/page.html"
  local load started first_page="" first_build="" deadline
  load=$(cut -d' ' -f1 /proc/loadavg)
  sync
  started=$(now)
  TMPDIR="${SERVE_TMPDIR:-${TMPDIR:-/tmp}}" LANG=en_US.UTF-8 LC_ALL= "$tifa" serve --root "$corpus" --port "$port" >"$log" 2>&1 &
  pid=$!
  deadline=$(awk -v s="$started" 'BEGIN { printf "%.3f", s + 600 }')
  while [ -z "$first_page" ] || [ -z "$first_build" ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "tifa serve stopped" >&2; exit 1; }
    if [ -z "$first_page" ]; then
      code=$(curl -s --max-time 600 -o "$page" -w '%{http_code}' "http://127.0.0.1:$port/" || true)
      if [ "$code" = 200 ] && tail -c 64 "$page" | grep -q '</html>'; then
        first_page=$(seconds "$started" "$(now)")
      fi
    fi
    if [ -z "$first_build" ] && grep -qE '^(first build done|rebuilt) in' "$log"; then
      first_build=$(seconds "$started" "$(now)")
    fi
    if awk -v d="$deadline" -v n="$(now)" 'BEGIN { exit !(n > d) }'; then
      echo "no first page or report within 600 s" >&2; exit 1
    fi
    sleep 0.025
  done
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
  echo "$first_page $first_build $load" >"$work/run"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for run in $(seq "$runs"); do
  for tifa in "$@"; do
    one_run "$tifa"
    echo "$tifa $(cat "$work/run")" >>"$work/results"
    read -r page build load <"$work/run"
    echo "run $run  $tifa  first page ${page} s  first build ${build} s  load ${load}"
  done
done
echo
echo "| binary | first page, median (runs) | first build ends, median (runs) |"
echo "|---|---:|---:|"
for tifa in "$@"; do
  pages=$(awk -v t="$tifa" '$1 == t { print $2 }' "$work/results")
  builds=$(awk -v t="$tifa" '$1 == t { print $3 }' "$work/results")
  echo "| $tifa | $(echo "$pages" | median) s ($(echo $pages | tr ' ' '/')) | $(echo "$builds" | median) s ($(echo $builds | tr ' ' '/')) |"
done
