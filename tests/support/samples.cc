#include "tests/support/samples.h"

#include <filesystem>

#include "absl/strings/str_cat.h"

namespace tkp::testing {

std::string SeedPath(const std::string& name) {
  return absl::StrCat(TKP_SEEDS_DIR, "/", name);
}

std::string SamplePath(const std::string& name) {
  return absl::StrCat(TKP_SAMPLES_DIR, "/", name);
}

bool SeedsAvailable() {
  return std::filesystem::exists(SeedPath(kSeedLayoutA)) &&
         std::filesystem::exists(SeedPath(kSeedLayoutB));
}

}  // namespace tkp::testing
