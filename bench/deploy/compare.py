"""Reads the three tools' outputs and prints, per overlapping check, who flags which file."""
import json
import sys
from pathlib import Path

out = Path(sys.argv[1])
t0, t1, t2, t3 = (float(x) for x in sys.argv[2:6])

# (check, our rules, hadolint codes, checkov ids)
CHECKS = [
    ("shell-form CMD/ENTRYPOINT", ["container_shell_form_entrypoint"], ["DL3025"], []),
    ("runs as root", ["container_runs_as_root"], ["DL3002"], ["CKV_DOCKER_8", "CKV_DOCKER_3"]),
    ("no HEALTHCHECK", ["container_no_healthcheck"], [], ["CKV_DOCKER_2"]),
    ("no memory limit", ["k8s_no_memory_limit"], [], ["CKV_K8S_13"]),
    ("no cpu/memory requests", ["k8s_no_requests"], [], ["CKV_K8S_10", "CKV_K8S_12"]),
    ("no CPU limit (not checked by us, on purpose)", [], [], ["CKV_K8S_11"]),
    ("no liveness/readiness probe", ["k8s_no_probes"], [], ["CKV_K8S_8", "CKV_K8S_9"]),
]


def norm(path):
    path = path.lstrip("/")
    return path[len("corpus/"):] if path.startswith("corpus/") else path


ours = {}
for line in (out / "ours.jsonl").read_text().splitlines():
    f = json.loads(line)
    ours.setdefault(f["rule"], set()).add(f["path"])

hadolint = {}
for f in json.loads((out / "hadolint.json").read_text() or "[]"):
    hadolint.setdefault(f["code"], set()).add(norm(f["file"]))

checkov = {}
raw = json.loads((out / "checkov.json").read_text() or "[]")
for report in raw if isinstance(raw, list) else [raw]:
    for f in report.get("results", {}).get("failed_checks", []):
        checkov.setdefault(f["check_id"], set()).add(norm(f["file_path"]))

files = {l.split('"path":"')[1].split('"')[0] for l in (out / "ours.jsonl").read_text().splitlines()}


def show(label, paths):
    print(f"  {label:<34} {len(paths):>3} files")


for check, our_rules, codes, ids in CHECKS:
    print(f"\n## {check}")
    columns = []
    if our_rules:
        columns.append(("prodcheck " + "+".join(our_rules), set().union(*(ours.get(r, set()) for r in our_rules))))
    columns += [(f"hadolint {c}", hadolint.get(c, set())) for c in codes]
    columns += [(f"checkov {c}", checkov.get(c, set())) for c in ids]
    for label, paths in columns:
        show(label, paths)
    if our_rules and len(columns) > 1:
        peers = set().union(*(p for _, p in columns[1:]))
        mine = columns[0][1]
        print(f"  both flag {len(mine & peers)}, only prodcheck {len(mine - peers)}, only peers {len(peers - mine)}")
    every = set().union(*(p for _, p in columns)) if columns else set()
    print("  columns: " + " | ".join(label for label, _ in columns))
    for path in sorted(every):
        flags = ["x" if path in paths else "." for _, paths in columns]
        if len(set(flags)) > 1:
            print(f"    differ: {' '.join(flags)}  {path}")

print("\n## time (whole corpus)")
print(f"  hadolint  {t1 - t0:6.2f} s")
print(f"  checkov   {t2 - t1:6.2f} s")
print(f"  prodcheck {t3 - t2:6.2f} s")
