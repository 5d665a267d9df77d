#!/usr/bin/python3
"""Writes the corpus: documents made the way publishers and analysts make
them, by software nobody here wrote, each with the figures it states, so
that corpus_test imports every one and compares every figure.

Each document is drawn at random (seeded by its name, so a rerun draws the
same figures and styles) along every axis the producers' modules name:
the producer (LibreOffice Writer's PDF export, Chromium's print to PDF,
ReportLab, openpyxl, LibreOffice Calc's .ods and .xlsx, long-format CSV
and UTF-16 text), the pdftotext -layout of every PDF, one region, a few or all 35,
the quarter (2016-2025, with that year's municipalities), and the layout.

Run by hand (CI only reads the results); needs libreoffice-writer-nogui,
libreoffice-calc-nogui, chromium, poppler-utils, python3-openpyxl and
python3-reportlab, and for the other producers weasyprint, wkhtmltopdf,
abiword and gnumeric:

  tests/corpus/make_corpus.py REFDATA_DIR [OUT_DIR] [--prefix P] [--count N]
      [--producers corpus|others]

  tests/corpus/documents: make_corpus.py REFDATA_DIR
  tests/corpus/others:    make_corpus.py REFDATA_DIR tests/corpus/others \
                              --prefix o --count 18 --producers others

OUT_DIR defaults to tests/corpus/documents, which it empties first. The
prefix (default "c") names the documents and seeds what is drawn: another
prefix draws a corpus the reader was never tuned on, to measure it with
(TKP_CORPUS_DOCUMENTS=OUT_DIR build/tests/corpus_test)."""

import argparse
import pathlib
import shutil
import subprocess
import tempfile
import types

import browser
import long_format
import model
import reportlab_pdf
import workbooks
import writer

HERE = pathlib.Path(__file__).resolve().parent
PRODUCERS = ["writer", "writer", "chromium", "chromium", "openpyxl",
             "calc-ods", "calc-xlsx", "long", "reportlab", "reportlab"]
# Producers the reader was not written against, to measure how it
# generalises (--producers others): other HTML engines printing the same
# page, other spreadsheet programs saving the same workbook, a
# spreadsheet printed to PDF, and the text pdftotext pulls out of each PDF.
OTHERS = ["weasyprint", "wkhtmltopdf", "abiword", "calc-pdf", "calc-xls",
          "gnumeric-xls", "gnumeric-ods", "gnumeric-xlsx", "gnumeric-pdf"]
DOCUMENTS = 32


def table_style(rng):
    """What a table-drawing producer varies."""
    in_title = rng.random() < 0.6
    return types.SimpleNamespace(
        region_cell=rng.choice(["beside", "beside", "merged", "own-row"]),
        two_header_rows=rng.random() < 0.6,
        region_cm=rng.choice([1.6, 2.2, 2.6, 3.4]),
        period_in_title=in_title,
        # Stated somewhere, at least once.
        period_in_header=(not in_title) or rng.random() < 0.5,
        title_page=rng.random() < 0.5,
        page_per_region=rng.random() < 0.5)


def workbook_style(rng):
    stacked = rng.random() < 0.4
    in_sheet_names = not stacked and rng.random() < 0.3
    return types.SimpleNamespace(
        stacked=stacked,
        period_in_sheet_names=in_sheet_names,
        period_in_title=(None if in_sheet_names
                         else rng.choice(["code", "words"])),
        two_header_rows=rng.random() < 0.6,
        region_cell="merged" if stacked or rng.random() < 0.3 else "beside")


def long_style(rng):
    region_keys = rng.choice([["region_code"], ["region_name"],
                              ["region_code", "region_name"],
                              ["region_number", "region_name"],
                              ["region_code", "region_name",
                               "region_number"]])
    return types.SimpleNamespace(
        period_column=rng.random() < 0.6, region_keys=region_keys,
        dutch=rng.random() < 0.5, separator=rng.choice([";", ",", "\t"]),
        encoding=rng.choice(["utf-8", "utf-8-sig", "utf-16"]))


def run(*command, cwd=None):
    subprocess.run(command, check=True, cwd=cwd, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def soffice(work, *args):
    run("soffice", f"-env:UserInstallation=file://{work}/profile",
        "--headless", *args)


def to_pdf_text(pdf):
    run("pdftotext", "-layout", str(pdf), str(pdf.with_suffix(".txt")))


def produce(name, producer, publication, rng, out, work):
    """Writes the document(s) `name`.* in `out`; returns a line that says
    how it was made."""
    if producer == "writer":
        style = table_style(rng)
        source = work / f"{name}.fodt"
        source.write_text(writer.fodt(publication, style), encoding="utf-8")
        soffice(work, "--convert-to", "pdf", "--outdir", str(out),
                str(source))
        to_pdf_text(out / f"{name}.pdf")
    elif producer == "chromium":
        style = table_style(rng)
        source = work / f"{name}.html"
        source.write_text(browser.page(publication, style), encoding="utf-8")
        run("chromium", "--headless", "--no-sandbox", "--disable-gpu",
            f"--user-data-dir={work}/chromium",
            f"--print-to-pdf={out / f'{name}.pdf'}", source.as_uri())
        to_pdf_text(out / f"{name}.pdf")
    elif producer in ("weasyprint", "wkhtmltopdf", "abiword"):
        style = table_style(rng)
        # These print no <title>: WeasyPrint's running header comes from
        # CSS; AbiWord and Debian's wkhtmltopdf (its Qt unpatched) print
        # none, so the title states the period.
        style.css_running_header = producer == "weasyprint"
        if producer != "weasyprint":
            style.period_in_title = True
        source = work / f"{name}.html"
        source.write_text(browser.page(publication, style), encoding="utf-8")
        pdf = out / f"{name}.pdf"
        if producer == "weasyprint":
            run("weasyprint", str(source), str(pdf))
        elif producer == "wkhtmltopdf":
            run("wkhtmltopdf", "--quiet", str(source), str(pdf))
        else:
            run("abiword", f"--to={pdf}", str(source))
        to_pdf_text(pdf)
    elif producer == "reportlab":
        style = table_style(rng)
        style.valign = rng.choice(["TOP", "MIDDLE", "BOTTOM"])
        reportlab_pdf.write(publication, style, out / f"{name}.pdf")
        to_pdf_text(out / f"{name}.pdf")
    elif producer == "long":
        style = long_style(rng)
        ext = "txt" if style.encoding == "utf-16" else "csv"
        long_format.write(publication, style, rng, out / f"{name}.{ext}")
    else:
        style = workbook_style(rng)
        style.for_print = producer.endswith("-pdf")
        if style.for_print and style.period_in_sheet_names:
            # A printed sheet shows no sheet name: the title states it.
            style.period_in_sheet_names = False
            style.period_in_title = rng.choice(["code", "words"])
        if producer == "openpyxl":
            workbooks.write(publication, style, out / f"{name}.xlsx")
        else:
            saved = work / f"{name}.xlsx"
            workbooks.write(publication, style, saved)
            program, ext = producer.split("-")
            converted = work / "converted"
            converted.mkdir(exist_ok=True)
            if program == "calc":
                soffice(work, "--convert-to", ext, "--outdir",
                        str(converted), str(saved))
            else:
                run("ssconvert", str(saved), str(converted / f"{name}.{ext}"))
            shutil.copy(converted / f"{name}.{ext}", out / f"{name}.{ext}")
            if ext == "pdf":
                to_pdf_text(out / f"{name}.pdf")
    return f"{name}\t{producer}\t{publication.code}\t" \
        f"{len(publication.regions)} regions\t{vars(style)}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("refdata")
    parser.add_argument("out", nargs="?", default=str(HERE / "documents"))
    parser.add_argument("--prefix", default="c")
    parser.add_argument("--count", type=int, default=DOCUMENTS)
    parser.add_argument("--producers", choices=["corpus", "others"],
                        default="corpus",
                        help="the corpus's producers, or the others")
    args = parser.parse_args()
    refdata = pathlib.Path(args.refdata).resolve()
    out = pathlib.Path(args.out).resolve()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    made = []
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        for k in range(args.count):
            producers = PRODUCERS if args.producers == "corpus" else OTHERS
            producer = producers[k % len(producers)]
            name = f"{args.prefix}{k + 1:02d}-{producer}"
            rng = model.seeded(name)
            year, quarter = rng.randint(2016, 2025), rng.randint(1, 4)
            how_many = rng.choice([None, None, 1, 3])
            publication = model.draw(refdata, year, quarter, rng, how_many)
            (out / f"{name}.tsv").write_text(publication.expected(),
                                             encoding="utf-8")
            made.append(produce(name, producer, publication, rng, out, work))
            print(made[-1], flush=True)
    (out / "MADE").write_text(
        "# How each document was made (make_corpus.py)\n" +
        "\n".join(made) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
