"""The figures a corpus document states: the 35 labour-market regions with
their real municipalities of the year (../shared/refdata) and random but
consistent counts, and the expected-figures file the test compares with.

Every document of the corpus is drawn from a Publication; the test reads
the .tsv written beside the document:
  period      YEAR QUARTER
  CODE  (register)  SIZE  PERCENT
  CODE  MUNICIPALITY  COUNT COUNT COUNT COUNT
with the region's CBS code and the municipalities in the table's order."""

import csv
import pathlib
import random

ROOT = pathlib.Path(__file__).resolve().parents[2]
QUARTER_WORDS = ["Eerste", "Tweede", "Derde", "Vierde"]


def dutch(n):
    """A count as Dutch publications print it: 1.234."""
    return f"{n:,}".replace(",", ".")


def period_words(year, quarter):
    return f"{QUARTER_WORDS[quarter - 1]} kwartaal {year}"


class Region:
    def __init__(self, code, number, name, rows, register):
        self.code, self.number, self.name = code, number, name
        self.rows = rows  # [(municipality, [4 counts])]
        self.register = register

    @property
    def totals(self):
        return [sum(r[1][i] for r in self.rows) for i in range(4)]

    @property
    def in_sonar(self):
        return sum(self.totals)

    @property
    def percent(self):
        return round(100 * self.in_sonar / self.register)

    def sentence(self):
        return (f"In de arbeidsmarktregio {self.name} bevat het "
                f"doelgroepregister in totaal {dutch(self.register)} personen. "
                f"Hiervan is {self.percent}% bekend binnen Sonar.")


class Publication:
    def __init__(self, year, quarter, regions):
        self.year, self.quarter, self.regions = year, quarter, regions

    @property
    def code(self):
        return f"{self.year}Q{self.quarter}"

    @property
    def words(self):
        return period_words(self.year, self.quarter)

    def expected(self):
        lines = [f"period\t{self.year}\t{self.quarter}"]
        for r in self.regions:
            lines.append(f"{r.code}\t(register)\t{r.register}\t{r.percent}")
            for m, counts in r.rows:
                lines.append("\t".join([r.code, m] + [str(c) for c in counts]))
        return "\n".join(lines) + "\n"


def catalog():
    """[([codes, current first], name)] in the order of
    core/data/regions.txt."""
    order = []
    for line in (ROOT / "core/data/regions.txt").read_text(
            encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            fields = [f.strip() for f in line.split("|")]
            order.append((fields[0].split(), fields[1]))
    return order


def draw(refdata, year, quarter, rng, how_many=None):
    """A publication of all 35 regions (or `how_many` of them, chosen at
    random, in catalogue order) with the municipalities of `year`."""
    members = {}
    with open(pathlib.Path(refdata) / f"municipalities_{year}.csv",
              encoding="utf-8") as f:
        for row in csv.DictReader(f):
            members.setdefault(row["am_code"], []).append(row["name"])
    chosen = list(enumerate(catalog(), start=1))
    if how_many is not None:
        chosen = sorted(rng.sample(chosen, how_many))
    regions = []
    for number, (codes, name) in chosen:
        # Under the code the reference data gives it that year, served
        # under its current one.
        held = next(c for c in codes if c in members)
        rows = [(m, [rng.randint(0, 40), rng.randint(5, 400),
                     rng.randint(20, 1500), rng.randint(5, 300)])
                for m in sorted(members[held])]
        code = codes[0]
        in_sonar = sum(sum(c) for _, c in rows)
        register = in_sonar + rng.randint(in_sonar // 10, in_sonar // 2)
        regions.append(Region(code, number, name, rows, register))
    return Publication(year, quarter, regions)


def seeded(name):
    return random.Random(name)
