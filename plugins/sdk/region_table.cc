#include "plugins/sdk/region_table.h"

#include <utility>

#include "plugins/sdk/outcome.h"
#include "plugins/sdk/publication_text.h"
#include "plugins/sdk/register_sentence.h"

namespace tkp::sdk {
namespace {

using plugin::ParseOutcome;
using plugin::RawDocument;
using plugin::RawRow;

constexpr size_t kRegionColumn = 0;
constexpr size_t kNameColumn = 1;
constexpr size_t kFirstCountColumn = 2;

// The region cell, printed as "28 Twente": the number comes first.
void ReadRegionCell(const std::string& cell, int line, RawDocument* doc) {
  const std::vector<std::string_view> words = SplitWords(cell);
  if (words.size() >= 2 && LooksLikeNumber(words[0])) {
    doc->region_code = {std::string(words[0]), line};
    doc->region_names.push_back(
        {CollapseSpaces(cell.substr(words[1].data() - cell.data())), line});
  } else {
    doc->region_names.push_back({CollapseSpaces(cell), line});
  }
}

}  // namespace

bool IsTableDataRow(const std::vector<std::string>& cells) {
  if (cells.size() <= kFirstCountColumn) return false;
  for (size_t c = kFirstCountColumn; c < cells.size(); ++c) {
    if (LooksLikeNumber(cells[c])) return true;
  }
  return false;
}

ParseOutcome ReadRegionTable(const std::vector<CellLine>& rows,
                             const plugin::Origin& origin) {
  RawDocument doc;
  doc.origin = origin;
  size_t i = 0;
  // Skip the prose and the header rows.
  while (i < rows.size() && !IsTableDataRow(rows[i].cells)) ++i;

  for (; i < rows.size(); ++i) {
    const int line = rows[i].line.number;
    if (IsBlank(rows[i].line.text)) continue;
    std::vector<std::string> cells = rows[i].cells;
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
    // Nothing past the region column: the prose after the table.
    if (cells.size() <= kNameColumn) break;
    if (!cells[kRegionColumn].empty()) {
      if (!doc.region_names.empty()) {
        return ParseOutcome::Failure(
            line,
            "a second region (\"" + cells[kRegionColumn] +
                "\") in the region column; one table holds one region",
            origin);
      }
      ReadRegionCell(cells[kRegionColumn], line, &doc);
    }
    if (cells[kNameColumn].empty()) {
      return ParseOutcome::Failure(line, "a row without a municipality name",
                                   origin);
    }
    RawRow row;
    row.line = line;
    row.name = CollapseSpaces(cells[kNameColumn]);
    row.kind = IsRegionTotalRow(row.name) ? RawRow::Kind::kRegionTotal
                                          : RawRow::Kind::kMunicipality;
    // Empty cells are skipped: spreadsheets leave stray ones, and the
    // server checks that what remains adds up.
    size_t last_filled = kFirstCountColumn;
    for (size_t c = kFirstCountColumn; c < cells.size(); ++c) {
      if (!cells[c].empty()) last_filled = c;
    }
    for (size_t c = kFirstCountColumn; c < cells.size(); ++c) {
      if (!cells[c].empty()) {
        row.cells.push_back(cells[c]);
      } else if (c < last_filled) {
        doc.notes.push_back(origin.line_unit + " " + std::to_string(line) +
                            " row \"" + row.name + "\": empty cell in column " +
                            std::to_string(c + 1) + " skipped");
      }
    }
    doc.rows.push_back(std::move(row));
  }

  std::vector<Line> rest;
  for (; i < rows.size(); ++i) rest.push_back(rows[i].line);
  ReadRegisterSentence(rest, 0, &doc);
  return Succeed(std::move(doc));
}

}  // namespace tkp::sdk
