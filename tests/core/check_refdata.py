#!/usr/bin/env python3
"""Checks core/data/refdata (its README says what): every year 2015-2025 has
35 regions and every municipality exactly one; codes are well formed;
mergers and spellings name known municipalities; the region catalog carries
exactly the AM codes of am_regions.csv. Usage: check_refdata.py REPO_ROOT.
Prints "N passed, M failed" and exits non-zero on any failure."""

import csv
import os
import re
import sys
from collections import defaultdict

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from checks import check, finish  # noqa: E402

ROOT = sys.argv[1]
DATA = os.path.join(ROOT, "core/data/refdata")


def rows(name):
    with open(os.path.join(DATA, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main():
    by_year = rows("municipalities_by_year.csv")
    regions = rows("am_regions.csv")
    am_codes = {r["am_code"] for r in regions}
    check("am_regions.csv has 36 codes for 35 regions (FoodValley twice)",
          len(am_codes) == 36 and len({r["am_name"] for r in regions}) == 35,
          sorted(am_codes))
    gm = re.compile(r"^GM\d{4}$")
    am = re.compile(r"^AM\d{2}$")
    check("every GM and AM code is well formed",
          all(gm.match(r["gm_code"]) and am.match(r["am_code"]) for r in by_year))
    check("every AM code is one of am_regions.csv",
          all(r["am_code"] in am_codes and
              (not r["alt_am_code"] or r["alt_am_code"] in am_codes)
              for r in by_year))
    years = defaultdict(lambda: defaultdict(set))
    for r in by_year:
        years[int(r["year"])][r["gm_code"]].add(r["am_code"])
    check("years 2015 to 2025", sorted(years) == list(range(2015, 2026)),
          sorted(years))
    # AM31 and AM38 are one region.
    same = lambda code: "AM38" if code == "AM31" else code  # noqa: E731
    for year, members in sorted(years.items()):
        check(f"{year}: every municipality in exactly one region",
              all(len(codes) == 1 for codes in members.values()),
              [g for g, c in members.items() if len(c) != 1])
        used = {same(c) for codes in members.values() for c in codes}
        check(f"{year}: 35 regions", len(used) == 35, len(used))
    known = {r["gm_code"] for r in by_year}
    mergers = rows("mergers.csv")
    # Municipalities abolished on 1 January 2015 predate the data.
    check("every merger names known municipalities",
          all(m["new_gm_code"] in known and
              (m["old_gm_code"] in known or m["date"] <= "2015-01-01")
              for m in mergers),
          [m for m in mergers if m["new_gm_code"] not in known][:3])
    spellings = rows("spellings.csv")
    check("every spelling names a known municipality",
          all(s["gm_code"] in known for s in spellings))
    catalog = set()
    with open(os.path.join(ROOT, "core/data/regions.txt"), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                catalog.update(line.split("|")[0].split())
    check("core/data/regions.txt carries exactly these AM codes",
          catalog == am_codes, sorted(catalog ^ am_codes))


if __name__ == "__main__":
    main()
    finish()
