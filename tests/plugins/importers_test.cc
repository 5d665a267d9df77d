// Each real importer plugin, loaded through the real loader, on the seed
// documents, the shipped samples and the text variants found in the wild.
// Expected figures are the ones printed in the documents.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "proto/period_conversion.h"
#include "server/importing/text_decoding.h"
#include "server/importing/validator.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;
using testing::LoadRealImporter;
using testing::ReadFileOrDie;

// Decodes, parses with `importer` and validates, as the server does.
absl::StatusOr<v1::RegionFigures> Read(const LoadedImporter& importer,
                                       const std::string& bytes,
                                       std::optional<PeriodKey> period = {}) {
  absl::StatusOr<DecodedText> text = DecodeText(bytes, "doc.txt");
  if (!text.ok()) return text.status();
  const plugin::ParseOutcome parsed =
      importer.importer->Parse(text->utf8, plugin::ParseHints{"doc.txt", ""});
  if (!parsed.ok) {
    return absl::InvalidArgumentError(
        absl::StrCat("line ", parsed.error_line, ": ", parsed.error));
  }
  if (parsed.documents.size() != 1) {
    return absl::InternalError(
        absl::StrCat(parsed.documents.size(), " documents"));
  }
  return Validate(parsed.documents[0], ValidationContext{"doc.txt", period});
}

void ExpectCounts(const v1::ClientCounts& counts, int a, int b, int c, int d,
                  int total) {
  EXPECT_EQ(counts.municipality_with_profile(), a);
  EXPECT_EQ(counts.municipality_without_profile(), b);
  EXPECT_EQ(counts.uwv_with_profile(), c);
  EXPECT_EQ(counts.uwv_without_profile(), d);
  EXPECT_EQ(counts.total(), total);
}

class ImportersTest : public ::testing::Test {
 protected:
  LoadedImporter layout_a_ = LoadRealImporter("layout-a");
  LoadedImporter layout_b_ = LoadRealImporter("layout-b");
};

TEST_F(ImportersTest, SeedLayoutAGivesThePrintedFigures) {
  if (!testing::SeedsAvailable()) GTEST_SKIP() << "no ../shared/seeds here";
  const std::string bytes =
      ReadFileOrDie(testing::SeedPath(testing::kSeedLayoutA));
  absl::StatusOr<v1::RegionFigures> f = Read(layout_a_, bytes);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->region().name(), "Twente");
  EXPECT_EQ(f->region().key(), "twente");
  EXPECT_EQ(f->region().code(), 9);
  EXPECT_EQ(f->period().year(), 2020);
  EXPECT_EQ(f->period().quarter(), 2);
  ExpectCounts(f->totals(), 326, 1991, 5254, 598, 8169);
  EXPECT_EQ(f->register_size(), 11031);
  EXPECT_NEAR(f->coverage(), 8169.0 / 11031.0, 1e-12);
  EXPECT_EQ(f->stated_coverage_percent(), 74);
  EXPECT_NEAR(f->profile_share(), (326.0 + 5254.0) / 8169.0, 1e-12);
  ASSERT_EQ(f->municipalities_size(), 14);
  EXPECT_EQ(f->municipalities(0).name(), "Almelo");
  ExpectCounts(f->municipalities(0).counts(), 10, 353, 794, 52, 1209);
  EXPECT_EQ(f->municipalities(7).name(), "Hof van Twente");
  ExpectCounts(f->municipalities(7).counts(), 1, 37, 167, 10, 215);
  EXPECT_EQ(f->municipalities(10).name(), "Rijssen-Holten");
  EXPECT_EQ(f->municipalities(13).name(), "Wierden");
  EXPECT_THAT(f->notes(), ::testing::IsEmpty());
}

TEST_F(ImportersTest, SeedLayoutBDerivesTheMissingTotalAndNotesIt) {
  if (!testing::SeedsAvailable()) GTEST_SKIP() << "no ../shared/seeds here";
  const std::string bytes =
      ReadFileOrDie(testing::SeedPath(testing::kSeedLayoutB));
  absl::StatusOr<v1::RegionFigures> f =
      Read(layout_b_, bytes, PeriodKey{2021, 1});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->region().name(), "Twente");
  EXPECT_EQ(f->region().code(), 28);
  EXPECT_EQ(f->period().year(), 2021);
  EXPECT_EQ(f->period().quarter(), 1);
  ExpectCounts(f->totals(), 38, 1216, 3476, 3168, 7898);
  EXPECT_EQ(f->register_size(), 10371);
  EXPECT_EQ(f->stated_coverage_percent(), 76);
  ASSERT_EQ(f->municipalities_size(), 14);
  EXPECT_EQ(f->municipalities(0).name(), "Almelo");
  ExpectCounts(f->municipalities(0).counts(), 3, 222, 491, 502, 1218);
  EXPECT_THAT(f->notes(), ::testing::Contains(AllOf(HasSubstr("TOTAAL AMR"),
                                                    HasSubstr("derived"),
                                                    HasSubstr("7.898"))));
}

TEST_F(ImportersTest, SeedLayoutBWithoutPeriodIsRefused) {
  if (!testing::SeedsAvailable()) GTEST_SKIP() << "no ../shared/seeds here";
  absl::StatusOr<v1::RegionFigures> f =
      Read(layout_b_, ReadFileOrDie(testing::SeedPath(testing::kSeedLayoutB)));
  ASSERT_FALSE(f.ok());
  EXPECT_THAT(f.status().message(), HasSubstr("no period"));
}

TEST_F(ImportersTest, SamplesGiveThePrintedFigures) {
  absl::StatusOr<v1::RegionFigures> a =
      Read(layout_a_,
           ReadFileOrDie(testing::SamplePath(testing::kSampleAmsterdamA)));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->region().key(), "grootamsterdam");
  EXPECT_EQ(a->region().code(), 15);
  EXPECT_EQ(FormatPeriod(FromProto(a->period())), "2023Q3");
  ExpectCounts(a->totals(), 604, 5014, 10607, 4261, 20486);
  EXPECT_EQ(a->register_size(), 28853);
  EXPECT_EQ(a->stated_coverage_percent(), 71);
  EXPECT_EQ(a->municipalities_size(), 8);

  absl::StatusOr<v1::RegionFigures> b = Read(
      layout_b_, ReadFileOrDie(testing::SamplePath(testing::kSampleAmsterdamB)),
      PeriodKey{2023, 4});
  ASSERT_TRUE(b.ok()) << b.status();
  // "Groot-Amsterdam" and "Groot Amsterdam" are one region.
  EXPECT_EQ(b->region().key(), a->region().key());
  EXPECT_EQ(b->region().name(), "Groot-Amsterdam");
  ExpectCounts(b->totals(), 821, 5203, 15498, 7266, 28788);
  EXPECT_EQ(b->register_size(), 39435);

  absl::StatusOr<v1::RegionFigures> c =
      Read(layout_a_,
           ReadFileOrDie(testing::SamplePath(testing::kSampleFoodValleyA)));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->region().key(), "foodvalley");  // printed "FoodValley"
  ExpectCounts(c->totals(), 150, 1232, 3007, 1017, 5406);
  EXPECT_EQ(c->register_size(), 7834);
  EXPECT_EQ(c->stated_coverage_percent(), 69);
}

TEST_F(ImportersTest, IdentifyPrefersTheRightLayout) {
  const std::string a =
      ReadFileOrDie(testing::SamplePath(testing::kSampleAmsterdamA));
  const std::string b =
      ReadFileOrDie(testing::SamplePath(testing::kSampleAmsterdamB));
  EXPECT_GT(layout_a_.importer->Identify(a), layout_b_.importer->Identify(a));
  EXPECT_GT(layout_b_.importer->Identify(b), layout_a_.importer->Identify(b));
  EXPECT_EQ(layout_a_.importer->Identify("just some prose\nno table\n"), 0);
  EXPECT_EQ(layout_b_.importer->Identify("just some prose\nno table\n"), 0);
}

// A layout-A document built from parts, to vary one thing at a time.
struct LayoutADoc {
  std::string quarter_word = "Tweede";
  std::string region = "Noordoost-Brabant";
  std::string code = "29";
  std::vector<std::string> names = {"'s-Hertogenbosch", "Bernheze",
                                    "Land van Cuijk", "Sint-Michielsgestel"};
  std::string space = " ";    // between words and numbers
  std::string eol = "\n";     // line ending
  std::string trailing = "";  // after each row
  std::string blank = "\n";   // blank line between rows ("" for none)
  std::string note = "";      // after the register sentence: a source note

  // Row i holds i+1, 10*(i+1), 100*(i+1), 1000*(i+1) and their total.
  std::string Render() const {
    std::string out = "Transparantie van klantprofielen" + eol + eol +
                      quarter_word + " kwartaal 2022 " + region + eol + blank;
    int sums[5] = {0, 0, 0, 0, 0};
    auto number = [](int v) {
      return v >= 1000 ? absl::StrCat(v / 1000, ".",
                                      absl::StrCat(1000 + v % 1000).substr(1))
                       : absl::StrCat(v);
    };
    for (size_t i = 0; i < names.size(); ++i) {
      const int n = static_cast<int>(i) + 1;
      const int cells[5] = {n, 10 * n, 100 * n, 1000 * n, 1111 * n};
      std::vector<std::string> words = {names[i]};
      for (int c = 0; c < 5; ++c) {
        words.push_back(number(cells[c]));
        sums[c] += cells[c];
      }
      out += absl::StrJoin(words, space) + trailing + eol + blank;
    }
    out += " TOTAAL AMR";
    for (int s : sums) out += space + number(s);
    out += eol + " " + code + " " + region + eol + eol;
    out += "In de arbeidsmarktregio " + region +
           " bevat het doelgroepregister" + eol + eol +
           "in totaal 20.000 personen. Hiervan is 56% bekend binnen Sonar." +
           eol;
    if (!note.empty()) out += eol + note + eol;
    return out;
  }
};

TEST_F(ImportersTest, LayoutAReadsEveryQuarterWord) {
  const char* words[] = {"Eerste", "tweede", "DERDE", "Vierde"};
  for (int q = 0; q < 4; ++q) {
    LayoutADoc doc;
    doc.quarter_word = words[q];
    absl::StatusOr<v1::RegionFigures> f = Read(layout_a_, doc.Render());
    ASSERT_TRUE(f.ok()) << words[q] << ": " << f.status();
    EXPECT_EQ(f->period().quarter(), q + 1) << words[q];
    EXPECT_EQ(f->period().year(), 2022);
  }
}

TEST_F(ImportersTest, LayoutAIsRobustToTheTextVariantsOfRealFiles) {
  struct Variant {
    const char* what;
    void (*apply)(LayoutADoc&);
  };
  const Variant variants[] = {
      {"plain", [](LayoutADoc&) {}},
      {"CRLF",
       [](LayoutADoc& d) {
         d.eol = "\r\n";
         d.blank = "\r\n";
       }},
      {"no blank lines", [](LayoutADoc& d) { d.blank = ""; }},
      {"trailing spaces and tabs", [](LayoutADoc& d) { d.trailing = " \t "; }},
      {"no-break spaces", [](LayoutADoc& d) { d.space = "\xC2\xA0"; }},
      {"runs of spaces", [](LayoutADoc& d) { d.space = "   "; }},
      // Notes whose last words are numbers, each ending a sentence: prose
      // (these were read as a second table that "looks cut off").
      {"a source note ending in a date",
       [](LayoutADoc& d) {
         d.note = "Bron: UWV, Sonar-extract van 30 09 2024.";
       }},
      {"a source note ending in table numbers",
       [](LayoutADoc& d) { d.note = "Zie ook de tabellen 2, 4 en 6."; }},
      {"a source note ending in a list of counts",
       [](LayoutADoc& d) { d.note = "Bijgewerkt: 1 10 2024, 2 10 2024."; }},
      {"typographic apostrophe and Frisian names",
       [](LayoutADoc& d) {
         d.region = "Friesland";
         d.names = {"\xE2\x80\x99s-Gravenzande",
                    "S\xC3\xBA"
                    "dwest-Frysl\xC3\xA2n",
                    "Noardeast-Frysl\xC3\xA2n", "De Fryske Marren"};
       }},
  };
  for (const Variant& variant : variants) {
    LayoutADoc doc;
    variant.apply(doc);
    absl::StatusOr<v1::RegionFigures> f = Read(layout_a_, doc.Render());
    ASSERT_TRUE(f.ok()) << variant.what << ": " << f.status();
    ExpectCounts(f->totals(), 10, 100, 1000, 10000, 11110);
    ASSERT_EQ(f->municipalities_size(), 4) << variant.what;
    EXPECT_EQ(f->municipalities(0).name(), doc.names[0]) << variant.what;
    EXPECT_EQ(f->municipalities(2).name(), doc.names[2]) << variant.what;
    EXPECT_EQ(f->register_size(), 20000) << variant.what;
    EXPECT_EQ(f->stated_coverage_percent(), 56) << variant.what;
  }
}

TEST_F(ImportersTest, ByteOrderMarkIsIgnored) {
  LayoutADoc doc;
  absl::StatusOr<v1::RegionFigures> f =
      Read(layout_a_, "\xEF\xBB\xBF" + doc.Render());
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->municipalities(0).name(), "'s-Hertogenbosch");
}

TEST_F(ImportersTest, WindowsCp1252TextIsDecodedNotGarbled) {
  LayoutADoc doc;
  doc.region = "Friesland";
  doc.names = {
      "S\xC3\xBA"
      "dwest-Frysl\xC3\xA2n",
      "Harlingen", "Leeuwarden", "Waadhoeke"};
  // The same text as an old office tool writes it: ú = 0xFA, â = 0xE2.
  const std::string cp1252 = absl::StrReplaceAll(
      doc.Render(), {{"\xC3\xBA", "\xFA"}, {"\xC3\xA2", "\xE2"}});
  absl::StatusOr<v1::RegionFigures> f = Read(layout_a_, cp1252);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->municipalities(0).name(),
            "S\xC3\xBA"
            "dwest-Frysl\xC3\xA2n");
}

TEST_F(ImportersTest, LayoutBIsRobustToCrlfBlankLinesAndTrailingTabs) {
  const std::string sample =
      ReadFileOrDie(testing::SamplePath(testing::kSampleAmsterdamB));
  const std::string variants[] = {
      absl::StrReplaceAll(sample, {{"\n", "\r\n"}}),
      absl::StrReplaceAll(sample, {{"\n\t", "\n\n\t"}}),
      absl::StrReplaceAll(sample, {{"\n", "\t \n"}}),
      "\xEF\xBB\xBF" + sample,
  };
  for (const std::string& variant : variants) {
    absl::StatusOr<v1::RegionFigures> f =
        Read(layout_b_, variant, PeriodKey{2023, 4});
    ASSERT_TRUE(f.ok()) << f.status();
    ExpectCounts(f->totals(), 821, 5203, 15498, 7266, 28788);
    EXPECT_EQ(f->municipalities_size(), 8);
    EXPECT_EQ(f->register_size(), 39435);
  }
}

TEST_F(ImportersTest, LayoutBRefusesASecondRegionInTheRegionColumn) {
  std::string doc =
      ReadFileOrDie(testing::SamplePath(testing::kSampleAmsterdamB));
  doc = absl::StrReplaceAll(doc, {{"\n\tDiemen", "\n16 Zaanstreek\tDiemen"}});
  absl::StatusOr<v1::RegionFigures> f =
      Read(layout_b_, doc, PeriodKey{2023, 4});
  ASSERT_FALSE(f.ok());
  EXPECT_THAT(f.status().message(), HasSubstr("second region"));
}

// Text pulled from a PDF with its columns kept: a line below a row in the
// name's column is the rest of a wrapped name ("Krimpen aan den" /
// "IJssel"), "TOTAAL" above "AMR" is the total row; a sentence there, or a
// line with a number, is not a name and refuses the document.
TEST_F(ImportersTest, LayoutANamesWrappedInTheirColumnAreJoined) {
  const std::string header =
      "Tweede kwartaal 2020 Twente\n"
      "Arbeidsmarktregio    Gemeente       Met  Zonder  Met  Zonder  Totaal\n";
  const std::string rows =
      "9 Twente             Krimpen aan      1       2    3       4      10\n"
      "                     den IJssel\n"
      "                     Borne            1       2    3       4      10\n"
      "                     TOTAAL           2       4    6       8      20\n"
      "                     AMR\n";
  absl::StatusOr<v1::RegionFigures> f =
      Read(layout_a_, header + rows, std::nullopt);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->region().code(), 9);
  ASSERT_EQ(f->municipalities_size(), 2);
  EXPECT_EQ(f->municipalities(0).name(), "Krimpen aan den IJssel");
  EXPECT_EQ(f->totals().total(), 20);

  for (const char* not_a_name :
       {"                     zie de toelichting hieronder\n",
        "                     den 2e IJssel\n",
        "                            den IJssel\n"}) {
    std::string broken = rows;
    broken.replace(broken.find("                     den IJssel\n"),
                   std::string("                     den IJssel\n").size(),
                   not_a_name);
    EXPECT_THAT(
        Read(layout_a_, header + broken, std::nullopt).status().message(),
        HasSubstr("expected a municipality followed by five numbers"))
        << not_a_name;
  }
}

TEST_F(ImportersTest, LayoutARegionCellsWrappedInTheirColumnAreJoined) {
  // pdftotext -layout of a table whose region cell is too narrow for the
  // region's name: the rest stands below it, left of the names.
  const std::string header =
      "Derde kwartaal 2024\n"
      "Arbeidsmarktregio    Gemeente       Met  Zonder  Met  Zonder  Totaal\n";
  const std::string rows =
      "9 Twente             Almelo           1       2    3       4      10\n"
      "Noord\n"
      "                     Borne            1       2    3       4      10\n"
      "                     TOTAAL AMR       2       4    6       8      20\n";
  absl::StatusOr<v1::RegionFigures> f =
      Read(layout_a_, header + rows, std::nullopt);
  ASSERT_TRUE(f.ok()) << f.status();
  // The cell's two lines, read as one name (which tkp does not know, so it
  // is kept as printed, with a note).
  EXPECT_EQ(f->region().name(), "Twente Noord");
  std::string whole = rows;
  whole.replace(whole.find("Noord\n"), 6, "");
  f = Read(layout_a_, header + whole, std::nullopt);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->region().name(), "Twente");
  // A code alone in the cell, the name on the lines below it.
  std::string code_only = rows;
  code_only.replace(code_only.find("9 Twente"), 8, "9       ");
  code_only.replace(code_only.find("Noord\n"), 6, "Twen\nte\n");
  f = Read(layout_a_, header + code_only, std::nullopt);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->region().code(), 9);
  EXPECT_EQ(f->region().cbs_code(), "AM05");
  EXPECT_EQ(f->municipalities_size(), 2);
}

}  // namespace
}  // namespace tkp
