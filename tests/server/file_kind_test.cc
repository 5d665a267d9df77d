// What the server says a file is when no importer reads it.

#include "server/importing/file_kind.h"

#include <gtest/gtest.h>

#include <string>

namespace tkp {
namespace {

std::string Utf16(const std::string& ascii) {
  std::string out;
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

std::string What(absl::string_view bytes) {
  return DescribeFileKind(bytes).what;
}

const std::string kCompoundFile("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);

TEST(FileKindTest, NamesImagesArchivesAndOfficeDocuments) {
  EXPECT_EQ(What(std::string("\x89PNG\r\n\x1A\n....", 12)), "a PNG image");
  EXPECT_EQ(What("\xFF\xD8\xFF\xE0 jfif"), "a JPEG image");
  EXPECT_EQ(What("PK\x03\x04....word/document.xml...."),
            "a Word document (.docx)");
  EXPECT_EQ(
      What("PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.text"),
      "an OpenDocument text document (.odt)");
  EXPECT_EQ(What("PK\x03\x04....readme.txt"),
            "a zip archive that is not a workbook or spreadsheet");
  EXPECT_EQ(What(kCompoundFile + "...." + Utf16("WordDocument")),
            "a Word 97-2003 document (.doc)");
  EXPECT_EQ(What(kCompoundFile + "...." + Utf16("EncryptedPackage")),
            "an Office document protected by a password");
  EXPECT_EQ(What("<!DOCTYPE html><html><body>"), "an HTML page");
  EXPECT_EQ(What(kCompoundFile + "...." + Utf16("Workbook")),
            "an Excel 97-2003 workbook (.xls)");
  EXPECT_EQ(DescribeFileKind(kCompoundFile + "...." + Utf16("Workbook")).advice,
            "save it as .xlsx or .ods and import that");
}

TEST(FileKindTest, SaysNothingAboutText) {
  EXPECT_EQ(What("Tweede kwartaal 2020 Twente\nAlmelo 1 2 3 4 10"), "");
  EXPECT_EQ(What(""), "");
}

}  // namespace
}  // namespace tkp
