#!/usr/bin/env bash
# Two tifa binaries side by side on the same corpus, interleaved so both
# share the machine's noise: `tifa build` into an empty folder (cold) and
# over its previous output (warm), with the commands of bench/run.sh, and
# `serve_bench` (save → reload notice) when both serve_bench binaries are
# given. Prints medians (wall s, CPU s, max RSS) and the new/old ratio.
#
#   bash bench/compare.sh OLD_TIFA NEW_TIFA CORPUS [OLD_SERVE_BENCH NEW_SERVE_BENCH]
#   RUNS=9 bash bench/compare.sh …          (default 7 runs each)
#
# Build the previous binary from a commit into /tmp, e.g.:
#   git archive COMMIT | tar -x -C /tmp/tifa-old
#   (cd /tmp/tifa-old && cargo build --release --bin tifa --example serve_bench)
set -euo pipefail
OLD=$1 NEW=$2 CORPUS=$3 OLD_SERVE=${4:-} NEW_SERVE=${5:-}
RUNS=${RUNS:-7}
WORK=$(mktemp -d "${BENCH_TMP:-/tmp}/tifa-compare.XXXXXX")
# BENCH_KEEP=1 leaves the outputs (printed at the end) for a later `rm -rf`,
# so the next benchmark does not start right after a large deletion.
trap '[ "${BENCH_KEEP:-0}" = 1 ] && echo "outputs kept in $WORK" >&2 || rm -rf "$WORK"' EXIT
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

measure() { # label binary out
  sync
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/t" "$2" build --root "$CORPUS" --output-dir "$3" >/dev/null 2>"$WORK/err" \
    || { cat "$WORK/err" >&2; exit 1; }
  read -r wall user sys rss <"$WORK/t"
  echo "$1 $wall $(echo "$user + $sys" | bc) $rss" >>"$WORK/rows"
}

# A previous output is renamed aside, not deleted, before the build into an
# empty folder (as bench/run.sh does; BENCH_DELETE=1 deletes it instead):
# creating files right after deleting many costs several times more on this
# machine's ext4 (see bench/README.md, "The file system").
set_aside() {
  [ -e "$1" ] || return 0
  if [ "${BENCH_DELETE:-0}" = 1 ]; then rm -rf "$1"; else mv "$1" "$(mktemp -d "$WORK/aside.XXXXXX")/"; fi
}
for run in $(seq "$RUNS"); do
  # Which goes first alternates, so neither binary always builds second.
  order="old new"; [ $((run % 2)) = 0 ] && order="new old"
  for which in $order; do
    bin=$OLD; [ $which = new ] && bin=$NEW
    set_aside "$WORK/out-$which"; sync
    measure "$which-cold" "$bin" "$WORK/out-$which"
    measure "$which-warm" "$bin" "$WORK/out-$which"
  done
  cmp_out=$(diff -r "$WORK/out-old" "$WORK/out-new" >/dev/null && echo same || echo DIFFERENT)
  echo "run $run ($order): $(tail -4 "$WORK/rows" | tr '\n' ' ') (outputs $cmp_out)" >&2
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "| build, N=$(find "$CORPUS/content" -name '*.md' | wc -l) files, $RUNS runs | median wall s | median CPU s | max RSS MB |"
echo "|---|---:|---:|---:|"
for label in old-cold new-cold old-warm new-warm; do
  wall=$(grep "^$label " "$WORK/rows" | cut -d' ' -f2 | median)
  cpu=$(grep "^$label " "$WORK/rows" | cut -d' ' -f3 | median)
  rss=$(grep "^$label " "$WORK/rows" | cut -d' ' -f4 | sort -n | tail -1)
  echo "| $label | $wall | $cpu | $((rss / 1024)) |"
done

if [ -n "$OLD_SERVE" ] && [ -n "$NEW_SERVE" ]; then
  for run in $(seq 3); do
    for which in old new; do
      bin=$OLD_SERVE; [ $which = new ] && bin=$NEW_SERVE
      echo "== serve_bench $which (round $run)"
      "$bin" "$CORPUS" "$RUNS" | sed "s/^/$which: /"
    done
  done
fi
