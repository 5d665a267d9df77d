// Turns the bytes of a text document into valid UTF-8 for the importers, so
// no plugin has to care about encodings and nothing is stored garbled.

#ifndef TKP_SERVER_TEXT_DECODING_H_
#define TKP_SERVER_TEXT_DECODING_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tkp {

struct DecodedText {
  std::string utf8;  // valid UTF-8, without a byte-order mark
  std::string note;  // how it was decoded, when it was not plain UTF-8
};

// UTF-8 (with or without a byte-order mark) passes through; UTF-16 with a
// byte-order mark is transcoded; anything else that is not valid UTF-8 is
// read as Windows-1252, which is what older office tools write. Binary data
// (NUL or other control bytes; a PDF, even one written in 7-bit ASCII) and
// bytes that Windows-1252 leaves undefined
// are refused with INVALID_ARGUMENT naming the line and byte offset.
absl::StatusOr<DecodedText> DecodeText(absl::string_view bytes,
                                       absl::string_view file_name);

}  // namespace tkp

#endif  // TKP_SERVER_TEXT_DECODING_H_
