// Imports timed through the server's importer, stored nowhere: each
// document read by its plugin in a confined worker (the pool as the server
// runs it) and validated.
//  - One layout-A document, against calling the plugin in this process.
//  - The national publication as a PDF: the 35 regions of the catalog
//    (generated figures, a region from a new page on, each table running
//    over two pages under running headers).

#ifndef TKP_TESTS_BENCH_IMPORT_TIMINGS_H_
#define TKP_TESTS_BENCH_IMPORT_TIMINGS_H_

#include <cstddef>
#include <vector>

namespace tkp::bench {

struct ImportLatencies {
  std::vector<double> in_process_ms;
  std::vector<double> sandboxed_ms;
};

// `documents` imports of one layout-A document each way, paced as
// documents arrive one by one.
ImportLatencies MeasureImportLatencies(int documents);

struct NationalPdfImports {
  int regions = 0;              // publications the document gave, each time
  size_t bytes = 0;             // the PDF's size
  std::vector<double> seconds;  // one import each
};

// Imports the national PDF `repeats` times; dies when an import fails or
// gives fewer publications than regions.
NationalPdfImports TimeNationalPdfImports(int repeats);

// The value at fraction `p` (0.5: the median) of `values`.
double Percentile(std::vector<double> values, double p);

}  // namespace tkp::bench

#endif  // TKP_TESTS_BENCH_IMPORT_TIMINGS_H_
