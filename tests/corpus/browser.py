"""A publication as a web page, which Chromium prints to PDF the way a
user's "Print > Save as PDF" does. What varies (a Style): the region cell
beside the first row, merged down the region's rows (rowspan), or on a
row of its own; one or two header rows (Chromium repeats a <thead> on
every page); a narrow region column so names wrap; the period in a
heading, or only in the page's <title>, which Chromium prints in its own
running header beside the date (its footer is the file's URL and the
page number); a page per region or the tables one after another."""

from html import escape

from model import dutch

ONE_HEADER = ("Arbeidsmarktregio", "Gemeente", "Gemeente met profiel",
              "Gemeente zonder profiel", "UWV met profiel",
              "UWV zonder profiel", "Totaal in Sonar")

CSS = """body { font-family: sans-serif; font-size: 10pt; }
table { border-collapse: collapse; margin-top: 0.4cm; width: 17cm; }
td, th { border: 1px solid #444; padding: 2px 4px; }
td.n { text-align: right; }
th { background: #ddd; }
td.region { width: %(region_cm)scm; }
.break { break-before: page; }"""


def head(two):
    if not two:
        return ("<thead><tr>" + "".join(f"<th>{t}</th>" for t in ONE_HEADER)
                + "</tr></thead>")
    return ('<thead><tr><th rowspan="2">Arbeidsmarktregio</th>'
            '<th rowspan="2">Gemeente</th>'
            '<th colspan="2">Gemeenteklanten in Sonar</th>'
            '<th colspan="2">UWV-klanten in Sonar</th>'
            '<th rowspan="2">Totaal in Sonar</th></tr><tr>'
            "<th>Met profiel</th><th>Zonder profiel</th>"
            "<th>Met profiel</th><th>Zonder profiel</th></tr></thead>")


def region_table(region, style, page_break):
    label = escape(f"{region.number} {region.name}")
    rows = list(region.rows) + [("TOTAAL AMR", region.totals)]
    out = [f'<table{" class=break" if page_break else ""}>',
           head(style.two_header_rows), "<tbody>"]
    if style.region_cell == "own-row":
        out.append(f'<tr><td class="region">{label}</td>' +
                   "<td></td>" * 6 + "</tr>")
    for k, (m, counts) in enumerate(rows):
        if style.region_cell == "merged":
            first = (f'<td class="region" rowspan="{len(rows) - 1}">{label}'
                     "</td>" if k == 0 else
                     "<td></td>" if k == len(rows) - 1 else "")
        else:
            text = label if k == 0 and style.region_cell == "beside" else ""
            first = f'<td class="region">{text}</td>'
        out.append("<tr>" + first + f"<td>{escape(m)}</td>" +
                   "".join(f'<td class="n">{dutch(c)}</td>' for c in counts) +
                   f'<td class="n">{dutch(sum(counts))}</td></tr>')
    out.append("</tbody></table>")
    out.append(f"<p>{escape(region.sentence())}</p>")
    return out


def page(publication, style):
    title = "Transparantie van klantprofielen"
    body = [f"<h1>{title}</h1>"]
    if style.period_in_title:
        body.append(f"<h2>{publication.words}</h2>")
    if style.title_page:
        body.append("<p>Deze pagina is verzonnen, met de echte gemeenten van "
                    "elke arbeidsmarktregio en willekeurige maar kloppende "
                    f"aantallen, voor {len(publication.regions)} regio's. "
                    "Sinds 2015 werken gemeenten en UWV samen in 35 "
                    "regio's.</p>")
    for k, region in enumerate(publication.regions):
        body += region_table(region, style, style.page_per_region and k > 0)
    # The <title> is what Chromium prints in its running header.
    page_title = title + (f" – {publication.words}"
                          if style.period_in_header else "")
    css = CSS % {"region_cm": style.region_cm}
    if getattr(style, "css_running_header", False):
        # Engines that print no <title> (WeasyPrint) set a running header
        # from CSS paged media.
        css += ('\n@page { @top-center { content: "%s"; font-size: 8pt; } }'
                % page_title)
    return (f'<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">'
            f"<title>{escape(page_title)}</title><style>"
            f"{css}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")
