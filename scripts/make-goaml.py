#!/usr/bin/env python3
"""Writes a goAML report of N bi-party transactions (~495 bytes each), the same shape as
Fuzz/Sources/CSVThroughput's `ONLY=goaml` file, for timing `hawala ingest` on goAML
(docs/benchmarks.md, "goAML reader").

    python3 scripts/make-goaml.py 400000 /tmp/goaml-400k.xml
"""
import sys


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 400_000
    path = sys.argv[2] if len(sys.argv) > 2 else f"goaml-{rows}.xml"
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0"?>\n<report><rentity_id>RE-1</rentity_id><currency_code_local>AED</currency_code_local>\n')
        for i in range(rows):
            f.write(
                f"<transaction><transactionnumber>TX-{i}</transactionnumber><date_transaction>2026-05-24T14:30:00</date_transaction>"
                f"<transmode_code>K</transmode_code><amount_local>{1000 + i % 9000}.50</amount_local>"
                f"<t_from_my_client><from_person><first_name>A{i % 977}</first_name><last_name>B</last_name><id_number>ID-{i % 977}</id_number></from_person></t_from_my_client>"
                f"<t_to><to_account><institution_name>Bank</institution_name><institution_code>BRK-{i % 991}</institution_code><account>{i}</account></to_account></t_to></transaction>\n")
        f.write("</report>\n")


if __name__ == "__main__":
    main()
