// The columns of a long-format table (one row per municipality and
// quarter), recognised by their headers in Dutch or English, in any order
// and any spelling office software, open-data portals and tkp's own export
// give them: "period", "Kwartaal", "region_cbs_code", "Arbeidsmarktregio",
// "Gemeente met profiel", "municipalityWithProfile", "Omvang
// doelgroepregister", ...

#ifndef TKP_PLUGINS_LONG_FORMAT_LONG_COLUMNS_H_
#define TKP_PLUGINS_LONG_FORMAT_LONG_COLUMNS_H_

#include <string>
#include <string_view>
#include <vector>

namespace tkp::long_format {

enum class Column {
  kPeriod,        // "2023Q4"
  kYear,          // 2023
  kQuarter,       // 4, "Q4", or a whole period "2023Q4"
  kRegionCode,    // the CBS code "AM09", or UWV's number when it is one
  kRegionNumber,  // UWV's number "9"
  kRegionName,
  kMunicipalityName,
  kMunicipalityCode,  // "GM0141": not read; tkp resolves the names itself
  kMunicipalityWithProfile,
  kMunicipalityWithoutProfile,
  kUwvWithProfile,
  kUwvWithoutProfile,
  kTotal,
  kRegisterSize,
  kStatedPercent,
  kSource,  // tkp's export: the source file and its hash, not figures
  kUnknown,
};

// The first of the five counts, in the order a region table prints them;
// the others follow it in the enum.
inline constexpr int kFirstCount =
    static_cast<int>(Column::kMunicipalityWithProfile);
inline constexpr int kCountColumns = 5;

// What a header (or a JSON key: "regionCbsCode") names; kUnknown when it
// names nothing tkp reads.
Column ClassifyHeader(std::string_view header);

// The column in words, for messages: "the municipality's name".
std::string ColumnWords(Column column);

// The columns of `found` that a long-format table needs and lacks, in
// words; empty when it has them all (a municipality's name, the five
// counts, a period or a year and quarter, and something naming the region).
std::vector<std::string> MissingColumns(const std::vector<Column>& found);

}  // namespace tkp::long_format

#endif  // TKP_PLUGINS_LONG_FORMAT_LONG_COLUMNS_H_
