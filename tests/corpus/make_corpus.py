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
python3-reportlab:

  tests/corpus/make_corpus.py REFDATA_DIR [OUT_DIR] [--prefix P] [--count N]

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
        if producer == "openpyxl":
            workbooks.write(publication, style, out / f"{name}.xlsx")
        else:
            saved = work / f"{name}.xlsx"
            workbooks.write(publication, style, saved)
            ext = producer.split("-")[1]
            calc = work / "calc"
            soffice(work, "--convert-to", ext, "--outdir", str(calc),
                    str(saved))
            shutil.copy(calc / f"{name}.{ext}", out / f"{name}.{ext}")
    return f"{name}\t{producer}\t{publication.code}\t" \
        f"{len(publication.regions)} regions\t{vars(style)}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("refdata")
    parser.add_argument("out", nargs="?", default=str(HERE / "documents"))
    parser.add_argument("--prefix", default="c")
    parser.add_argument("--count", type=int, default=DOCUMENTS)
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
            producer = PRODUCERS[k % len(PRODUCERS)]
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
