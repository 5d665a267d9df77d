#include "plugins/long_format/long_table.h"

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "core/count_rule.h"
#include "plugins/sdk/outcome.h"
#include "plugins/sdk/stated_period.h"
#include "plugins/sdk/text.h"

namespace tkp::long_format {
namespace {

using plugin::Located;
using plugin::ParseOutcome;
using plugin::RawDocument;
using plugin::RawRow;

// Larger than any register or region total; the server checks the counts.
constexpr int64_t kMaxSum = int64_t{1} << 40;

const std::string* ValueOf(const LongRecord& record, Column column) {
  const auto it = record.values.find(column);
  if (it == record.values.end() || it->second.empty()) return nullptr;
  return &it->second;
}

bool IsDigits(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "4", "Q4", "4e", "vierde".
std::optional<int> ReadQuarter(std::string_view text) {
  if (text.size() == 2 && (text[0] == 'Q' || text[0] == 'q')) {
    text.remove_prefix(1);
  }
  if (text.size() == 1 && text[0] >= '1' && text[0] <= '4') {
    return text[0] - '0';
  }
  return sdk::QuarterFromWord(text);
}

std::string PeriodText(const sdk::YearQuarter& period) {
  return std::to_string(period.year) + "Q" + std::to_string(period.quarter);
}

// The record's quarter from whichever of its period, year and quarter
// columns it has; they must agree.
struct PeriodReading {
  std::optional<sdk::YearQuarter> period;
  std::string error;
};

PeriodReading PeriodOf(const LongRecord& record) {
  const std::string* period = ValueOf(record, Column::kPeriod);
  const std::string* year = ValueOf(record, Column::kYear);
  const std::string* quarter = ValueOf(record, Column::kQuarter);
  std::optional<sdk::YearQuarter> from_period;
  if (period != nullptr) {
    from_period = sdk::FindStatedPeriod(*period);
    if (!from_period) {
      return {std::nullopt,
              "the period \"" + *period + "\" is not a quarter like 2023Q4"};
    }
  } else if (quarter != nullptr && year == nullptr) {
    from_period = sdk::FindStatedPeriod(*quarter);
    if (!from_period) {
      return {std::nullopt, "the quarter \"" + *quarter +
                                "\" names no year; write it like 2023Q4 or "
                                "add a year column"};
    }
    return {from_period, ""};
  }
  if (year == nullptr && quarter == nullptr) {
    if (from_period) return {from_period, ""};
    return {std::nullopt, "this row gives no period"};
  }
  if (year == nullptr || quarter == nullptr) {
    if (from_period) return {from_period, ""};
    return {std::nullopt, year == nullptr
                              ? "this row gives a quarter but no year"
                              : "this row gives a year but no quarter"};
  }
  const std::optional<int> q = ReadQuarter(*quarter);
  if (!IsDigits(*year) || year->size() != 4 || !q) {
    return {std::nullopt, "the year \"" + *year + "\" and quarter \"" +
                              *quarter +
                              "\" are not a quarter like 2023 and 4"};
  }
  const sdk::YearQuarter from_columns{std::stoi(*year), *q};
  if (from_period && (from_period->year != from_columns.year ||
                      from_period->quarter != from_columns.quarter)) {
    return {std::nullopt, "the period " + PeriodText(*from_period) +
                              " and the year and quarter (" + *year + ", " +
                              *quarter + ") disagree"};
  }
  return {from_columns, ""};
}

// How the record names its region: a CBS code, a number, a name.
struct RegionOf {
  std::string cbs_code;
  std::string number;
  std::string name;

  std::string Key() const { return cbs_code + '\n' + number + '\n' + name; }
  bool empty() const {
    return cbs_code.empty() && number.empty() && name.empty();
  }
};

std::string Upper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

RegionOf RegionOfRecord(const LongRecord& record) {
  RegionOf region;
  for (const Column column : {Column::kRegionCode, Column::kRegionNumber}) {
    const std::string* value = ValueOf(record, column);
    if (value == nullptr) continue;
    // tkp's export (and proto3 JSON) writes 0 for a region without number.
    if (IsDigits(*value)) {
      if (*value != "0" && region.number.empty()) region.number = *value;
    } else if (region.cbs_code.empty()) {
      region.cbs_code = Upper(*value);
    }
  }
  if (const std::string* name = ValueOf(record, Column::kRegionName)) {
    region.name = *name;
  }
  return region;
}

// One region and quarter being gathered.
struct Group {
  RawDocument document;
  std::vector<int64_t> sums = std::vector<int64_t>(kCountColumns, 0);
  bool sums_known = true;
  int rows = 0;
  int first_line = 0;
  int last_line = 0;
};

// Takes a value every row of the group may repeat (the register size, the
// percentage): the first one stated, which every later one must equal.
std::optional<ParseOutcome> TakeRepeated(const LongRecord& record,
                                         Column column, Located* into) {
  const std::string* value = ValueOf(record, column);
  if (value == nullptr) return std::nullopt;
  std::string text = *value;
  if (column == Column::kStatedPercent) {
    while (!text.empty() && (text.back() == '%' || text.back() == ' ')) {
      text.pop_back();
    }
  }
  if (into->empty()) {
    *into = {text, record.line};
    return std::nullopt;
  }
  if (into->text == text) return std::nullopt;
  // "11.031" on one row and "11031" on the next are one register size.
  const CountReading first = ReadCount(into->text, kMaxSum);
  const CountReading here = ReadCount(text, kMaxSum);
  if (first.value && here.value && *first.value == *here.value) {
    return std::nullopt;
  }
  return ParseOutcome::Failure(
      record.line, ColumnWords(column) + " here is \"" + text + "\" but line " +
                       std::to_string(into->line) + " gives \"" + into->text +
                       "\" for the same region and quarter; one region has "
                       "one per quarter");
}

void AddRow(const LongRecord& record, Group* group) {
  RawRow row;
  row.kind = RawRow::Kind::kMunicipality;
  row.line = record.line;
  row.name = *ValueOf(record, Column::kMunicipalityName);
  for (int c = 0; c < kCountColumns; ++c) {
    const std::string* cell =
        ValueOf(record, static_cast<Column>(kFirstCount + c));
    if (cell == nullptr) {
      group->sums_known = false;
      continue;
    }
    row.cells.push_back(*cell);
    const CountReading count = ReadCount(*cell, kMaxSum);
    if (count.value) {
      group->sums[c] += *count.value;
    } else {
      group->sums_known = false;
    }
  }
  group->document.rows.push_back(std::move(row));
  ++group->rows;
  if (group->first_line == 0) group->first_line = record.line;
  group->last_line = record.line;
}

// The TOTAAL AMR row a long-format file leaves out, from the column sums.
// Where a count cannot be read the row is left without figures: the server
// refuses that municipality's row first, naming it.
void AddComputedTotal(Group* group) {
  RawRow total;
  total.kind = RawRow::Kind::kRegionTotal;
  total.line = group->last_line;
  total.name = "TOTAAL AMR";
  if (group->sums_known) {
    for (const int64_t sum : group->sums) {
      total.cells.push_back(FormatCount(sum));
    }
  }
  group->document.rows.push_back(std::move(total));
  group->document.notes.push_back(
      "the file is in long format, which has no TOTAAL AMR row: the region's "
      "totals are the sums of its " +
      std::to_string(group->rows) + " municipality rows (lines " +
      std::to_string(group->first_line) + " to " +
      std::to_string(group->last_line) + ")");
}

}  // namespace

ParseOutcome ReadLongTable(const std::vector<LongRecord>& records,
                           std::vector<Located> before,
                           std::vector<Located> after) {
  std::vector<Group> groups;
  std::map<std::string, size_t> group_of;
  for (const LongRecord& record : records) {
    if (ValueOf(record, Column::kMunicipalityName) == nullptr) {
      return ParseOutcome::Failure(
          record.line,
          "this row has figures but no municipality's name; every row of a "
          "long-format table is one municipality in one quarter");
    }
    const PeriodReading period = PeriodOf(record);
    if (!period.period) return ParseOutcome::Failure(record.line, period.error);
    const RegionOf region = RegionOfRecord(record);
    if (region.empty()) {
      return ParseOutcome::Failure(record.line,
                                   "this row names no region (no CBS code, "
                                   "number or name)");
    }
    const std::string key = PeriodText(*period.period) + '\n' + region.Key();
    auto [it, added] = group_of.try_emplace(key, groups.size());
    if (added) {
      groups.emplace_back();
      RawDocument& doc = groups.back().document;
      doc.period_year = period.period->year;
      doc.period_quarter = period.period->quarter;
      doc.period_line = record.line;
      // The number is the printed code when there is one; the CBS code
      // then names the region beside the name (the server checks they
      // agree).
      if (!region.number.empty()) {
        doc.region_code = {region.number, record.line};
        if (!region.cbs_code.empty()) {
          doc.region_names.push_back({region.cbs_code, record.line});
        }
      } else if (!region.cbs_code.empty()) {
        doc.region_code = {region.cbs_code, record.line};
      }
      if (!region.name.empty()) {
        doc.region_names.insert(doc.region_names.begin(),
                                {region.name, record.line});
      }
    }
    Group& group = groups[it->second];
    if (auto failure = TakeRepeated(record, Column::kRegisterSize,
                                    &group.document.register_size)) {
      return *failure;
    }
    if (auto failure = TakeRepeated(record, Column::kStatedPercent,
                                    &group.document.stated_percent)) {
      return *failure;
    }
    AddRow(record, &group);
  }
  if (groups.empty()) {
    return ParseOutcome::Failure(
        0, "the long-format table has a header but no rows");
  }
  std::vector<RawDocument> documents;
  documents.reserve(groups.size());
  for (Group& group : groups) {
    AddComputedTotal(&group);
    documents.push_back(std::move(group.document));
  }
  for (Located& line : before) {
    documents.front().unread.push_back(std::move(line));
  }
  for (Located& line : after) {
    documents.back().unread.push_back(std::move(line));
  }
  return sdk::Succeed(std::move(documents));
}

}  // namespace tkp::long_format
