// What a file is, from its first bytes, for the refusal of a file no
// importer reads: "a Word document (.docx)", "a PNG image". Only kinds an
// operator may plausibly send by mistake; nothing is parsed.

#ifndef TKP_SERVER_FILE_KIND_H_
#define TKP_SERVER_FILE_KIND_H_

#include <string>

#include "absl/strings/string_view.h"

namespace tkp {

// The kind of file in words, with an article ("a PNG image"), or "" when
// the first bytes say nothing tkp knows.
std::string DescribeFileKind(absl::string_view bytes);

}  // namespace tkp

#endif  // TKP_SERVER_FILE_KIND_H_
