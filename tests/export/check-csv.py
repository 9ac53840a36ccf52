#!/usr/bin/env python3
"""Checks a CSV file from `bakemyday-sync plan --format csv` against the same
plan as JSON: Python's csv module must read back exactly the JSON's values,
and writing those rows again the RFC 4180 way (CRLF, minimal quoting) must
give back the very same bytes. Usage: check-csv.py FILE.csv FILE.json"""

import csv
import io
import json
import sys


def main():
    csv_path, json_path = sys.argv[1], sys.argv[2]
    with open(csv_path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8")  # strict: not UTF-8 is a failure
    with open(json_path, encoding="utf-8") as f:
        objects = json.load(f)

    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    header, body = rows[0], rows[1:]
    assert len(body) == len(objects), (len(body), len(objects))
    for row, obj in zip(body, objects):
        assert header == list(obj.keys()), (header, list(obj.keys()))
        expected = [str(obj[k]) for k in header]
        assert row == expected, (row, expected)

    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
    assert out.getvalue() == text, "not byte-for-byte RFC 4180 with CRLF line ends"
    assert text.endswith("\r\n")

    # The values, for the caller to check: one line per row, fields as JSON.
    for row in body:
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
