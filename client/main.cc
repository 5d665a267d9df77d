// tkp: the operators' command line for a tkp-server. The flags and commands
// are in client/command_line.h; the commands in client/commands.h.

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>

#include "client/command_line.h"
#include "client/commands.h"
#include "client/escaping_stream.h"

namespace {

using tkp::client::Command;
using tkp::client::CommandContext;
using tkp::client::CommandLine;

// How to reach the server, the PEM files and the token read; or the exit
// code (the error said on stderr).
std::optional<tkp::client::ConnectionOptions> Connection(
    const CommandLine& line, int* exit_code) {
  tkp::client::ConnectionOptions connection;
  connection.server = line.server;
  connection.timeout = std::chrono::milliseconds(
      static_cast<int64_t>(line.timeout_seconds * 1000));
  connection.tls = line.tls;
  if (line.tls_cert.empty() != line.tls_key.empty()) {
    std::cerr << "error: --tls-cert and --tls-key go together\n";
    *exit_code = 2;
    return std::nullopt;
  }
  for (auto [path, pem] : {std::pair{&line.tls_ca, &connection.tls_ca_pem},
                           std::pair{&line.tls_cert, &connection.tls_cert_pem},
                           std::pair{&line.tls_key, &connection.tls_key_pem},
                           std::pair{&line.token_file, &connection.token}}) {
    if (path->empty()) continue;
    std::ifstream in(*path, std::ios::binary);
    if (!in) {
      std::cerr << "error: cannot read " << *path << ": "
                << std::strerror(errno) << "\n";
      *exit_code = 1;
      return std::nullopt;
    }
    pem->assign(std::istreambuf_iterator<char>(in), {});
  }
  if (line.token_file.empty()) {
    if (const char* env = std::getenv("TKP_TOKEN")) connection.token = env;
  }
  // A token file usually ends with a newline.
  while (!connection.token.empty() &&
         std::isspace(static_cast<unsigned char>(connection.token.back()))) {
    connection.token.pop_back();
  }
  return connection;
}

int RunCommand(CommandLine& line, const CommandContext& context,
               std::chrono::milliseconds timeout) {
  namespace client = tkp::client;
  switch (line.command) {
    case Command::kImport:
      line.import.progress = !line.no_progress && ::isatty(STDERR_FILENO) == 1;
      return client::RunImport(context, line.import);
    case Command::kIdentify:
      return client::RunIdentify(context, line.identify_file);
    case Command::kPublications:
      return client::RunPublications(context, line.region);
    case Command::kTotals:
      return client::RunTotals(context, line.region, line.period);
    case Command::kMunicipalities:
      return client::RunMunicipalities(context, line.region, line.period);
    case Command::kCoverage:
      return client::RunCoverage(context, line.period, line.sort);
    case Command::kChartCoverage:
      return client::RunChartCoverage(context, line.period, line.chart);
    case Command::kChartHistory:
      return client::RunChartHistory(context, line.region, line.chart);
    case Command::kWatch:
      // A stream has no deadline unless --timeout was given.
      return client::RunWatch(
          context, line.watch_after, line.watch_count,
          line.timeout_given ? timeout : std::chrono::milliseconds(0));
    case Command::kRemove:
      if (!line.period) {
        std::cerr << "error: remove needs --period (e.g. 2021Q3)\n";
        return 2;
      }
      return client::RunRemove(context, line.region, *line.period);
    case Command::kChanges:
      return client::RunChanges(context, line.region, line.from, line.to);
    case Command::kHistory:
      if (!line.municipality.empty()) {
        return client::RunMunicipalityHistory(context, line.municipality);
      }
      return client::RunHistory(context, line.region);
    case Command::kExport:
      return client::RunExport(context, line.export_options);
    case Command::kImporters:
      return client::RunImporters(context, line.reload);
  }
  return 2;
}

int Run(int argc, char** argv) {
  std::variant<CommandLine, int> parsed =
      tkp::client::ParseCommandLine(argc, argv);
  if (const int* exit_code = std::get_if<int>(&parsed)) return *exit_code;
  CommandLine& line = std::get<CommandLine>(parsed);
  int exit_code = 0;
  const std::optional<tkp::client::ConnectionOptions> connection =
      Connection(line, &exit_code);
  if (!connection) return exit_code;
  const tkp::client::Format format =
      line.format == "json"  ? tkp::client::Format::kJson
      : line.format == "csv" ? tkp::client::Format::kCsv
                             : tkp::client::Format::kTable;
  tkp::client::TkpClient client(*connection);
  // Nothing from outside reaches the terminal raw.
  tkp::client::EscapingStream out(std::cout);
  tkp::client::EscapingStream err(std::cerr);
  const CommandContext context{&client, format, &out, &err, &std::cerr};
  return RunCommand(line, context, connection->timeout);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    // Nothing below should throw past parsing; if it does, say so plainly.
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
