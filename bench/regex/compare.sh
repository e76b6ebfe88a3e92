#!/usr/bin/env bash
# Installs recheck (npm) here, builds our analyzer and replayer, and compares them on
# corpus.txt. Not a CI test: a run takes minutes (recheck is called once per pattern).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ ! -x "$here/node_modules/recheck-linux-x64/recheck" ]; then
    npm install --prefix "$here" --no-save recheck@4.5.0 recheck-linux-x64@4.5.0
fi
(cd "$root" && cargo build --release -p prodcheck-lints --example redos_cli --example redos_replay)
exec python3 "$here/compare.py" "$@"
