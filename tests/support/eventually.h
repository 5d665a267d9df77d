// Waiting for what must happen eventually (another replica catching up, a
// health status changing): polled, never slept for a fixed time that a
// slow machine could outrun.

#ifndef TKP_TESTS_SUPPORT_EVENTUALLY_H_
#define TKP_TESTS_SUPPORT_EVENTUALLY_H_

#include <chrono>
#include <thread>

#include "tests/support/temp_files.h"

namespace tkp::testing {

// Polls `done` until it returns true (then true) or kSettleWithin passes
// (then false).
template <typename Predicate>
bool Eventually(Predicate done) {
  const auto end = std::chrono::steady_clock::now() + kSettleWithin;
  while (!done()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace tkp::testing

#endif  // TKP_TESTS_SUPPORT_EVENTUALLY_H_
