#include "plugins/sdk/spreadsheet.h"

#include <cmath>
#include <cstdio>
#include <optional>
#include <utility>

#include "plugins/sdk/outcome.h"
#include "plugins/sdk/region_table.h"
#include "plugins/sdk/stated_period.h"

namespace tkp::sdk {
namespace {

using plugin::ParseOutcome;

plugin::Origin OriginOf(const Sheet& sheet) {
  plugin::Origin origin;
  origin.part = "sheet \"" + sheet.name + "\"";
  origin.line_unit = "row";
  return origin;
}

// The sheet as rows of cells (column A first), each with its cells' text
// joined, for the sentences around the table. Not copyable: the rows view
// the texts.
struct SheetRows {
  explicit SheetRows(const Sheet& sheet) {
    texts.reserve(sheet.rows.size());
    for (const auto& [number, cells] : sheet.rows) {
      if (cells.empty()) continue;
      CellLine row;
      row.cells.resize(static_cast<size_t>(cells.rbegin()->first) + 1);
      std::string text;
      for (const auto& [column, cell] : cells) {
        row.cells[static_cast<size_t>(column)] = cell.text;
        if (!text.empty()) text += ' ';
        text += cell.text;
      }
      texts.push_back(std::move(text));
      row.line = {texts.back(), number};
      rows.push_back(std::move(row));
    }
  }
  SheetRows(const SheetRows&) = delete;
  SheetRows& operator=(const SheetRows&) = delete;

  std::vector<std::string> texts;  // reserved up front: never reallocates
  std::vector<CellLine> rows;
};

bool HasTable(const std::vector<CellLine>& rows) {
  for (const CellLine& row : rows) {
    if (IsTableDataRow(row.cells)) return true;
  }
  return false;
}

// The first formula error in the sheet, as a failure.
std::optional<ParseOutcome> FormulaError(const Sheet& sheet) {
  for (const auto& [number, cells] : sheet.rows) {
    for (const auto& [column, cell] : cells) {
      if (!cell.error) continue;
      return ParseOutcome::Failure(
          number,
          "cell " + CellName(number, column) + " holds the formula error " +
              cell.text +
              "; fix the formula in the spreadsheet (or paste the values) "
              "and import again",
          OriginOf(sheet));
    }
  }
  return std::nullopt;
}

// The formulas without a stored result in the sheet, as a failure that
// names them (the first few) and says how to store the results.
std::optional<ParseOutcome> FormulasNotCalculated(const Sheet& sheet) {
  constexpr size_t kNamed = 5;
  std::vector<std::string> named;
  size_t count = 0;
  int first_row = 0;
  for (const auto& [number, cells] : sheet.rows) {
    for (const auto& [column, cell] : cells) {
      if (!cell.not_calculated) continue;
      if (count++ == 0) first_row = number;
      if (named.size() < kNamed) named.push_back(CellName(number, column));
    }
  }
  if (count == 0) return std::nullopt;
  std::string cells;
  for (const std::string& name : named) {
    cells += (cells.empty() ? "" : ", ") + name;
  }
  if (count > named.size()) {
    cells += " and " + std::to_string(count - named.size()) + " more";
  }
  return ParseOutcome::Failure(
      first_row,
      (count == 1 ? "cell " : "cells ") + cells +
          (count == 1 ? " holds a formula" : " hold formulas") +
          " without a stored result (the file was written by a program that "
          "does not calculate, such as openpyxl), so "
          "the figures are unknown; open the file in Excel or LibreOffice "
          "and save it again, so the results are stored, then import it",
      OriginOf(sheet));
}

}  // namespace

std::string CellName(int row, int column) {
  std::string letters;
  for (int c = column + 1; c > 0; c = (c - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  }
  return letters + std::to_string(row);
}

std::string NumberText(double value) {
  char buffer[32];
  if (std::floor(value) == value && std::fabs(value) < 1e15) {
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.15g", value);
  }
  return buffer;
}

ParseOutcome ReadSheets(const std::vector<Sheet>& sheets,
                        const plugin::ParseHints& hints,
                        const std::string& what) {
  const auto all_names = [&] {
    std::string all;
    for (const Sheet& sheet : sheets) {
      all += (all.empty() ? "\"" : ", \"") + sheet.name + "\"";
    }
    return all;
  };
  std::vector<plugin::RawDocument> documents;
  std::vector<std::string> skipped;
  bool sheet_found = hints.part.empty();
  for (const Sheet& sheet : sheets) {
    if (!hints.part.empty() && sheet.name != hints.part) continue;
    sheet_found = true;
    if (std::optional<ParseOutcome> unknown = FormulasNotCalculated(sheet)) {
      return *unknown;
    }
    const SheetRows sheet_rows(sheet);
    const std::vector<CellLine>& rows = sheet_rows.rows;
    if (!HasTable(rows)) {
      if (!hints.part.empty()) {
        return ParseOutcome::Failure(0, "holds no table of counts",
                                     OriginOf(sheet));
      }
      skipped.push_back("\"" + sheet.name + "\"");
      continue;
    }
    if (std::optional<ParseOutcome> error = FormulaError(sheet)) {
      return *error;
    }
    ParseOutcome outcome = ReadRegionTables(rows, OriginOf(sheet));
    if (!outcome.ok) return outcome;
    if (std::optional<ParseOutcome> contradiction = TakeStatedPeriod(
            &outcome.documents, sheet.name, hints.file_name, OriginOf(sheet))) {
      return *contradiction;
    }
    for (plugin::RawDocument& doc : outcome.documents) {
      documents.push_back(std::move(doc));
    }
  }
  if (!sheet_found) {
    return ParseOutcome::Failure(0, "the " + what + " has no sheet \"" +
                                        hints.part + "\"; it has " +
                                        all_names());
  }
  if (documents.empty()) {
    return ParseOutcome::Failure(0,
                                 "no sheet holds a table of counts (looked "
                                 "at " +
                                     all_names() + "); is this the right " +
                                     what + "?");
  }
  for (const std::string& name : skipped) {
    documents.front().notes.push_back("sheet " + name +
                                      " holds no table; skipped");
  }
  return Succeed(std::move(documents));
}

}  // namespace tkp::sdk
