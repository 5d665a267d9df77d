// How fast each importer plugin reads a document (Google Benchmark), as
// bytes per second, beside a baseline measured in the same run: splitting
// the same bytes into lines, the least any text importer must do. Not a
// test: run build/bin/tkp-parse-benchmark.

#include <benchmark/benchmark.h>

#include <string>

#include "plugins/sdk/text.h"
#include "server/text_decoding.h"
#include "server/validator.h"
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
BENCHMARK(BM_Parse_LayoutA);
BENCHMARK(BM_Parse_LayoutB);
BENCHMARK(BM_Parse_Pdf);
BENCHMARK(BM_Parse_Xlsx);

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
