#include "proto/export_csv.h"

#include "absl/strings/str_cat.h"
#include "core/period.h"
#include "proto/period_conversion.h"

namespace tkp {
namespace {

std::string CsvCell(const std::string& cell) {
  if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

const std::vector<std::string>& CountCsvHeader() {
  static const auto* const header = new std::vector<std::string>{
      "municipality_with_profile", "municipality_without_profile",
      "uwv_with_profile", "uwv_without_profile", "total"};
  return *header;
}

std::vector<std::string> CountCsvCells(const v1::ClientCounts& c) {
  return {absl::StrCat(c.municipality_with_profile()),
          absl::StrCat(c.municipality_without_profile()),
          absl::StrCat(c.uwv_with_profile()),
          absl::StrCat(c.uwv_without_profile()), absl::StrCat(c.total())};
}

const std::vector<std::string>& ExportCsvHeader() {
  static const auto* const header = [] {
    auto* h = new std::vector<std::string>{"period",
                                           "year",
                                           "quarter",
                                           "region_cbs_code",
                                           "region_name",
                                           "region_number",
                                           "municipality_code",
                                           "municipality_name"};
    h->insert(h->end(), CountCsvHeader().begin(), CountCsvHeader().end());
    h->insert(h->end(), {"register_size", "source_file", "source_sha256",
                         "stated_coverage_percent"});
    return h;
  }();
  return *header;
}

std::vector<std::string> ExportCsvCells(const v1::ExportRow& row) {
  std::vector<std::string> cells = {
      FormatPeriod(FromProto(row.period())),
      absl::StrCat(row.period().year()),
      absl::StrCat(row.period().quarter()),
      row.region_cbs_code(),
      row.region_name(),
      row.region_number() > 0 ? absl::StrCat(row.region_number()) : "",
      row.municipality_code(),
      row.municipality_name()};
  const std::vector<std::string> counts = CountCsvCells(row.counts());
  cells.insert(cells.end(), counts.begin(), counts.end());
  cells.push_back(row.has_register_size() ? absl::StrCat(row.register_size())
                                          : "");
  cells.push_back(row.source_file());
  cells.push_back(row.source_sha256());
  cells.push_back(row.has_stated_coverage_percent()
                      ? absl::StrCat(row.stated_coverage_percent())
                      : "");
  return cells;
}

std::string CsvLine(const std::vector<std::string>& cells) {
  std::string line;
  for (size_t c = 0; c < cells.size(); ++c) {
    if (c > 0) line += ',';
    line += CsvCell(cells[c]);
  }
  return line + "\r\n";
}

}  // namespace tkp
