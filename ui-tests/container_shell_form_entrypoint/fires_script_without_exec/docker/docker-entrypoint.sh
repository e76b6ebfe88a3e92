#!/bin/sh
set -e
# run the migrations first
/usr/local/bin/api migrate
/usr/local/bin/api serve "$@"
