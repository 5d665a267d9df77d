// Publications as the store tests commit them: only what the store looks
// at (region key, period, the document's sha256 and name) and one figure
// to tell them apart.

#ifndef TKP_TESTS_SUPPORT_STORE_FIGURES_H_
#define TKP_TESTS_SUPPORT_STORE_FIGURES_H_

#include <string>

#include "tkp/v1/tkp.pb.h"

namespace tkp::testing {

inline v1::RegionFigures StoreFigures(const std::string& key, int year,
                                      int quarter, const std::string& sha,
                                      int total) {
  v1::RegionFigures f;
  f.mutable_region()->set_key(key);
  f.mutable_region()->set_name(key);
  f.mutable_period()->set_year(year);
  f.mutable_period()->set_quarter(quarter);
  f.mutable_totals()->set_total(total);
  f.mutable_source()->set_sha256(sha);
  f.mutable_source()->set_file_name(sha + ".txt");
  return f;
}

}  // namespace tkp::testing

#endif  // TKP_TESTS_SUPPORT_STORE_FIGURES_H_
