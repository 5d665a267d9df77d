// The SDK's reading-order reader as layout A calls it, for its tests.

#ifndef TKP_TESTS_PLUGINS_READ_TEXT_H_
#define TKP_TESTS_PLUGINS_READ_TEXT_H_

#include <vector>

#include "plugins/api/importer.h"
#include "plugins/sdk/publication_text.h"
#include "plugins/sdk/text.h"

namespace tkp::sdk {

// The text read as layout A reads it: each line split into a name and
// its numbers.
inline plugin::ParseOutcome ReadText(const std::vector<Line>& lines) {
  return ReadPublications(
      lines, [](const Line& line) { return SplitNameAndNumbers(line.text); },
      {});
}

}  // namespace tkp::sdk

#endif  // TKP_TESTS_PLUGINS_READ_TEXT_H_
