#include "server/importing/file_kind.h"

#include <array>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace tkp {
namespace {

// A stream name as an OLE2 compound file's directory stores it (UTF-16LE).
std::string Utf16(absl::string_view ascii) {
  std::string out;
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

bool Contains(absl::string_view bytes, absl::string_view part) {
  return absl::StrContains(bytes, part);
}

FileKind ZipKind(absl::string_view bytes) {
  // Part names stand uncompressed in the archive's headers; an
  // OpenDocument's mimetype comes first, stored.
  const absl::string_view head = bytes.substr(0, 200);
  if (Contains(head, "application/vnd.oasis.opendocument.text")) {
    return {"an OpenDocument text document (.odt)",
            "put the table in a spreadsheet and save it as .ods or .xlsx"};
  }
  if (Contains(head, "application/vnd.oasis.opendocument.presentation")) {
    return {"an OpenDocument presentation (.odp)", ""};
  }
  if (Contains(bytes, "word/document.xml")) {
    return {"a Word document (.docx)",
            "export it as PDF, or put the table in a spreadsheet"};
  }
  if (Contains(bytes, "ppt/presentation.xml")) {
    return {"a PowerPoint presentation (.pptx)", ""};
  }
  return {"a zip archive that is not a workbook or spreadsheet",
          "unpack it and import the documents in it"};
}

FileKind CompoundFileKind(absl::string_view bytes) {
  if (Contains(bytes, Utf16("EncryptedPackage"))) {
    return {"an Office document protected by a password",
            "remove the password and save it again"};
  }
  if (Contains(bytes, Utf16("WordDocument"))) {
    return {"a Word 97-2003 document (.doc)",
            "export it as PDF, or put the table in a spreadsheet"};
  }
  if (Contains(bytes, Utf16("Workbook")) || Contains(bytes, Utf16("Book"))) {
    return {"an Excel 97-2003 workbook (.xls)",
            "save it as .xlsx or .ods and import that"};
  }
  if (Contains(bytes, Utf16("PowerPoint Document"))) {
    return {"a PowerPoint 97-2003 presentation (.ppt)", ""};
  }
  return {
      "an OLE2 compound file (an old Office format) that is not a "
      "workbook",
      ""};
}

}  // namespace

FileKind DescribeFileKind(absl::string_view bytes) {
  if (absl::StartsWith(bytes, "PK\x03\x04")) return ZipKind(bytes);
  if (absl::StartsWith(bytes, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
    return CompoundFileKind(bytes);
  }
  static constexpr std::array<std::pair<absl::string_view, const char*>, 11>
      kMagic = {{
          {"\x89PNG\r\n\x1A\n", "a PNG image"},
          {"\xFF\xD8\xFF", "a JPEG image"},
          {"GIF87a", "a GIF image"},
          {"GIF89a", "a GIF image"},
          {"II*\0", "a TIFF image (a scan?)"},
          {"MM\0*", "a TIFF image (a scan?)"},
          {"\x1F\x8B", "a gzip-compressed file"},
          {"{\\rtf", "an RTF document"},
          {"\x7F"
           "ELF",
           "a program (ELF)"},
          {"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"},
          {"Rar!", "a RAR archive"},
      }};
  for (const auto& [magic, kind] : kMagic) {
    if (absl::StartsWith(bytes, magic)) return {kind, ""};
  }
  const std::string head = absl::AsciiStrToLower(bytes.substr(0, 512));
  if (Contains(head, "<!doctype html") || Contains(head, "<html")) {
    return {"an HTML page", ""};
  }
  return {};
}

}  // namespace tkp
