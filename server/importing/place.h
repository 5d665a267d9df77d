// Where in a file something is, as an operator finds it there: "file
// t.txt line 9", "file w.xlsx sheet \"Twente\" row 7", "file p.pdf page 2
// line 4". The one place messages about a document's lines are worded.

#ifndef TKP_SERVER_PLACE_H_
#define TKP_SERVER_PLACE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "plugins/api/importer.h"

namespace tkp {

// `line` 0 names the file (and its part) only.
std::string DescribePlace(absl::string_view file_name,
                          const plugin::Origin& origin, int line);

// The line alone, without the file: "line 9", "row 7", "page 2 line 4".
std::string DescribeLine(const plugin::Origin& origin, int line);

}  // namespace tkp

#endif  // TKP_SERVER_PLACE_H_
