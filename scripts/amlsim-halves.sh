#!/usr/bin/env bash
# The AMLSim profile on the whole sample and on halves of it (docs/evaluation.md, "AMLSim at
# account level"): by time (steps 1-75 and 76-150, re-ingested and re-analysed) and by account
# (even and odd node ids: the whole run scored against each half of nodes.csv).
# Usage: bash scripts/amlsim-halves.sh [HAWALA] [SAMPLE_DIR]    (run from the project root)
set -euo pipefail
H=${1:-$PWD/.build/release/hawala}
A=$(cd "${2:-../shared/data/amlsim-20k}" && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
# The sample's lines end in CRLF: strip the CR before comparing steps and ids.
awk -F, '{sub(/\r$/, "")} NR == 1 || $4 + 0 <= 75' "$A/transactions.csv" > "$W/early.csv"
awk -F, '{sub(/\r$/, "")} NR == 1 || $4 + 0 > 75' "$A/transactions.csv" > "$W/late.csv"
awk -F, '{sub(/\r$/, "")} NR == 1 || $1 % 2 == 0' "$A/nodes.csv" > "$W/nodes-even.csv"
awk -F, '{sub(/\r$/, "")} NR == 1 || $1 % 2 == 1' "$A/nodes.csv" > "$W/nodes-odd.csv"
score() {  # db nodes label
    for t in cycle fan_in; do
        "$H" evaluate --db "$1" --nodes "$2" --typologies $t --format json | python3 -c '
import json, sys
r = json.load(sys.stdin)
print("%-28s %-7s marked %5d  flagged %5d  marked+flagged %4d  recall %.3f  precision %.3f" % (
    sys.argv[1], sys.argv[2], r["marked"], r["flagged"], r["marked_flagged"], r["recall"], r["precision"]))' "$3" "$t"
    done
}
for part in whole early late; do
    file=$A/transactions.csv
    [ "$part" = whole ] || file=$W/$part.csv
    "$H" ingest --db "$W/$part.sqlite" --spec amlsim "$file" --no-progress > /dev/null 2>&1
    "$H" analyze --db "$W/$part.sqlite" --profile amlsim --no-progress > /dev/null 2>&1
    label="steps 1-75 (by time)"
    [ "$part" = whole ] && label="whole sample"
    [ "$part" = late ] && label="steps 76-150 (by time)"
    score "$W/$part.sqlite" "$A/nodes.csv" "$label"
done
score "$W/whole.sqlite" "$W/nodes-even.csv" "even node ids (by account)"
score "$W/whole.sqlite" "$W/nodes-odd.csv" "odd node ids (by account)"
