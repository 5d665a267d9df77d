"""A publication as LibreOffice Writer's flat XML (.fodt), which Writer
then exports to PDF. What varies (a Style): the region cell beside the
first row, merged down the region's rows, or on a row of its own above
them; one or two header rows, repeated on every page a table runs onto;
column widths that make names wrap; the period in the title, in a running
page header, or both; a title page with prose that holds numbers; page
footers "Pagina N van M"; a page break before each region or none."""

from xml.sax.saxutils import escape

from model import dutch

ONE_HEADER = ("Arbeidsmarktregio", "Gemeente", "Gemeente met profiel",
              "Gemeente zonder profiel", "UWV met profiel",
              "UWV zonder profiel", "Totaal in Sonar")


def cell(text, style="C", attrs=""):
    paragraph = "Num" if style == "N" else "P"
    return (f'<table:table-cell table:style-name="{style}"{attrs}>'
            f'<text:p text:style-name="{paragraph}">{escape(text)}</text:p>'
            "</table:table-cell>")


def header_rows(two):
    if not two:
        return ("<table:table-header-rows><table:table-row>" +
                "".join(cell(t, "H") for t in ONE_HEADER) +
                "</table:table-row></table:table-header-rows>")
    spanned = ' table:number-rows-spanned="2"'
    pair = ' table:number-columns-spanned="2"'
    return ("<table:table-header-rows><table:table-row>"
            + cell("Arbeidsmarktregio", "H", spanned)
            + cell("Gemeente", "H", spanned)
            + cell("Gemeenteklanten in Sonar", "H", pair)
            + "<table:covered-table-cell/>"
            + cell("UWV-klanten in Sonar", "H", pair)
            + "<table:covered-table-cell/>"
            + cell("Totaal in Sonar", "H", spanned)
            + "</table:table-row><table:table-row>"
            + "<table:covered-table-cell/><table:covered-table-cell/>"
            + "".join(cell(t, "H") for t in ("Met profiel", "Zonder profiel",
                                             "Met profiel", "Zonder profiel"))
            + "<table:covered-table-cell/></table:table-row>"
            "</table:table-header-rows>")


def styles(region_cm):
    return f"""<office:automatic-styles>
<style:page-layout style:name="pm1"><style:page-layout-properties
 fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.2cm"
 fo:margin-bottom="1.2cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
<style:header-style><style:header-footer-properties fo:min-height="0.5cm"
 fo:margin-bottom="0.5cm"/></style:header-style>
<style:footer-style><style:header-footer-properties fo:min-height="0.5cm"
 fo:margin-top="0.5cm"/></style:footer-style></style:page-layout>
<style:style style:name="P" style:family="paragraph"><style:text-properties
 fo:font-size="9pt"/></style:style>
<style:style style:name="Num" style:family="paragraph"><style:paragraph-properties
 fo:text-align="end"/><style:text-properties fo:font-size="9pt"/></style:style>
<style:style style:name="Title" style:family="paragraph"><style:text-properties
 fo:font-size="20pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Sub" style:family="paragraph"><style:text-properties
 fo:font-size="14pt"/></style:style>
<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties
 fo:margin-top="0.2cm" fo:margin-bottom="0.2cm"/></style:style>
<style:style style:name="Break" style:family="paragraph"><style:paragraph-properties
 fo:break-before="page"/></style:style>
<style:style style:name="T" style:family="table"><style:table-properties
 style:width="17cm" table:align="left" fo:margin-top="0.3cm"/></style:style>
<style:style style:name="CA" style:family="table-column"><style:table-column-properties
 style:column-width="{region_cm}cm"/></style:style>
<style:style style:name="CB" style:family="table-column"><style:table-column-properties
 style:column-width="3.4cm"/></style:style>
<style:style style:name="CN" style:family="table-column"><style:table-column-properties
 style:column-width="2.2cm"/></style:style>
<style:style style:name="C" style:family="table-cell"><style:table-cell-properties
 fo:border="0.5pt solid #000000" fo:padding="0.05cm"/></style:style>
<style:style style:name="N" style:family="table-cell"><style:table-cell-properties
 fo:border="0.5pt solid #000000" fo:padding="0.05cm"/></style:style>
<style:style style:name="H" style:family="table-cell"><style:table-cell-properties
 fo:border="0.5pt solid #000000" fo:padding="0.05cm" fo:background-color="#dddddd"/>
</style:style>
</office:automatic-styles>"""


def region_table(region, style):
    """One region's table: its rows, TOTAAL AMR, and the register sentence."""
    label = f"{region.number} {region.name}"
    out = [f'<table:table table:name="Regio{region.number}" '
           'table:style-name="T">',
           '<table:table-column table:style-name="CA"/>',
           '<table:table-column table:style-name="CB"/>',
           '<table:table-column table:style-name="CN" '
           'table:number-columns-repeated="5"/>',
           header_rows(style.two_header_rows)]
    rows = [(m, counts) for m, counts in region.rows]
    rows.append(("TOTAAL AMR", region.totals))
    if style.region_cell == "own-row":
        out.append("<table:table-row>" + cell(label) +
                   "".join(cell("") for _ in range(6)) + "</table:table-row>")
    for k, (m, counts) in enumerate(rows):
        if style.region_cell == "merged":
            first = (cell(label, "C",
                          f' table:number-rows-spanned="{len(rows) - 1}"')
                     if k == 0 else
                     cell("") if k == len(rows) - 1 else
                     "<table:covered-table-cell/>")
        else:
            first = cell(label if k == 0 and style.region_cell == "beside"
                         else "")
        out.append("<table:table-row>" + first + cell(m) +
                   "".join(cell(dutch(c), "N") for c in counts) +
                   cell(dutch(sum(counts)), "N") + "</table:table-row>")
    out.append("</table:table>")
    out.append(f'<text:p text:style-name="Body">{escape(region.sentence())}'
               "</text:p>")
    return out


def fodt(publication, style):
    title = "Transparantie van klantprofielen"
    body = [f'<text:p text:style-name="Title">{title}</text:p>']
    if style.period_in_title:
        body.append(f'<text:p text:style-name="Sub">{publication.words}'
                    "</text:p>")
    if style.title_page:
        body += [
            '<text:p text:style-name="Body">Deze publicatie is verzonnen, '
            "met de echte gemeenten van elke arbeidsmarktregio en "
            "willekeurige maar kloppende aantallen. Zij beschrijft voor "
            f"{len(publication.regions)} arbeidsmarktregio's hoeveel mensen "
            "uit de doelgroep banenafspraak bekend zijn in Sonar.</text:p>",
            '<text:p text:style-name="Body">Sinds 2015 werken gemeenten en '
            "UWV samen in 35 regio's. Op 1 januari 2024 telde het land 342 "
            "gemeenten.</text:p>",
            '<text:p text:style-name="Body">Bron: UWV en gemeenten, '
            f"bewerking {publication.year}</text:p>",
            '<text:p text:style-name="Break"/>']
    for k, region in enumerate(publication.regions):
        if style.page_per_region and k > 0:
            body.append('<text:p text:style-name="Break"/>')
        body += region_table(region, style)
    header = title + (f" – {publication.words}"
                      if style.period_in_header else "")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
{styles(style.region_cm)}
<office:master-styles><style:master-page style:name="Standard"
 style:page-layout-name="pm1">
<style:header><text:p text:style-name="P">{escape(header)}</text:p></style:header>
<style:footer><text:p text:style-name="P">Pagina <text:page-number text:select-page="current">1</text:page-number> van <text:page-count>1</text:page-count></text:p></style:footer>
</style:master-page></office:master-styles>
<office:body><office:text>
{chr(10).join(body)}
</office:text></office:body></office:document>
"""
