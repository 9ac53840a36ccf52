#!/usr/bin/env python3
"""Totals of meson's test logs: each TAP test point counts, and so does each
non-TAP test; a test program that failed without a failing point counts as
one failure. Prints 'N passed, N failed[, N skipped]' and exits 1 on failure."""
import json
import re
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as log:
        for line in log:
            if not line.strip():
                continue
            entry = json.loads(line)
            points_ok = points_bad = points_skip = 0
            for out in (entry.get("stdout") or "").splitlines():
                if re.match(r"^ok \d+", out):
                    if re.search(r"#\s*SKIP", out, re.I):
                        points_skip += 1
                    else:
                        points_ok += 1
                elif re.match(r"^not ok \d+", out):
                    if re.search(r"#\s*TODO", out, re.I):
                        points_skip += 1
                    else:
                        points_bad += 1
            result = entry.get("result")
            if points_ok + points_bad + points_skip == 0:
                if result in ("OK", "EXPECTEDFAIL"):
                    points_ok = 1
                elif result == "SKIP":
                    points_skip = 1
                else:
                    points_bad = 1
            elif result not in ("OK", "EXPECTEDFAIL", "SKIP") and points_bad == 0:
                points_bad = 1
            passed += points_ok
            failed += points_bad
            skipped += points_skip

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed or passed == 0 else 0)
