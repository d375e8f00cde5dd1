#!/usr/bin/env bash
# Peak memory of `tifa serve`: the first build, three excerpt saves and three
# formulation edits (the search index is rebuilt after each), with the
# resident set sampled every 0.1 s.
#
#   bash bench/serve_memory.sh CORPUS_DIR [TIFA_BINARY]
#
# CORPUS_DIR is a knowledge base made by examples/gen_corpus.rs; it is
# copied, never edited. Prints the peak in MB.
set -euo pipefail
corpus="${1:?usage: serve_memory.sh CORPUS_DIR [TIFA_BINARY]}"
tifa="${2:-$(dirname "$0")/../target/release/tifa}"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
cp -r "$corpus/content" "$corpus/config.toml" "$work/"
"$tifa" serve --root "$work" --port "${PORT:-1199}" >"$work/serve.log" 2>&1 &
pid=$!
peak=0
sample() {
  local rss
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status" 2>/dev/null || echo 0)
  if [ "${rss:-0}" -gt "$peak" ]; then peak=$rss; fi
}
wait_seconds() {
  for _ in $(seq $(($1 * 10))); do
    kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sample
    sleep 0.1
  done
}
wait_seconds 8
for f in $(find "$work/content/excerpts" -name '*.md' ! -name '_index.md' | sort | head -n 3); do
  echo "补充一句话。" >>"$f"
  wait_seconds 4
done
for f in $(find "$work/content/formulations" -name '*.md' ! -name '_index.md' | sort | head -n 3); do
  sed -i 's/^full: "\(.*\)"$/full: "\1修订"/' "$f"
  wait_seconds 5
done
echo "rebuilds: $(grep -c '^rebuilt' "$work/serve.log")"
echo "peak: ${peak} MB"
