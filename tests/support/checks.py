"""Named checks for the Python test scripts: each prints one line, and
finish() prints the "N passed, M failed" line ctest's output is read by and
exits non-zero on any failure (or when nothing was checked)."""

import sys

_counts = {"passed": 0, "failed": 0}


def check(what, ok, detail=""):
    if ok:
        _counts["passed"] += 1
        print(f"ok      {what}")
    else:
        _counts["failed"] += 1
        print(f"FAILED  {what} {detail}")


def finish():
    print(f"{_counts['passed']} passed, {_counts['failed']} failed")
    sys.exit(1 if _counts["failed"] or not _counts["passed"] else 0)
