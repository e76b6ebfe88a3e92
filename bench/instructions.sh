#!/usr/bin/env bash
# bench/instructions.sh: instruction counts of the floor and cargo-prodcheck on a fixed
# sample of the corpus, under valgrind's callgrind (issue 8). Wall and CPU times on a
# shared 2-core machine move by 20-40% from run to run; instruction counts do not, so
# this is the figure to compare two versions of the code by. Run bench/run.sh first
# (it makes the corpus and the builds).
#
#   bench/instructions.sh          # about 2 minutes; needs valgrind
#
# The sample: every 20th `.rs` file under 500 KB of bench/corpus/tree, in path order
# (633 files, 15 MB), hard-linked into bench/results/sample. Both run with --jobs 1.
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
SAMPLE=$BENCH/results/sample
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }
[ -d "$BENCH/corpus/tree" ] || { echo "run bench/run.sh first: no corpus" >&2; exit 1; }

if [ ! -d "$SAMPLE" ]; then
    mkdir -p "$SAMPLE"
    (cd "$BENCH/corpus/tree" && find . -name '*.rs' -size -500k | LC_ALL=C sort | awk 'NR % 20 == 0') |
        while read -r file; do
            mkdir -p "$SAMPLE/$(dirname "$file")"
            ln "$BENCH/corpus/tree/$file" "$SAMPLE/$file"
        done
fi

count() { # LABEL CMD...: prints the instructions callgrind counted
    local label=$1
    shift
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" >/dev/null 2>"$BENCH/results/callgrind-$label.log" || true
    grep -o 'Collected : [0-9]*' "$BENCH/results/callgrind-$label.log" | awk '{print $3}'
}
floor=$(count floor "$BENCH/floor/target/release/floor" --jobs 1 "$SAMPLE")
prodcheck=$(count prodcheck "$ROOT/target/release/cargo-prodcheck" --format json --jobs 1 "$SAMPLE")
files=$(find "$SAMPLE" -name '*.rs' | wc -l)
python3 - "$files" "$floor" "$prodcheck" <<'PY'
import sys
files, floor, prodcheck = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
print(f"sample: {files} files")
print(f"floor      {floor / 1e9:7.3f} G instructions")
print(f"prodcheck  {prodcheck / 1e9:7.3f} G instructions  ({prodcheck / floor:.2f}x the floor)")
PY
