// What the CLI's commands share: failing a call, and printing a
// publication's figures and the fields every listing has.

#ifndef TKP_CLIENT_COMMAND_SUPPORT_H_
#define TKP_CLIENT_COMMAND_SUPPORT_H_

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/commands.h"
#include "client/output.h"

namespace tkp::client {

// The exit code for a failed call, after one line on stderr.
int Fail(const CommandContext& context, const grpc::Status& status);

std::string PeriodText(const v1::Period& period);
std::string CodeText(const v1::Region& region);
// A fraction for machines: enough digits to recompute the percentage.
std::string Fraction(double value);
std::string ShareText(double share, Format format);
std::vector<std::string> CountCells(const v1::ClientCounts& c);
// The header of CountCells' columns.
const std::vector<std::string>& CountHeader();
std::vector<std::string> Concat(std::vector<std::string> a,
                                const std::vector<std::string>& b);
void PrintNotes(const CommandContext& context,
                const google::protobuf::RepeatedPtrField<std::string>& notes);
// One publication's figures as label-value pairs, for a terminal.
void PrintFiguresRecord(const CommandContext& context,
                        const v1::RegionFigures& f);
// One publication's figures as a single CSV row.
Table FiguresRow(const v1::RegionFigures& f);

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

}  // namespace tkp::client

#endif  // TKP_CLIENT_COMMAND_SUPPORT_H_
