// What a file is, from its first bytes, for the refusal of a file no
// importer reads: "a Word document (.docx)", "a PNG image". Only kinds an
// operator may plausibly send by mistake; nothing is parsed.

#ifndef TKP_SERVER_FILE_KIND_H_
#define TKP_SERVER_FILE_KIND_H_

#include <string>

#include "absl/strings/string_view.h"

namespace tkp {

struct FileKind {
  std::string what;    // with an article: "a PNG image"; "" when unknown
  std::string advice;  // what to do instead, where there is something
};

// The kind of file, from its first bytes.
FileKind DescribeFileKind(absl::string_view bytes);

}  // namespace tkp

#endif  // TKP_SERVER_FILE_KIND_H_
