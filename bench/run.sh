#!/usr/bin/env bash
# bench/run.sh: the performance benchmark of cargo-prodcheck (issue 8; see bench/README.md).
#
#   bench/run.sh            # from anywhere; takes 20 to 40 minutes on 2 busy cores
#
# 1. Makes the pinned corpus: `cargo vendor --locked` of bench/corpus/Cargo.toml + Cargo.lock
#    into bench/corpus/vendor, then bench/corpus/tree, the same files hard-linked with each
#    crate's top-level Cargo.toml left out (prodcheck skips nested projects, so a directory
#    of vendored crates would otherwise be empty to it), and subset-25 / subset-50, whole
#    crates taken in a fixed pseudo-random order up to 1/4 and 1/2 of the lines.
#    Vendors dufs 0.47.0 (bench/service) for the whole-command test on a ~5,000-line service.
# 2. Builds `cargo-prodcheck` (release) and the floor (bench/floor: walk + read +
#    syn::parse_file + one visit, same thread pool and stack as prodcheck).
# 3. Installs semgrep and ast-grep into bench/.venv (PEERS=0 skips them).
# 4. Runs everything interleaved, ROUNDS times, under /usr/bin/time (wall, CPU, peak RSS),
#    noting the load average before each run; then bench/summarize.py prints medians,
#    lines per second and ratios to the floor, and writes bench/results/latest.json.
#
# Knobs (environment): ROUNDS (5), PEER_ROUNDS (1: semgrep takes minutes), PEERS (1),
# JOBS (2: the thread count of the multi-threaded runs), PEER_SET (tree: the corpus of the
# peer rounds; subset-25 or subset-50 for a quicker semgrep), DUFS_REPS (10 runs of each
# command on the service crate per round).
# Downloads only crates (cargo) and PyPI packages (pip). Not part of CI.
set -euo pipefail

ROUNDS=${ROUNDS:-5}
PEER_ROUNDS=${PEER_ROUNDS:-1}
PEERS=${PEERS:-1}
JOBS=${JOBS:-2}
PEER_SET=${PEER_SET:-tree}
DUFS_REPS=${DUFS_REPS:-10}

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
CORPUS=$BENCH/corpus
SERVICE=$BENCH/service
RESULTS=$BENCH/results
PRODCHECK=$ROOT/target/release/cargo-prodcheck
FLOOR=$BENCH/floor/target/release/floor
VENV=$BENCH/.venv

say() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'bench/run.sh: %s\n' "$*" >&2; exit 1; }
[ -x /usr/bin/time ] || die "needs GNU time (/usr/bin/time): apt-get install time"

# --- 1. corpus ------------------------------------------------------------------------
# A stamp of the lock file decides whether vendor/ and the trees derived from it are current.
vendor_tree() { # DIR: vendors DIR/Cargo.lock into DIR/vendor unless done for this lock
    local dir=$1 stamp
    stamp=$(sha256sum "$dir/Cargo.lock" | cut -d' ' -f1)
    if [ "$(cat "$dir/vendor/.lock-stamp" 2>/dev/null || true)" != "$stamp" ]; then
        say "cargo vendor --locked ($dir)"
        rm -rf "$dir/vendor"
        (cd "$dir" && cargo vendor --locked --quiet vendor >/dev/null)
        echo "$stamp" >"$dir/vendor/.lock-stamp"
    fi
}
vendor_tree "$CORPUS"
vendor_tree "$SERVICE"

if [ "$(cat "$CORPUS/tree/.lock-stamp" 2>/dev/null || true)" != "$(cat "$CORPUS/vendor/.lock-stamp")" ]; then
    say "corpus tree and subsets"
    rm -rf "$CORPUS/tree" "$CORPUS"/subset-*
    cp -al "$CORPUS/vendor" "$CORPUS/tree"
    rm -f "$CORPUS"/tree/*/Cargo.toml "$CORPUS/tree/.lock-stamp"
    # Whole crates in the order of the SHA-256 of their names, up to 25% and 50% of lines.
    python3 - "$CORPUS" <<'EOF'
import hashlib, os, subprocess, sys
corpus = sys.argv[1]
tree = os.path.join(corpus, "tree")
lines = {}
for dirpath, _, files in os.walk(tree):
    crate = os.path.relpath(dirpath, tree).split(os.sep)[0]
    for f in files:
        if f.endswith(".rs"):
            with open(os.path.join(dirpath, f), "rb") as fh:
                lines[crate] = lines.get(crate, 0) + fh.read().count(b"\n")
total = sum(lines.values())
order = sorted(lines, key=lambda c: hashlib.sha256(c.encode()).hexdigest())
for pct in (25, 50):
    dest = os.path.join(corpus, f"subset-{pct}")
    os.makedirs(dest)
    taken = 0
    for crate in order:
        if taken >= total * pct / 100:
            break
        subprocess.run(["cp", "-al", os.path.join(tree, crate), dest], check=True)
        taken += lines[crate]
EOF
    cp "$CORPUS/vendor/.lock-stamp" "$CORPUS/tree/.lock-stamp"
fi

DUFS=$SERVICE/dufs
if [ ! -f "$DUFS/Cargo.toml" ] || [ "$SERVICE/vendor/.lock-stamp" -nt "$DUFS/Cargo.toml" ]; then
    say "service crate: dufs"
    rm -rf "$DUFS"
    cp -r "$SERVICE/vendor/dufs" "$DUFS"
    # Its own workspace root, so cargo does not look for one above it.
    printf '\n[workspace]\n' >>"$DUFS/Cargo.toml"
fi

# --- 2. builds --------------------------------------------------------------------------
say "cargo build --release (cargo-prodcheck, floor)"
(cd "$ROOT" && cargo build --release --quiet --bin cargo-prodcheck)
(cd "$BENCH/floor" && cargo build --release --quiet --locked)

# --- 3. peers ---------------------------------------------------------------------------
if [ "$PEERS" = 1 ]; then
    if [ ! -x "$VENV/bin/semgrep" ] || [ ! -x "$VENV/bin/ast-grep" ]; then
        say "pip install semgrep ast-grep-cli (bench/.venv)"
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install --quiet semgrep ast-grep-cli
    fi
fi

# --- 4. runs ----------------------------------------------------------------------------
mkdir -p "$RESULTS"
RAW=$RESULTS/raw.tsv
OUT=$RESULTS/out
rm -rf "$OUT" && mkdir -p "$OUT"
printf 'name\tround\twall_s\tuser_s\tsys_s\tmax_rss_kb\tload1\texit\n' >"$RAW"

# run NAME ROUND CMD...: one timed run; stdout kept in out/NAME.stdout (last round).
# Exit status 0 and 1 (findings) are fine; anything else stops the benchmark.
run() {
    local name=$1 round=$2 load status
    shift 2
    load=$(cut -d' ' -f1 /proc/loadavg)
    set +e
    /usr/bin/time -f '%e\t%U\t%S\t%M' -o "$OUT/time" "$@" >"$OUT/$name.stdout" 2>"$OUT/$name.stderr"
    status=$?
    set -e
    if [ "$status" -gt 1 ]; then
        cat "$OUT/$name.stderr" >&2
        die "$name exited with $status: $*"
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$round" "$(tail -n 1 "$OUT/time")" "$load" "$status" >>"$RAW"
    printf '  %-26s round %-4s %s  (load %s)\n' "$name" "$round" "$(tail -n 1 "$OUT/time" | cut -f1)s" "$load" >&2
}

PC=("$PRODCHECK" --format json)

say "uptime: $(uptime)"
# Corpus sizes as the floor sees them (also the file list prodcheck analyses).
for set in tree subset-50 subset-25; do
    "$FLOOR" --jobs "$JOBS" "$CORPUS/$set" >"$RESULTS/size-$set.json"
done
"$FLOOR" --jobs "$JOBS" "$DUFS" >"$RESULTS/size-dufs.json"
# How much a file-level trigger-word prefilter could skip (measured, not implemented).
"$FLOOR" --list "$CORPUS/tree" >"$RESULTS/files-tree.txt"
python3 "$BENCH/prefilter.py" "$ROOT/lints/src/rust" "$RESULTS/files-tree.txt" >"$RESULTS/prefilter.json"

for round in $(seq 1 "$ROUNDS"); do
    say "round $round of $ROUNDS: $(uptime)"
    run floor-full-j$JOBS "$round" "$FLOOR" --jobs "$JOBS" "$CORPUS/tree"
    run prodcheck-full-j$JOBS "$round" "${PC[@]}" --jobs "$JOBS" "$CORPUS/tree"
    run floor-full-j1 "$round" "$FLOOR" --jobs 1 "$CORPUS/tree"
    run prodcheck-full-j1 "$round" "${PC[@]}" --jobs 1 "$CORPUS/tree"
    for set in 50 25; do
        run floor-subset$set-j$JOBS "$round" "$FLOOR" --jobs "$JOBS" "$CORPUS/subset-$set"
        run prodcheck-subset$set-j$JOBS "$round" "${PC[@]}" --jobs "$JOBS" "$CORPUS/subset-$set"
    done
    # The whole command on a real service, as a user runs it (cargo metadata included).
    # Runs of a tenth of a second: DUFS_REPS of each per round (numbered round*100+rep).
    for rep in $(seq 1 "$DUFS_REPS"); do
        run cargo-metadata-dufs "$((round * 100 + rep))" cargo metadata --no-deps --offline \
            --format-version 1 --manifest-path "$DUFS/Cargo.toml"
        run prodcheck-dufs "$((round * 100 + rep))" "${PC[@]}" --jobs "$JOBS" "$DUFS"
        run cargo-prodcheck-dufs "$((round * 100 + rep))" env PATH="$ROOT/target/release:$PATH" \
            cargo prodcheck --format json --jobs "$JOBS" "$DUFS"
        run floor-dufs "$((round * 100 + rep))" "$FLOOR" --jobs "$JOBS" "$DUFS"
    done
done

if [ "$PEERS" = 1 ]; then
    for round in $(seq 1 "$PEER_ROUNDS"); do
        say "peers, round $round of $PEER_ROUNDS: $(uptime)"
        run floor-peers-j$JOBS "$round" "$FLOOR" --jobs "$JOBS" "$CORPUS/$PEER_SET"
        run ast-grep-peers-j$JOBS "$round" "$VENV/bin/ast-grep" scan --threads "$JOBS" \
            --json=stream -c "$BENCH/peers/ast-grep/sgconfig.yml" "$CORPUS/$PEER_SET"
        run prodcheck-peers-j$JOBS "$round" "${PC[@]}" --jobs "$JOBS" "$CORPUS/$PEER_SET"
        run semgrep-peers-j$JOBS "$round" "$VENV/bin/semgrep" scan --config "$BENCH/peers/semgrep.yml" \
            --metrics=off --disable-version-check --x-ignore-semgrepignore-files \
            --no-git-ignore --max-target-bytes 0 --jobs "$JOBS" --json --quiet "$CORPUS/$PEER_SET"
    done
fi

say "uptime: $(uptime)"
python3 "$BENCH/summarize.py" "$RESULTS" "$JOBS" "$PEER_SET"
