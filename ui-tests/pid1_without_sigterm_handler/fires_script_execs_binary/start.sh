#!/bin/bash
set -euo pipefail
export RUST_LOG="${RUST_LOG:-info}"
exec /usr/local/bin/api serve
