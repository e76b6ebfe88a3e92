#!/usr/bin/env python3
"""Summarizes a bench/run.sh run: bench/summarize.py RESULTS_DIR JOBS.

Reads RESULTS_DIR/raw.tsv (one line per timed run) and size-*.json (the floor's counts
of files, lines and bytes of each corpus), prints medians, lines per second and ratios
to the floor as Markdown, and writes RESULTS_DIR/latest.json.

Ratios are "paired": prodcheck and the floor run back to back in each round, the ratio
is taken per round and its median quoted, which cancels most of the drift of a shared
machine; the ratio of the medians is given too.
"""
import collections
import csv
import datetime
import json
import os
import platform
import statistics
import sys

results, jobs = sys.argv[1], sys.argv[2]
peer_set = sys.argv[3] if len(sys.argv) > 3 else "tree"
rows = list(csv.DictReader(open(os.path.join(results, "raw.tsv")), delimiter="\t"))
sizes = {}
for name in ("tree", "subset-50", "subset-25", "dufs"):
    path = os.path.join(results, f"size-{name}.json")
    if os.path.exists(path):
        sizes[name] = json.load(open(path))

runs = {}
for r in rows:
    runs.setdefault(r["name"], []).append(
        {
            "round": int(r["round"]),
            "wall": float(r["wall_s"]),
            "cpu": float(r["user_s"]) + float(r["sys_s"]),
            "rss_mib": int(r["max_rss_kb"]) / 1024,
            "load1": float(r["load1"]),
        }
    )

DATASET = {"full": "tree", "subset50": "subset-50", "subset25": "subset-25", "dufs": "dufs", "peers": peer_set}


def dataset_of(name):
    for key, set_name in DATASET.items():
        if f"-{key}" in name:
            return set_name
    return None


def med(values):
    return statistics.median(values) if values else None


summary = {}
for name, rs in runs.items():
    walls = [r["wall"] for r in rs]
    entry = {
        "runs": len(rs),
        "wall_s": med(walls),
        "wall_min_s": min(walls),
        "wall_max_s": max(walls),
        "cpu_s": med([r["cpu"] for r in rs]),
        "peak_rss_mib": med([r["rss_mib"] for r in rs]),
        "load1": [r["load1"] for r in rs],
    }
    ds = dataset_of(name)
    if ds in sizes and entry["wall_s"]:
        lines = sizes[ds]["lines"]
        entry["lines_per_s"] = lines / entry["wall_s"]
        entry["us_per_line"] = entry["wall_s"] / lines * 1e6
        entry["cpu_us_per_line"] = entry["cpu_s"] / lines * 1e6
    summary[name] = entry


def paired(a, b, key="wall"):
    """Median over rounds of a/b, and the ratio of the medians."""
    ra = {r["round"]: r[key] for r in runs.get(a, [])}
    rb = {r["round"]: r[key] for r in runs.get(b, [])}
    per_round = [ra[k] / rb[k] for k in ra if k in rb and rb[k] > 0]
    if not per_round:
        return None
    return {
        "median_of_round_ratios": med(per_round),
        "ratio_of_medians": med(list(ra.values())) / med(list(rb.values())),
        "per_round": per_round,
    }


ratios = {}
for tail in (f"full-j{jobs}", "full-j1", f"subset50-j{jobs}", f"subset25-j{jobs}", "dufs"):
    for key, label in (("wall", "wall"), ("cpu", "cpu"), ("rss_mib", "rss")):
        r = paired(f"prodcheck-{tail}", f"floor-{tail}", key)
        if r:
            ratios[f"prodcheck/floor {label} {tail}"] = r
for peer in ("ast-grep", "semgrep", "prodcheck"):
    for key, label in (("wall", "wall"), ("rss_mib", "rss")):
        r = paired(f"{peer}-peers-j{jobs}", f"floor-peers-j{jobs}", key)
        if r:
            ratios[f"{peer}/floor {label} (peer rounds)"] = r
for tool in ("prodcheck", "floor"):
    r = paired(f"{tool}-full-j1", f"{tool}-full-j{jobs}")
    if r:
        ratios[f"{tool} speedup j{jobs} vs j1"] = r
r = paired("cargo-metadata-dufs", "prodcheck-dufs")
if r:
    ratios["cargo metadata share of prodcheck on dufs"] = r
r = paired("cargo-metadata-dufs", "cargo-prodcheck-dufs")
if r:
    ratios["cargo metadata share of `cargo prodcheck` on dufs"] = r

# What the peers and prodcheck found in the peer round (a check that they scanned the files).
peer_findings = {}
out_dir = os.path.join(results, "out")
try:
    sg = json.load(open(os.path.join(out_dir, f"semgrep-peers-j{jobs}.stdout")))
    peer_findings["semgrep"] = {
        "scanned_files": len(sg.get("paths", {}).get("scanned", [])),
        "errors": len(sg.get("errors", [])),
        "findings": dict(collections.Counter(r["check_id"].split(".")[-1] for r in sg["results"])),
    }
except (OSError, ValueError, KeyError):
    pass
try:
    ag = [json.loads(line) for line in open(os.path.join(out_dir, f"ast-grep-peers-j{jobs}.stdout"))]
    peer_findings["ast-grep"] = {"findings": dict(collections.Counter(r["ruleId"] for r in ag))}
except (OSError, ValueError, KeyError):
    pass
try:
    pcf = collections.Counter()
    for line in open(os.path.join(out_dir, f"prodcheck-peers-j{jobs}.stdout")):
        msg = json.loads(line)
        if msg.get("reason") == "compiler-message":
            pcf[((msg["message"].get("code") or {}).get("code") or "").split("::")[-1]] += 1
    peer_findings["prodcheck"] = {"findings": dict(pcf)}
except (OSError, ValueError, KeyError):
    pass

prefilter_path = os.path.join(results, "prefilter.json")
prefilter = json.load(open(prefilter_path)) if os.path.exists(prefilter_path) else None

out = {
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "host": {"cpus": os.cpu_count(), "machine": platform.machine(), "kernel": platform.release()},
    "jobs": int(jobs),
    "peer_set": peer_set,
    "corpus": sizes,
    "runs": summary,
    "ratios": ratios,
    "prefilter": prefilter,
    "peer_findings": peer_findings,
}
with open(os.path.join(results, "latest.json"), "w") as fh:
    json.dump(out, fh, indent=2)


def fmt(v, spec):
    return "" if v is None else format(v, spec)


print(f"# bench/run.sh, {out['date']}, {os.cpu_count()} CPUs, jobs {jobs}\n")
print("| corpus | files | lines | MB | parse errors (floor) |")
print("|---|---:|---:|---:|---:|")
for name, s in sizes.items():
    print(f"| {name} | {s['files']:,} | {s['lines']:,} | {s['bytes'] / 1e6:.1f} | {s['parse_errors']} |")
print()
print("| run | n | median wall s | min-max | CPU s | peak RSS MiB | k lines/s | µs/line | load (1 min) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
for name, e in summary.items():
    print(
        f"| {name} | {e['runs']} | {e['wall_s']:.2f} | {e['wall_min_s']:.2f}-{e['wall_max_s']:.2f} "
        f"| {e['cpu_s']:.2f} | {e['peak_rss_mib']:.0f} | {fmt(e.get('lines_per_s', None) and e['lines_per_s'] / 1e3, '.0f')} "
        f"| {fmt(e.get('us_per_line'), '.2f')} | {min(e['load1']):.1f}-{max(e['load1']):.1f} |"
    )
print()
print("| ratio | median of per-round ratios | ratio of medians |")
print("|---|---:|---:|")
for name, r in ratios.items():
    print(f"| {name} | {r['median_of_round_ratios']:.2f} | {r['ratio_of_medians']:.2f} |")
for tool, found in peer_findings.items():
    print(f"\n{tool} in the peer round: {json.dumps(found)}")
if prefilter:
    print(
        f"\nprefilter sizing: {prefilter['cold_files']:,} of {prefilter['files']:,} files "
        f"({prefilter['cold_file_share']:.0%}) and {prefilter['cold_byte_share']:.0%} of the bytes "
        f"contain none of the {len(prefilter['trigger_words'])} trigger words of the current rules"
    )
print(f"\nwritten: {os.path.join(results, 'latest.json')}")
