// The commands about municipalities across publications: one's history,
// and the export of every figure.

#include <google/protobuf/util/json_util.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/command_support.h"
#include "client/commands.h"
#include "proto/export_csv.h"
#include "proto/period_conversion.h"

namespace tkp::client {

int RunMunicipalityHistory(const CommandContext& context,
                           const std::string& municipality) {
  v1::GetMunicipalityHistoryRequest request;
  request.set_municipality(municipality);
  const CallResult<v1::GetMunicipalityHistoryResponse> result =
      context.client->GetMunicipalityHistory(request);
  const int code =
      Print(context, result, [](const v1::GetMunicipalityHistoryResponse& r) {
        Table table;
        table.header = Concat({"period", "municipality", "code", "region",
                               "region_cbs_code", "region_number"},
                              CountHeader());
        table.header.push_back("file");
        for (const auto& e : r.entries()) {
          table.rows.push_back(Concat(
              {PeriodText(e.period()), e.name(), r.code(), e.region().name(),
               e.region().cbs_code(), CodeText(e.region())},
              CountCells(e.counts())));
          table.rows.back().push_back(e.source().file_name());
        }
        return table;
      });
  if (code == 0 && context.format == Format::kTable) {
    PrintNotes(context, result.response.notes());
  }
  return code;
}

namespace {}  // namespace

int RunExport(const CommandContext& context, const ExportOptions& options) {
  v1::ExportFiguresRequest request;
  request.set_region(options.region);
  if (options.from) *request.mutable_from_period() = ToProto(*options.from);
  if (options.to) *request.mutable_to_period() = ToProto(*options.to);

  // With --out, the rows go to a file beside it that takes its name only
  // once the export is complete: a failed export leaves no half a file.
  const std::string partial = options.out_path + ".partial";
  std::ofstream file;
  std::ostream* out = context.out;
  if (!options.out_path.empty()) {
    file.open(partial, std::ios::binary | std::ios::trunc);
    if (!file) {
      *context.err << "error: cannot write " << partial << "\n";
      return 1;
    }
    out = &file;
  }
  const bool json = context.format == Format::kJson;
  if (!json) *out << CsvLine(ExportCsvHeader());
  int64_t rows = 0;
  google::protobuf::util::JsonPrintOptions json_options;
  json_options.always_print_primitive_fields = true;
  const grpc::Status status = context.client->ExportFigures(
      request, [&](const v1::ExportFiguresResponse& response) {
        for (const v1::ExportRow& row : response.rows()) {
          ++rows;
          if (!json) {
            *out << CsvLine(ExportCsvCells(row));
            continue;
          }
          std::string line;
          if (!google::protobuf::util::MessageToJsonString(row, &line,
                                                           json_options)
                   .ok()) {
            line = "{}";
          }
          *out << line << "\n";  // one object per line
        }
      });
  if (!status.ok()) {
    if (file.is_open()) {
      file.close();
      std::remove(partial.c_str());
    }
    return Fail(context, status);
  }
  if (file.is_open()) {
    file.close();
    if (!file || std::rename(partial.c_str(), options.out_path.c_str()) != 0) {
      std::remove(partial.c_str());
      *context.err << "error: cannot write " << options.out_path << "\n";
      return 1;
    }
    *context.err << "wrote " << rows << " rows to " << options.out_path << "\n";
  }
  return 0;
}

}  // namespace tkp::client
