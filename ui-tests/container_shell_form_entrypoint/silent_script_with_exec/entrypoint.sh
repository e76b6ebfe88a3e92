#!/bin/sh
set -e
if [ -n "$DATABASE_URL" ]; then
  api migrate
fi
exec "$@"
