// What may be stored and printed raw, and how the rest is escaped.
#include "core/printable.h"

#include <gtest/gtest.h>

namespace tkp {
namespace {

TEST(PrintableTest, LettersDigitsAccentsAndTabsPass) {
  for (const char* text : {"", "Almelo", "1.209", "Súdwest-Fryslân",
                           "’s-Hertogenbosch", "a\tb", "€ 5"}) {
    EXPECT_FALSE(FindUnprintable(text).has_value()) << text;
    EXPECT_EQ(EscapeUnprintable(text), text);
  }
}

TEST(PrintableTest, ControlAndBidiCharactersAreFoundWithWhereAndWhat) {
  const struct {
    std::string text;
    size_t offset;
    const char* description;
  } cases[] = {
      {"a\x1b[2J", 1, "U+001B, a control character"},
      {"a\nb", 1, "U+000A, a control character"},
      {"\x7f", 0, "U+007F, a control character"},
      {"x\u0085", 1, "U+0085, a control character"},
      {"\u202eBorne", 0, "U+202E, a bidirectional control"},
      {"ab\u2066c", 2, "U+2066, a bidirectional control"},
      {"\u200f", 0, "U+200F, a bidirectional control"},
      {"ab\xc3", 2, "bytes that are not UTF-8"},
      {"\xed\xa0\x80", 0, "bytes that are not UTF-8"},  // a surrogate
  };
  for (const auto& c : cases) {
    const std::optional<UnprintableCharacter> found = FindUnprintable(c.text);
    ASSERT_TRUE(found.has_value()) << c.text;
    EXPECT_EQ(found->offset, c.offset) << c.text;
    EXPECT_EQ(found->description, c.description) << c.text;
  }
}

TEST(PrintableTest, EscapesAreReadable) {
  EXPECT_EQ(EscapeUnprintable("\x1b]0;owned\x07\x1b[2JAlmelo"),
            "\\x1b]0;owned\\x07\\x1b[2JAlmelo");
  EXPECT_EQ(EscapeUnprintable("\u202eBorne\r"), "\\u202eBorne\\x0d");
  EXPECT_EQ(EscapeUnprintable("x\u0085y"), "x\\x85y");
  EXPECT_EQ(EscapeUnprintable("Alm\xff"
                              "elo"),
            "Alm\\xffelo");
  EXPECT_EQ(EscapeUnprintable("Súdwest\u2066"), "Súdwest\\u2066");
}

}  // namespace
}  // namespace tkp
