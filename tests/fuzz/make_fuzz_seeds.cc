// Writes seed inputs for the fuzz targets that read binary formats: a
// publication PDF drawn with cairo and a workbook written with
// libxlsxwriter, both holding the Food Valley sample's figures.
//
// Usage: make_fuzz_seeds OUT_DIR   (writes OUT_DIR/seed.pdf, seed.xlsx)

#include <iostream>
#include <string>

#include "server/importer_set.h"
#include "server/text_decoding.h"
#include "server/validator.h"
#include "tests/support/pdf_builder.h"
#include "tests/support/test_support.h"
#include "tests/support/workbook_builder.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_fuzz_seeds OUT_DIR\n";
    return 2;
  }
  const std::string out = argv[1];
  const tkp::LoadedImporter layout_a =
      tkp::testing::LoadRealImporter("layout-a");
  const std::string text = tkp::testing::ReadFileOrDie(
      tkp::testing::SamplePath(tkp::testing::kSampleFoodValleyA));
  const tkp::plugin::ParseOutcome parsed =
      layout_a.importer->Parse(text, {"food-valley.txt", ""});
  if (!parsed.ok) {
    std::cerr << "cannot read the sample: " << parsed.error << "\n";
    return 1;
  }
  const absl::StatusOr<tkp::v1::RegionFigures> figures = tkp::Validate(
      parsed.documents.front(), tkp::ValidationContext{"food-valley.txt"});
  if (!figures.ok()) {
    std::cerr << figures.status() << "\n";
    return 1;
  }
  tkp::testing::WritePublicationPdf(out + "/seed.pdf", *figures,
                                    {.rows_on_first_page = 3});
  tkp::testing::WriteWorkbook(
      out + "/seed.xlsx",
      {tkp::testing::SheetFromFigures("Food Valley", *figures)});
  std::cout << "wrote " << out << "/seed.pdf and seed.xlsx\n";
  return 0;
}
