// Excel workbooks (.xlsx) holding the layout-B table: a header (often
// merged cells), the region on the first data row, numbers stored as
// numbers or as text with thousands separators, the register sentence
// below. One region per sheet; a workbook may hold several, and each sheet
// with a table is one publication. The period comes with the import.

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "plugins/api/importer.h"
#include "plugins/office/zip_archive.h"
#include "plugins/sdk/outcome.h"
#include "plugins/sdk/spreadsheet.h"
#include "plugins/xlsx/workbook.h"

namespace tkp::xlsx {
namespace {

using plugin::ParseOutcome;

class XlsxImporter final : public plugin::Importer {
 public:
  plugin::ImporterInfo Info() const noexcept override {
    plugin::ImporterInfo info{
        "xlsx",
        "1.1.0",
        "Excel workbook (.xlsx) with the layout-B table, one region per "
        "sheet; the period from a title row, the sheet name, the file "
        "name or the import",
        {"Excel workbook, one region per sheet"}};
    info.input = plugin::ImporterInfo::Input::kBytes;
    return info;
  }

  int Identify(std::string_view bytes) const noexcept override {
    if (!office::LooksLikeZip(bytes)) return 0;
    // Part names are stored uncompressed in the archive's directory.
    // Another zip is for the server to name (a .docx, an .ods).
    return bytes.find("xl/workbook.xml") != std::string_view::npos ? 90 : 0;
  }

  ParseOutcome Parse(std::string_view bytes,
                     const plugin::ParseHints& hints) const noexcept override {
    return sdk::GuardParse("xlsx", [&] { return ParseWorkbook(bytes, hints); });
  }

 private:
  static ParseOutcome ParseWorkbook(std::string_view bytes,
                                    const plugin::ParseHints& hints) {
    std::variant<Workbook, std::string> read = ReadWorkbook(bytes);
    if (auto* error = std::get_if<std::string>(&read)) {
      return ParseOutcome::Failure(0, *error);
    }
    return sdk::ReadSheets(std::get<Workbook>(read).sheets, hints);
  }
};

}  // namespace
}  // namespace tkp::xlsx

TKP_EXPORT_IMPORTER(tkp::xlsx::XlsxImporter)
