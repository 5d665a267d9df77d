"""A publication as a PDF a script writes with ReportLab (platypus), as a
data team might: a title, the tables with their header repeated on every
page they run onto, names that wrap in a narrow column, and a page footer.
What varies (a Style): the cells set at the top, the middle or the bottom
of their rows (ReportLab's default is the bottom); the region cell beside
the first row, merged down the region's rows, or on a row of its own; one
or two header rows; the period in the title or only in the page header; a
page per region or the tables one after another."""

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (PageBreak, Paragraph, SimpleDocTemplate,
                                Spacer, Table, TableStyle)

from model import dutch

ONE_HEADER = ["Arbeidsmarktregio", "Gemeente", "Gemeente met profiel",
              "Gemeente zonder profiel", "UWV met profiel",
              "UWV zonder profiel", "Totaal in Sonar"]


def write(publication, style, out):
    styles = getSampleStyleSheet()
    cell = styles["BodyText"].clone("cell", fontSize=8, leading=9.5)
    head = cell.clone("head", fontName="Helvetica-Bold")

    def p(text, s=cell):
        return Paragraph(text, s)

    story = [Paragraph("Transparantie van klantprofielen", styles["Title"])]
    if style.period_in_title:
        story.append(Paragraph(publication.words, styles["Heading2"]))
    for k, region in enumerate(publication.regions):
        if k > 0 and style.page_per_region:
            story.append(PageBreak())
        if style.two_header_rows:
            header = [[p("Arbeidsmarktregio", head), p("Gemeente", head),
                       p("Gemeenteklanten in Sonar", head), "",
                       p("UWV-klanten in Sonar", head), "",
                       p("Totaal in Sonar", head)],
                      ["", "", p("Met profiel", head), p("Zonder profiel", head),
                       p("Met profiel", head), p("Zonder profiel", head), ""]]
            spans = [("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)),
                     ("SPAN", (2, 0), (3, 0)), ("SPAN", (4, 0), (5, 0)),
                     ("SPAN", (6, 0), (6, 1))]
        else:
            header = [[p(t, head) for t in ONE_HEADER]]
            spans = []
        first = len(header)
        label = p(f"{region.number} {region.name}")
        body = []
        if style.region_cell == "own-row":
            body.append([label] + [""] * 6)
        rows = list(region.rows) + [("TOTAAL AMR", region.totals)]
        for r, (m, counts) in enumerate(rows):
            beside = r == 0 and style.region_cell in ("beside", "merged")
            body.append([label if beside else "", p(m)] +
                        [dutch(c) for c in counts] + [dutch(sum(counts))])
        if style.region_cell == "merged":
            spans.append(("SPAN", (0, first),
                          (0, first + len(region.rows) - 1)))
        table = Table(header + body, repeatRows=len(header),
                      colWidths=[style.region_cm * cm, 2.6 * cm] +
                      [2.0 * cm] * 5)
        table.setStyle(TableStyle(spans + [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, first - 1), colors.lightgrey),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("ALIGN", (2, first), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), style.valign)]))
        story += [Spacer(1, 0.3 * cm), table, Spacer(1, 0.2 * cm),
                  Paragraph(region.sentence(), styles["BodyText"])]

    header_text = "Transparantie van klantprofielen" + (
        f" – {publication.words}" if style.period_in_header else "")

    def furniture(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(2 * cm, A4[1] - 1.2 * cm, header_text)
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"Pagina {doc.page}")
        canvas.restoreState()

    SimpleDocTemplate(str(out), pagesize=A4, topMargin=2 * cm,
                      bottomMargin=2 * cm, leftMargin=2 * cm,
                      rightMargin=2 * cm, title=header_text).build(
        story, onFirstPage=furniture, onLaterPages=furniture)
