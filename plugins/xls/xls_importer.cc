// Legacy Excel 97-2003 workbooks (.xls, BIFF8 in an OLE2 compound file),
// as older UWV files and some municipalities' exports are, read with
// FreeXL (what GDAL's XLS driver uses). The layout-B table, one region per
// sheet or several stacked in one, read as the .xlsx importer reads it
// (sdk/spreadsheet.h); the period comes with the import.
//
// FreeXL opens files by path only, so the bytes go into an anonymous
// memory file (memfd) that FreeXL opens through /proc/self/fd: nothing is
// written to disk.

#include <freexl.h>
#include <iconv.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/api/importer.h"
#include "plugins/sdk/outcome.h"
#include "plugins/sdk/spreadsheet.h"

namespace tkp::xls {
namespace {

using plugin::ParseOutcome;

// The OLE2 compound file signature every .xls (and .doc, .ppt, and
// password-protected .xlsx) starts with.
constexpr std::string_view kCompoundFileMagic =
    "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

// A stream name as the compound file's directory stores it: UTF-16LE.
std::string Utf16(std::string_view ascii) {
  std::string out;
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

bool HasStream(std::string_view bytes, std::string_view name) {
  return bytes.find(Utf16(name)) != std::string_view::npos;
}

// Whether the workbook is encrypted: in BIFF8 the FILEPASS record (0x002F)
// follows the BOF of the workbook globals at once. Debian's FreeXL 1.0.6
// gives no sign of it (freexl_open answers FREEXL_OK with no handle, so
// FREEXL_BIFF_PASSWORD cannot be asked), so it is looked for here.
bool IsEncrypted(std::string_view bytes) {
  // BOF, 16 bytes long, BIFF8 (0x0600), workbook globals (0x0005).
  constexpr std::string_view kGlobalsBof("\x09\x08\x10\x00\x00\x06\x05\x00", 8);
  constexpr size_t kBofRecordBytes = 4 + 16;
  constexpr std::string_view kFilePass("\x2F\x00", 2);
  const size_t bof = bytes.find(kGlobalsBof);
  return bof != std::string_view::npos &&
         bof + kBofRecordBytes + kFilePass.size() <= bytes.size() &&
         bytes.substr(bof + kBofRecordBytes, kFilePass.size()) == kFilePass;
}

// An anonymous in-memory file holding the bytes, closed on destruction.
class MemoryFile {
 public:
  explicit MemoryFile(std::string_view bytes)
      : fd_(memfd_create("tkp-xls", MFD_CLOEXEC)) {
    size_t written = 0;
    while (fd_ >= 0 && written < bytes.size()) {
      const ssize_t n =
          write(fd_, bytes.data() + written, bytes.size() - written);
      if (n <= 0) {
        close(fd_);
        fd_ = -1;
        break;
      }
      written += static_cast<size_t>(n);
    }
  }
  ~MemoryFile() {
    if (fd_ >= 0) close(fd_);
  }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  bool ok() const { return fd_ >= 0; }
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

 private:
  int fd_;
};

// Closes a FreeXL handle (also after a failed open, as FreeXL asks).
class Handle {
 public:
  ~Handle() {
    if (handle_ != nullptr) freexl_close(handle_);
  }
  const void** out() { return &handle_; }
  const void* get() const { return handle_; }

 private:
  const void* handle_ = nullptr;
};

constexpr const char* kPasswordProtected =
    "an Excel 97-2003 workbook protected by a password; remove the password "
    "(or save it as .xlsx without one) and import again";

std::string WhyNotOpened(int code) {
  switch (code) {
    case FREEXL_INSUFFICIENT_MEMORY:
      return "the workbook is too large to read";
    case FREEXL_CRAFTED_FILE:
      return "the workbook is severely damaged (FreeXL calls it crafted); "
             "open and save it again in a spreadsheet program";
    default:
      return "not a readable Excel 97-2003 workbook (FreeXL error " +
             std::to_string(code) +
             "); is it damaged, or saved in a format older than Excel 97?";
  }
}

// One cell as text; an unknown type gives an empty cell.
sdk::SheetCell CellText(const FreeXL_CellValue& value) {
  sdk::SheetCell cell;
  switch (value.type) {
    case FREEXL_CELL_INT:
      cell.text = std::to_string(value.value.int_value);
      break;
    case FREEXL_CELL_DOUBLE:
      cell.text = sdk::NumberText(value.value.double_value);
      break;
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME:
      if (value.value.text_value != nullptr) {
        cell.text = value.value.text_value;
      }
      break;
    default:
      break;
  }
  return cell;
}

ParseOutcome ParseXls(std::string_view bytes, const plugin::ParseHints& hints) {
  if (HasStream(bytes, "EncryptedPackage")) {
    return ParseOutcome::Failure(
        0,
        "an Office document protected by a password (an encrypted .xlsx); "
        "remove the password and import again");
  }
  if (IsEncrypted(bytes)) return ParseOutcome::Failure(0, kPasswordProtected);
  MemoryFile file(bytes);
  if (!file.ok()) {
    return ParseOutcome::Failure(0, "cannot hold the workbook in memory");
  }
  Handle handle;
  const int opened = freexl_open(file.path().c_str(), handle.out());
  if (opened != FREEXL_OK)
    return ParseOutcome::Failure(0, WhyNotOpened(opened));
  if (handle.get() == nullptr) {
    // FreeXL gave up without an error code.
    return ParseOutcome::Failure(
        0,
        "not a readable Excel 97-2003 workbook (FreeXL read nothing from "
        "it); is it damaged? Open and save it again in a spreadsheet "
        "program");
  }
  unsigned int password = 0;
  if (freexl_get_info(handle.get(), FREEXL_BIFF_PASSWORD, &password) ==
          FREEXL_OK &&
      password == FREEXL_BIFF_OBFUSCATED) {
    return ParseOutcome::Failure(0, kPasswordProtected);
  }
  unsigned int count = 0;
  if (freexl_get_info(handle.get(), FREEXL_BIFF_SHEET_COUNT, &count) !=
          FREEXL_OK ||
      count == 0) {
    return ParseOutcome::Failure(0, "the workbook has no sheets");
  }
  if (count > sdk::kMaxSheets) {
    return ParseOutcome::Failure(
        0, "more than " + std::to_string(sdk::kMaxSheets) +
               " sheets; a publication has one per region");
  }
  std::vector<sdk::Sheet> sheets;
  for (unsigned int index = 0; index < count; ++index) {
    sdk::Sheet sheet;
    const char* name = nullptr;
    if (freexl_get_worksheet_name(handle.get(),
                                  static_cast<unsigned short>(index),
                                  &name) == FREEXL_OK &&
        name != nullptr) {
      sheet.name = name;
    }
    unsigned int rows = 0;
    unsigned short columns = 0;
    if (freexl_select_active_worksheet(
            handle.get(), static_cast<unsigned short>(index)) != FREEXL_OK ||
        freexl_worksheet_dimensions(handle.get(), &rows, &columns) !=
            FREEXL_OK) {
      return ParseOutcome::Failure(
          0, "sheet \"" + sheet.name + "\" cannot be read (damaged?)");
    }
    if (static_cast<size_t>(rows) * std::min<size_t>(columns, sdk::kMaxColumn) >
        sdk::kMaxCellsPerSheet) {
      return ParseOutcome::Failure(
          0, "sheet \"" + sheet.name + "\": more than " +
                 std::to_string(sdk::kMaxCellsPerSheet) +
                 " cells; a table of counts has a few hundred");
    }
    for (unsigned int r = 0; r < rows; ++r) {
      for (unsigned short c = 0; c < columns && c < sdk::kMaxColumn; ++c) {
        FreeXL_CellValue value;
        if (freexl_get_cell_value(handle.get(), r, c, &value) != FREEXL_OK) {
          return ParseOutcome::Failure(
              static_cast<int>(r) + 1,
              "cell " + sdk::CellName(static_cast<int>(r) + 1, c) +
                  " cannot be read (damaged?)",
              plugin::Origin{"sheet \"" + sheet.name + "\"", "row", {}});
        }
        sdk::SheetCell cell = CellText(value);
        if (!cell.text.empty()) {
          sheet.rows[static_cast<int>(r) + 1][c] = std::move(cell);
        }
      }
    }
    sheets.push_back(std::move(sheet));
  }
  return sdk::ReadSheets(sheets, hints);
}

// FreeXL converts a workbook's strings with iconv, whose converters glibc
// loads as code (gconv modules) when first asked for one. A worker forked
// to read a document may not map code any more, so each character set
// FreeXL 1.0.6 may ask for (its names, as it spells them) is loaded as the
// plugin loads, and kept: an open converter keeps its module loaded, and a
// later iconv_open of the same set finds it there. Those glibc does not
// know fail here as they would in FreeXL.
void LoadConverters() {
  static const std::vector<iconv_t>* const kept = [] {
    auto* open = new std::vector<iconv_t>;
    for (const char* charset :
         {"ASCII",  "CP437",  "CP720",  "CP737",  "CP775",   "CP850",
          "CP852",  "CP855",  "CP857",  "CP858",  "CP860",   "CP861",
          "CP862",  "CP863",  "CP864",  "CP865",  "CP866",   "CP869",
          "CP874",  "CP932",  "CP936",  "CP949",  "CP950",   "UTF-16LE",
          "CP1250", "CP1251", "CP1252", "CP1253", "CP1254",  "CP1255",
          "CP1256", "CP1257", "CP1258", "CP1361", "MacRoman"}) {
      const iconv_t converter = ::iconv_open("UTF-8", charset);
      // iconv_open's error value is (iconv_t)-1.
      if (converter !=
          reinterpret_cast<iconv_t>(-1)) {  // NOLINT(performance-no-int-to-ptr)
        open->push_back(converter);
      }
    }
    return open;
  }();
  (void)kept;
}

class XlsImporter final : public plugin::Importer {
 public:
  XlsImporter() { LoadConverters(); }

  plugin::ImporterInfo Info() const noexcept override {
    plugin::ImporterInfo info{
        "xls",
        "1.1.0",
        "Excel 97-2003 workbook (.xls) with the layout-B table, one region "
        "per sheet or table; the period from a title row, the sheet name, the "
        "file "
        "name or the import",
        {"Excel 97-2003 workbook (.xls), one region per sheet or table"}};
    info.input = plugin::ImporterInfo::Input::kBytes;
    return info;
  }

  int Identify(std::string_view bytes) const noexcept override {
    if (!bytes.starts_with(kCompoundFileMagic)) return 0;
    // The workbook stream ("Workbook"; "Book" in Excel 5), or a
    // password-protected .xlsx, which only this importer can explain.
    if (HasStream(bytes, "Workbook") || HasStream(bytes, "Book") ||
        HasStream(bytes, "EncryptedPackage")) {
      return 90;
    }
    return 0;
  }

  ParseOutcome Parse(std::string_view bytes,
                     const plugin::ParseHints& hints) const noexcept override {
    return sdk::GuardParse("xls", [&] { return ParseXls(bytes, hints); });
  }
};

}  // namespace
}  // namespace tkp::xls

TKP_EXPORT_IMPORTER(tkp::xls::XlsImporter)
