#!/usr/bin/env bash
set -euo pipefail
find /data \! -user "$UID" -exec chown "$UID:$GID" '{}' +
exec gosu "$UID:$GID" /app/lldap "$@"
