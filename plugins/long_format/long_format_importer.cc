// Long format: one row per municipality and quarter, as open data, Excel
// users and `tkp export` write it. CSV (';', ',' or tab; UTF-8 with or
// without a BOM, or UTF-16 as Excel's "Unicode Text", which the server
// decodes) with a header row in Dutch or English, columns in any order; or
// JSON lines. A file may hold many regions and quarters: each region and
// quarter is one publication, all imported or none.

#include <string>
#include <string_view>

#include "plugins/api/importer.h"
#include "plugins/long_format/long_records.h"
#include "plugins/long_format/long_table.h"
#include "plugins/sdk/outcome.h"

namespace tkp::long_format {
namespace {

using plugin::ParseOutcome;

class LongFormatImporter final : public plugin::Importer {
 public:
  plugin::ImporterInfo Info() const noexcept override {
    return {"long-format",
            "1.1.0",
            "long format: a row per municipality and quarter with the period "
            "and region in columns (CSV with a header, or JSON lines); what "
            "tkp export writes",
            {"long format as CSV: period;region;municipality;four counts;"
             "total;register size, headers in Dutch or English, any order",
             "long format as JSON lines (tkp export --format json)"}};
  }

  int Identify(std::string_view text) const noexcept override {
    try {
      return LongFormatConfidence(text);
    } catch (...) {
      return 0;
    }
  }

  ParseOutcome Parse(std::string_view text, const plugin::ParseHints& /*hints*/)
      const noexcept override {
    return sdk::GuardParse("long-format", [&] {
      LongFile file =
          LooksLikeJsonLines(text) ? ReadJsonLines(text) : ReadCsvTable(text);
      if (!file.ok()) {
        return ParseOutcome::Failure(file.error_line, file.error);
      }
      return ReadLongTable(file.records, std::move(file.before),
                           std::move(file.after));
    });
  }
};

}  // namespace
}  // namespace tkp::long_format

TKP_EXPORT_IMPORTER(tkp::long_format::LongFormatImporter)
