#include "plugins/sdk/region_table.h"

#include <optional>
#include <string>
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

// Reads one region's rows from rows[*i] (a data row) to its TOTAAL AMR row,
// or to the first row with nothing past the region column. Leaves *i after
// the last row read.
std::optional<ParseOutcome> ReadTable(const std::vector<CellLine>& rows,
                                      const plugin::Origin& origin, size_t* i,
                                      RawDocument* doc) {
  for (; *i < rows.size(); ++*i) {
    const int line = rows[*i].line.number;
    if (IsBlank(rows[*i].line.text)) continue;
    std::vector<std::string> cells = rows[*i].cells;
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
    // Nothing past the region column: the prose after the table.
    if (cells.size() <= kNameColumn) break;
    if (!cells[kRegionColumn].empty()) {
      if (!doc->region_names.empty() || !doc->region_code.empty()) {
        return ParseOutcome::Failure(
            line,
            "a second region (\"" + cells[kRegionColumn] +
                "\") in the region column before the TOTAAL AMR row of the "
                "first; each region's table ends with its TOTAAL AMR row",
            origin);
      }
      ReadRegionCell(cells[kRegionColumn], line, doc);
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
        doc->notes.push_back(origin.line_unit + " " + std::to_string(line) +
                             " row \"" + row.name +
                             "\": empty cell in column " +
                             std::to_string(c + 1) + " skipped");
      }
    }
    const bool total = row.kind == RawRow::Kind::kRegionTotal;
    doc->rows.push_back(std::move(row));
    if (total) {
      // A row straight after the total without a region of its own still
      // belongs here (the server refuses it); anything else ends the table.
      const size_t next = *i + 1;
      if (next < rows.size() && IsTableDataRow(rows[next].cells) &&
          rows[next].cells[kRegionColumn].empty()) {
        continue;
      }
      ++*i;
      break;
    }
  }
  return std::nullopt;
}

}  // namespace

void ReadRegionCell(const std::string& cell, int line, RawDocument* doc) {
  const std::vector<std::string_view> words = SplitWords(cell);
  if (words.size() == 1 && LooksLikeRegionCode(words[0])) {
    doc->region_code = {std::string(words[0]), line};
  } else if (words.size() >= 2 && LooksLikeRegionCode(words[0])) {
    doc->region_code = {std::string(words[0]), line};
    doc->region_names.push_back(
        {CollapseSpaces(cell.substr(words[1].data() - cell.data())), line});
  } else {
    doc->region_names.push_back({CollapseSpaces(cell), line});
  }
}

bool IsTableDataRow(const std::vector<std::string>& cells) {
  if (cells.size() <= kFirstCountColumn) return false;
  for (size_t c = kFirstCountColumn; c < cells.size(); ++c) {
    if (LooksLikeNumber(cells[c])) return true;
  }
  return false;
}

ParseOutcome ReadRegionTables(const std::vector<CellLine>& rows,
                              const plugin::Origin& origin) {
  std::vector<RawDocument> documents;
  RawDocument doc;
  doc.origin = origin;
  size_t i = 0;
  while (i < rows.size()) {
    // The prose and the header rows before the table.
    for (; i < rows.size() && !IsTableDataRow(rows[i].cells); ++i) {
      KeepUnread(rows[i].line, &doc);
    }
    if (i == rows.size()) break;
    if (std::optional<ParseOutcome> failure =
            ReadTable(rows, origin, &i, &doc)) {
      return *failure;
    }
    // Up to the next table: the register sentence and prose.
    size_t next = i;
    while (next < rows.size() && !IsTableDataRow(rows[next].cells)) ++next;
    std::vector<Line> tail;
    for (size_t r = i; r < next; ++r) {
      tail.push_back(rows[r].line);
      KeepUnread(rows[r].line, &doc);
    }
    ReadRegisterSentence(tail, 0, &doc);
    i = next;
    documents.push_back(std::move(doc));
    doc = RawDocument();
    doc.origin = origin;
  }
  if (documents.empty()) {
    documents.push_back(std::move(doc));
  } else {
    // Prose after the last table's sentence.
    std::vector<plugin::Located>& last = documents.back().unread;
    last.insert(last.end(), doc.unread.begin(), doc.unread.end());
  }
  return Succeed(std::move(documents));
}

}  // namespace tkp::sdk
