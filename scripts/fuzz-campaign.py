#!/usr/bin/env python3
"""CLI fuzz campaign over HawalaTrace's readers (issue 14; docs/fuzzing.md).

Mutates the files in fixtures/ (goAML XML, CSV) and runs `hawala ingest` on each mutant, on a
fresh database, with a 10 s limit. Counts, per reader:
  - crashes: killed by a signal (exit < 0 or >= 128);
  - runs over --timeout CPU seconds (user + system; wall time is reported too, since the
    machine may be shared), or killed after --kill-after wall seconds;
  - silent failures: a non-zero exit whose stderr has no `hawala: error:` line;
  - leftovers: a failed first ingest that left a database or WAL file behind;
  - the longest stderr line (messages must cut long values).
Mutations: byte flips, inserts and deletes, truncation, invalid UTF-8 (0xE8, 0xFF, lone lead
bytes, overlong forms), deep nesting, entities and DTDs (XML), huge fields and lines of
delimiters (CSV), mixed line ends and quotes.

    python3 scripts/fuzz-campaign.py --hawala .build/debug/hawala --count 5000 --seed 1

Exit status 1 when any crash, timeout, silent failure or leftover was found. Failing inputs
are kept under --keep (default /tmp/hawala-fuzz-findings).
"""
import argparse
import concurrent.futures
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BAD_UTF8 = [b"\xe8", b"\xff", b"\xc3", b"\xc0\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xfe\xff", b"\x00"]


def seeds(kind):
    folder = os.path.join(ROOT, "fixtures")
    ext = ".xml" if kind == "goaml" else ".csv"
    out = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(ext):
            with open(os.path.join(folder, name), "rb") as f:
                out.append(f.read())
    return out


def flip(rng, data):
    if not data:
        return bytes([rng.randrange(256)])
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(b))
        b[i] = rng.randrange(256)
    return bytes(b)


def insert(rng, data, chunk):
    i = rng.randint(0, len(data))
    return data[:i] + chunk + data[i:]


def delete(rng, data):
    if len(data) < 2:
        return data
    i = rng.randrange(len(data))
    j = min(len(data), i + rng.randint(1, 64))
    return data[:i] + data[j:]


def xml_mutant(rng, data):
    choice = rng.randrange(12)
    if choice == 0:
        return flip(rng, data)
    if choice == 1:
        return insert(rng, data, rng.choice(BAD_UTF8))
    if choice == 2:  # invalid UTF-8 in a name, comment or PI
        return insert(rng, data, rng.choice([b"<a\xe8/>", b"<!--\xe8-->", b"<?p\xe8 x?>", b"<x\xff>t</x\xff>"]))
    if choice == 3:  # deep nesting, inside or outside a transaction
        d = rng.choice([100, 255, 257, 1000, 4000, 30000])
        return insert(rng, data, b"<a>" * d + b"</a>" * d)
    if choice == 4:  # entities
        return insert(rng, data, rng.choice([b"before&x;after", b"&amp;&lt;&#233;&#x1F600;", b"&#0;", b"&#xD800;", b"&lol9;"]))
    if choice == 5:  # DTDs: internal entity, external entity, billion laughs
        dtd = rng.choice([
            b'<!DOCTYPE report [<!ENTITY x "hidden">]>\n',
            b'<!DOCTYPE report [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n',
            b'<!DOCTYPE report SYSTEM "http://example.invalid/x.dtd">\n',
            b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>\n',
        ])
        start = data.find(b"<report")
        return data[:max(start, 0)] + dtd + data[max(start, 0):].replace(b"</transactionnumber>", b"&x;&d;</transactionnumber>", 1)
    if choice == 6:  # huge field
        size = rng.choice([70_000, 300_000, 2_000_000])
        return data.replace(b"</transactionnumber>", b"X" * size + b"</transactionnumber>", 1)
    if choice == 7:
        return data[: rng.randrange(max(len(data), 1))]
    if choice == 8:
        return delete(rng, data)
    if choice == 9:  # mismatched tags
        return data.replace(b"</transaction>", b"</transactio>", 1)
    if choice == 10:  # many transactions, some empty
        i = data.find(b"<transaction>")
        j = data.find(b"</transaction>")
        if i >= 0 and j > i:
            tx = data[i:j + 14]
            return data[:i] + tx * rng.randint(2, 200) + b"<transaction/>" + data[j + 14:]
        return data
    return flip(rng, insert(rng, data, rng.choice(BAD_UTF8)))


def csv_mutant(rng, data):
    choice = rng.randrange(11)
    if choice == 0:
        return flip(rng, data)
    if choice == 1:
        return insert(rng, data, rng.choice(BAD_UTF8))
    if choice == 2:  # a line of delimiters (the 33 MB line, smaller most of the time)
        n = rng.choice([2_000, 100_000, 2_000_000]) if rng.random() > 0.01 else 33_000_000
        return insert(rng, data, b"\n" + rng.choice([b",", b";", b"\t"]) * n + b"\n")
    if choice == 3:  # huge quoted or unquoted field
        size = rng.choice([70_000, 300_000, 2_000_000])
        return insert(rng, data, b'\n"' + b"y" * size + b'",x\n' if rng.random() < 0.5 else b"\n" + b"z" * size + b",1\n")
    if choice == 4:  # quotes and line ends
        return insert(rng, data, rng.choice([b'"', b'""', b'"\r\n"', b"\r", b"\r\n", b'a"b', b'"unterminated']))
    if choice == 5:
        return data[: rng.randrange(max(len(data), 1))]
    if choice == 6:
        return delete(rng, data)
    if choice == 7:  # BOMs and NULs
        return insert(rng, data, rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\x00\x00"]))
    if choice == 8:  # duplicated lines
        lines = data.split(b"\n")
        if len(lines) > 2:
            k = rng.randrange(1, len(lines))
            lines = lines[:k] + [lines[k]] * rng.randint(2, 500) + lines[k:]
        return b"\n".join(lines)
    if choice == 9:  # long ids (identifier limit)
        return data.replace(b",", b"," + b"I" * rng.choice([300, 100_000]) + b",", 1)
    return flip(rng, insert(rng, data, rng.choice(BAD_UTF8)))


def make_input(args, kind, index):
    rng = random.Random(f"{args.seed}-{kind}-{index}")
    mutate = xml_mutant if kind == "goaml" else csv_mutant
    data = rng.choice(SEEDS[kind])
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        data = mutate(rng, data)
    return data


SEEDS = {}
STARTED = time.monotonic()


def run_one(args, kind, index, data, work):
    if args.max_seconds and time.monotonic() > STARTED + args.max_seconds:
        return None  # past --max-seconds: not run, not counted
    if data is None:
        data = make_input(args, kind, index)
    folder = os.path.join(work, f"{kind}-{index}")
    os.makedirs(folder)
    path = os.path.join(folder, "input" + (".xml" if kind == "goaml" else ".csv"))
    with open(path, "wb") as f:
        f.write(data)
    db = os.path.join(folder, "db.sqlite")
    cmd = [args.hawala, "ingest", "--no-progress", "--db", db, path]
    if index % 3 == 0:  # named specification: the parser runs even when detection would refuse
        cmd[2:2] = ["--spec", "canonical" if kind == "csv" else "goaml"]
    start = time.monotonic()
    result = {"kind": kind, "index": index, "size": len(data)}
    err_path = os.path.join(folder, "stderr")
    with open(err_path, "wb") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        killer = threading.Timer(args.kill_after, proc.kill)
        killer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        killer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
    result["cpu"] = usage.ru_utime + usage.ru_stime
    result["wall"] = time.monotonic() - start
    with open(err_path, "rb") as err:
        stderr = err.read().decode("utf-8", "replace")
    result["status"] = proc.returncode
    lines = [l for l in stderr.splitlines() if l.strip()]
    result["longest"] = max((len(l) for l in lines), default=0)
    result["crash"] = proc.returncode < 0 or proc.returncode >= 128
    result["silent"] = proc.returncode != 0 and not any(l.startswith("hawala: error:") for l in lines)
    result["leftover"] = proc.returncode != 0 and any(
        os.path.exists(db + s) for s in ("", "-wal", "-shm")) and not _has_imports(db)
    # Over the limit: CPU time (user + system), so a loaded machine does not count; the wall
    # time is reported beside it.
    result["timeout"] = result["cpu"] > args.timeout or result["wall"] >= args.kill_after
    result["seconds"] = result["cpu"]
    bad = result["crash"] or result["timeout"] or result["silent"] or result["leftover"]
    if bad:
        os.makedirs(args.keep, exist_ok=True)
        shutil.copy(path, os.path.join(args.keep, f"{kind}-{args.seed}-{index}{os.path.splitext(path)[1]}"))
    shutil.rmtree(folder, ignore_errors=True)
    return result


def _has_imports(db):
    if not os.path.exists(db):
        return False
    try:
        out = subprocess.run(["sqlite3", "-readonly", db, "SELECT count(*) FROM imports"], capture_output=True, timeout=10)
        return out.stdout.strip() not in (b"", b"0")
    except Exception:
        return False


def summarise(kind, results, began, args, partial=False):
    statuses = {}
    for r in results:
        key = "timeout" if r["timeout"] else str(r["status"])
        statuses[key] = statuses.get(key, 0) + 1
    crashes = sum(r["crash"] for r in results)
    timeouts = sum(r["timeout"] for r in results)
    silent = sum(r["silent"] for r in results)
    leftovers = sum(r["leftover"] for r in results)
    slowest = max(results, key=lambda r: r["seconds"])
    slowest_wall = max(r["wall"] for r in results)
    longest = max(r["longest"] for r in results)
    print(
        f"{kind}{' (so far)' if partial else ''}: {len(results)} inputs in {time.monotonic() - began:.0f} s; exit statuses "
        f"{dict(sorted(statuses.items()))}; crashes {crashes}; runs over {args.timeout:g} s CPU {timeouts}; "
        f"failures without 'hawala: error:' {silent}; empty databases left {leftovers}; "
        f"slowest run {slowest['seconds']:.2f} s CPU ({slowest['size']} bytes; longest wall time {slowest_wall:.1f} s); "
        f"longest stderr line {longest} characters", flush=True)
    return bool(crashes or timeouts or silent or leftovers)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hawala", default=os.path.join(ROOT, ".build/debug/hawala"))
    parser.add_argument("--count", type=int, default=5000, help="inputs per reader")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=10.0, help="CPU seconds a run may take")
    parser.add_argument("--kill-after", type=float, default=120.0, help="wall seconds before a run is killed")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--readers", default="goaml,csv")
    parser.add_argument("--keep", default="/tmp/hawala-fuzz-findings")
    parser.add_argument("--max-seconds", type=float, default=0,
                        help="stop starting new inputs after this many wall seconds (0: no limit); the summary counts the inputs run")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="hawala-fuzz-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    failed = False
    try:
        for kind in args.readers.split(","):
            SEEDS[kind] = seeds(kind)
            began = time.monotonic()
            results = []
            with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
                # Inputs are made one by one in the workers (a list of 5,000 mutants of up to 33 MB
                # each would not fit in memory).
                futures = [ex.submit(run_one, args, kind, i, None, work) for i in range(args.count)]
                for f in concurrent.futures.as_completed(futures):
                    if f.result() is None:
                        continue
                    results.append(f.result())
                    if len(results) % 250 == 0:
                        summarise(kind, results, began, args, partial=True)
            if results:
                failed |= summarise(kind, results, began, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.exit(main())
