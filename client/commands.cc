#include "client/commands.h"

#include <google/protobuf/util/json_util.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "client/charts.h"

namespace tkp::client {
namespace {

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

// Optional fields print empty when absent: "" is not 0.
template <typename Message>
std::string RegisterText(const Message& m) {
  return m.has_register_size() ? absl::StrCat(m.register_size()) : "";
}
template <typename Message>
std::string CoverageText(const Message& m, Format format) {
  if (!m.has_coverage()) return "";
  return format == Format::kCsv ? Fraction(m.coverage())
                                : Percent(m.coverage());
}
template <typename Message>
std::string StatedText(const Message& m) {
  return m.has_stated_coverage_percent()
             ? absl::StrCat(m.stated_coverage_percent())
             : "";
}
std::string ShareText(double share, Format format) {
  return format == Format::kCsv ? Fraction(share) : Percent(share);
}

std::vector<std::string> CountCells(const v1::ClientCounts& c) {
  return {absl::StrCat(c.municipality_with_profile()),
          absl::StrCat(c.municipality_without_profile()),
          absl::StrCat(c.uwv_with_profile()),
          absl::StrCat(c.uwv_without_profile()), absl::StrCat(c.total())};
}

const std::vector<std::string> kCountHeader = {
    "municipality_with_profile", "municipality_without_profile",
    "uwv_with_profile", "uwv_without_profile", "total"};

std::vector<std::string> Concat(std::vector<std::string> a,
                                const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// Prints one response: JSON as is, otherwise through `to_table`.
template <typename Response, typename ToTable>
int Print(const CommandContext& context, const CallResult<Response>& result,
          ToTable to_table) {
  if (!result.status.ok()) return Fail(context, result.status);
  if (context.format == Format::kJson) {
    PrintJson(result.response, *context.out);
  } else {
    PrintTable(to_table(result.response), context.format, *context.out);
  }
  return 0;
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
  table.header = Concat({"region", "code", "period"}, kCountHeader);
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

}  // namespace

int RunImport(const CommandContext& context, const ImportOptions& options) {
  std::ifstream in(options.file, std::ios::binary);
  if (!in) {
    *context.err << "error: cannot read " << options.file << ": "
                 << std::strerror(errno) << "\n";
    return 1;
  }
  v1::ImportDocumentRequest request;
  request.set_content(std::string(std::istreambuf_iterator<char>(in), {}));
  // Only the base name travels: the server must not learn client paths.
  const size_t slash = options.file.find_last_of('/');
  request.set_file_name(slash == std::string::npos
                            ? options.file
                            : options.file.substr(slash + 1));
  request.set_importer(options.importer);
  if (options.period) *request.mutable_period() = ToProto(*options.period);
  request.set_replace(options.replace);
  request.set_dry_run(options.dry_run);

  const CallResult<v1::ImportDocumentResponse> result =
      context.client->ImportDocument(request);
  if (!result.status.ok()) return Fail(context, result.status);
  const v1::ImportDocumentResponse& response = result.response;
  if (context.format == Format::kJson) {
    PrintJson(response, *context.out);
    return 0;
  }
  // "OUTCOME_UNCHANGED" -> "unchanged".
  std::string outcome =
      v1::ImportDocumentResponse::Outcome_Name(response.outcome())
          .substr(std::string_view("OUTCOME_").size());
  for (char& c : outcome) c = static_cast<char>(std::tolower(c));
  if (context.format == Format::kCsv) {
    Table table = FiguresRow(response.figures());
    table.header.insert(table.header.begin(), "outcome");
    table.rows.front().insert(table.rows.front().begin(), outcome);
    PrintTable(table, Format::kCsv, *context.out);
    return 0;
  }
  const v1::RegionFigures& f = response.figures();
  *context.out << outcome << ": " << f.region().name() << " "
               << PeriodText(f.period()) << " from " << f.source().file_name()
               << " (" << f.source().importer() << ")\n";
  PrintFiguresRecord(context, f);
  return 0;
}

int RunPublications(const CommandContext& context, const std::string& region) {
  v1::ListPublicationsRequest request;
  request.set_region(region);
  return Print(
      context, context.client->ListPublications(request),
      [&](const v1::ListPublicationsResponse& response) {
        Table table;
        table.header = {"region",   "code",     "period",         "total",
                        "register", "coverage", "municipalities", "notes",
                        "file",     "importer"};
        for (const auto& p : response.publications()) {
          table.rows.push_back(
              {p.region().name(), CodeText(p.region()), PeriodText(p.period()),
               absl::StrCat(p.totals().total()), RegisterText(p),
               CoverageText(p, context.format),
               absl::StrCat(p.municipality_count()),
               absl::StrCat(p.note_count()), p.source().file_name(),
               p.source().importer()});
        }
        return table;
      });
}

int RunTotals(const CommandContext& context, const std::string& region,
              std::optional<PeriodKey> period) {
  v1::GetRegionTotalsRequest request;
  request.set_region(region);
  if (period) *request.mutable_period() = ToProto(*period);
  const CallResult<v1::RegionFigures> result =
      context.client->GetRegionTotals(request);
  if (!result.status.ok() || context.format != Format::kTable) {
    return Print(context, result, FiguresRow);
  }
  PrintFiguresRecord(context, result.response);
  return 0;
}

int RunMunicipalities(const CommandContext& context, const std::string& region,
                      std::optional<PeriodKey> period) {
  v1::ListMunicipalitiesRequest request;
  request.set_region(region);
  if (period) *request.mutable_period() = ToProto(*period);
  return Print(
      context, context.client->ListMunicipalities(request),
      [](const v1::ListMunicipalitiesResponse& response) {
        Table table;
        table.header = Concat({"municipality"}, kCountHeader);
        for (const auto& m : response.municipalities()) {
          table.rows.push_back(Concat({m.name()}, CountCells(m.counts())));
        }
        return table;
      });
}

int RunCoverage(const CommandContext& context, std::optional<PeriodKey> period,
                v1::GetCoverageRequest::SortOrder sort) {
  v1::GetCoverageRequest request;
  if (period) *request.mutable_period() = ToProto(*period);
  request.set_sort(sort);
  return Print(
      context, context.client->GetCoverage(request),
      [&](const v1::GetCoverageResponse& response) {
        Table table;
        table.header = {
            "rank",         "region",   "code",     "period",
            "total",        "register", "coverage", "stated_coverage_percent",
            "profile_share"};
        const std::string p = PeriodText(response.period());
        for (const auto& r : response.regions()) {
          table.rows.push_back(
              {r.rank() > 0 ? absl::StrCat(r.rank()) : "", r.region().name(),
               CodeText(r.region()), p, absl::StrCat(r.totals().total()),
               RegisterText(r), CoverageText(r, context.format), StatedText(r),
               ShareText(r.profile_share(), context.format)});
        }
        table.rows.push_back(
            {"",
             absl::StrCat("sum of ", response.regions_covered(), " of ",
                          response.regions_known(), " regions"),
             "", p, absl::StrCat(response.totals().total()),
             absl::StrCat(response.register_size()),
             CoverageText(response, context.format), "",
             ShareText(response.profile_share(), context.format)});
        return table;
      });
}

int RunHistory(const CommandContext& context, const std::string& region) {
  v1::GetRegionHistoryRequest request;
  request.set_region(region);
  return Print(
      context, context.client->GetRegionHistory(request),
      [&](const v1::GetRegionHistoryResponse& response) {
        Table table;
        table.header = Concat({"period", "region", "code"}, kCountHeader);
        table.header.insert(table.header.end(),
                            {"register_size", "coverage",
                             "stated_coverage_percent", "profile_share"});
        for (const auto& e : response.entries()) {
          table.rows.push_back(Concat(
              {PeriodText(e.period()), e.region().name(), CodeText(e.region())},
              CountCells(e.totals())));
          table.rows.back().insert(
              table.rows.back().end(),
              {RegisterText(e), CoverageText(e, context.format), StatedText(e),
               ShareText(e.profile_share(), context.format)});
        }
        return table;
      });
}

int RunImporters(const CommandContext& context) {
  return Print(
      context, context.client->ListImporters(),
      [](const v1::ListImportersResponse& response) {
        Table table;
        table.header = {"name", "version", "layouts", "file", "description"};
        for (const auto& i : response.importers()) {
          table.rows.push_back({i.name(), i.version(),
                                absl::StrJoin(i.layouts(), "; "), i.file(),
                                i.description()});
        }
        return table;
      });
}

namespace {

// "+12", "-3", "0"; empty when a side is missing.
std::string Signed(int64_t value) {
  return value > 0 ? absl::StrCat("+", value) : absl::StrCat(value);
}

std::vector<std::string> ChangeCells(const v1::CountChanges& c) {
  const bool both = c.has_before() && c.has_after();
  const auto cell = [&](int32_t value) {
    return both ? Signed(value) : std::string();
  };
  return {c.has_before() ? absl::StrCat(c.before().total()) : "",
          c.has_after() ? absl::StrCat(c.after().total()) : "",
          cell(c.change().total()),
          cell(c.change().municipality_with_profile()),
          cell(c.change().municipality_without_profile()),
          cell(c.change().uwv_with_profile()),
          cell(c.change().uwv_without_profile())};
}

Table ChangesTable(const v1::GetRegionChangesResponse& response) {
  Table table;
  table.header = {"municipality",
                  "presence",
                  "total_before",
                  "total_after",
                  "total_change",
                  "municipality_with_profile_change",
                  "municipality_without_profile_change",
                  "uwv_with_profile_change",
                  "uwv_without_profile_change"};
  for (const auto& m : response.municipalities()) {
    std::string presence = v1::MunicipalityChange::Presence_Name(m.presence())
                               .substr(std::string_view("PRESENCE_").size());
    for (char& c : presence) c = static_cast<char>(std::tolower(c));
    table.rows.push_back(Concat({m.name(), presence}, ChangeCells(m.counts())));
  }
  table.rows.push_back(
      Concat({"(region total)", ""}, ChangeCells(response.totals())));
  return table;
}

std::string PointsText(double points) {
  return absl::StrFormat("%+.1f points", points);
}

}  // namespace

int RunChanges(const CommandContext& context, const std::string& region,
               std::optional<PeriodKey> from, std::optional<PeriodKey> to) {
  v1::GetRegionChangesRequest request;
  request.set_region(region);
  if (from) *request.mutable_from_period() = ToProto(*from);
  if (to) *request.mutable_to_period() = ToProto(*to);
  const CallResult<v1::GetRegionChangesResponse> result =
      context.client->GetRegionChanges(request);
  if (!result.status.ok() || context.format != Format::kTable) {
    return Print(context, result, ChangesTable);
  }
  const v1::GetRegionChangesResponse& r = result.response;
  *context.out << r.region().name() << ": " << PeriodText(r.from_period())
               << " -> " << PeriodText(r.to_period()) << "\n";
  PrintTable(ChangesTable(r), Format::kTable, *context.out);
  if (r.has_coverage_change_points()) {
    *context.out << "coverage: " << Percent(r.coverage_before()) << " -> "
                 << Percent(r.coverage_after()) << " ("
                 << PointsText(r.coverage_change_points()) << ")\n";
  }
  *context.out << "profile share: " << Percent(r.profile_share_before())
               << " -> " << Percent(r.profile_share_after()) << " ("
               << PointsText(r.profile_share_change_points()) << ")\n";
  PrintNotes(context, r.notes());
  return 0;
}

namespace {

// Prints the chart for the terminal and, with `options.svg_path`, writes it
// as SVG too.
int ShowChart(const CommandContext& context, const ChartOptions& options,
              const Chart& chart, bool over_time) {
  const int width = options.width > 0 ? options.width : TerminalWidth();
  *context.out << (over_time ? TerminalColumns(chart, width)
                             : TerminalBars(chart, width));
  if (options.svg_path.empty()) return 0;
  std::ofstream svg(options.svg_path, std::ios::binary | std::ios::trunc);
  svg << (over_time ? SvgLine(chart) : SvgBars(chart));
  svg.close();
  if (!svg) {
    *context.err << "error: cannot write " << options.svg_path << "\n";
    return 1;
  }
  *context.out << "wrote " << options.svg_path << "\n";
  return 0;
}

}  // namespace

int RunChartCoverage(const CommandContext& context,
                     std::optional<PeriodKey> period,
                     const ChartOptions& options) {
  v1::GetCoverageRequest request;
  if (period) *request.mutable_period() = ToProto(*period);
  request.set_sort(v1::GetCoverageRequest::SORT_ORDER_COVERAGE);
  const CallResult<v1::GetCoverageResponse> result =
      context.client->GetCoverage(request);
  if (!result.status.ok()) return Fail(context, result.status);
  Chart chart;
  chart.title = absl::StrCat(
      "Share of the target-group register known in "
      "Sonar, by region, ",
      PeriodText(result.response.period()));
  for (const v1::RegionCoverage& r : result.response.regions()) {
    if (r.has_coverage())
      chart.points.push_back({r.region().name(), r.coverage()});
  }
  return ShowChart(context, options, chart, /*over_time=*/false);
}

int RunChartHistory(const CommandContext& context, const std::string& region,
                    const ChartOptions& options) {
  v1::GetRegionHistoryRequest request;
  request.set_region(region);
  const CallResult<v1::GetRegionHistoryResponse> result =
      context.client->GetRegionHistory(request);
  if (!result.status.ok()) return Fail(context, result.status);
  Chart chart;
  chart.title = absl::StrCat(
      "Share of the target-group register known in "
      "Sonar, ",
      result.response.region().name(), ", by quarter");
  for (const v1::HistoryEntry& e : result.response.entries()) {
    if (e.has_coverage()) {
      chart.points.push_back({PeriodText(e.period()), e.coverage()});
    }
  }
  return ShowChart(context, options, chart, /*over_time=*/true);
}

int RunWatch(const CommandContext& context, std::optional<int64_t> after,
             int64_t count, std::chrono::milliseconds deadline) {
  v1::WatchPublicationsRequest request;
  if (after) request.set_after_sequence(*after);
  if (context.format == Format::kCsv) {
    *context.out << "sequence,kind,region,period,sha256,file_name,time\r\n";
  }
  const grpc::Status status = context.client->WatchPublications(
      request, count, deadline, [&](const v1::PublicationEvent& e) {
        std::string kind = v1::PublicationEvent::Kind_Name(e.kind()).substr(
            std::string_view("KIND_").size());
        for (char& c : kind) c = static_cast<char>(std::tolower(c));
        const std::string time = absl::FormatTime(
            "%Y-%m-%dT%H:%M:%SZ", absl::FromUnixSeconds(e.time().seconds()),
            absl::UTCTimeZone());
        if (context.format == Format::kJson) {
          google::protobuf::util::JsonPrintOptions options;
          options.always_print_primitive_fields = true;
          std::string json;
          if (!google::protobuf::util::MessageToJsonString(e, &json, options)
                   .ok()) {
            json = "{}";
          }
          *context.out << json << "\n";  // one object per line
        } else if (context.format == Format::kCsv) {
          PrintTable(
              {{},
               {{absl::StrCat(e.sequence()), kind, e.region().name(),
                 PeriodText(e.period()), e.sha256(), e.file_name(), time}}},
              Format::kCsv, *context.out);
        } else {
          *context.out << e.sequence() << "  " << kind << "  "
                       << e.region().name() << " " << PeriodText(e.period())
                       << "  " << e.file_name() << "  " << time << "\n";
        }
        context.out->flush();
      });
  if (!status.ok()) return Fail(context, status);
  return 0;
}

int RunRemove(const CommandContext& context, const std::string& region,
              PeriodKey period) {
  v1::RemovePublicationRequest request;
  request.set_region(region);
  *request.mutable_period() = ToProto(period);
  const CallResult<v1::RemovePublicationResponse> result =
      context.client->RemovePublication(request);
  if (!result.status.ok()) return Fail(context, result.status);
  if (context.format == Format::kJson) {
    PrintJson(result.response, *context.out);
    return 0;
  }
  const v1::PublicationSummary& removed = result.response.removed();
  *context.out << "removed: " << removed.region().name() << " "
               << PeriodText(removed.period()) << " (from "
               << removed.source().file_name() << ")\n";
  return 0;
}

}  // namespace tkp::client
