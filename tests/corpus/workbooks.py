"""A publication as a workbook written with openpyxl, as a script at UWV
or a municipality might (counts as numbers), which LibreOffice Calc may
then open and save again as .ods or .xlsx. What varies (a Style): a sheet
per region or every region stacked in one sheet; the period in a title
cell (as a code or in words) or in the sheet names; one or two header
rows (the group headings merged over their columns); the region cell
beside the first row or merged down the region's rows; and, for a
workbook to be printed to PDF, its columns and pages set up for print."""

from openpyxl import Workbook
from openpyxl.styles import Alignment

ONE_HEADER = ["Arbeidsmarktregio", "Gemeente", "Gemeente met profiel",
              "Gemeente zonder profiel", "UWV met profiel",
              "UWV zonder profiel", "Totaal in Sonar"]
TWO_HEADERS = [["Arbeidsmarktregio", "Gemeente", "Gemeenteklanten in Sonar",
                None, "UWV-klanten in Sonar", None, "Totaal in Sonar"],
               [None, None, "Met profiel", "Zonder profiel", "Met profiel",
                "Zonder profiel", None]]


class Rows:
    """Appends rows, counting them: openpyxl's max_row skips empty ones."""

    def __init__(self, sheet):
        self.sheet, self.next = sheet, 1

    def __call__(self, cells=()):
        for column, value in enumerate(cells, start=1):
            if value not in (None, ""):
                self.sheet.cell(row=self.next, column=column, value=value)
        self.next += 1


def header(sheet, add, two):
    if not two:
        add(ONE_HEADER)
        return
    first = add.next
    for cells in TWO_HEADERS:
        add(cells)
    sheet.merge_cells(f"C{first}:D{first}")
    sheet.merge_cells(f"E{first}:F{first}")


def region_rows(sheet, add, region, merged, for_print=False):
    label = f"{region.number} {region.name}"
    top = add.next
    rows = list(region.rows) + [("TOTAAL AMR", region.totals)]
    for k, (m, counts) in enumerate(rows):
        add([label if k == 0 else None, m] + counts + [sum(counts)])
    if merged:
        sheet.merge_cells(f"A{top}:A{add.next - 2}")
        if for_print:
            sheet[f"A{top}"].alignment = Alignment(vertical="center",
                                                    wrap_text=True)
    add()
    if for_print:
        # Set to be printed: the sentence wraps in a cell across the table.
        sheet.merge_cells(f"A{add.next}:G{add.next}")
        sheet[f"A{add.next}"].alignment = Alignment(wrap_text=True,
                                                    vertical="top")
        sheet.row_dimensions[add.next].height = 30
    add([region.sentence()])


def fit_for_print(sheet):
    """Columns wide enough for their text, on landscape pages one wide, as
    someone who prints a workbook sets it up."""
    for column, width in zip("ABCDEFG", (16, 24, 12, 12, 12, 12, 12)):
        sheet.column_dimensions[column].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0


def title_text(publication, style):
    if style.period_in_title == "code":
        return f"Transparantie van klantprofielen – {publication.code}"
    if style.period_in_title == "words":
        return f"Transparantie van klantprofielen, {publication.words.lower()}"
    return "Transparantie van klantprofielen"


def write(publication, style, out):
    book = Workbook()
    book.remove(book.active)
    if style.stacked:
        sheet = book.create_sheet("Alle regio's")
        add = Rows(sheet)
        add([title_text(publication, style)])
        add()
        header(sheet, add, style.two_header_rows)
        for region in publication.regions:
            region_rows(sheet, add, region, style.region_cell == "merged",
                        style.for_print)
            add()
        if style.for_print:
            fit_for_print(sheet)
    else:
        for region in publication.regions:
            name = region.name.replace("/", "-")[:24]
            sheet = book.create_sheet(f"{publication.code} {name}"
                                      if style.period_in_sheet_names else name)
            add = Rows(sheet)
            add([title_text(publication, style)])
            add()
            header(sheet, add, style.two_header_rows)
            region_rows(sheet, add, region, style.region_cell == "merged",
                        style.for_print)
            if style.for_print:
                fit_for_print(sheet)
    book.save(out)
