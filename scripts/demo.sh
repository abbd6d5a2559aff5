#!/usr/bin/env bash
# The main job, end to end, on the bundled sample data: a simulated hawala network with planted
# typologies plus the fixtures/ samples (CSV and goAML), and the public AMLSim sample when it is
# present at ../shared/data/amlsim-20k. Installs the system packages, builds, ingests, analyses,
# lists the top findings and brokers, writes the report and a graph, exports an evidence package
# to the demo agencies and opens it as the receiver would. Outputs go to demo-output/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${HAWALA_SKIP_INSTALL:-0}" != "1" ]; then bash scripts/install-deps.sh; fi
echo "== building hawala (debug; the first build takes a few minutes)"
swift build --product hawala
H="$PWD/.build/debug/hawala"
OUT="$PWD/demo-output"
rm -rf "$OUT"
mkdir -p "$OUT"
DB="$OUT/hawala.sqlite"
start=$(date +%s)

step() { printf '\n== %s\n' "$*"; }

step "1. a simulated hawala network (seed 2026): 200 brokers, 50,000 transfers over 30 days"
"$H" simulate --out "$OUT/network" --seed 2026 --brokers 200 --transfers 50000 --days 30

step "2. ingest: exchange rates, broker register, the simulated ledger and the fixtures (CSV, goAML)"
"$H" rates import --db "$DB" "$OUT/network/rates.csv"
"$H" ingest --db "$DB" "$OUT/network/brokers.csv" "$OUT/network/transfers.csv" \
    fixtures/canonical.csv fixtures/canonical-rejects.csv fixtures/goaml-4-biparty.xml fixtures/goaml-5-multiparty.xml
"$H" stats --db "$DB"

step "3. analyse with the default rules (hawala rules prints them)"
"$H" analyze --db "$DB"

step "4. the top findings (by score; all of them in findings.txt) and the top brokers"
"$H" findings --db "$DB" > "$OUT/findings.txt"
"$H" findings --db "$DB" --sort score --limit 10
"$H" brokers --db "$DB" --top 5

step "5. how well the default rules found what was planted"
"$H" evaluate --db "$DB" --truth "$OUT/network/truth.json"

step "6. the HTML report and a graph for Gephi"
"$H" report --db "$DB" --typology cycle --out "$OUT/report.html"
"$H" graph --db "$DB" --format graphml --out "$OUT/network.graphml"

step "7. an evidence package for two partner agencies (TEST certificates from hawala pki demo)"
"$H" pki demo --out "$OUT/pki"
"$H" export --db "$DB" --case CASE-2026-0042 --typology cycle \
    --signer-cert "$OUT/pki/exporter.crt.pem" --signer-key "$OUT/pki/exporter.key.pem" \
    --recipient "$OUT/pki/receiver-b-rsa.crt.pem" --recipient "$OUT/pki/receiver-c-ec.crt.pem" \
    --out "$OUT/packages"

step "8. agency B opens and verifies the package"
"$H" open "$OUT/packages/CASE-2026-0042-E001.p7m" --cert "$OUT/pki/receiver-b-rsa.crt.pem" \
    --key "$OUT/pki/receiver-b-rsa.key.pem" --trust "$OUT/pki/ca.crt.pem" --out "$OUT/received"

AMLSIM=../shared/data/amlsim-20k
if [ -f "$AMLSIM/transactions.csv" ]; then
    step "9. the public AMLSim sample (120,558 transfers): ingest, analyse with the amlsim profile, score against nodes.csv"
    "$H" ingest --db "$OUT/amlsim.sqlite" --spec amlsim "$AMLSIM/transactions.csv"
    "$H" analyze --db "$OUT/amlsim.sqlite" --profile amlsim
    "$H" evaluate --db "$OUT/amlsim.sqlite" --nodes "$AMLSIM/nodes.csv" --typologies cycle,fan_in
else
    step "9. (skipped: no AMLSim sample at $AMLSIM)"
fi

cat <<DONE

== done in $(( $(date +%s) - start )) s after the build. Outputs:
   database          $DB
   findings          $OUT/findings.txt  ($H findings --db $DB [--format json|csv])
   report            $OUT/report.html  (open it in a browser)
   graph (Gephi)     $OUT/network.graphml
   evidence package  $OUT/packages/CASE-2026-0042-E001.p7m (+ .sha256)
   opened package    $OUT/received/CASE-2026-0042-E001/
   test PKI          $OUT/pki/  (TEST MATERIAL, NOT FOR REAL CASES)
DONE
