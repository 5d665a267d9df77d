#include "client/command_support.h"

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "proto/export_csv.h"
#include "proto/period_conversion.h"

namespace tkp::client {

// The exit code for a failed call, after one line on stderr.
int Fail(const CommandContext& context, const grpc::Status& status) {
  *context.err << "error: " << status.error_message() << " ("
               << StatusCodeName(status.error_code()) << ")\n";
  return 64 + static_cast<int>(status.error_code());
}

std::string PeriodText(const v1::Period& period) {
  return FormatPeriod(FromProto(period));
}

std::string CodeText(const v1::Region& region) {
  return region.code() > 0 ? absl::StrCat(region.code()) : "";
}

// A fraction for machines: enough digits to recompute the percentage.
std::string Fraction(double value) { return absl::StrFormat("%.12g", value); }

std::string ShareText(double share, Format format) {
  return format == Format::kCsv ? Fraction(share) : Percent(share);
}

std::vector<std::string> CountCells(const v1::ClientCounts& c) {
  return CountCsvCells(c);
}

const std::vector<std::string>& CountHeader() { return CountCsvHeader(); }

std::vector<std::string> Concat(std::vector<std::string> a,
                                const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

void PrintNotes(const CommandContext& context,
                const google::protobuf::RepeatedPtrField<std::string>& notes) {
  for (const std::string& note : notes)
    *context.out << "note: " << note << "\n";
}

// One publication's figures as label-value pairs, for a terminal.
void PrintFiguresRecord(const CommandContext& context,
                        const v1::RegionFigures& f) {
  const v1::ClientCounts& t = f.totals();
  std::vector<std::pair<std::string, std::string>> fields = {
      {"region", f.region().name()},
      {"region code", CodeText(f.region())},
      {"period", PeriodText(f.period())},
      {"municipality clients with profile",
       absl::StrCat(t.municipality_with_profile())},
      {"municipality clients without profile",
       absl::StrCat(t.municipality_without_profile())},
      {"UWV clients with profile", absl::StrCat(t.uwv_with_profile())},
      {"UWV clients without profile", absl::StrCat(t.uwv_without_profile())},
      {"total known in Sonar", absl::StrCat(t.total())},
      {"register size", RegisterText(f)},
      {"coverage", CoverageText(f, Format::kTable)},
      {"stated coverage", f.has_stated_coverage_percent()
                              ? absl::StrCat(f.stated_coverage_percent(), "%")
                              : ""},
      {"profile share", Percent(f.profile_share())},
      {"municipalities", absl::StrCat(f.municipalities_size())},
      {"source",
       absl::StrCat(f.source().file_name(), " (", f.source().importer(),
                    ", sha256 ", f.source().sha256().substr(0, 12), ")")}};
  PrintRecord(fields, *context.out);
  PrintNotes(context, f.notes());
}

// One publication's figures as a single CSV row.
Table FiguresRow(const v1::RegionFigures& f) {
  Table table;
  table.header = Concat({"region", "code", "period"}, CountHeader());
  table.header.insert(table.header.end(),
                      {"register_size", "coverage", "stated_coverage_percent",
                       "profile_share", "notes"});
  table.rows.push_back(
      Concat({f.region().name(), CodeText(f.region()), PeriodText(f.period())},
             CountCells(f.totals())));
  table.rows.back().insert(
      table.rows.back().end(),
      {RegisterText(f), CoverageText(f, Format::kCsv), StatedText(f),
       ShareText(f.profile_share(), Format::kCsv),
       absl::StrJoin(f.notes(), "; ")});
  return table;
}

}  // namespace tkp::client
