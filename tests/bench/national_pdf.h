// The national publication as a PDF, timed through the server's importer:
// the 35 regions of the catalog (generated figures, a region from a new
// page on, each table running over two pages under running headers), read
// by the pdf plugin in a confined worker and validated, stored nowhere.

#ifndef TKP_TESTS_BENCH_NATIONAL_PDF_H_
#define TKP_TESTS_BENCH_NATIONAL_PDF_H_

#include <cstddef>
#include <vector>

namespace tkp::bench {

struct NationalPdfImports {
  int regions = 0;              // publications the document gave, each time
  size_t bytes = 0;             // the PDF's size
  std::vector<double> seconds;  // one import each
};

// Imports the document `repeats` times (dry runs); dies when an import
// fails or gives fewer publications than regions.
NationalPdfImports TimeNationalPdfImports(int repeats);

}  // namespace tkp::bench

#endif  // TKP_TESTS_BENCH_NATIONAL_PDF_H_
