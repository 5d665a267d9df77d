#include "tests/bench/import_timings.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "core/region_catalog.h"
#include "server/importing/document_importer.h"
#include "server/importing/importer_registry.h"
#include "server/importing/validator.h"
#include "server/store/data_dir_store.h"
#include "tests/bench/bench_errors.h"
#include "tests/bench/publication_generator.h"
#include "tests/support/pdf_builder.h"
#include "tests/support/test_support.h"

namespace tkp::bench {
namespace {

double MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - start)
      .count();
}

// The server's importer over a fresh store and the build's plugins, with
// workers kept ready as the server keeps them.
class SandboxedImporter {
 public:
  SandboxedImporter() {
    std::vector<std::string> errors;
    store_ = OrDie(DataDirStore::Open(data_.path(), &errors));
    WorkerOptions workers = testing::TestWorkerOptions();
    workers.idle_workers = 2;  // as the server runs them
    registry_ = OrDie(ImporterRegistry::Open(TKP_PLUGIN_DIR, workers));
    importer_ = std::make_unique<DocumentImporter>(
        registry_.get(), store_.get(), &RegionCatalog::BuiltIn(),
        kDefaultMaxDocumentBytes);
  }

  // A dry run of the document; dies when it is refused.
  v1::ImportDocumentResponse DryRun(const std::string& content,
                                    const std::string& file_name) const {
    v1::ImportDocumentRequest request;
    request.set_content(content);
    request.set_file_name(file_name);
    request.set_dry_run(true);
    return OrDie(importer_->Import(request));
  }

 private:
  const testing::TempDir data_;
  std::unique_ptr<DataDirStore> store_;
  std::unique_ptr<ImporterRegistry> registry_;
  std::unique_ptr<DocumentImporter> importer_;
};

// Each region's generated figures, as the layout-A text reads.
std::vector<v1::RegionFigures> NationalFigures() {
  const LoadedImporter layout_a = testing::LoadRealImporter("layout-a");
  if (layout_a.importer == nullptr) Die("cannot load layout-a");
  std::vector<v1::RegionFigures> all;
  int code = 0;
  for (const std::string& region : RegionCatalog::BuiltIn().names()) {
    ++code;
    const GeneratedPublication text = GeneratePublication(
        region, code, 2023, 2, false, static_cast<uint32_t>(code * 7));
    const plugin::ParseOutcome parsed =
        layout_a.importer->Parse(text.text, {text.file_name, ""});
    if (!parsed.ok) Die(parsed.error);
    v1::RegionFigures figures = OrDie(Validate(
        parsed.documents.front(), ValidationContext{text.file_name, {}}));
    // Names that fit the drawn name column (and end in no number).
    for (int m = 0; m < figures.municipalities_size(); ++m) {
      figures.mutable_municipalities(m)->set_name(
          figures.region().cbs_code() + " gemeente " +
          std::string(1, static_cast<char>('A' + m)));
    }
    all.push_back(std::move(figures));
  }
  return all;
}

}  // namespace

ImportLatencies MeasureImportLatencies(int documents) {
  const GeneratedPublication publication =
      GeneratePublication("Twente", 9, 2023, 2, false, 7);
  ImportLatencies latencies;
  const LoadedImporter layout_a = testing::LoadRealImporter("layout-a");
  if (layout_a.importer == nullptr) Die("cannot load layout-a");
  for (int i = 0; i < documents; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const plugin::ParseOutcome parsed =
        layout_a.importer->Parse(publication.text, {"t.txt", ""});
    if (!parsed.ok) Die(parsed.error);
    OrDie(Validate(parsed.documents.front(),
                   ValidationContext{"t.txt", std::nullopt}));
    latencies.in_process_ms.push_back(MsSince(start));
  }
  const SandboxedImporter importer;
  for (int i = 0; i < documents; ++i) {
    // Paced as documents arrive one by one, so the pool keeps up.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const auto start = std::chrono::steady_clock::now();
    importer.DryRun(publication.text, "t.txt");
    latencies.sandboxed_ms.push_back(MsSince(start));
  }
  return latencies;
}

NationalPdfImports TimeNationalPdfImports(int repeats) {
  const testing::TempDir dir;
  const std::vector<v1::RegionFigures> regions = NationalFigures();
  const std::string path = dir.File("nationaal.pdf");
  testing::WritePublicationsPdf(path, regions, {.rows_on_first_page = 7});
  const std::string content = testing::ReadFileOrDie(path);
  const SandboxedImporter importer;
  NationalPdfImports imports;
  imports.bytes = content.size();
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const v1::ImportDocumentResponse response =
        importer.DryRun(content, "nationaal.pdf");
    imports.seconds.push_back(MsSince(start) / 1000);
    imports.regions = response.publications_size();
    if (imports.regions != static_cast<int>(regions.size())) {
      Die("the national PDF gave " + std::to_string(imports.regions) +
          " publications of " + std::to_string(regions.size()));
    }
  }
  return imports;
}

double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1,
                         static_cast<size_t>(p * values.size()))];
}

}  // namespace tkp::bench
