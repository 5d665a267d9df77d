// Reads the publication in its printed reading order, as its PDF shows it:
// a title, a period-and-region line ("Tweede kwartaal 2020 Twente"), one
// row per municipality, the "TOTAAL AMR" row, a line with the region's
// number (or CBS code) and name, then the register sentence and prose --
// once per region: a national document prints them one after another.
//
// Shared by the importers that see that order (text extracted from the PDF,
// and the PDF itself); they differ only in how a line splits into a name
// and its numbers.

#ifndef TKP_PLUGINS_SDK_PUBLICATION_TEXT_H_
#define TKP_PLUGINS_SDK_PUBLICATION_TEXT_H_

#include <functional>
#include <string_view>
#include <vector>

#include "plugins/api/importer.h"
#include "plugins/sdk/text.h"

namespace tkp::sdk {

inline constexpr std::string_view kRegionTotalLabel = "TOTAAL AMR";

// True when the line starts with the TOTAAL AMR label.
bool IsRegionTotalRow(std::string_view text);

// Adds a non-blank line to the document's `unread` (the server looks them
// over for table data no table took in).
void KeepUnread(const Line& line, plugin::RawDocument* doc);

// Reads a line as a table row; a line that is not one gives no numbers.
using RowSplitter = std::function<NameAndNumbers(const Line&)>;

// One document per region table the lines hold, in order, or the line
// where a table breaks off. Every other non-blank line goes into a
// document's `unread` (the server refuses what looks like table data
// there). A region's table ends at its region line; the next begins at the
// next period line or row of counts.
plugin::ParseOutcome ReadPublications(const std::vector<Line>& lines,
                                      const RowSplitter& split_row,
                                      const plugin::Origin& origin = {});

}  // namespace tkp::sdk

#endif  // TKP_PLUGINS_SDK_PUBLICATION_TEXT_H_
