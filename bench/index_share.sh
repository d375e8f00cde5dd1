#!/usr/bin/env bash
# What the search index adds to `tifa build`: the same corpus built with the
# index and with `[search] index = false`, alternately, each into an empty
# folder and then over that output; prints the medians and the difference.
#
#   bash bench/index_share.sh CORPUS_DIR [TIFA_BINARY]
#
# CORPUS_DIR is a knowledge base made by examples/gen_corpus.rs; it is
# copied, never edited. RUNS (default 7) sets the number of rounds.
set -euo pipefail
corpus="${1:?usage: index_share.sh CORPUS_DIR [TIFA_BINARY]}"
tifa="${2:-$(dirname "$0")/../target/release/tifa}"
runs="${RUNS:-7}"
[ -x "$tifa" ] || { echo "index_share.sh: no tifa binary at $tifa (cargo build --release)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "index_share.sh: needs GNU time (/usr/bin/time)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for variant in with without; do
  mkdir -p "$work/$variant"
  cp -r "$corpus/content" "$work/$variant/"
  [ -d "$corpus/themes" ] && cp -r "$corpus/themes" "$work/$variant/"
  cp "$corpus/config.toml" "$work/$variant/"
done
if grep -q '^\[search\]' "$work/without/config.toml"; then
  echo "index_share.sh: the corpus config already has a [search] table" >&2
  exit 1
fi
printf '\n[search]\nindex = false\n' >>"$work/without/config.toml"
: >"$work/times"
build() { # variant mode
  /usr/bin/time -o "$work/t" -f '%e %U %S' "$tifa" build --root "$work/$1" >/dev/null 2>"$work/log" \
    || { cat "$work/log" >&2; exit 1; }
  echo "$1 $2 $(cat "$work/t")" >>"$work/times"
}
for _ in $(seq "$runs"); do
  for variant in with without; do
    rm -rf "$work/$variant/public"
    sync
    build "$variant" cold
    build "$variant" warm
  done
done
python3 - "$work/times" "$runs" <<'PY'
import statistics as st, sys, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    variant, mode, wall, user, system = line.split()
    rows[(variant, mode)].append((float(wall), float(user) + float(system)))
print(f"medians of {sys.argv[2]} interleaved rounds")
for mode, label in (("cold", "into an empty folder"), ("warm", "over the previous output")):
    w = [st.median(x[i] for x in rows[(v, mode)]) for v in ("with", "without") for i in (0, 1)]
    print(f"{label}: {w[0]:.2f} s with the index, {w[2]:.2f} s without: "
          f"{(w[0] / w[2] - 1) * 100:+.0f}% (CPU {w[1]:.2f} s against {w[3]:.2f} s: "
          f"{(w[1] / w[3] - 1) * 100:+.0f}%)")
PY
