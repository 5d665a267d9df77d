// Where the names begin in text that keeps a table's columns (`pdftotext
// -layout`), and the region cell split off a row's name by it. Internal to
// the SDK (plugins/sdk/publication_text.h reads with it).

#ifndef TKP_PLUGINS_SDK_NAME_COLUMN_H_
#define TKP_PLUGINS_SDK_NAME_COLUMN_H_

#include <map>
#include <vector>

#include "plugins/sdk/publication_text.h"
#include "plugins/sdk/text.h"

namespace tkp::sdk {

// The column (in characters) at which most rows' names begin where that
// is not the start of the line: in text that keeps a table's columns
// (`pdftotext -layout`), the left edge of the name column beside a region
// column. -1 when fewer than three rows agree on one.
int NameColumn(const std::vector<Line>& lines, const RowSplitter& split_row);

// The column at which the name cell begins, line by line: the table's
// (NameColumn), except on the lines of a wrapped name that a full region
// cell beside it pushed further left than SplitOffRegionCell's slack
// ("16                   Edam-" above a row of counts alone and
// "Zaanstreek/Waterland Volendam" below it, the names' column six
// characters to the right). `pdftotext -layout` keeps one cell's lines at
// one left edge: two neighbouring lines, a row and a line of a cell's
// parts beside it, or two lines of parts with counts alone between them,
// with a word without digits beginning at the same column, in the right
// half of the region column, a region cell's words before it on one of
// them, give that column to both.
struct NameColumns {
  int table = -1;
  std::map<int, int> crowded;  // by line number

  int At(const Line& line) const;
};
NameColumns FindNameColumns(const std::vector<Line>& lines,
                            const RowSplitter& split_row);

// A region cell beside a row's name: where the row begins left of the name
// column, the word at the name column (give or take four characters:
// pdftotext shifts columns a little from table to table) after a gap
// begins the name; where no word does and all ends left of it, all is the
// region cell. A cell so full that no column gap is left before the name
// ("18 Noord-Holland Alkmaar", "Zaanstreek/Waterland Purmerend"): the word
// that begins nearest the column, at most four characters
// before it, begins the name. What stands before it is the region cell.
void SplitOffRegionCell(const Line& line, int name_column, NameAndNumbers* row);

}  // namespace tkp::sdk

#endif  // TKP_PLUGINS_SDK_NAME_COLUMN_H_
