#include "server/http/export_route.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "proto/export_csv.h"
#include "server/http/json_records.h"
#include "server/http/query_parameters.h"
#include "server/queries/export_rows.h"
#include "server/util/status_macros.h"

namespace tkp::http {

// An export's chunk is sent once it holds this much (a publication's rows
// are never split across chunks).
constexpr size_t kPartBytes = size_t{64} * 1024;

absl::StatusOr<HttpAnswer> ExportAnswer(const FigureQueries& queries,
                                        const ExportSources& sources,
                                        const RequestTarget& target) {
  TKP_RETURN_IF_ERROR(CheckParameters(
      target, {"format", "region", "from", "to"}, "/v1/export"));
  const std::string format = Parameter(target, "format");
  const bool csv = format.empty() || format == "csv";
  if (!csv && format != "ndjson") {
    return absl::InvalidArgumentError(
        absl::StrCat("format=", format, ": export as csv or ndjson"));
  }
  v1::ExportFiguresRequest request;
  request.set_region(Parameter(target, "region"));
  TKP_ASSIGN_OR_RETURN(*request.mutable_from_period(),
                       PeriodParameter(target, "from"));
  TKP_ASSIGN_OR_RETURN(*request.mutable_to_period(),
                       PeriodParameter(target, "to"));
  TKP_ASSIGN_OR_RETURN(
      std::vector<const v1::RegionFigures*> publications,
      PublicationsToExport(queries, *sources.snapshot, request));
  HttpAnswer answer;
  answer.content_type =
      csv ? "text/csv; charset=utf-8; header=present" : "application/x-ndjson";
  // Each part: the header (CSV), then whole publications' rows until it
  // holds kPartBytes; none after the last.
  answer.next_part = [sources, csv, publications = std::move(publications),
                      next = size_t{0},
                      header = csv]() mutable -> std::optional<std::string> {
    if (next == publications.size() && !header) return std::nullopt;
    std::string part;
    if (header) part = CsvLine(ExportCsvHeader());
    header = false;
    while (next < publications.size() && part.size() < kPartBytes) {
      const v1::ExportFiguresResponse rows = ExportRowsOf(
          *publications[next++], *sources.regions, *sources.municipalities);
      for (const v1::ExportRow& row : rows.rows()) {
        part += csv ? CsvLine(ExportCsvCells(row))
                    : JsonText(ExportRecord(row)) + "\n";
      }
    }
    return part;
  };
  return answer;
}

}  // namespace tkp::http
