#!/usr/bin/env python3
"""Compare our ReDoS verdicts with recheck's on bench/regex/corpus.txt.

Runs recheck (npm, automaton checker, a timeout per call) and our analyzer (the
redos_cli example, engine pcre2: the backtracking model) on every pattern, prints the
agreement per verdict class and the time per pattern of each tool, and replays both
tools' attack strings on the Rust backtracking engines (redos_replay example) where
they disagree, to score each verdict against what the engines do.
Usage: bench/regex/compare.sh (installs recheck, builds the examples, runs this).
"""
import concurrent.futures as futures
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RECHECK = os.path.join(HERE, "node_modules", "recheck-linux-x64", "recheck")
CLI = os.path.join(ROOT, "target", "release", "examples", "redos_cli")
REPLAY = os.path.join(ROOT, "target", "release", "examples", "redos_replay")
TIMEOUT = int(os.environ.get("RECHECK_TIMEOUT", "10"))
CLASSES = ("safe", "polynomial", "exponential")


def corpus():
    rows = []
    with open(os.path.join(HERE, "corpus.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            source, pattern = line.rstrip("\n").split("\t", 1)
            rows.append((source, pattern))
    return rows


def ours(patterns):
    started = time.time()
    out = subprocess.run([CLI, "pcre2", "fancy_regex"], input="\n".join(patterns) + "\n",
                         capture_output=True, text=True, check=True).stdout
    records = [json.loads(line) for line in out.splitlines()]
    return records[0::2], records[1::2], time.time() - started


def js_literal(pattern):
    """The pattern as an ECMAScript literal: Rust-only spellings rewritten."""
    flags = ""
    match = re.match(r"^\(\?([imsx]+)\)", pattern)
    if match:
        flags += "".join(sorted(set(match.group(1)) & set("ims")))
        pattern = pattern[match.end():]
    pattern = pattern.replace("(?P<", "(?<").replace(r"\A", "^").replace(r"\z", "$")
    if re.search(r"\\[pP]\{|\\u\{", pattern):
        flags += "u"
    escaped = re.sub(r"(?<!\\)((?:\\\\)*)/", r"\1\/", pattern)
    return f"/{escaped}/{flags}"


def recheck_one(pattern):
    started = time.time()
    try:
        out = subprocess.run([RECHECK, "--checker", "automaton", js_literal(pattern)],
                             capture_output=True, text=True, timeout=TIMEOUT).stdout
    except subprocess.TimeoutExpired:
        return {"verdict": "timeout", "seconds": time.time() - started}
    fields = dict(re.findall(r"^(\w[\w ]*?)\s*: (.*)$", out, re.M))
    status, complexity = fields.get("Status", "error"), fields.get("Complexity", "")
    verdict = {"safe": "safe", "vulnerable": "polynomial" if "polynomial" in complexity
               else "exponential"}.get(status, "unknown")
    degree = re.match(r"(\d+)", complexity)
    return {"verdict": verdict, "degree": int(degree.group(1)) if degree and verdict == "polynomial" else None,
            "attack": fields.get("Attack string"), "error": fields.get("Error"),
            "seconds": time.time() - started}


JS_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "b": "\b", "f": "\f", "v": "\v"}


def js_string(body):
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt == "x":
            out.append(chr(int(body[i + 2:i + 4], 16)))
            i += 4
        elif nxt == "u" and body[i + 2] == "{":
            end = body.index("}", i)
            out.append(chr(int(body[i + 3:end], 16)))
            i = end + 1
        elif nxt == "u":
            out.append(chr(int(body[i + 2:i + 6], 16)))
            i += 6
        else:
            out.append(JS_ESCAPES.get(nxt, nxt))
            i += 2
    return "".join(out)


def recheck_segments(expression):
    """recheck's `'a' + 'b'.repeat(31) + '\\x00'` as [[text, pumped], ...]."""
    segments = []
    for body, repeat in re.findall(r"'((?:[^'\\]|\\.)*)'(?:\.repeat\((\d+)\))?", expression or ""):
        segments.append([js_string(body), bool(repeat) and int(repeat) > 1])
    return segments


def replay(pattern, segments, exponential):
    """What the Rust backtracking engines do with the attack: engine -> result."""
    if not segments or not any(pumped for _, pumped in segments):
        return {}
    request = json.dumps({"id": 0, "pattern": pattern, "segments": segments, "exponential": exponential})
    try:
        out = subprocess.run([REPLAY], input=request + "\n", capture_output=True, text=True, timeout=90).stdout
        return json.loads(out.splitlines()[0])["engines"]
    except (subprocess.TimeoutExpired, IndexError, json.JSONDecodeError):
        return {"all": "timeout"}


def blows_up(results):
    return any(r in ("blowup", "timeout") for e, r in results.items() if e != "fancy_regex")


def report(rows, our_records, our_seconds, theirs, recheck_seconds):
    both = [(s, p, o, t) for (s, p), o, t in zip(rows, our_records, theirs)
            if o["verdict"] in CLASSES and t["verdict"] in CLASSES]
    agree = [r for r in both if r[2]["verdict"] == r[3]["verdict"]]
    print(f"patterns: {len(rows)}; both accept: {len(both)}; agree: {len(agree)} "
          f"({100.0 * len(agree) / max(1, len(both)):.1f}%)")
    print(f"only ours rejects/unknown: {Counter(o['verdict'] for o in our_records if o['verdict'] not in CLASSES)}")
    print(f"only recheck rejects/unknown: {Counter(t['verdict'] for t in theirs if t['verdict'] not in CLASSES)}")
    print("\nper recheck class (rows) x our class (columns):")
    print(f"{'':>14}" + "".join(f"{c:>13}" for c in CLASSES) + "   agreement")
    for cls in CLASSES:
        row = [r for r in both if r[3]["verdict"] == cls]
        counts = Counter(r[2]["verdict"] for r in row)
        share = 100.0 * counts[cls] / max(1, len(row))
        print(f"{cls:>14}" + "".join(f"{counts[c]:>13}" for c in CLASSES) + f"   {counts[cls]}/{len(row)} ({share:.0f}%)")
    poly = [r for r in agree if r[2]["verdict"] == "polynomial"]
    same_degree = sum(1 for r in poly if r[2]["degree"] == r[3]["degree"])
    print(f"polynomial degree equal: {same_degree}/{len(poly)}")
    ours_us = sorted(o["micros"] for o in our_records)
    theirs_s = sorted(t["seconds"] for t in theirs)
    pct = lambda xs, q: xs[min(len(xs) - 1, int(q * len(xs)))]
    print(f"\ntime per pattern, ours (in-process analysis): median {pct(ours_us, .5)} us, p99 {pct(ours_us, .99)} us, "
          f"max {ours_us[-1]} us; whole run incl. process start {our_seconds:.2f} s")
    print(f"time per pattern, recheck (one process per call): median {1000 * pct(theirs_s, .5):.0f} ms, "
          f"p99 {1000 * pct(theirs_s, .99):.0f} ms, max {1000 * theirs_s[-1]:.0f} ms; whole run {recheck_seconds:.1f} s")
    return [r for r in both if r[2]["verdict"] != r[3]["verdict"]]


def explain(pattern, mine, theirs):
    """The known reason for a disagreement, from the pattern's shape."""
    if "[[:" in pattern:
        return "POSIX class: recheck reads [[:word:]] as an ECMAScript class, another pattern"
    if pattern.startswith("(?m)") and mine["verdict"] == "safe":
        return "multiline anchors are read as text anchors: the retry after each line break is not modelled"
    if mine["verdict"] == "safe" and mine.get("reason") is None and theirs["verdict"] != "safe":
        return ("the pattern can match empty at the first start; we take that as an instant match, "
                "but a backtracker first tries the greedy loop (priorities not modelled)")
    return "unexplained"


def score(disagreements):
    print(f"\ndisagreements replayed on the Rust engines ({len(disagreements)}):")
    tally = Counter()
    for source, pattern, mine, theirs in disagreements:
        a = mine.get("attack")
        our_segments = [[a["prefix"], False], [a["pump"], True], [a["suffix"], False]] if a else []
        our_replay = replay(pattern, our_segments, mine["verdict"] == "exponential")
        their_replay = replay(pattern, recheck_segments(theirs.get("attack")), theirs["verdict"] == "exponential")
        vulnerable = blows_up(our_replay) or blows_up(their_replay)
        truth = "vulnerable" if vulnerable else "no blow-up seen"
        right = "ours" if (mine["verdict"] != "safe") == vulnerable else "recheck"
        tally[right] += 1
        print(f"- [{source}] {pattern!r}: ours {mine['verdict']}{'' if not mine.get('degree') else ' ' + str(mine['degree'])}, "
              f"recheck {theirs['verdict']}{'' if not theirs.get('degree') else ' ' + str(theirs['degree'])}; "
              f"engines on our attack {our_replay or '-'}, on recheck's {their_replay or '-'} -> {truth}, {right} right; "
              f"why: {explain(pattern, mine, theirs)}")
    print(f"scored against the engines: {dict(tally)}")


def replay_fancy(rows, fancy_records, backtracking_results):
    """Our fancy-regex verdicts against fancy-regex itself."""
    flagged = [(p, o) for (_, p), o in zip(rows, fancy_records) if o.get("attack")]
    results = [replay_attack(item) for item in flagged]
    blown = sum(1 for r in results if r.get("fancy_regex") in ("blowup", "timeout"))
    print(f"\nour fancy-regex verdicts: {len(flagged)} reported, fancy-regex blew up on {blown} of their attacks")
    missed = [p for p, r in backtracking_results.items() if r.get("fancy_regex") in ("blowup", "timeout")
              and p not in dict(flagged)]
    print(f"  fancy-regex blew up on a backtracking attack of a pattern we call safe for it: {missed}")


def replay_attack(item):
    pattern, mine = item
    a = mine["attack"]
    return replay(pattern, [[a["prefix"], False], [a["pump"], True], [a["suffix"], False]],
                  mine["verdict"] == "exponential")


def replay_ours(rows, our_records):
    """Every attack we report, replayed on the Rust engines: how many blow up where."""
    flagged = [(p, o) for (_, p), o in zip(rows, our_records) if o.get("attack")]
    def one(item):
        pattern, mine = item
        a = mine["attack"]
        return replay(pattern, [[a["prefix"], False], [a["pump"], True], [a["suffix"], False]],
                      mine["verdict"] == "exponential")
    with futures.ThreadPoolExecutor(max_workers=int(os.environ.get("JOBS", "2"))) as pool:
        results = list(pool.map(one, flagged))
    print(f"\nour {len(flagged)} reported attacks replayed on the engines (blow-up / compiled):")
    for engine in ("pcre2", "onig", "regress", "fancy_regex"):
        compiled = [r for r in results if r.get(engine) not in (None, "rejected")]
        blown = [r for r in compiled if r.get(engine) in ("blowup", "timeout")]
        print(f"  {engine:>12}: {len(blown)}/{len(compiled)}")
    none = [p for (p, _), r in zip(flagged, results)
            if not any(v in ("blowup", "timeout") for e, v in r.items() if e != "fancy_regex")]
    print(f"  blew up in no backtracking engine ({len(none)}): {none}")
    return {p: r for (p, _), r in zip(flagged, results)}


def main():
    rows = corpus()
    patterns = [p for _, p in rows]
    our_records, fancy_records, our_seconds = ours(patterns)
    started = time.time()
    with futures.ThreadPoolExecutor(max_workers=int(os.environ.get("JOBS", "2"))) as pool:
        theirs = list(pool.map(recheck_one, patterns))
    recheck_seconds = time.time() - started
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "verdicts.jsonl"), "w", encoding="utf-8") as f:
        for (source, pattern), mine, them in zip(rows, our_records, theirs):
            f.write(json.dumps({"source": source, "pattern": pattern, "ours": mine, "recheck": them}) + "\n")
    disagreements = report(rows, our_records, our_seconds, theirs, recheck_seconds)
    score(disagreements)
    for (source, pattern), mine in zip(rows, our_records):
        if mine["verdict"] not in CLASSES:
            print(f"  ours {mine['verdict']}: [{source}] {pattern!r}: {mine.get('reason')}")
    if os.environ.get("REPLAY_ALL", "1") == "1":
        replay_fancy(rows, fancy_records, replay_ours(rows, our_records))


if __name__ == "__main__":
    sys.exit(main())
