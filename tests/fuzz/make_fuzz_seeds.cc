// Writes seed inputs for the fuzz targets that read binary formats: a
// publication PDF drawn with cairo and a workbook written with
// libxlsxwriter, both holding the Food Valley sample's figures.
//
// Usage: make_fuzz_seeds OUT_DIR   (writes OUT_DIR/seed.pdf, seed.xlsx)

#include <iostream>
#include <string>

#include "tests/support/pdf_builder.h"
#include "tests/support/test_support.h"
#include "tests/support/workbook_builder.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_fuzz_seeds OUT_DIR\n";
    return 2;
  }
  const std::string out = argv[1];
  const tkp::v1::RegionFigures figures =
      tkp::testing::SampleFigures(tkp::testing::kSampleFoodValleyA);
  if (figures.region().key().empty()) {
    std::cerr << "cannot read the Food Valley sample\n";
    return 1;
  }
  tkp::testing::WritePublicationPdf(out + "/seed.pdf", figures,
                                    {.rows_on_first_page = 3});
  tkp::testing::WriteWorkbook(
      out + "/seed.xlsx",
      {tkp::testing::SheetFromFigures("Food Valley", figures)});
  std::cout << "wrote " << out << "/seed.pdf and seed.xlsx\n";
  return 0;
}
