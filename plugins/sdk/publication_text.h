// Reads the publication in its printed reading order, as its PDF shows it:
// a title, a period-and-region line ("Tweede kwartaal 2020 Twente"), one
// row per municipality, the "TOTAAL AMR" row, a line with the region's
// number and name, then the register sentence and prose.
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

// Reads a line as a table row; a line that is not one gives no numbers.
using RowSplitter = std::function<NameAndNumbers(const Line&)>;

// The document the lines hold, or the line where the table breaks off.
plugin::ParseOutcome ReadPublication(const std::vector<Line>& lines,
                                     const RowSplitter& split_row,
                                     const plugin::Origin& origin = {});

}  // namespace tkp::sdk

#endif  // TKP_PLUGINS_SDK_PUBLICATION_TEXT_H_
