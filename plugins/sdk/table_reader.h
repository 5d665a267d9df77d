// One region's table among a publication's lines (sdk::ReadPublications):
// the period line, the municipality rows with the parts their cells wrap
// onto, TOTAAL AMR and the region line. The SDK's own; not installed.

#ifndef TKP_PLUGINS_SDK_TABLE_READER_H_
#define TKP_PLUGINS_SDK_TABLE_READER_H_

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "plugins/api/importer.h"
#include "plugins/sdk/publication_text.h"
#include "plugins/sdk/text.h"

namespace tkp::sdk {

// Reads one region's table from lines[*i]: the period line (if any; what
// comes before it is title and prose), the municipality rows, TOTAAL AMR
// and the region line. Leaves *i after the region line. A document
// without rows means no table follows. `headings` are the lines seen above
// tables so far (a table that runs onto a new page repeats them); the
// name column is NameColumn's.
std::optional<plugin::ParseOutcome> ReadTableOfLines(
    const std::vector<Line>& lines, const RowSplitter& split_row,
    int name_column, const plugin::Origin& origin, size_t* i,
    std::set<std::string>* headings, plugin::RawDocument* doc);

}  // namespace tkp::sdk

#endif  // TKP_PLUGINS_SDK_TABLE_READER_H_
