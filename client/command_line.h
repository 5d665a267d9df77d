// The tkp command line (CLI11): its global flags and commands, parsed into
// what the commands run with. main.cc runs the command.

#ifndef TKP_CLIENT_COMMAND_LINE_H_
#define TKP_CLIENT_COMMAND_LINE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "client/commands.h"
#include "core/period.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp::client {

enum class Command {
  kImport,
  kIdentify,
  kPublications,
  kTotals,
  kMunicipalities,
  kCoverage,
  kChartCoverage,
  kChartHistory,
  kWatch,
  kRemove,
  kChanges,
  kHistory,
  kExport,
  kImporters,
};

struct CommandLine {
  Command command = Command::kPublications;

  // Global flags.
  std::string server = "127.0.0.1:50051";
  std::string format = "table";
  double timeout_seconds = 30;
  bool timeout_given = false;  // a stream has no deadline without one
  bool tls = false;
  std::string tls_ca, tls_cert, tls_key, token_file;

  // The commands' flags.
  ImportOptions import;
  bool no_progress = false;
  std::string identify_file;
  std::string region;
  std::optional<PeriodKey> period;
  std::optional<PeriodKey> from;  // changes --from
  std::optional<PeriodKey> to;    // changes --to
  v1::GetCoverageRequest::SortOrder sort =
      v1::GetCoverageRequest::SORT_ORDER_UNSPECIFIED;
  ChartOptions chart;
  std::optional<int64_t> watch_after;
  int64_t watch_count = 0;
  std::string municipality;
  ExportOptions export_options;
  bool reload = false;
};

// The command line, or the exit code to end with: 0 after --help or
// --version, 2 for a usage error (CLI11 has printed it).
std::variant<CommandLine, int> ParseCommandLine(int argc, char** argv);

}  // namespace tkp::client

#endif  // TKP_CLIENT_COMMAND_LINE_H_
