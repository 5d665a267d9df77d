// Where the sample documents are: the real seeds in ../shared/seeds and
// the samples the project ships in deploy/samples. Needs nothing but the
// file system, so any test may link it.

#ifndef TKP_TESTS_SUPPORT_SAMPLES_H_
#define TKP_TESTS_SUPPORT_SAMPLES_H_

#include <string>

namespace tkp::testing {

// The sample documents from ../shared/seeds (see SeedsAvailable).
inline constexpr char kSeedLayoutA[] = "000_5e3ee97a703f38bb.txt";
inline constexpr char kSeedLayoutB[] = "001_c842a98d29c510e3.txt";

// The samples the project ships in deploy/samples.
inline constexpr char kSampleAmsterdamA[] = "groot-amsterdam-2023Q3.txt";
inline constexpr char kSampleAmsterdamB[] = "groot-amsterdam-2023Q4.tsv";
inline constexpr char kSampleFoodValleyA[] = "food-valley-2023Q4.txt";

std::string SeedPath(const std::string& name);
std::string SamplePath(const std::string& name);
bool SeedsAvailable();

}  // namespace tkp::testing

#endif  // TKP_TESTS_SUPPORT_SAMPLES_H_
