#include "tests/support/pdf_builder.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
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

void WritePublicationPdf(const std::string& path,
                         const v1::RegionFigures& figures,
                         const PdfLayout& layout) {
  cairo_surface_t* surface =
      cairo_pdf_surface_create(path.c_str(), kPageWidth, kPageHeight);
  ASSERT_EQ(cairo_surface_status(surface), CAIRO_STATUS_SUCCESS) << path;
  cairo_t* cr = cairo_create(surface);
  Page page(cr);
  const int rows = figures.municipalities_size();
  const int first = layout.rows_on_first_page > 0
                        ? std::min(layout.rows_on_first_page, rows)
                        : rows;
  const int pages = first < rows ? 2 : 1;

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
      page.Footer(1, pages);
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
  page.Text(
      kLeft + 4, y,
      absl::StrCat(figures.region().code(), " ", figures.region().name()));
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
  page.Footer(pages, pages);
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  ASSERT_EQ(cairo_surface_status(surface), CAIRO_STATUS_SUCCESS) << path;
  cairo_surface_destroy(surface);
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
