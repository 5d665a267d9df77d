// OpenDocument spreadsheets (.ods, as LibreOffice saves them) holding the
// layout-B table, one region per sheet or several stacked in one; the
// period comes with the import. The same table reading as the .xlsx
// importer (sdk/spreadsheet.h).

#include <string_view>
#include <variant>
#include <vector>

#include "plugins/api/importer.h"
#include "plugins/ods/ods_document.h"
#include "plugins/office/zip_archive.h"
#include "plugins/sdk/outcome.h"
#include "plugins/sdk/spreadsheet.h"

namespace tkp::ods {
namespace {

using plugin::ParseOutcome;

class OdsImporter final : public plugin::Importer {
 public:
  plugin::ImporterInfo Info() const noexcept override {
    plugin::ImporterInfo info{
        "ods",
        "1.1.0",
        "OpenDocument spreadsheet (.ods) with the layout-B table, one region "
        "per sheet or table; the period from a title row, the sheet name, the "
        "file "
        "name or the import",
        {"OpenDocument spreadsheet, one region per sheet or table"}};
    info.input = plugin::ImporterInfo::Input::kBytes;
    return info;
  }

  int Identify(std::string_view bytes) const noexcept override {
    if (!office::LooksLikeZip(bytes)) return 0;
    // The mimetype part comes first, stored uncompressed.
    return bytes.substr(0, 200).find(kMimeType) != std::string_view::npos ? 90
                                                                          : 0;
  }

  ParseOutcome Parse(std::string_view bytes,
                     const plugin::ParseHints& hints) const noexcept override {
    return sdk::GuardParse("ods", [&] {
      std::variant<std::vector<sdk::Sheet>, std::string> read =
          ReadSpreadsheet(bytes);
      if (auto* error = std::get_if<std::string>(&read)) {
        return ParseOutcome::Failure(0, *error);
      }
      return sdk::ReadSheets(std::get<std::vector<sdk::Sheet>>(read), hints,
                             "spreadsheet");
    });
  }
};

}  // namespace
}  // namespace tkp::ods

TKP_EXPORT_IMPORTER(tkp::ods::OdsImporter)
