// tkp: the operators' command line for a tkp-server.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>

#include "client/commands.h"
#include "client/escaping_stream.h"

namespace {

using tkp::client::CommandContext;

// Turns "--period 2021Q3" into a PeriodKey; a bad one is a usage error.
struct PeriodOption {
  std::string flag;  // for the message
  std::string text;

  std::optional<tkp::PeriodKey> Parse() const {
    if (text.empty()) return std::nullopt;
    absl::StatusOr<tkp::PeriodKey> period = tkp::ParsePeriod(text);
    if (!period.ok())
      throw CLI::ValidationError(flag, std::string(period.status().message()));
    return *period;
  }
};

int Run(int argc, char** argv) {
  CLI::App app(
      "tkp: load \"Transparantie van klantprofielen\" documents into a "
      "tkp-server and read their figures.\n"
      "Exit codes: 0 ok, 2 usage error, 1 local file unreadable, 64 + the "
      "gRPC status code when the call fails (67 INVALID_ARGUMENT, 69 "
      "NOT_FOUND, 70 ALREADY_EXISTS, 78 UNAVAILABLE).",
      "tkp");
  app.set_version_flag("--version", "tkp 1.0.0");
  app.require_subcommand(1);

  std::string server = "127.0.0.1:50051";
  std::string format = "table";
  double timeout_seconds = 30;
  app.add_option("--server", server,
                 "tkp-server address HOST:PORT, or replicas as IP:PORT,IP:PORT "
                 "(calls are spread round-robin)")
      ->envname("TKP_SERVER")
      ->capture_default_str();
  app.add_option("--format", format,
                 "output: table, json (proto3 JSON) or csv (export: csv "
                 "unless json)")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  app.add_option("--timeout", timeout_seconds, "deadline of the call, seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();

  bool tls = false;
  std::string tls_ca, tls_cert, tls_key, token_file;
  app.add_flag("--tls", tls, "use TLS, trusting the system's roots");
  app.add_option("--tls-ca", tls_ca, "use TLS, trusting this PEM CA")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-cert", tls_cert,
                 "PEM client certificate for mutual TLS (with --tls-key)")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-key", tls_key, "PEM key for --tls-cert")
      ->check(CLI::ExistingFile);
  app.add_option("--token-file", token_file,
                 "file holding the bearer token (or set TKP_TOKEN)")
      ->check(CLI::ExistingFile);

  tkp::client::ImportOptions import;
  PeriodOption period{"--period", ""};
  std::string region;

  auto add_command = [&](const char* name, const char* help) {
    CLI::App* command = app.add_subcommand(name, help);
    command->fallthrough();  // global flags may also follow the command
    return command;
  };
  auto add_region = [&](CLI::App* command) {
    command
        ->add_option("--region", region,
                     "region name (any spelling) or its printed number")
        ->required();
  };
  auto add_period = [&](CLI::App* command, const char* help) {
    command->add_option("--period", period.text, help);
  };

  CLI::App* import_cmd = add_command(
      "import",
      "import documents: files, or directories of them; with several, a "
      "line per file and a summary, and a refused file does not stop the "
      "rest");
  import_cmd->add_option("FILE", import.paths, "documents or directories")
      ->required();
  add_period(import_cmd,
             "quarter, e.g. 2021Q3: needed when the document names none");
  import_cmd->add_option("--importer", import.importer,
                         "use this importer instead of the most confident");
  import_cmd->add_flag("--replace", import.replace,
                       "replace a different document for the same region "
                       "and period");
  import_cmd->add_flag("--dry-run", import.dry_run,
                       "check the document, store nothing");
  import_cmd->add_option("--sheet", import.sheet,
                         "read only this sheet of a workbook (default: every "
                         "sheet with a table)");
  bool no_progress = false;
  import_cmd->add_flag("--no-progress", no_progress,
                       "no progress bar, even on a terminal");

  CLI::App* identify_cmd = add_command(
      "identify",
      "how sure each importer is that it reads FILE, and which one an "
      "import would use");
  std::string identify_file;
  identify_cmd->add_option("FILE", identify_file, "the document")->required();

  CLI::App* publications_cmd =
      add_command("publications", "list loaded publications");
  publications_cmd->add_option("--region", region, "only this region");

  CLI::App* totals_cmd = add_command("totals", "a region's figures");
  add_region(totals_cmd);
  add_period(totals_cmd, "quarter, e.g. 2021Q3 (default: the latest loaded)");

  CLI::App* municipalities_cmd =
      add_command("municipalities", "a region's municipalities");
  add_region(municipalities_cmd);
  add_period(municipalities_cmd,
             "quarter, e.g. 2021Q3 (default: the latest loaded)");

  CLI::App* coverage_cmd =
      add_command("coverage", "every loaded region's coverage for a period");
  add_period(coverage_cmd, "quarter, e.g. 2021Q3 (default: the latest loaded)");
  std::string sort = "region";
  coverage_cmd
      ->add_option("--sort", sort,
                   "rank by coverage, profile-share, total or register "
                   "(largest first); region: by name")
      ->check(CLI::IsMember(
          {"region", "coverage", "profile-share", "total", "register"}))
      ->capture_default_str();

  tkp::client::ChartOptions chart;
  CLI::App* chart_cmd = add_command(
      "chart", "draw coverage in the terminal (and as SVG with --out)");
  chart_cmd->require_subcommand(1);
  auto add_chart = [&](const char* name, const char* help) {
    CLI::App* command = chart_cmd->add_subcommand(name, help);
    command->fallthrough();
    command->add_option("--out", chart.svg_path,
                        "also write the chart as an SVG file");
    command
        ->add_option("--width", chart.width,
                     "columns to fit (default: the terminal's width)")
        ->check(CLI::Range(40, 1000));
    return command;
  };
  CLI::App* chart_coverage_cmd =
      add_chart("coverage", "every loaded region's coverage for a period");
  add_period(chart_coverage_cmd,
             "quarter, e.g. 2021Q3 (default: the latest loaded)");
  CLI::App* chart_history_cmd =
      add_chart("history", "a region's coverage over all loaded quarters");
  add_region(chart_history_cmd);

  std::optional<int64_t> watch_after;
  int64_t watch_count = 0;
  CLI::App* watch_cmd = add_command(
      "watch", "print every import, replacement and removal as it happens");
  watch_cmd->add_option("--after", watch_after,
                        "also send past events after this sequence number "
                        "(0: all); default: only new ones");
  watch_cmd
      ->add_option("--count", watch_count,
                   "stop after this many events (default: never)")
      ->check(CLI::NonNegativeNumber);

  CLI::App* remove_cmd =
      add_command("remove", "remove one region's publication for a period");
  add_region(remove_cmd);
  add_period(remove_cmd, "the quarter to remove, e.g. 2021Q3 (required)");

  PeriodOption from_period{"--from", ""};
  PeriodOption to_period{"--to", ""};
  CLI::App* changes_cmd = add_command(
      "changes", "how a region's figures changed between two periods");
  add_region(changes_cmd);
  changes_cmd->add_option("--from", from_period.text,
                          "earlier quarter (default: the one before --to)");
  changes_cmd->add_option("--to", to_period.text,
                          "later quarter (default: the latest loaded)");

  CLI::App* history_cmd = add_command(
      "history",
      "a region's figures over all loaded periods, or with --municipality "
      "one municipality's, in whichever region counted it");
  std::string municipality;
  CLI::Option* history_region = history_cmd->add_option(
      "--region", region, "region name (any spelling) or its printed number");
  history_cmd
      ->add_option("--municipality", municipality,
                   "municipality name (any spelling or former name) or its "
                   "CBS code, e.g. GM0141")
      ->excludes(history_region);

  tkp::client::ExportOptions export_options;
  PeriodOption export_from{"--from", ""};
  PeriodOption export_to{"--to", ""};
  CLI::App* export_cmd = add_command(
      "export",
      "every loaded figure in long format, one row per municipality and "
      "quarter (period, region and its CBS code, municipality as printed "
      "and its GM code, the five counts, the region's register size): CSV "
      "with a header, or with --format json one JSON object per line");
  export_cmd->add_option("--region", export_options.region,
                         "only this region (name, CBS code or printed number)");
  export_cmd->add_option("--from", export_from.text,
                         "only quarters from this one on, e.g. 2021Q4");
  export_cmd->add_option("--to", export_to.text,
                         "only quarters up to this one, e.g. 2022Q4");
  export_cmd->add_option("--out", export_options.out_path,
                         "write to this file (it appears only once the export "
                         "is complete) instead of stdout");

  CLI::App* importers_cmd = add_command(
      "importers", "the server's importer plugins, and those that failed");
  bool reload = false;
  importers_cmd->add_flag("--reload", reload,
                          "first make the server rescan its plugin directory "
                          "(as SIGHUP does)");

  std::optional<tkp::PeriodKey> parsed_period;
  std::optional<tkp::PeriodKey> parsed_from;
  std::optional<tkp::PeriodKey> parsed_to;
  try {
    app.parse(argc, argv);
    parsed_period = period.Parse();
    parsed_from = from_period.Parse();
    parsed_to = to_period.Parse();
    export_options.from = export_from.Parse();
    export_options.to = export_to.Parse();
    if (*history_cmd && region.empty() && municipality.empty()) {
      throw CLI::ValidationError("history", "give --region or --municipality");
    }
    import.period = parsed_period;
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  const tkp::client::Format output_format =
      format == "json"  ? tkp::client::Format::kJson
      : format == "csv" ? tkp::client::Format::kCsv
                        : tkp::client::Format::kTable;
  tkp::client::ConnectionOptions connection;
  connection.server = server;
  connection.timeout =
      std::chrono::milliseconds(static_cast<int64_t>(timeout_seconds * 1000));
  connection.tls = tls;
  if (tls_cert.empty() != tls_key.empty()) {
    std::cerr << "error: --tls-cert and --tls-key go together\n";
    return 2;
  }
  for (auto [path, pem] : {std::pair{&tls_ca, &connection.tls_ca_pem},
                           std::pair{&tls_cert, &connection.tls_cert_pem},
                           std::pair{&tls_key, &connection.tls_key_pem},
                           std::pair{&token_file, &connection.token}}) {
    if (path->empty()) continue;
    std::ifstream in(*path, std::ios::binary);
    if (!in) {
      std::cerr << "error: cannot read " << *path << ": "
                << std::strerror(errno) << "\n";
      return 1;
    }
    pem->assign(std::istreambuf_iterator<char>(in), {});
  }
  if (token_file.empty()) {
    if (const char* env = std::getenv("TKP_TOKEN")) connection.token = env;
  }
  // A token file usually ends with a newline.
  while (!connection.token.empty() &&
         std::isspace(static_cast<unsigned char>(connection.token.back()))) {
    connection.token.pop_back();
  }
  tkp::client::TkpClient client(connection);
  // Nothing from outside reaches the terminal raw.
  tkp::client::EscapingStream out(std::cout);
  tkp::client::EscapingStream err(std::cerr);
  const CommandContext context{&client, output_format, &out, &err, &std::cerr};

  if (*import_cmd) {
    import.progress = !no_progress && ::isatty(STDERR_FILENO) == 1;
    return tkp::client::RunImport(context, import);
  }
  if (*identify_cmd) return tkp::client::RunIdentify(context, identify_file);
  if (*publications_cmd) return tkp::client::RunPublications(context, region);
  if (*totals_cmd) {
    return tkp::client::RunTotals(context, region, parsed_period);
  }
  if (*municipalities_cmd) {
    return tkp::client::RunMunicipalities(context, region, parsed_period);
  }
  if (*coverage_cmd) {
    const tkp::v1::GetCoverageRequest::SortOrder order =
        sort == "coverage" ? tkp::v1::GetCoverageRequest::SORT_ORDER_COVERAGE
        : sort == "profile-share"
            ? tkp::v1::GetCoverageRequest::SORT_ORDER_PROFILE_SHARE
        : sort == "total" ? tkp::v1::GetCoverageRequest::SORT_ORDER_TOTAL
        : sort == "register"
            ? tkp::v1::GetCoverageRequest::SORT_ORDER_REGISTER_SIZE
            : tkp::v1::GetCoverageRequest::SORT_ORDER_UNSPECIFIED;
    return tkp::client::RunCoverage(context, parsed_period, order);
  }
  if (*chart_coverage_cmd) {
    return tkp::client::RunChartCoverage(context, parsed_period, chart);
  }
  if (*chart_history_cmd) {
    return tkp::client::RunChartHistory(context, region, chart);
  }
  if (*watch_cmd) {
    // A stream has no deadline unless --timeout was given.
    const bool timed = app.get_option("--timeout")->count() > 0;
    return tkp::client::RunWatch(
        context, watch_after, watch_count,
        timed ? connection.timeout : std::chrono::milliseconds(0));
  }
  if (*remove_cmd) {
    if (!parsed_period) {
      std::cerr << "error: remove needs --period (e.g. 2021Q3)\n";
      return 2;
    }
    return tkp::client::RunRemove(context, region, *parsed_period);
  }
  if (*changes_cmd) {
    return tkp::client::RunChanges(context, region, parsed_from, parsed_to);
  }
  if (*history_cmd) {
    if (!municipality.empty()) {
      return tkp::client::RunMunicipalityHistory(context, municipality);
    }
    return tkp::client::RunHistory(context, region);
  }
  if (*export_cmd) return tkp::client::RunExport(context, export_options);
  if (*importers_cmd) return tkp::client::RunImporters(context, reload);
  return 2;
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
