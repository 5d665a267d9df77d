#include "server/importing/text_decoding.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tkp {
namespace {

using ::testing::HasSubstr;

TEST(DecodeTextTest, PassesUtf8AndDropsTheByteOrderMark) {
  absl::StatusOr<DecodedText> d = DecodeText(
      "\xEF\xBB\xBFS\xC3\xBA"
      "d\n",
      "f");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->utf8,
            "S\xC3\xBA"
            "d\n");
  EXPECT_EQ(d->note, "");
}

TEST(DecodeTextTest, DecodesWindows1252) {
  // "’s-Hertogenbosch" with the cp1252 right quote 0x92, and "â" as 0xE2.
  absl::StatusOr<DecodedText> d =
      DecodeText("\x92s-Hertogenbosch Frysl\xE2n", "f");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->utf8, "\xE2\x80\x99s-Hertogenbosch Frysl\xC3\xA2n");
  EXPECT_THAT(d->note, HasSubstr("Windows-1252"));
}

TEST(DecodeTextTest, DecodesUtf16WithByteOrderMark) {
  const std::string utf16le(
      "\xFF\xFE"
      "A\0b\0\n\0",
      8);
  absl::StatusOr<DecodedText> d = DecodeText(utf16le, "f");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->utf8, "Ab\n");
}

TEST(DecodeTextTest, RefusesBinaryWithLineAndOffset) {
  const std::string binary("line one\nline\0two", 17);
  absl::StatusOr<DecodedText> d = DecodeText(binary, "x.bin");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(d.status().message(), HasSubstr("file x.bin line 2"));
  EXPECT_THAT(d.status().message(), HasSubstr("binary"));
}

TEST(DecodeTextTest, RefusesBytesWindows1252LeavesUndefined) {
  absl::StatusOr<DecodedText> d = DecodeText("Almelo \x81 10\n", "f");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
}

// ReportLab writes a PDF all in 7-bit ASCII (its streams ASCII85-encoded);
// it is a PDF all the same, for the pdf importer, not text for the CSV one.
TEST(DecodeTextTest, APdfInSevenBitAsciiIsNoText) {
  const absl::StatusOr<DecodedText> decoded = DecodeText(
      "%PDF-1.4\n% ReportLab Generated PDF document\n1 0 obj\n<< >>\n",
      "tabel.pdf");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(decoded.status().message(), ::testing::HasSubstr("a PDF"));
  EXPECT_TRUE(DecodeText("Almelo;10;353\n% van de regio: 80\n", "t.csv").ok());
}

}  // namespace
}  // namespace tkp
