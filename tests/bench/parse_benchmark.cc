// How fast each importer plugin reads a document (Google Benchmark), as
// bytes per second, beside a baseline measured in the same run: splitting
// the same bytes into lines, the least any text importer must do. Not a
// test: run build/bin/tkp-parse-benchmark.

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "plugins/sdk/text.h"
#include "server/importing/text_decoding.h"
#include "server/importing/validator.h"
#include "tests/support/pdf_builder.h"
#include "tests/support/test_support.h"
#include "tests/support/workbook_builder.h"

namespace tkp {
namespace {

// The documents, made once: the text samples as they are, and a PDF and a
// workbook holding the Food Valley sample's figures.
struct Documents {
  std::string layout_a;
  std::string layout_b;
  std::string pdf;
  std::string xlsx;
  std::string national_pdf;  // 35 regions, a page each
  // Written by LibreOffice Calc (tests/fixtures/documents), two regions.
  std::string csv;
  std::string ods;
};

const Documents& GetDocuments() {
  static const Documents* const documents = [] {
    auto* d = new Documents;
    d->layout_a =
        testing::ReadFileOrDie(testing::SamplePath(testing::kSampleAmsterdamA));
    d->layout_b =
        testing::ReadFileOrDie(testing::SamplePath(testing::kSampleAmsterdamB));
    const v1::RegionFigures figures =
        testing::SampleFigures(testing::kSampleFoodValleyA);
    const testing::TempDir dir;
    testing::WritePublicationPdf(dir.File("p.pdf"), figures);
    testing::WriteWorkbook(dir.File("w.xlsx"),
                           {testing::SheetFromFigures("Food Valley", figures)});
    d->pdf = testing::ReadFileOrDie(dir.File("p.pdf"));
    d->xlsx = testing::ReadFileOrDie(dir.File("w.xlsx"));
    testing::WritePublicationsPdf(dir.File("n.pdf"),
                                  std::vector<v1::RegionFigures>(35, figures));
    d->national_pdf = testing::ReadFileOrDie(dir.File("n.pdf"));
    const std::string fixtures = TKP_DOCUMENT_FIXTURES_DIR;
    d->csv = testing::ReadFileOrDie(fixtures + "/calc-twee-regios-2023Q4.csv");
    d->ods = testing::ReadFileOrDie(fixtures + "/calc-twee-regios-2023Q4.ods");
    return d;
  }();
  return *documents;
}

void BM_Baseline_SplitLines(benchmark::State& state) {
  const std::string& text = GetDocuments().layout_a;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sdk::SplitLines(text));
  }
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_Baseline_SplitLines);

void Parse(benchmark::State& state, const char* plugin,
           const std::string& document) {
  const LoadedImporter importer = testing::LoadRealImporter(plugin);
  for (auto _ : state) {
    plugin::ParseOutcome outcome =
        importer.importer->Parse(document, {"bench-2023Q4.txt", ""});
    if (!outcome.ok) state.SkipWithError(outcome.error.c_str());
    benchmark::DoNotOptimize(outcome);
  }
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(document.size()));
}

void BM_Parse_LayoutA(benchmark::State& state) {
  Parse(state, "layout-a", GetDocuments().layout_a);
}
void BM_Parse_LayoutB(benchmark::State& state) {
  Parse(state, "layout-b", GetDocuments().layout_b);
}
void BM_Parse_Pdf(benchmark::State& state) {
  Parse(state, "pdf", GetDocuments().pdf);
}
void BM_Parse_Xlsx(benchmark::State& state) {
  Parse(state, "xlsx", GetDocuments().xlsx);
}
// A national publication: 35 regions, a page each. Its pages share their
// fonts, so it has a fifth of the bytes per region of a single-region PDF
// and bytes per second understate it; no MB/s target (not BM_Parse_).
void BM_National35Regions_Pdf(benchmark::State& state) {
  Parse(state, "pdf", GetDocuments().national_pdf);
}
void BM_Parse_Csv(benchmark::State& state) {
  Parse(state, "csv", GetDocuments().csv);
}
void BM_Parse_Ods(benchmark::State& state) {
  Parse(state, "ods", GetDocuments().ods);
}
BENCHMARK(BM_Parse_LayoutA);
BENCHMARK(BM_Parse_LayoutB);
BENCHMARK(BM_Parse_Pdf);
BENCHMARK(BM_Parse_Xlsx);
BENCHMARK(BM_National35Regions_Pdf);
BENCHMARK(BM_Parse_Csv);
BENCHMARK(BM_Parse_Ods);

// Decoding and validation, the server's share of every import.
void BM_DecodeAndValidate_LayoutA(benchmark::State& state) {
  const std::string& text = GetDocuments().layout_a;
  const LoadedImporter importer = testing::LoadRealImporter("layout-a");
  const plugin::ParseOutcome parsed =
      importer.importer->Parse(text, {"a.txt", ""});
  for (auto _ : state) {
    benchmark::DoNotOptimize(DecodeText(text, "a.txt"));
    benchmark::DoNotOptimize(Validate(
        parsed.documents.front(), ValidationContext{"a.txt", std::nullopt}));
  }
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_DecodeAndValidate_LayoutA);

}  // namespace
}  // namespace tkp

BENCHMARK_MAIN();
