#include "tests/bench/national_pdf.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "core/region_catalog.h"
#include "server/document_importer.h"
#include "server/figure_store.h"
#include "server/importer_registry.h"
#include "server/validator.h"
#include "tests/bench/publication_generator.h"
#include "tests/support/pdf_builder.h"
#include "tests/support/test_support.h"

namespace tkp::bench {
namespace {

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "tkp-bench: national PDF: %s\n", message.c_str());
  std::exit(1);
}

template <typename T>
T OrDie(absl::StatusOr<T> value) {
  if (!value.ok()) Die(value.status().ToString());
  return *std::move(value);
}

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

NationalPdfImports TimeNationalPdfImports(int repeats) {
  const testing::TempDir dir;
  const std::vector<v1::RegionFigures> regions = NationalFigures();
  const std::string path = dir.File("nationaal.pdf");
  testing::WritePublicationsPdf(path, regions, {.rows_on_first_page = 7});
  v1::ImportDocumentRequest request;
  request.set_content(testing::ReadFileOrDie(path));
  request.set_file_name("nationaal.pdf");
  request.set_dry_run(true);

  std::vector<std::string> errors;
  const std::unique_ptr<FigureStore> store =
      OrDie(FigureStore::Open(dir.File("data"), &errors));
  WorkerOptions workers = testing::TestWorkerOptions();
  workers.idle_workers = 2;  // as the server runs them
  const std::unique_ptr<ImporterRegistry> registry =
      OrDie(ImporterRegistry::Open(TKP_PLUGIN_DIR, workers));
  const DocumentImporter importer(registry.get(), store.get(),
                                  &RegionCatalog::BuiltIn(),
                                  kDefaultMaxDocumentBytes);
  NationalPdfImports imports;
  imports.bytes = request.content().size();
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const v1::ImportDocumentResponse response = OrDie(importer.Import(request));
    imports.seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count());
    imports.regions = response.publications_size();
    if (imports.regions != static_cast<int>(regions.size())) {
      Die("gave " + std::to_string(imports.regions) + " publications of " +
          std::to_string(regions.size()));
    }
  }
  return imports;
}

}  // namespace tkp::bench
