// How tkp-bench gives up: a message on stderr and exit status 1 (a
// benchmark that cannot measure has nothing to report).

#ifndef TKP_TESTS_BENCH_BENCH_ERRORS_H_
#define TKP_TESTS_BENCH_BENCH_ERRORS_H_

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include "absl/status/statusor.h"

namespace tkp::bench {

[[noreturn]] inline void Die(const std::string& message) {
  std::fprintf(stderr, "tkp-bench: %s\n", message.c_str());
  std::exit(1);
}

template <typename T>
T OrDie(absl::StatusOr<T> value) {
  if (!value.ok()) Die(value.status().ToString());
  return *std::move(value);
}

}  // namespace tkp::bench

#endif  // TKP_TESTS_BENCH_BENCH_ERRORS_H_
