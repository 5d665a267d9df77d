"""A publication in long format, one row per municipality, as open data,
Excel users and tkp's own export write it. What varies (a Style): the
headers in Dutch or English and their order; the period as one column or
as year and quarter; the region by CBS code, name and/or number; the
separator (; , or tab); UTF-8 with or without a byte-order mark, or
UTF-16 as Excel's "Unicode Text"."""

import csv
import io

COLUMNS = {  # key: (Dutch, English)
    "period": ("Kwartaal", "period"),
    "year": ("Jaar", "year"),
    "quarter": ("Kwartaalnummer", "quarter"),
    "region_code": ("AMR-code", "region_cbs_code"),
    "region_name": ("Arbeidsmarktregio", "region_name"),
    "region_number": ("Regionummer", "region_number"),
    "municipality": ("Gemeente", "municipality_name"),
    "m_with": ("Gemeente met profiel", "municipality_with_profile"),
    "m_without": ("Gemeente zonder profiel", "municipality_without_profile"),
    "u_with": ("UWV met profiel", "uwv_with_profile"),
    "u_without": ("UWV zonder profiel", "uwv_without_profile"),
    "total": ("Totaal in Sonar", "total"),
    "register": ("Omvang doelgroepregister", "register_size"),
    "percent": ("% bekend in Sonar", "stated_coverage_percent"),
}


def write(publication, style, rng, out):
    keys = (["period"] if style.period_column else ["year", "quarter"])
    keys += style.region_keys + ["municipality", "m_with", "m_without",
                                 "u_with", "u_without", "total", "register",
                                 "percent"]
    rng.shuffle(keys)
    language = 0 if style.dutch else 1
    text = io.StringIO()
    writer = csv.writer(text, delimiter=style.separator, lineterminator="\r\n")
    writer.writerow([COLUMNS[k][language] for k in keys])
    for region in publication.regions:
        for m, counts in region.rows:
            values = {
                "period": publication.code, "year": publication.year,
                "quarter": publication.quarter, "region_code": region.code,
                "region_name": region.name, "region_number": region.number,
                "municipality": m, "m_with": counts[0],
                "m_without": counts[1], "u_with": counts[2],
                "u_without": counts[3], "total": sum(counts),
                "register": region.register, "percent": region.percent,
            }
            writer.writerow([values[k] for k in keys])
    data = text.getvalue()
    if style.encoding == "utf-16":
        raw = data.encode("utf-16")  # with a byte-order mark
    elif style.encoding == "utf-8-sig":
        raw = data.encode("utf-8-sig")
    else:
        raw = data.encode("utf-8")
    with open(out, "wb") as f:
        f.write(raw)
