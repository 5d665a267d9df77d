// The publication's PDF itself, as UWV prints it (layout A) or as office
// suites export the layout-B table. Lines are rebuilt from the words'
// positions on the page, and a table's rows from the grid its words stand
// on (plugins/pdf/table_grid.h): counts by the columns their right edges
// line up with, a region column, cells that wrap onto further lines. Lines
// repeated on every page (running headers) and page numbers are left out, so a
// table that continues on the next page reads as one, and pages that carry
// a wide table's further columns are put back beside the first
// (plugins/pdf/page_strips.h). The rest reads as the
// text layout (title, period line, table, TOTAAL AMR, region line, register
// sentence).

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "plugins/api/importer.h"
#include "plugins/pdf/page_strips.h"
#include "plugins/pdf/pdf_text.h"
#include "plugins/pdf/table_grid.h"
#include "plugins/sdk/outcome.h"
#include "plugins/sdk/page_number.h"
#include "plugins/sdk/publication_text.h"
#include "plugins/sdk/stated_period.h"
#include "plugins/sdk/text.h"

namespace tkp::pdf {
namespace {

using plugin::ParseOutcome;

// Lines at the top and at the bottom of a page where running headers and
// footers stand.
constexpr size_t kPageEdgeLines = 2;
// How far, in points, a running header or footer may stand from where it
// stands on another page: office software puts it at the same place.
constexpr double kRunningHeaderSlack = 2.0;

// A page's edges (see ParsePdf): its first or last lines, kPageEdgeLines
// at most, up to a gap of a line's height from the rest; [first, last]
// line indices.
std::vector<std::pair<size_t, size_t>> PageEdges(const PdfText& pdf) {
  std::vector<std::pair<size_t, size_t>> edges;  // [first, last] lines
  const auto gap_after = [&](size_t k) {
    return pdf.lines[k + 1].top - pdf.lines[k].bottom >=
           pdf.lines[k].bottom - pdf.lines[k].top;
  };
  for (size_t first = 0; first < pdf.lines.size();) {
    size_t last = first;
    while (last + 1 < pdf.lines.size() &&
           pdf.lines[last + 1].page == pdf.lines[first].page) {
      ++last;
    }
    for (size_t k = first; k < last && k < first + kPageEdgeLines; ++k) {
      if (!gap_after(k)) continue;
      edges.emplace_back(first, k);
      break;
    }
    for (size_t k = last; k > first && k + kPageEdgeLines > last; --k) {
      if (!gap_after(k - 1)) continue;
      edges.emplace_back(k, last);
      break;
    }
    first = last + 1;
  }
  return edges;
}

// The lines of a table's header that a word processor or a browser repeats
// at the top of each page the table runs onto: where a page continues a
// table (the last row before it is not a TOTAAL AMR row), the lines above
// its first row that stood above a table's first row on an earlier page, or
// whose words all stand in the header of the table it continues (a browser
// sizes the columns of each table anew, so the same header may break into
// other lines). A new region's table, after a TOTAAL AMR row, keeps its
// header.
std::set<size_t> RepeatedTableHeaders(const PdfText& pdf,
                                      const CountColumns& columns) {
  std::set<size_t> repeated;
  // The text of the lines on earlier pages that stood above a table's
  // first row, or above the first row of a page (not a wrapped name's part
  // inside a table: the same part may start the next page's first row).
  std::set<std::string> seen;
  // The words of the open table's header: the lines close above its first
  // row (a header's rows stand less than half a line apart).
  std::set<std::string, std::less<>> header_words;
  const auto header_of = [&](size_t first_row) {
    header_words.clear();
    for (size_t k = first_row; k-- > 0;) {
      const TextLine& line = pdf.lines[k];
      const TextLine& below = pdf.lines[k + 1];
      if (line.page != below.page ||
          below.top - line.bottom >= (line.bottom - line.top) / 2) {
        break;
      }
      for (const Word& w : line.words) header_words.insert(w.text);
    }
  };
  const auto in_header = [&](const TextLine& line) {
    return !line.words.empty() &&
           std::all_of(
               line.words.begin(), line.words.end(),
               [&](const Word& w) { return header_words.contains(w.text); });
  };
  bool table_open = false;  // the last row so far was not TOTAAL AMR
  for (size_t i = 0; i < pdf.lines.size();) {
    const int page = pdf.lines[i].page;
    size_t end = i;
    while (end < pdf.lines.size() && pdf.lines[end].page == page) ++end;
    bool before_first_row = true;
    std::set<std::string> header_zone;  // this page's lines where one may be
    for (size_t j = i; j < end; ++j) {
      const TextLine& line = pdf.lines[j];
      const bool row = SplitByColumns(line, columns).numbers.size() >= 2;
      if (!row && (before_first_row || !table_open)) {
        header_zone.insert(sdk::CollapseSpaces(line.text));
      }
      if (row) {
        // "TOTAAL" above "AMR 132 1.555 ...": the label of the total row,
        // wrapped in its cell, is no header even where it stood before.
        const bool label_above =
            j > i &&
            sdk::IsRegionTotalRow(pdf.lines[j - 1].text + " " + line.text);
        if (before_first_row && label_above) repeated.erase(j - 1);
        // "TOTAAL 132 1.555 ..." above "AMR", or "TOTAAL" and "AMR" above
        // and below the counts: the label wrapped the other way.
        const std::string above = j > i ? pdf.lines[j - 1].text : "";
        const std::string first_word(sdk::SplitWords(line.text).front());
        const bool label_below =
            j + 1 < end &&
            (sdk::IsRegionTotalRow(first_word + " " + pdf.lines[j + 1].text) ||
             sdk::IsRegionTotalRow(above + " " + pdf.lines[j + 1].text));
        if (!table_open) header_of(j);
        before_first_row = false;
        table_open =
            !sdk::IsRegionTotalRow(line.text) && !label_above && !label_below;
      } else if (before_first_row && table_open &&
                 (seen.contains(sdk::CollapseSpaces(line.text)) ||
                  in_header(line)) &&
                 !sdk::FindStatedPeriod(line.text)) {
        repeated.insert(j);
      }
    }
    seen.insert(header_zone.begin(), header_zone.end());
    i = end;
  }
  return repeated;
}

class PdfImporter final : public plugin::Importer {
 public:
  plugin::ImporterInfo Info() const noexcept override {
    plugin::ImporterInfo info{
        "pdf",
        "1.3.0",
        "The publication's PDF, read by the position of its words (poppler)",
        {"the publication PDF, one region after another"}};
    info.input = plugin::ImporterInfo::Input::kBytes;
    return info;
  }

  int Identify(std::string_view bytes) const noexcept override {
    // The header may follow a little junk; PDF readers allow 1024 bytes.
    return bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos ? 95
                                                                         : 0;
  }

  ParseOutcome Parse(std::string_view bytes,
                     const plugin::ParseHints& hints) const noexcept override {
    return sdk::GuardParse("pdf", [&] { return ParsePdf(bytes, hints); });
  }

 private:
  static ParseOutcome ParsePdf(std::string_view bytes,
                               const plugin::ParseHints& hints) {
    std::variant<PdfText, std::string> read = ReadPdfText(bytes);
    if (auto* error = std::get_if<std::string>(&read)) {
      return ParseOutcome::Failure(0, *error);
    }
    PdfText& pdf = std::get<PdfText>(read);
    JoinColumnStrips(pdf);

    // Running headers and footers: text at the top or bottom of a page that
    // stands on more than one page at the same distance from the page's edge
    // (a repeated period line is kept; the reader checks it agrees). Text
    // repeated elsewhere is read: it may be a figure, or the last line of a
    // sentence under a table ("is 83% bekend binnen Sonar."), which ends
    // where the table does.
    // A page's edge: its first or last lines (kPageEdgeLines at most) up to
    // a gap of a line's height from the rest, as a header or footer stands
    // apart from the body. The last line of a paragraph does not. Each edge
    // is a block, left out whole or not at all: the sentence under a table
    // on a page of its own stands apart, and its last line ("personen.
    // Hiervan is 70% bekend binnen Sonar.") may stand alike on another
    // page while its first, with the register's size, does not.
    const std::vector<std::pair<size_t, size_t>> edges = PageEdges(pdf);
    // From the nearer edge: the top for a header, the bottom for a footer.
    const auto from_edge = [&](const TextLine& line) {
      const double height =
          static_cast<size_t>(line.page) <= pdf.page_heights.size()
              ? pdf.page_heights[line.page - 1]
              : 0;
      return line.top < height / 2 ? line.top : height - line.bottom;
    };
    // By text: each page it stands on, and where.
    std::map<std::string, std::vector<std::pair<int, double>>> places;
    for (const TextLine& line : pdf.lines) {
      places[sdk::CollapseSpaces(line.text)].emplace_back(line.page,
                                                          from_edge(line));
    }
    const auto on_other_pages_alike = [&](const TextLine& line) {
      const double here = from_edge(line);
      const auto& where = places[sdk::CollapseSpaces(line.text)];
      return std::any_of(where.begin(), where.end(), [&](const auto& place) {
        return place.first != line.page &&
               std::abs(place.second - here) <= kRunningHeaderSlack;
      });
    };
    // The lines of the edges that are page furniture throughout.
    std::set<size_t> running_edges;
    for (const auto& [first, last] : edges) {
      bool furniture = pdf.pages > 1;
      for (size_t k = first; k <= last && furniture; ++k) {
        furniture = on_other_pages_alike(pdf.lines[k]) ||
                    sdk::IsPageFurniture(pdf.lines[k].text);
      }
      for (size_t k = first; k <= last && furniture; ++k) {
        running_edges.insert(k);
      }
    }
    const CountColumns columns = FindColumns(pdf.lines);
    const std::set<size_t> repeated_headers =
        RepeatedTableHeaders(pdf, columns);
    std::set<size_t> at_page_edges;
    for (const auto& [first, last] : edges) {
      for (size_t k = first; k <= last; ++k) at_page_edges.insert(k);
    }
    plugin::Origin origin;
    std::vector<NumberedLine> kept;
    int previous_page = 0;
    for (size_t i = 0; i < pdf.lines.size(); ++i) {
      const TextLine& line = pdf.lines[i];
      const int number = static_cast<int>(i) + 1;
      if (line.page != previous_page) {
        origin.page_first_lines.push_back(number);
        previous_page = line.page;
      }
      // A row of counts is never a running header, even where the same
      // figures stand at the same place on two pages.
      const bool running_header =
          running_edges.contains(i) && !sdk::FindStatedPeriod(line.text) &&
          SplitByColumns(line, columns).numbers.size() < 2;
      // A page number stands at the page's edge, apart from the rest; a
      // number alone on a line elsewhere may be a region cell's code, its
      // name on the lines below.
      if (running_header || repeated_headers.contains(i) ||
          (at_page_edges.contains(i) && sdk::IsPageFurniture(line.text))) {
        continue;
      }
      kept.push_back({&line, number});
    }
    // The tables' rows from the words' positions; lines that went into a
    // row (a wrapped name, a region cell) are no longer lines of their own.
    const TableGrid grid = BuildGrid(kept, columns);
    std::vector<sdk::Line> lines;
    std::map<int, const TextLine*> by_number;
    for (const NumberedLine& numbered : kept) {
      if (grid.joined.contains(numbered.number)) continue;
      lines.push_back({numbered.line->text, numbered.number});
      by_number[numbered.number] = numbered.line;
    }
    ParseOutcome outcome = sdk::ReadPublications(
        lines,
        [&](const sdk::Line& line) {
          if (auto row = grid.rows.find(line.number); row != grid.rows.end()) {
            return row->second;
          }
          return SplitByColumns(*by_number.at(line.number), columns);
        },
        origin);
    // A period stated where the reader does not look for one: a title
    // "... – 2024Q3", the file's name.
    if (outcome.ok) {
      if (auto contradiction = sdk::TakeStatedPeriod(&outcome.documents, "",
                                                     hints.file_name, origin)) {
        return *contradiction;
      }
    }
    if (outcome.ok && pdf.encrypted) {
      outcome.documents.front().notes.push_back(
          "the PDF is encrypted (with an owner password only, so its text "
          "is readable)");
    }
    return outcome;
  }
};

}  // namespace
}  // namespace tkp::pdf

TKP_EXPORT_IMPORTER(tkp::pdf::PdfImporter)
