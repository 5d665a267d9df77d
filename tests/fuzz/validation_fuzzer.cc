// libFuzzer target for the server's shared validation: text decoding of
// arbitrary bytes, and the validator on documents no importer would report.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "server/importing/text_decoding.h"
#include "server/importing/validator.h"
#include "tests/fuzz/raw_document_from_bytes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const absl::StatusOr<tkp::DecodedText> text =
      tkp::DecodeText(bytes, "fuzz.txt");
  if (!text.ok() && text.status().message().empty()) std::abort();
  const absl::StatusOr<tkp::v1::RegionFigures> figures =
      tkp::Validate(tkp::fuzz::RawDocumentFromBytes(bytes),
                    tkp::ValidationContext{"fuzz.txt", std::nullopt});
  if (!figures.ok() && figures.status().message().empty()) std::abort();
  if (figures.ok() && figures->totals().total() < 0) std::abort();
  return 0;
}
