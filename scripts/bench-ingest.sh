#!/usr/bin/env bash
# Ingest benchmark (issue 11, docs/benchmarks.md "Ingest against the sqlite3 shell"):
# in one go, on the same file,
#   1. the stock sqlite3 shell:  sqlite3 DB ".import --csv transfers.csv transfers"
#   2. the product:              hawala ingest --db DB transfers.csv (rates imported first)
#   3. optionally (--analyze):   hawala analyze on the ingested database
# each under /usr/bin/time -v, printing CPU seconds (user + system), wall seconds, peak RSS
# and the ratios product / shell. Run it on purpose, with a release build; never from tests.
#
# Usage:
#   scripts/bench-ingest.sh [--rows N] [--seed S] [--brokers B] [--days D]
#                           [--csv FILE [--rates FILE]] [--hawala BIN] [--analyze] [--keep] [--rounds R]
# Defaults: the issue's file, `hawala simulate --seed 5 --brokers 1000 --transfers 1000000
# --days 60`; BIN = .build/release/hawala. The machine load (`uptime`) is printed before and
# after: CPU-second ratios are the robust figure on a shared machine.
set -euo pipefail

rows=1000000 seed=5 brokers=1000 days=60 csv="" rates="" analyze=0 keep=0 rounds=1
root="$(cd "$(dirname "$0")/.." && pwd)"
hawala="$root/.build/release/hawala"
while [ $# -gt 0 ]; do
    case "$1" in
        --rows) rows="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        --brokers) brokers="$2"; shift 2 ;;
        --days) days="$2"; shift 2 ;;
        --csv) csv="$2"; shift 2 ;;
        --rates) rates="$2"; shift 2 ;;
        --hawala) hawala="$2"; shift 2 ;;
        --analyze) analyze=1; shift ;;
        --keep) keep=1; shift ;;
        --rounds) rounds="$2"; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "bench-ingest: unknown argument $1" >&2; exit 64 ;;
    esac
done
[ -x "$hawala" ] || { echo "bench-ingest: no $hawala (swift build -c release)" >&2; exit 66; }
command -v sqlite3 >/dev/null || { echo "bench-ingest: sqlite3 not installed" >&2; exit 66; }
[ -x /usr/bin/time ] || { echo "bench-ingest: /usr/bin/time not installed (Debian package time)" >&2; exit 66; }

work="$(mktemp -d "${TMPDIR:-/tmp}/bench-ingest.XXXXXX")"
if [ "$keep" = 0 ]; then trap 'rm -rf "$work"' EXIT; else echo "keeping $work"; fi

if [ -z "$csv" ]; then
    echo "simulating: hawala simulate --seed $seed --brokers $brokers --transfers $rows --days $days"
    "$hawala" simulate --seed "$seed" --brokers "$brokers" --transfers "$rows" --days "$days" \
        --out "$work/sim" --no-progress --db "$work/sim.sqlite" >/dev/null 2>&1
    csv="$work/sim/transfers.csv"
    rates="$work/sim/rates.csv"
fi
lines=$(($(wc -l <"$csv") - 1))
echo "file: $csv ($lines rows, $(du -m "$csv" | cut -f1) MiB)"
echo "load before: $(uptime)"

# measure NAME CMD...: runs CMD under /usr/bin/time -v, appends "NAME cpu wall rss_kib" to $work/results.
measure() {
    local name="$1"; shift
    /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/$name.out" 2>"$work/$name.err" || {
        echo "bench-ingest: $name failed:" >&2; tail -5 "$work/$name.err" >&2; exit 70; }
    awk -v name="$name" '
        /User time/ {u = $NF} /System time/ {s = $NF}
        /Elapsed \(wall clock\)/ {n = split($NF, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i]}
        /Maximum resident set size/ {m = $NF}
        END {printf "%s %.2f %.2f %d\n", name, u + s, w, m}' "$work/time.txt" >>"$work/results"
}

for round in $(seq 1 "$rounds"); do
    rm -f "$work"/shell.sqlite* "$work"/hawala.sqlite*
    measure shell sqlite3 "$work/shell.sqlite" ".import --csv $csv transfers"
    if [ -n "$rates" ]; then "$hawala" rates import --db "$work/hawala.sqlite" "$rates" >/dev/null 2>&1; fi
    measure ingest "$hawala" ingest --db "$work/hawala.sqlite" --no-progress "$csv"
    if [ "$analyze" = 1 ]; then
        measure analyze "$hawala" analyze --db "$work/hawala.sqlite" --no-progress
        grep -i "read" "$work/analyze.err" | head -3 || true
    fi
    grep -E "imported|duplicate|rejected" "$work/ingest.out" | head -3 || true
done
echo "load after: $(uptime)"
echo
awk '
    {cpu[$1] = $2; wall[$1] = $3; rss[$1] = $4
     printf "%-8s CPU %7.2f s   wall %7.2f s   peak RSS %7.1f MiB\n", $1, $2, $3, $4 / 1024}
    $1 == "ingest" && ("shell" in cpu) {
        printf "         ingest / shell: CPU %.2fx (target <= 2), wall %.2fx (target <= 1.5)\n",
            $2 / cpu["shell"], $3 / wall["shell"]}' "$work/results"
