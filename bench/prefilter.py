#!/usr/bin/env python3
"""Sizes a file-level trigger-word prefilter (issue 8, item 3) without implementing it.

bench/prefilter.py RULE_SOURCE_DIR FILE_LIST > prefilter.json

Trigger words come from the full paths the current rules match (every "a::b" string
literal in RULE_SOURCE_DIR): the crate name for a path, or its last segment for `std::`
paths (prelude macros such as println! need no `use`). A file is "cold" when it
contains none of them as a whole word: a prefilter could skip its parse. Reports the
share of files and bytes that are cold. Conservative on the side of parsing: a
word in a comment or string still makes a file hot.
"""
import json
import os
import re
import sys

src_dir, file_list = sys.argv[1], sys.argv[2]
paths = set()
for dirpath, _, files in os.walk(src_dir):
    for f in files:
        if f.endswith(".rs"):
            text = open(os.path.join(dirpath, f), encoding="utf-8").read()
            paths.update(re.findall(r'"([a-z_0-9]+(?:::[A-Za-z_0-9]+)+)"', text))
words = set()
for p in paths:
    segments = p.split("::")
    if segments[0] not in ("std", "core", "alloc"):
        words.add(segments[0])  # the crate: a file using it names it (use or path)
    elif len(segments) == 2:
        words.add(segments[1])  # a prelude macro: println, dbg...
    else:
        words.add(segments[-2] if segments[-1][0].islower() else segments[-1])
pattern = re.compile(rb"\b(?:" + b"|".join(re.escape(w.encode()) for w in sorted(words)) + rb")\b")

files = [line.rstrip("\n") for line in open(file_list) if line.strip()]
cold_files = cold_bytes = total_bytes = 0
for path in files:
    data = open(path, "rb").read()
    total_bytes += len(data)
    if not pattern.search(data):
        cold_files += 1
        cold_bytes += len(data)
print(
    json.dumps(
        {
            "trigger_words": sorted(words),
            "files": len(files),
            "bytes": total_bytes,
            "cold_files": cold_files,
            "cold_bytes": cold_bytes,
            "cold_file_share": cold_files / len(files) if files else None,
            "cold_byte_share": cold_bytes / total_bytes if total_bytes else None,
        },
        indent=2,
    )
)
