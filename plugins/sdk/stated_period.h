// The period a table's surroundings state, for documents whose tables do
// not (layout B in a workbook or CSV): a title or heading line ("Transparantie
// van klantprofielen – 2024Q3", "Derde kwartaal 2024"), the sheet's name, or
// the file's name ("twente-2024Q3.xlsx"). The one place that decides where
// a publisher may put the period outside the table.

#ifndef TKP_PLUGINS_SDK_STATED_PERIOD_H_
#define TKP_PLUGINS_SDK_STATED_PERIOD_H_

#include <optional>
#include <string_view>
#include <vector>

#include "plugins/api/importer.h"
#include "plugins/sdk/text.h"

namespace tkp::sdk {

// A period written as a code ("2024Q3", "2024-Q3") or in words ("Derde
// kwartaal 2024"), anywhere in `text`.
std::optional<YearQuarter> FindStatedPeriod(std::string_view text);

// Gives each document that names no period the one stated around its
// table: in the lines it did not read as table data (its `unread`), else in
// `part_name` (a sheet's name), else in `file_name`. Every statement in the
// lines and the part's name must agree, and the file name with them; a
// disagreement is a failure naming both places (the publication's period
// is not to be guessed). Documents that name their period keep it.
std::optional<plugin::ParseOutcome> TakeStatedPeriod(
    std::vector<plugin::RawDocument>* documents, std::string_view part_name,
    std::string_view file_name, const plugin::Origin& origin = {});

}  // namespace tkp::sdk

#endif  // TKP_PLUGINS_SDK_STATED_PERIOD_H_
