#!/usr/bin/env python3
"""Scores findings against a truth.json that lists planted instances and look-alikes ("decoys").

Usage: hawala findings --format json > findings.json
       python3 scripts/score_findings.py truth.json findings.json [--json]

Rules (the same as `hawala evaluate`, docs/evaluation.md):
- a planted cycle is covered by a `cycle` finding holding every one of its transfers; any other
  instance by a finding of its typology holding at least half of its transfers (rounded up);
- stray = a finding that touches no planted transfer of any typology; per 1,000 transfers;
- a look-alike is flagged when a finding of the typology it imitates holds one of its
  transfers and touches no planted transfer of that typology;
- precision@k: of the k highest-scored findings (ties: the order of the file), the share that
  touch a planted transfer.
Recall per bucket: cycles by span (<1 d, 1-3 d, 3-7 d, 7-21 d), pass-through by longest delay
(<1 h, 1-6 h, 6-12 h) when truth.json records those parameters.
"""
import json
import sys
from collections import defaultdict


def load_findings(path):
    with open(path) as f:
        data = json.load(f)
    return data["findings"] if isinstance(data, dict) else data


def bucket(inst):
    p = inst.get("parameters", {})
    if inst["typology"] == "cycle" and "span_hours" in p:
        h = p["span_hours"]
        return "span " + ("<1d" if h < 24 else "1-3d" if h < 72 else "3-7d" if h < 168 else "7-21d")
    if inst["typology"] == "rapid_pass_through" and "max_delay_hours" in p:
        h = p["max_delay_hours"]
        return "delay " + ("<1h" if h < 1 else "1-6h" if h < 6 else "6-12h")
    return None


def score(truth, findings):
    planted_by_typ = defaultdict(set)
    planted_all = set()
    for inst in truth["instances"]:
        planted_by_typ[inst["typology"]].update(inst["transfer_ids"])
        planted_all.update(inst["transfer_ids"])
    fsets = [(f["typology"], set(f["transfer_ids"]), f["score"]) for f in findings]
    by_typ = defaultdict(list)
    for typ, s, _ in fsets:
        by_typ[typ].append(s)
    rows = {}
    buckets = defaultdict(lambda: [0, 0])
    missed = []
    for inst in truth["instances"]:
        typ = inst["typology"]
        ids = set(inst["transfer_ids"])
        need = len(ids) if typ == "cycle" else (len(ids) + 1) // 2
        ok = any(len(ids & s) >= need for s in by_typ[typ])
        r = rows.setdefault(typ, {"planted": 0, "covered": 0, "findings": 0, "stray": 0, "decoys": 0, "decoys_flagged": 0})
        r["planted"] += 1
        r["covered"] += ok
        b = bucket(inst)
        if b:
            buckets[(typ, b)][0] += 1
            buckets[(typ, b)][1] += ok
        if not ok:
            missed.append(inst["id"])
    strays = 0
    for typ, s, _ in fsets:
        r = rows.setdefault(typ, {"planted": 0, "covered": 0, "findings": 0, "stray": 0, "decoys": 0, "decoys_flagged": 0})
        r["findings"] += 1
        if not (s & planted_all):
            r["stray"] += 1
            strays += 1
    flagged_decoys = []
    for d in truth.get("decoys", []):
        typ = d["imitates"]
        ids = set(d["transfer_ids"])
        r = rows.setdefault(typ, {"planted": 0, "covered": 0, "findings": 0, "stray": 0, "decoys": 0, "decoys_flagged": 0})
        r["decoys"] += 1
        hit = any((ids & s) and not (s & planted_by_typ[typ]) for s in by_typ[typ])
        if hit:
            r["decoys_flagged"] += 1
            flagged_decoys.append((typ, d.get("description", "")))
    ranked = sorted(range(len(fsets)), key=lambda i: -fsets[i][2])
    prec = {}
    for k in (10, 25, 100):
        top = ranked[:k]
        prec[k] = sum(1 for i in top if fsets[i][1] & planted_all) / max(1, len(top))
    n = truth["transfers"]
    return rows, buckets, strays, n, prec, missed, flagged_decoys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    truth = json.load(open(sys.argv[1]))
    findings = load_findings(sys.argv[2])
    rows, buckets, strays, n, prec, missed, flagged = score(truth, findings)
    if "--json" in sys.argv:
        print(json.dumps({"typologies": rows, "stray_per_1000": 1000 * strays / n, "precision_at": prec,
                          "missed": missed, "decoys_flagged": flagged}, indent=1))
        return
    print("| typology | planted | covered | recall | findings | stray | look-alikes | flagged |")
    print("|---|---|---|---|---|---|---|---|")
    tp = tc = td = tf = 0
    for typ in sorted(rows):
        r = rows[typ]
        rec = f"{r['covered'] / r['planted']:.2f}" if r["planted"] else "-"
        print(f"| {typ} | {r['planted']} | {r['covered']} | {rec} | {r['findings']} | {r['stray']} | {r['decoys']} | {r['decoys_flagged']} |")
        tp += r["planted"]; tc += r["covered"]; td += r["decoys"]; tf += r["decoys_flagged"]
    print(f"| **all** | {tp} | {tc} | {tc / max(1, tp):.3f} | {len(findings)} | {strays} | {td} | {tf} |")
    print(f"\ntransfers {n}; stray findings per 1,000 transfers {1000 * strays / n:.3f}; "
          f"precision@10 {prec[10]:.2f}, @25 {prec[25]:.2f}, @100 {prec[100]:.2f}")
    if buckets:
        print("buckets: " + ", ".join(f"{t} {b} {c}/{p}" for (t, b), (p, c) in sorted(buckets.items())))
    if missed:
        print("missed: " + " ".join(missed))
    if flagged:
        print("look-alikes flagged: " + "; ".join(f"{t} ({w})" for t, w in flagged))


if __name__ == "__main__":
    main()
