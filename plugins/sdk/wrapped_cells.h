// Whether a line of text is more of a table cell that wrapped: the rest of
// a row's name below it, its first line above it, more of the region cell
// beside it. The reading-order reader (plugins/sdk/publication_text.h)
// asks these of the lines between a table's rows. Internal to the SDK.

#ifndef TKP_PLUGINS_SDK_WRAPPED_CELLS_H_
#define TKP_PLUGINS_SDK_WRAPPED_CELLS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/sdk/text.h"

namespace tkp::sdk {

// Counts on a line that make it a row of a table (four and the total;
// three where a cell is empty, which the server then refuses with the row
// named).
inline constexpr size_t kCountsOfARow = 3;

// The words one line of a wrapped cell (a name's, or a region cell's)
// holds at most; a line with both side by side, twice as many.
inline constexpr size_t kMaxCellLineWords = 4;

// Whether `rest` could be what a cell too narrow for it wrapped onto a
// line of its own: a few words without digits.
bool IsWrappedPart(std::string_view rest);

// Whether `line` (no numbers on it) is the rest of the name of the row on
// `row_line`, wrapped in its cell: it stands in the name's column (as
// `pdftotext -layout` keeps the columns of a table whose cells wrap) and
// is a few words without digits. `printed`: the name as the row's line
// holds it. The name's column is where it begins on that line, or
// `table_column` (NameColumn), where the other rows' names begin:
// pdftotext sets a crowded line's words a little left of their column.
bool ContinuesName(const Line& row_line, const std::string& printed,
                   int table_column, const Line& line);

// Whether `line` (no numbers on it) is more of the region cell beside the
// row on `row_line` ("en Noordwest" below "5 Stedendriehoek"): a few words
// without digits that begin left of the row's name, `name`, and end left
// of it or of `table_column`, where the other rows' names begin. Where
// `code_allowed`, a whole cell with its code ("3 Drenthe") is one too.
bool ContinuesRegionCell(const Line& row_line, const std::string& name,
                         int table_column, const Line& line,
                         bool code_allowed = false);

// More of the region cell beside the row on `row_line` and, from the
// name's column on, more of its name, side by side on one line
// ("Rijnland           den Rijn" below "19 Holland  Alphen aan"): the two
// parts, or nullopt. `printed` and `table_column` as for ContinuesName.
struct CellAndName {
  std::string_view cell, name;
};
std::optional<CellAndName> SplitCellAndName(const Line& row_line,
                                            const std::string& printed,
                                            int table_column, const Line& line);

// Whether `text` could be a line of a region cell: words without digits,
// the first of them perhaps the region's code ("16", "AM05"). A period
// line ("Derde kwartaal 2019") is none.
bool IsRegionCellPart(std::string_view text);

// Whether `text` is a whole region cell with its code ("3 Drenthe", "AM05
// Twente"): a code, then a few words without digits.
bool IsCodedCell(std::string_view text);

// Whether `above` (the line right above a table's first row) is the first
// line of the row's name, wrapped in a cell set at the bottom or middle of
// its row: a word broken at its hyphen ("Borger-") in the name's column. A
// heading never ends in a hyphen.
bool BeginsNameAbove(const Line& above, const Line& row_line,
                     const std::string& name);

// Whether `part` repeats words of a region cell's `cell` text, in order:
// its words, where a word the cell joined at a hyphen counts as its two
// pieces ("Brabant" repeats "27 West-Brabant", "Noord" does not repeat
// "Noord-Holland": the hyphen stays with the first piece).
bool RepeatsCellText(std::string_view part, std::string_view cell);

// A region cell's text put back together from the parts it is printed in,
// in order. A spreadsheet prints a region cell merged over rows that run
// onto the next page again on that page (Calc, Gnumeric): a part that
// begins with the region's code once the cell has text starts that second
// print, and the parts after it that repeat a line of the cell belong to
// it; neither is added. A region's name never goes on with a number.
class RegionCellText {
 public:
  // `may_be_print_again`: the part stands where the cell's second print
  // may begin without its code (its lines past a page's top edge), so it
  // is dropped where it repeats a line of the cell.
  void Add(std::string_view part, bool may_be_print_again = false);

  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::vector<std::string> printed_;  // the parts added, as printed
  bool printing_again_ = false;
};

}  // namespace tkp::sdk

#endif  // TKP_PLUGINS_SDK_WRAPPED_CELLS_H_
