#include "tests/bench/publication_generator.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/dutch_count.h"
#include "core/region_catalog.h"
#include "plugins/sdk/text.h"
#include "proto/period_conversion.h"
#include "server/importing/document_importer.h"
#include "server/importing/importer_registry.h"
#include "server/importing/validator.h"
#include "server/store/data_dir_store.h"
#include "server/util/sha256.h"
#include "tests/support/test_support.h"

namespace tkp::bench {
namespace {

constexpr int kMunicipalities = 12;

using Counts = std::array<int64_t, 5>;  // four counts and their total

std::vector<std::string> Cells(const Counts& c) {
  std::vector<std::string> cells;
  for (int64_t n : c) cells.push_back(FormatDutchCount(n));
  return cells;
}

}  // namespace

std::string MunicipalityName(const std::string& region, int m) {
  // Named by the region's CBS code, not its name: a made-up name that
  // holds a real municipality's ("Groningen gemeente A") is refused as a
  // misread (server/importing/unresolved_name.h).
  const std::string code = RegionCatalog::BuiltIn().Resolve(region).cbs_code;
  return absl::StrCat(code.empty() ? "Regio" : code, " gemeente ",
                      std::string(1, static_cast<char>('A' + m)));
}

GeneratedPublication GeneratePublication(const std::string& region, int code,
                                         int year, int quarter, bool layout_b,
                                         uint32_t seed) {
  std::mt19937 random(seed);
  std::vector<std::pair<std::string, Counts>> rows;
  Counts total{};
  for (int m = 0; m < kMunicipalities; ++m) {
    Counts c{};
    for (int i = 0; i < 4; ++i) c[i] = static_cast<int64_t>(random() % 2000);
    c[4] = c[0] + c[1] + c[2] + c[3];
    for (int i = 0; i < 5; ++i) total[i] += c[i];
    rows.push_back({MunicipalityName(region, m), c});
  }
  const int64_t register_size = total[4] + total[4] / 3;
  const int64_t percent = std::lround(100.0 * static_cast<double>(total[4]) /
                                      static_cast<double>(register_size));
  const std::string sentence =
      absl::StrCat("In de arbeidsmarktregio ", region,
                   " bevat het doelgroepregister banenafspraak in totaal ",
                   FormatDutchCount(register_size), " personen. Hiervan is ",
                   percent, "% bekend binnen Sonar.\n");

  GeneratedPublication out;
  const std::string period_code = absl::StrCat(year, "Q", quarter);
  if (!layout_b) {
    out.file_name = absl::StrCat(region, "-", period_code, ".txt");
    out.text =
        absl::StrCat("Transparantie van klantprofielen\n\n",
                     sdk::PeriodPhrase(year, quarter), " ", region, "\n\n");
    for (const auto& [name, c] : rows) {
      absl::StrAppend(&out.text, name, " ", absl::StrJoin(Cells(c), " "), "\n");
    }
    absl::StrAppend(&out.text, " TOTAAL AMR ", absl::StrJoin(Cells(total), " "),
                    "\n ", code, " ", region, "\n\n", sentence);
  } else {
    out.file_name = absl::StrCat(region, "-", period_code, ".tsv");
    out.needs_period = true;
    out.text =
        "Arbeidsmarktregio\tGemeente\tGemeenteklanten\t\tUWV-klanten\t\t"
        "Totaal\n\t\tMet profiel\tZonder profiel\tMet profiel\tZonder "
        "profiel\t\n";
    bool first = true;
    for (const auto& [name, c] : rows) {
      absl::StrAppend(&out.text, first ? absl::StrCat(code, " ", region) : "",
                      "\t", name, "\t", absl::StrJoin(Cells(c), "\t"), "\n");
      first = false;
    }
    absl::StrAppend(&out.text, "\tTOTAAL AMR\t",
                    absl::StrJoin(Cells(total), "\t"), "\n\n", sentence);
  }
  return out;
}

namespace {

using ImportOne = std::function<absl::Status(const GeneratedPublication&,
                                             std::optional<PeriodKey>)>;

// Each generated document through the server's importer, in workers.
absl::StatusOr<ImportOne> ThroughWorkers(
    DataDirStore* store, std::unique_ptr<ImporterRegistry>* registry_holder) {
  absl::StatusOr<std::unique_ptr<ImporterRegistry>> registry =
      ImporterRegistry::Open(TKP_PLUGIN_DIR, [] {
        // As the server runs them: a few started ahead.
        WorkerOptions workers = testing::TestWorkerOptions();
        workers.idle_workers = 2;
        return workers;
      }());
  if (!registry.ok()) return registry.status();
  *registry_holder = *std::move(registry);
  auto importer = std::make_shared<DocumentImporter>(
      registry_holder->get(), store, &RegionCatalog::BuiltIn(),
      kDefaultMaxDocumentBytes);
  return [importer](const GeneratedPublication& p,
                    std::optional<PeriodKey> period) -> absl::Status {
    v1::ImportDocumentRequest request;
    request.set_content(p.text);
    request.set_file_name(p.file_name);
    if (period) *request.mutable_period() = ToProto(*period);
    return importer->Import(request).status();
  };
}

// Each generated document read by its plugin in this process, validated
// and committed as the server's importer does.
absl::StatusOr<ImportOne> InProcess(DataDirStore* store) {
  auto layout_a =
      std::make_shared<LoadedImporter>(testing::LoadRealImporter("layout-a"));
  auto layout_b =
      std::make_shared<LoadedImporter>(testing::LoadRealImporter("layout-b"));
  if (layout_a->importer == nullptr || layout_b->importer == nullptr) {
    return absl::FailedPreconditionError("cannot load the layout plugins");
  }
  return [=](const GeneratedPublication& p,
             std::optional<PeriodKey> period) -> absl::Status {
    const LoadedImporter& plugin = p.needs_period ? *layout_b : *layout_a;
    const plugin::ParseOutcome parsed =
        plugin.importer->Parse(p.text, {p.file_name, ""});
    if (!parsed.ok) return absl::InvalidArgumentError(parsed.error);
    absl::StatusOr<v1::RegionFigures> figures = Validate(
        parsed.documents.front(), ValidationContext{p.file_name, period});
    if (!figures.ok()) return figures.status();
    v1::Source* source = figures->mutable_source();
    source->set_file_name(p.file_name);
    source->set_importer(plugin.info.name);
    source->set_sha256(Sha256Hex(p.text));
    std::vector<v1::RegionFigures> batch;
    batch.push_back(*std::move(figures));
    return store->CommitAll(std::move(batch), false).status();
  };
}

}  // namespace

absl::StatusOr<GeneratedSet> ImportGeneratedSet(const std::string& data_dir,
                                                const GeneratedSetSpec& spec) {
  const RegionCatalog& catalog = RegionCatalog::BuiltIn();
  std::vector<std::string> errors;
  absl::StatusOr<std::unique_ptr<DataDirStore>> store =
      DataDirStore::Open(data_dir, &errors);
  if (!store.ok()) return store.status();
  std::unique_ptr<ImporterRegistry> registry;
  absl::StatusOr<ImportOne> import =
      spec.in_process ? InProcess(store->get())
                      : ThroughWorkers(store->get(), &registry);
  if (!import.ok()) return import.status();

  GeneratedSet set;
  const auto start = std::chrono::steady_clock::now();
  int code = 0;
  for (const std::string& region : catalog.names()) {
    ++code;
    if (!spec.regions.empty() &&
        std::find(spec.regions.begin(), spec.regions.end(), region) ==
            spec.regions.end()) {
      continue;
    }
    for (int q = spec.first_quarter; q < spec.first_quarter + spec.quarters;
         ++q) {
      const int year = 2010 + q / 4;
      const int quarter = 1 + q % 4;
      const GeneratedPublication p =
          GeneratePublication(region, code, year, quarter, (code + q) % 2 == 1,
                              static_cast<uint32_t>(code * 1000 + q));
      const std::optional<PeriodKey> period =
          p.needs_period ? std::optional(PeriodKey{year, quarter})
                         : std::nullopt;
      if (absl::Status s = (*import)(p, period); !s.ok()) {
        return absl::InternalError(absl::StrCat(
            "generated document ", p.file_name, " refused: ", s.message()));
      }
      ++set.publications;
      set.text_bytes += static_cast<int64_t>(p.text.size());
    }
  }
  set.import_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return set;
}

}  // namespace tkp::bench
