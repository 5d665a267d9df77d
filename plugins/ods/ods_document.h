// Reads an OpenDocument spreadsheet (.ods: a zip whose content.xml holds
// the tables) into its sheets' cell values, as text. Only what a table of
// counts needs: strings, numbers (their stored value, not their display),
// formula results and error cells; repeated rows and columns expand only
// where they hold something.

#ifndef TKP_PLUGINS_ODS_ODS_DOCUMENT_H_
#define TKP_PLUGINS_ODS_ODS_DOCUMENT_H_

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "plugins/sdk/spreadsheet.h"

namespace tkp::ods {

// The mimetype an OpenDocument spreadsheet stores first in its zip.
inline constexpr std::string_view kMimeType =
    "application/vnd.oasis.opendocument.spreadsheet";

// The sheets in `bytes`, in order, or why they cannot be read, in words for
// an operator.
std::variant<std::vector<sdk::Sheet>, std::string> ReadSpreadsheet(
    std::string_view bytes);

}  // namespace tkp::ods

#endif  // TKP_PLUGINS_ODS_ODS_DOCUMENT_H_
