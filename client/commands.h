// The tkp CLI's commands: each makes one call and prints its answer in the
// chosen format. Each returns the process exit code: 0, or 64 + the gRPC
// status code of a failed call (as grpcurl does), or 1 when a local file
// cannot be read.

#ifndef TKP_CLIENT_COMMANDS_H_
#define TKP_CLIENT_COMMANDS_H_

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "client/output.h"
#include "client/tkp_client.h"
#include "core/period.h"

namespace tkp::client {

// What every command needs.
struct CommandContext {
  TkpClient* client;
  Format format;
  // What the commands print, through EscapingStream (escaping_stream.h).
  std::ostream* out;
  std::ostream* err;
  // The terminal itself, for the progress bar's own control sequences;
  // null: the same as err.
  std::ostream* terminal = nullptr;
};

struct ImportOptions {
  // Files, and directories whose files (recursively) are imported.
  std::vector<std::string> paths;
  std::string sheet;
  // Draw a progress bar on stderr (when it is a terminal).
  bool progress = false;
  std::optional<PeriodKey> period;
  std::string importer;
  bool replace = false;
  bool dry_run = false;
};

// One file prints its figures; several files (or a directory) print a line
// per file and a summary, and one refused file does not stop the rest: the
// exit code is that of the first refusal.
int RunImport(const CommandContext& context, const ImportOptions& options);
// Every importer's confidence for a file, and the one an import would use.
int RunIdentify(const CommandContext& context, const std::string& file);
int RunPublications(const CommandContext& context, const std::string& region);
int RunTotals(const CommandContext& context, const std::string& region,
              std::optional<PeriodKey> period);
int RunMunicipalities(const CommandContext& context, const std::string& region,
                      std::optional<PeriodKey> period);
int RunCoverage(const CommandContext& context, std::optional<PeriodKey> period,
                v1::GetCoverageRequest::SortOrder sort);
struct ChartOptions {
  std::string svg_path;  // also write the chart here, when set
  int width = 0;         // terminal columns; 0: the terminal's width
};

int RunChartCoverage(const CommandContext& context,
                     std::optional<PeriodKey> period,
                     const ChartOptions& options);
int RunChartHistory(const CommandContext& context, const std::string& region,
                    const ChartOptions& options);
// Prints events as they come (one line each; JSON: one object per line).
int RunWatch(const CommandContext& context, std::optional<int64_t> after,
             int64_t count, std::chrono::milliseconds deadline);
int RunRemove(const CommandContext& context, const std::string& region,
              PeriodKey period);
int RunChanges(const CommandContext& context, const std::string& region,
               std::optional<PeriodKey> from, std::optional<PeriodKey> to);
int RunHistory(const CommandContext& context, const std::string& region);
// One municipality (name or GM code) in every loaded quarter, and the notes
// on its mergers and changes of region.
int RunMunicipalityHistory(const CommandContext& context,
                           const std::string& municipality);

struct ExportOptions {
  std::string region;  // all regions when empty
  std::optional<PeriodKey> from;
  std::optional<PeriodKey> to;
  // Write here instead of stdout; the file appears only when complete.
  std::string out_path;
};

// Every loaded municipality figure, one row per municipality and quarter:
// CSV with a header (any format but json), or one JSON object per line.
int RunExport(const CommandContext& context, const ExportOptions& options);
// The loaded plugins and those that failed; with `reload`, after the server
// rescanned its plugin directory.
int RunImporters(const CommandContext& context, bool reload);

}  // namespace tkp::client

#endif  // TKP_CLIENT_COMMANDS_H_
