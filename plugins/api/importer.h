// The importer plugin ABI: the only header the server and the plugins share.
//
// A plugin reads one document layout and reports what it found as raw text
// with line numbers; it does not check sums, parse counts or know about
// regions. The server validates (server/importing/validator.h), so every layout
// gets the same rules and the same error messages.
//
// Only plain C++ types cross the boundary: no protobuf (a second copy of
// generated code in a plugin aborts the process when loaded) and no
// exceptions (every entry point is noexcept; a plugin catches inside).
// Server and plugins must be built with the same compiler and standard
// library; kAbiVersion changes whenever anything in this file does.
//
// Version 2: importers may read raw bytes (PDF, workbooks), one document may
// hold several publications, and a document says where its line numbers
// point (a sheet, pages).
//
// Version 3: a document lists the lines its importer did not read as part
// of a table (titles, headings, sentences, prose), so the server can refuse
// an import that leaves anything looking like table data unread.

#ifndef TKP_PLUGINS_API_IMPORTER_H_
#define TKP_PLUGINS_API_IMPORTER_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tkp::plugin {

inline constexpr int kAbiVersion = 3;

// What an importer is, for ListImporters and for logs.
struct ImporterInfo {
  std::string name;         // unique among loaded plugins, e.g. "layout-a"
  std::string version;      // the plugin's own version
  std::string description;  // one line for operators
  std::vector<std::string> layouts;  // the layouts it reads, in words
  // What Identify and Parse get: text-layout importers get the document
  // decoded to UTF-8 (the server handles encodings); binary formats get
  // the file's bytes as they came.
  enum class Input { kText, kBytes };
  Input input = Input::kText;
};

// A piece of text as printed and the 1-based line it stands on.
struct Located {
  std::string text;
  int line = 0;  // 0: not in the document

  bool empty() const { return text.empty(); }
};

// Where a document's line numbers point, so messages can say it the way
// the operator sees the file.
struct Origin {
  // The part of the file the document came from, in words: "sheet
  // \"Twente\"". Empty for the whole file.
  std::string part;
  // What a line number counts: "line", or "row" in a spreadsheet.
  std::string line_unit = "line";
  // For paged documents: the first line number of each page, page 1
  // first. Line numbers then run on across pages and messages say "page 2
  // line 4". Empty when the document has no pages.
  std::vector<int> page_first_lines;
};

// One table row: a municipality, or the region's TOTAAL AMR row.
struct RawRow {
  enum class Kind { kMunicipality, kRegionTotal };
  Kind kind = Kind::kMunicipality;
  int line = 0;
  std::string name;  // as printed, trimmed
  // The numbers as printed ("1.209"), in column order: municipality clients
  // with and without profile, UWV clients with and without profile, total.
  // Empty cells are left out; the server decides what a short row means.
  std::vector<std::string> cells;
};

// Everything a document says about one region, as text.
struct RawDocument {
  Origin origin;
  // Every place the document names its region (they must agree).
  std::vector<Located> region_names;
  // The region's number as printed ("9"), if the document gives one.
  Located region_code;
  // The period, if the document names one (year 0 when it does not).
  int period_year = 0;
  int period_quarter = 0;
  int period_line = 0;
  std::vector<RawRow> rows;
  // From the register sentence: its size ("11.031") and the percentage
  // known in Sonar ("74").
  Located register_size;
  Located stated_percent;
  // What the plugin noticed and worked around, in words, for the record.
  std::vector<std::string> notes;
  // Every other non-blank line of its part of the file that the importer
  // read but did not take into a table: titles, headings, the register
  // sentence, prose, and the lines before the first table (listed with the
  // first document) or between this table and the next. The server refuses
  // the import if one of them looks like table data (a name followed by
  // counts, a TOTAAL row): an import that succeeds serves every figure.
  std::vector<Located> unread;
};

// Hints from the import request.
struct ParseHints {
  std::string file_name;
  // Read only this part of a file that has several (a workbook's sheet, by
  // name); empty: read every part that holds a table.
  std::string part;
};

// The result of Parse: the publications a file holds (one per region; a
// workbook may hold several), or where reading failed and why.
struct ParseOutcome {
  bool ok = false;
  std::vector<RawDocument> documents;
  Origin error_origin;  // where error_line points
  int error_line = 0;   // 0 when the error is about the whole document
  std::string error;    // what is wrong, for an operator

  static ParseOutcome Failure(int line, std::string message,
                              Origin origin = {}) {
    ParseOutcome outcome;
    outcome.error_origin = std::move(origin);
    outcome.error_line = line;
    outcome.error = std::move(message);
    return outcome;
  }
};

// One importer. Text-layout importers get valid UTF-8 without a byte-order
// mark (the server decodes other encodings first); kBytes importers get the
// file as it came. Implementations must be safe to call from several
// threads at once.
class Importer {
 public:
  virtual ~Importer() = default;

  virtual ImporterInfo Info() const noexcept = 0;

  // How sure the importer is that it reads this document: 0 (not at all) to
  // 100. Cheap and free of side effects: it runs for every plugin on every
  // import that names no importer.
  virtual int Identify(std::string_view content) const noexcept = 0;

  virtual ParseOutcome Parse(std::string_view content,
                             const ParseHints& hints) const noexcept = 0;
};

}  // namespace tkp::plugin

// The entry points every plugin exports (extern "C", so unmangled).
#define TKP_IMPORTER_ABI_VERSION_SYMBOL "tkp_importer_abi_version"
#define TKP_IMPORTER_CREATE_SYMBOL "tkp_importer_create"
#define TKP_IMPORTER_DESTROY_SYMBOL "tkp_importer_destroy"

using TkpImporterAbiVersionFn = int() noexcept;
using TkpImporterCreateFn = tkp::plugin::Importer*() noexcept;
using TkpImporterDestroyFn = void(tkp::plugin::Importer*) noexcept;

// Exports the entry points for an importer class with a default
// constructor. Use once per plugin, at namespace scope. (A class name
// cannot be parenthesised, hence the NOLINT.)
// NOLINTBEGIN(bugprone-macro-parentheses)
#define TKP_EXPORT_IMPORTER(ImporterClass)                                     \
  extern "C" __attribute__((visibility("default"))) int                        \
  tkp_importer_abi_version() noexcept {                                        \
    return ::tkp::plugin::kAbiVersion;                                         \
  }                                                                            \
  extern "C" __attribute__((visibility("default"))) ::tkp::plugin::Importer*   \
  tkp_importer_create() noexcept {                                             \
    try {                                                                      \
      return new ImporterClass();                                              \
    } catch (...) {                                                            \
      return nullptr;                                                          \
    }                                                                          \
  }                                                                            \
  extern "C" __attribute__((visibility("default"))) void tkp_importer_destroy( \
      ::tkp::plugin::Importer* importer) noexcept {                            \
    delete importer;                                                           \
  }
// NOLINTEND(bugprone-macro-parentheses)

#endif  // TKP_PLUGINS_API_IMPORTER_H_
