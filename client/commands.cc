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
#include "client/command_support.h"
#include "proto/period_conversion.h"

namespace tkp::client {

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
  return Print(context, context.client->ListMunicipalities(request),
               [](const v1::ListMunicipalitiesResponse& response) {
                 Table table;
                 table.header = Concat({"municipality", "code"}, CountHeader());
                 for (const auto& m : response.municipalities()) {
                   table.rows.push_back(
                       Concat({m.name(), m.code()}, CountCells(m.counts())));
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
        table.header = Concat({"period", "region", "code"}, CountHeader());
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
                  "code",
                  "presence",
                  "total_before",
                  "total_after",
                  "total_change",
                  "municipality_with_profile_change",
                  "municipality_without_profile_change",
                  "uwv_with_profile_change",
                  "uwv_without_profile_change",
                  "merger"};
  for (const auto& m : response.municipalities()) {
    std::string presence = v1::MunicipalityChange::Presence_Name(m.presence())
                               .substr(std::string_view("PRESENCE_").size());
    for (char& c : presence) c = static_cast<char>(std::tolower(c));
    table.rows.push_back(
        Concat({m.name(), m.code(), presence}, ChangeCells(m.counts())));
    table.rows.back().push_back(
        m.predecessors().empty()
            ? (m.merged_into().empty() ? ""
                                       : absl::StrCat("into ", m.merged_into()))
            : absl::StrCat("from ", absl::StrJoin(m.predecessors(), " + ")));
  }
  table.rows.push_back(
      Concat({"(region total)", "", ""}, ChangeCells(response.totals())));
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
          PrintCsvRow({absl::StrCat(e.sequence()), kind, e.region().name(),
                       PeriodText(e.period()), e.sha256(), e.file_name(), time},
                      *context.out);
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
