#include "tests/support/pdf_builder.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/dutch_count.h"
#include "plugins/sdk/text.h"

namespace tkp::testing {
namespace {

constexpr double kPageWidth = 595;  // A4, points
constexpr double kPageHeight = 842;
constexpr double kLeft = 50;
constexpr double kLineHeight = 16;
// Right edges of the five count columns.
constexpr std::array<double, 5> kColumns = {290, 345, 400, 455, 530};
// Points between the two impressions of overprinted (faked bold) text.
constexpr double kOverprintOffset = 0.3;

class Page {
 public:
  explicit Page(cairo_t* cr) : cr_(cr) {
    cairo_select_font_face(cr_, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
  }

  void Text(double x, double y, const std::string& text, double size = 10) {
    cairo_set_font_size(cr_, size);
    cairo_move_to(cr_, x, y);
    cairo_show_text(cr_, text.c_str());
  }
  void RightAligned(double right, double y, const std::string& text) {
    cairo_set_font_size(cr_, 10);
    cairo_text_extents_t extents;
    cairo_text_extents(cr_, text.c_str(), &extents);
    Text(right - extents.x_advance, y, text);
  }
  // A municipality row (or TOTAAL AMR), kept until the page's table is
  // drawn.
  void Row(double y, const std::string& name, const v1::ClientCounts& c) {
    const std::array<int64_t, 5> values = {
        c.municipality_with_profile(), c.municipality_without_profile(),
        c.uwv_with_profile(), c.uwv_without_profile(), c.total()};
    TableRow row{y, {name}};
    for (int64_t value : values) row.cells.push_back(FormatDutchCount(value));
    rows_.push_back(std::move(row));
  }
  // Draws the rows kept so far, row by row or column by column.
  void Table(const PdfLayout& layout) {
    const std::vector<double> offsets =
        layout.table_overprinted ? std::vector<double>{0, kOverprintOffset}
                                 : std::vector<double>{0};
    const auto draw = [&](const TableRow& row, size_t column) {
      for (double offset : offsets) {
        if (column == 0) {
          Text(kLeft + offset, row.y, row.cells[0]);
        } else {
          RightAligned(kColumns[column - 1] + offset, row.y, row.cells[column]);
        }
      }
    };
    const size_t columns = kColumns.size() + 1;
    if (layout.table_by_columns) {
      for (size_t column = 0; column < columns; ++column) {
        for (const TableRow& row : rows_) draw(row, column);
      }
    } else {
      for (const TableRow& row : rows_) {
        for (size_t column = 0; column < columns; ++column) draw(row, column);
      }
    }
    rows_.clear();
  }
  // The running header every page repeats, and the column titles.
  double Header(double y) {
    Text(kLeft, y, "Transparantie van klantprofielen", 16);
    y += 2 * kLineHeight;
    return y;
  }
  double ColumnTitles(double y) {
    Text(kLeft, y, "Gemeente");
    const std::array<const char*, 5> titles = {
        "Gem. met", "Gem. zonder", "UWV met", "UWV zonder", "Totaal"};
    for (size_t i = 0; i < titles.size(); ++i) {
      RightAligned(kColumns[i], y, titles[i]);
    }
    return y + kLineHeight * 1.5;
  }
  void Footer(int page, int pages) {
    Text(kPageWidth / 2 - 30, kPageHeight - 40,
         absl::StrCat("Pagina ", page, " van ", pages), 8);
  }

 private:
  struct TableRow {
    double y;
    std::vector<std::string> cells;  // the name, then the five counts
  };

  cairo_t* cr_;
  std::vector<TableRow> rows_;
};

}  // namespace

namespace {

int PagesOf(const v1::RegionFigures& figures, const PdfLayout& layout) {
  return layout.rows_on_first_page > 0 &&
                 layout.rows_on_first_page < figures.municipalities_size()
             ? 2
             : 1;
}

// Draws one region from a new page on; *page_number counts the pages.
void DrawRegion(cairo_t* cr, Page& page, const v1::RegionFigures& figures,
                const PdfLayout& layout, int* page_number, int pages) {
  const int rows = figures.municipalities_size();
  const int first = layout.rows_on_first_page > 0
                        ? std::min(layout.rows_on_first_page, rows)
                        : rows;
  double y = page.Header(70);
  page.Text(kLeft, y,
            absl::StrCat(sdk::PeriodPhrase(figures.period().year(),
                                           figures.period().quarter()),
                         " ", figures.region().name()),
            12);
  y += 2 * kLineHeight;
  y = page.ColumnTitles(y);
  for (int i = 0; i < rows; ++i) {
    if (i == first) {
      page.Table(layout);
      page.Footer((*page_number)++, pages);
      cairo_show_page(cr);
      y = page.ColumnTitles(page.Header(70));
    }
    page.Row(y, figures.municipalities(i).name(),
             figures.municipalities(i).counts());
    y += kLineHeight;
  }
  page.Row(y, "TOTAAL AMR", figures.totals());
  page.Table(layout);
  y += kLineHeight;
  // The printed number if the figures have one, else the CBS code.
  const std::string code = figures.region().code() > 0
                               ? absl::StrCat(figures.region().code())
                               : figures.region().cbs_code();
  page.Text(kLeft + 4, y, absl::StrCat(code, " ", figures.region().name()));
  y += 2 * kLineHeight;
  page.Text(kLeft, y,
            absl::StrCat("Niet iedereen staat in Sonar. In de "
                         "arbeidsmarktregio ",
                         figures.region().name(), " bevat het"));
  y += kLineHeight;
  page.Text(
      kLeft, y,
      absl::StrCat("doelgroepregister banenafspraak in totaal ",
                   FormatDutchCount(figures.register_size()),
                   " personen. Hiervan is ", figures.stated_coverage_percent(),
                   "% bekend binnen Sonar."));
  y += 2 * kLineHeight;
  page.Text(kLeft, y, "Over deze cijfers", 12);
  y += kLineHeight;
  page.Text(kLeft, y, "Een testdocument van tkp, getekend met cairo.");
  page.Footer((*page_number)++, pages);
  cairo_show_page(cr);
}

}  // namespace

void WritePublicationsPdf(const std::string& path,
                          const std::vector<v1::RegionFigures>& regions,
                          const PdfLayout& layout) {
  cairo_surface_t* surface =
      cairo_pdf_surface_create(path.c_str(), kPageWidth, kPageHeight);
  ASSERT_EQ(cairo_surface_status(surface), CAIRO_STATUS_SUCCESS) << path;
  cairo_t* cr = cairo_create(surface);
  Page page(cr);
  int pages = 0;
  for (const v1::RegionFigures& figures : regions) {
    pages += PagesOf(figures, layout);
  }
  int page_number = 1;
  for (const v1::RegionFigures& figures : regions) {
    DrawRegion(cr, page, figures, layout, &page_number, pages);
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  ASSERT_EQ(cairo_surface_status(surface), CAIRO_STATUS_SUCCESS) << path;
  cairo_surface_destroy(surface);
}

void WritePublicationPdf(const std::string& path,
                         const v1::RegionFigures& figures,
                         const PdfLayout& layout) {
  WritePublicationsPdf(path, {figures}, layout);
}

std::string PlainPublicationPdf(const v1::RegionFigures& figures) {
  // Helvetica's advance widths, in thousandths of the font size.
  const auto width = [](const std::string& text) {
    double w = 0;
    for (char c : text) w += (c == '.' || c == ',') ? 278 : 556;
    return w * 10 / 1000;
  };
  std::string content;
  double y = kPageHeight - 70;
  const auto text = [&](double x, const std::string& words) {
    absl::StrAppend(&content, "BT /F1 10 Tf ", x, " ", y, " Td (", words,
                    ") Tj ET\n");
  };
  const auto row = [&](const std::string& name, const v1::ClientCounts& c) {
    text(kLeft, name);
    const std::array<int64_t, 5> values = {
        c.municipality_with_profile(), c.municipality_without_profile(),
        c.uwv_with_profile(), c.uwv_without_profile(), c.total()};
    for (size_t i = 0; i < values.size(); ++i) {
      const std::string cell = FormatDutchCount(values[i]);
      text(kColumns[i] - width(cell), cell);
    }
    y -= kLineHeight;
  };
  text(kLeft, "Transparantie van klantprofielen");
  y -= 2 * kLineHeight;
  text(kLeft, absl::StrCat(sdk::PeriodPhrase(figures.period().year(),
                                             figures.period().quarter()),
                           " ", figures.region().name()));
  y -= 2 * kLineHeight;
  for (const v1::Municipality& m : figures.municipalities()) {
    row(m.name(), m.counts());
  }
  row("TOTAAL AMR", figures.totals());
  text(kLeft + 4,
       absl::StrCat(figures.region().code(), " ", figures.region().name()));
  y -= 2 * kLineHeight;
  text(kLeft,
       absl::StrCat("In de arbeidsmarktregio ", figures.region().name(),
                    " bevat het doelgroepregister in totaal ",
                    FormatDutchCount(figures.register_size()), " personen."));

  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      absl::StrCat("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ", kPageWidth,
                   " ", kPageHeight,
                   "] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R "
                   ">>"),
      absl::StrCat("<< /Length ", content.size(), " >>\nstream\n", content,
                   "endstream"),
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    absl::StrAppend(&pdf, i + 1, " 0 obj\n", objects[i], "\nendobj\n");
  }
  const size_t xref = pdf.size();
  absl::StrAppend(&pdf, "xref\n0 ", objects.size() + 1,
                  "\n0000000000 65535 f \n");
  for (size_t offset : offsets) {
    absl::StrAppend(&pdf, absl::StrFormat("%010d 00000 n \n", offset));
  }
  absl::StrAppend(&pdf, "trailer\n<< /Size ", objects.size() + 1,
                  " /Root 1 0 R >>\nstartxref\n", xref, "\n%%EOF\n");
  return pdf;
}

void WriteScannedPdf(const std::string& path) {
  cairo_surface_t* surface =
      cairo_pdf_surface_create(path.c_str(), kPageWidth, kPageHeight);
  cairo_t* cr = cairo_create(surface);
  // A "scanned" page: pixels only.
  cairo_surface_t* scan =
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, 200, 100);
  cairo_t* pen = cairo_create(scan);
  cairo_set_source_rgb(pen, 1, 1, 1);
  cairo_paint(pen);
  cairo_set_source_rgb(pen, 0, 0, 0);
  for (int i = 0; i < 8; ++i) {
    cairo_rectangle(pen, 10, 10 + i * 10, 150 - i * 9, 4);
  }
  cairo_fill(pen);
  cairo_destroy(pen);
  cairo_scale(cr, 2.5, 2.5);
  cairo_set_source_surface(cr, scan, 10, 10);
  cairo_paint(cr);
  cairo_surface_destroy(scan);
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  ASSERT_EQ(cairo_surface_status(surface), CAIRO_STATUS_SUCCESS) << path;
  cairo_surface_destroy(surface);
}

}  // namespace tkp::testing
