#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the ui-tests (the cases every rule is tested on).
set -euo pipefail
cd "$(dirname "$0")"
ui=../ui-tests
mkdir -p corpus/{dockerfile,systemd,yaml,regex,rust_file}
n=0
while IFS= read -r -d '' f; do cp "$f" "corpus/dockerfile/$((n++))"; done \
    < <(find "$ui" \( -name 'Dockerfile*' -o -name '*.dockerfile' -o -name 'Containerfile' \) -type f -print0)
while IFS= read -r -d '' f; do cp "$f" "corpus/systemd/$((n++))"; done \
    < <(find "$ui" \( -name '*.service' -o -name '*.conf' \) -type f -print0)
while IFS= read -r -d '' f; do cp "$f" "corpus/yaml/$((n++))"; done \
    < <(find "$ui" \( -name '*.yaml' -o -name '*.yml' \) -type f -print0)
while IFS= read -r -d '' f; do cp "$f" "corpus/rust_file/$((n++))"; done \
    < <(find "$ui" -name '*.rs' -type f -print0)
# Regex seeds: an engine byte (0 regex, 2 fancy_regex, 3 pcre2, 4 onig, 5 regress), then
# the pattern: catastrophic, polynomial, safe and hard (backreference, lookaround) ones.
i=0
for seed in '3^(a+)+$' '4(a|aa)*b' '5^(\d+)*$' '2(a)(a|\1)+b' '2(?=a)(a+)+b' '0^(a+)+$' \
    '3^[a-z]+(-[a-z]+)*$' '4\s*\s*$' '5(x+x+)+y' '3(?<n>a)\k<n>' '4a{2,5}(b|c)*?d'; do
    out="corpus/regex/$i"
    i=$((i + 1))
    printf '%s' "$seed" | sed 's/^0/\x00/;s/^2/\x02/;s/^3/\x03/;s/^4/\x04/;s/^5/\x05/' >"$out"
done
for t in dockerfile systemd yaml regex rust_file; do echo "$t: $(ls corpus/$t | wc -l) seeds"; done
