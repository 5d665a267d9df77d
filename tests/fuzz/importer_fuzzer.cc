// libFuzzer target for one importer plugin, linked in from its sources (one
// plugin per binary, so each has its own entry points): every input goes
// through Identify and Parse, and what Parse reports must be usable.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "plugins/api/importer.h"

extern "C" tkp::plugin::Importer* tkp_importer_create() noexcept;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const tkp::plugin::Importer* const importer = tkp_importer_create();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const int confidence = importer->Identify(input);
  if (confidence < 0 || confidence > 100) std::abort();
  const tkp::plugin::ParseOutcome outcome =
      importer->Parse(input, tkp::plugin::ParseHints{"fuzz-2023Q4.txt", ""});
  // A failure says what is wrong; a success holds documents.
  if (!outcome.ok && outcome.error.empty()) std::abort();
  if (outcome.ok && outcome.documents.empty()) std::abort();
  return 0;
}
