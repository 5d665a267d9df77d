#include "client/command_line.h"

#include <CLI/CLI.hpp>
#include <utility>
#include <vector>

namespace tkp::client {
namespace {

constexpr char kLatestPeriodHelp[] =
    "quarter, e.g. 2021Q3 (default: the latest loaded)";

// Turns "--period 2021Q3" into a PeriodKey; a bad one is a usage error.
struct PeriodOption {
  std::string flag;  // for the message
  std::string text;

  std::optional<PeriodKey> Parse() const {
    if (text.empty()) return std::nullopt;
    absl::StatusOr<PeriodKey> period = ParsePeriod(text);
    if (!period.ok()) {
      throw CLI::ValidationError(flag, std::string(period.status().message()));
    }
    return *period;
  }
};

v1::GetCoverageRequest::SortOrder SortOrder(const std::string& sort) {
  if (sort == "coverage") return v1::GetCoverageRequest::SORT_ORDER_COVERAGE;
  if (sort == "profile-share") {
    return v1::GetCoverageRequest::SORT_ORDER_PROFILE_SHARE;
  }
  if (sort == "total") return v1::GetCoverageRequest::SORT_ORDER_TOTAL;
  if (sort == "register") {
    return v1::GetCoverageRequest::SORT_ORDER_REGISTER_SIZE;
  }
  return v1::GetCoverageRequest::SORT_ORDER_UNSPECIFIED;  // "region"
}

// The app, its commands, and where their flags go.
class Parser {
 public:
  Parser()
      : app_(
            "tkp: load \"Transparantie van klantprofielen\" documents into a "
            "tkp-server and read their figures.\n"
            "Exit codes: 0 ok, 2 usage error, 1 local file unreadable, 64 + "
            "the gRPC status code when the call fails (67 INVALID_ARGUMENT, "
            "69 NOT_FOUND, 70 ALREADY_EXISTS, 78 UNAVAILABLE).",
            "tkp") {
    app_.set_version_flag("--version", "tkp 1.0.0");
    app_.require_subcommand(1);
    AddGlobalFlags();
    AddImportCommands();
    AddReadCommands();
    AddChartCommands();
    AddWatchAndRemove();
    AddChangesAndHistory();
    AddExportAndImporters();
  }

  std::variant<CommandLine, int> Parse(int argc, char** argv) {
    try {
      app_.parse(argc, argv);
      for (const auto& [command, which] : commands_) {
        if (*command) line_.command = which;
      }
      line_.period = period_.Parse();
      line_.from = from_.Parse();
      line_.to = to_.Parse();
      line_.export_options.from = export_from_.Parse();
      line_.export_options.to = export_to_.Parse();
      if (line_.command == Command::kHistory && line_.region.empty() &&
          line_.municipality.empty()) {
        throw CLI::ValidationError("history",
                                   "give --region or --municipality");
      }
    } catch (const CLI::ParseError& e) {
      return app_.exit(e) == 0 ? 0 : 2;
    }
    line_.import.period = line_.period;
    line_.sort = SortOrder(sort_);
    line_.timeout_given = app_.get_option("--timeout")->count() > 0;
    return std::move(line_);
  }

 private:
  void AddGlobalFlags() {
    app_.add_option("--server", line_.server,
                    "tkp-server address HOST:PORT, or replicas as "
                    "IP:PORT,IP:PORT (calls are spread round-robin)")
        ->envname("TKP_SERVER")
        ->capture_default_str();
    app_.add_option("--format", line_.format,
                    "output: table, json (proto3 JSON) or csv (export: csv "
                    "unless json)")
        ->check(CLI::IsMember({"table", "json", "csv"}))
        ->capture_default_str();
    app_.add_option("--timeout", line_.timeout_seconds,
                    "deadline of the call, seconds")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app_.add_flag("--tls", line_.tls, "use TLS, trusting the system's roots");
    app_.add_option("--tls-ca", line_.tls_ca, "use TLS, trusting this PEM CA")
        ->check(CLI::ExistingFile);
    app_.add_option("--tls-cert", line_.tls_cert,
                    "PEM client certificate for mutual TLS (with --tls-key)")
        ->check(CLI::ExistingFile);
    app_.add_option("--tls-key", line_.tls_key, "PEM key for --tls-cert")
        ->check(CLI::ExistingFile);
    app_.add_option("--token-file", line_.token_file,
                    "file holding the bearer token (or set TKP_TOKEN)")
        ->check(CLI::ExistingFile);
  }

  CLI::App* AddCommand(const char* name, const char* help, Command command) {
    CLI::App* added = app_.add_subcommand(name, help);
    added->fallthrough();  // global flags may also follow the command
    commands_.emplace_back(added, command);
    return added;
  }

  void AddRegion(CLI::App* command) {
    command
        ->add_option("--region", line_.region,
                     "region name (any spelling) or its printed number")
        ->required();
  }

  void AddPeriod(CLI::App* command, const char* help) {
    command->add_option("--period", period_.text, help);
  }

  void AddImportCommands() {
    CLI::App* import = AddCommand(
        "import",
        "import documents: files, or directories of them; with several, a "
        "line per file and a summary, and a refused file does not stop the "
        "rest",
        Command::kImport);
    import->add_option("FILE", line_.import.paths, "documents or directories")
        ->required();
    AddPeriod(import,
              "quarter, e.g. 2021Q3: needed when the document names none");
    import->add_option("--importer", line_.import.importer,
                       "use this importer instead of the most confident");
    import->add_flag("--replace", line_.import.replace,
                     "replace a different document for the same region "
                     "and period");
    import->add_flag("--dry-run", line_.import.dry_run,
                     "check the document, store nothing");
    import->add_option("--sheet", line_.import.sheet,
                       "read only this sheet of a workbook (default: every "
                       "sheet with a table)");
    import->add_flag("--no-progress", line_.no_progress,
                     "no progress bar, even on a terminal");

    CLI::App* identify = AddCommand(
        "identify",
        "how sure each importer is that it reads FILE, and which one an "
        "import would use",
        Command::kIdentify);
    identify->add_option("FILE", line_.identify_file, "the document")
        ->required();
  }

  void AddReadCommands() {
    AddCommand("publications", "list loaded publications",
               Command::kPublications)
        ->add_option("--region", line_.region, "only this region");
    CLI::App* totals =
        AddCommand("totals", "a region's figures", Command::kTotals);
    AddRegion(totals);
    AddPeriod(totals, kLatestPeriodHelp);
    CLI::App* municipalities =
        AddCommand("municipalities", "a region's municipalities",
                   Command::kMunicipalities);
    AddRegion(municipalities);
    AddPeriod(municipalities, kLatestPeriodHelp);
    CLI::App* coverage =
        AddCommand("coverage", "every loaded region's coverage for a period",
                   Command::kCoverage);
    AddPeriod(coverage, kLatestPeriodHelp);
    coverage
        ->add_option("--sort", sort_,
                     "rank by coverage, profile-share, total or register "
                     "(largest first); region: by name")
        ->check(CLI::IsMember(
            {"region", "coverage", "profile-share", "total", "register"}))
        ->capture_default_str();
  }

  void AddChartCommands() {
    CLI::App* chart = app_.add_subcommand(
        "chart", "draw coverage in the terminal (and as SVG with --out)");
    chart->fallthrough();
    chart->require_subcommand(1);
    const auto add_chart = [&](const char* name, const char* help,
                               Command command) {
      CLI::App* added = chart->add_subcommand(name, help);
      added->fallthrough();
      commands_.emplace_back(added, command);
      added->add_option("--out", line_.chart.svg_path,
                        "also write the chart as an SVG file");
      added
          ->add_option("--width", line_.chart.width,
                       "columns to fit (default: the terminal's width)")
          ->check(CLI::Range(40, 1000));
      return added;
    };
    AddPeriod(
        add_chart("coverage", "every loaded region's coverage for a period",
                  Command::kChartCoverage),
        kLatestPeriodHelp);
    AddRegion(add_chart("history",
                        "a region's coverage over all loaded quarters",
                        Command::kChartHistory));
  }

  void AddWatchAndRemove() {
    CLI::App* watch = AddCommand(
        "watch", "print every import, replacement and removal as it happens",
        Command::kWatch);
    watch->add_option("--after", line_.watch_after,
                      "also send past events after this sequence number "
                      "(0: all); default: only new ones");
    watch
        ->add_option("--count", line_.watch_count,
                     "stop after this many events (default: never)")
        ->check(CLI::NonNegativeNumber);
    CLI::App* remove =
        AddCommand("remove", "remove one region's publication for a period",
                   Command::kRemove);
    AddRegion(remove);
    AddPeriod(remove, "the quarter to remove, e.g. 2021Q3 (required)");
  }

  void AddChangesAndHistory() {
    CLI::App* changes = AddCommand(
        "changes", "how a region's figures changed between two periods",
        Command::kChanges);
    AddRegion(changes);
    changes->add_option("--from", from_.text,
                        "earlier quarter (default: the one before --to)");
    changes->add_option("--to", to_.text,
                        "later quarter (default: the latest loaded)");
    CLI::App* history = AddCommand(
        "history",
        "a region's figures over all loaded periods, or with --municipality "
        "one municipality's, in whichever region counted it",
        Command::kHistory);
    CLI::Option* region =
        history->add_option("--region", line_.region,
                            "region name (any spelling) or its printed number");
    history
        ->add_option("--municipality", line_.municipality,
                     "municipality name (any spelling or former name) or its "
                     "CBS code, e.g. GM0141")
        ->excludes(region);
  }

  void AddExportAndImporters() {
    CLI::App* exported = AddCommand(
        "export",
        "every loaded figure in long format, one row per municipality and "
        "quarter (period, region and its CBS code, municipality as printed "
        "and its GM code, the five counts, the region's register size): CSV "
        "with a header, or with --format json one JSON object per line",
        Command::kExport);
    exported->add_option("--region", line_.export_options.region,
                         "only this region (name, CBS code or printed number)");
    exported->add_option("--from", export_from_.text,
                         "only quarters from this one on, e.g. 2021Q4");
    exported->add_option("--to", export_to_.text,
                         "only quarters up to this one, e.g. 2022Q4");
    exported->add_option("--out", line_.export_options.out_path,
                         "write to this file (it appears only once the "
                         "export is complete) instead of stdout");
    AddCommand("importers",
               "the server's importer plugins, and those that failed",
               Command::kImporters)
        ->add_flag("--reload", line_.reload,
                   "first make the server rescan its plugin directory (as "
                   "SIGHUP does)");
  }

  CLI::App app_;
  CommandLine line_;
  std::vector<std::pair<CLI::App*, Command>> commands_;
  std::string sort_ = "region";
  PeriodOption period_{"--period", ""};
  PeriodOption from_{"--from", ""};
  PeriodOption to_{"--to", ""};
  PeriodOption export_from_{"--from", ""};
  PeriodOption export_to_{"--to", ""};
};

}  // namespace

std::variant<CommandLine, int> ParseCommandLine(int argc, char** argv) {
  return Parser().Parse(argc, argv);
}

}  // namespace tkp::client
