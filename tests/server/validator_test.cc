// The shared rules, on raw documents as any importer would report them.

#include "server/importing/validator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace tkp {
namespace {

using plugin::RawDocument;
using plugin::RawRow;
using ::testing::Contains;
using ::testing::HasSubstr;

// Two municipalities that add up, a matching TOTAAL row, a register of
// 1.000 of which 30% is known (300 / 1.000).
RawDocument GoodDocument() {
  RawDocument doc;
  doc.region_names = {{"Twente", 3}};
  doc.region_code = {"9", 30};
  doc.period_year = 2020;
  doc.period_quarter = 2;
  doc.period_line = 3;
  doc.rows = {
      {RawRow::Kind::kMunicipality,
       5,
       "Almelo",
       {"10", "20", "30", "40", "100"}},
      {RawRow::Kind::kMunicipality,
       7,
       "Borne",
       {"20", "40", "60", "80", "200"}},
      {RawRow::Kind::kRegionTotal,
       9,
       "TOTAAL AMR",
       {"30", "60", "90", "120", "300"}},
  };
  doc.register_size = {"1.000", 12};
  doc.stated_percent = {"30", 12};
  return doc;
}

absl::StatusOr<v1::RegionFigures> Check(const RawDocument& doc) {
  return Validate(doc, ValidationContext{"t.txt", std::nullopt});
}

TEST(ValidatorTest, AcceptsAConsistentDocument) {
  absl::StatusOr<v1::RegionFigures> f = Check(GoodDocument());
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->totals().total(), 300);
  EXPECT_DOUBLE_EQ(f->coverage(), 0.3);
  EXPECT_DOUBLE_EQ(f->profile_share(), 0.4);
  EXPECT_EQ(f->notes_size(), 0);
}

TEST(ValidatorTest, StatedPercentageDisagreementIsANoteNotARefusal) {
  RawDocument doc = GoodDocument();
  doc.stated_percent.text = "35";
  absl::StatusOr<v1::RegionFigures> f = Check(doc);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->stated_coverage_percent(), 35);
  EXPECT_THAT(f->notes(), Contains(HasSubstr("says 35%")));
}

TEST(ValidatorTest, UnknownRegionIsAcceptedWithANote) {
  RawDocument doc = GoodDocument();
  doc.region_names = {{"Atlantis", 3}};
  absl::StatusOr<v1::RegionFigures> f = Check(doc);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->region().key(), "atlantis");
  EXPECT_THAT(f->notes(), Contains(HasSubstr("not one of the 35")));
}

TEST(ValidatorTest, MissingRegisterSentenceLeavesCoverageUnknown) {
  RawDocument doc = GoodDocument();
  doc.register_size = {};
  doc.stated_percent = {};
  absl::StatusOr<v1::RegionFigures> f = Check(doc);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_FALSE(f->has_register_size());
  EXPECT_FALSE(f->has_coverage());
  EXPECT_THAT(f->notes(), Contains(HasSubstr("no register size")));
}

TEST(ValidatorTest, RegionTotalWithAMissingCountIsRefusedWithAHint) {
  RawDocument doc = GoodDocument();
  doc.rows[2].cells = {"60", "90", "120", "300"};  // first count missing
  absl::StatusOr<v1::RegionFigures> f = Check(doc);
  ASSERT_FALSE(f.ok());
  EXPECT_THAT(f.status().message(),
              HasSubstr("file t.txt line 9 row \"TOTAAL AMR\""));
  EXPECT_THAT(f.status().message(), HasSubstr("is a cell missing"));
}

TEST(ValidatorTest, MunicipalityRowMayNotLackItsTotal) {
  RawDocument doc = GoodDocument();
  doc.rows[0].cells.pop_back();
  absl::StatusOr<v1::RegionFigures> f = Check(doc);
  ASSERT_FALSE(f.ok());
  EXPECT_THAT(f.status().message(),
              HasSubstr("line 5 row \"Almelo\": expected 5 numbers"));
}

TEST(ValidatorTest, RefusesRowsAfterTheTotalAndASecondTotal) {
  RawDocument doc = GoodDocument();
  doc.rows.push_back(doc.rows[0]);
  doc.rows.back().line = 11;
  EXPECT_THAT(Check(doc).status().message(), HasSubstr("after the TOTAAL AMR"));
  doc = GoodDocument();
  doc.rows.push_back(doc.rows[2]);
  EXPECT_THAT(Check(doc).status().message(), HasSubstr("second TOTAAL AMR"));
}

TEST(ValidatorTest, RefusesTwoRegionsAndABadRegionNumber) {
  RawDocument doc = GoodDocument();
  doc.region_names.push_back({"Achterhoek", 30});
  EXPECT_THAT(Check(doc).status().message(),
              HasSubstr("line 30: names region \"Achterhoek\""));
  doc = GoodDocument();
  doc.region_code.text = "9a";
  EXPECT_THAT(Check(doc).status().message(), HasSubstr("region number"));
}

TEST(ValidatorTest, SpellingVariantsOfTheRegionAgree) {
  RawDocument doc = GoodDocument();
  doc.region_names = {{"Groot Amsterdam", 3}, {"Groot-Amsterdam", 30}};
  absl::StatusOr<v1::RegionFigures> f = Check(doc);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->region().name(), "Groot Amsterdam");
}

// A CBS code among the names identifies the region as a code does: beside
// the printed number (a long-format file's columns), alone (a region cell
// "AM17"), and it must agree with the names.
TEST(ValidatorTest, ACbsCodeAmongTheNamesIdentifiesTheRegion) {
  RawDocument doc = GoodDocument();
  doc.region_names.push_back({"am05", 4});
  absl::StatusOr<v1::RegionFigures> f = Check(doc);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->region().cbs_code(), "AM05");
  EXPECT_EQ(f->region().code(), 9);
  EXPECT_EQ(f->region().name(), "Twente");

  doc.region_names = {{"AM17", 3}};
  f = Check(doc);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->region().name(), "Zaanstreek/Waterland");
  EXPECT_EQ(f->region().key(), "zaanstreekwaterland");

  doc.region_names = {{"Twente", 3}, {"AM09", 4}};
  EXPECT_THAT(Check(doc).status().message(),
              HasSubstr("line 4: region code AM09 is Achterhoek, but line 3 "
                        "names \"Twente\""));
  doc.region_code = {"AM05", 2};
  EXPECT_THAT(Check(doc).status().message(),
              HasSubstr("line 4: region code AM09 is Achterhoek, but line 2 "
                        "gives AM05, which is Twente"));
  doc.region_names = {{"AM99", 4}};
  EXPECT_THAT(Check(doc).status().message(),
              HasSubstr("\"AM99\" is not the CBS code of a labour-market"));
}

// A region cell too narrow for its name breaks a word ("Zaanstreek/Waterla"
// above "nd"); the register sentence spells it whole, and that is served.
TEST(ValidatorTest, ARegionNameBrokenMidWordIsServedWhole) {
  RawDocument doc = GoodDocument();
  doc.region_code = {"7", 3};
  doc.region_names = {{"Zaanstreek/Waterla nd", 3},
                      {"Zaanstreek/Waterland", 12}};
  doc.rows[0].name = "Zaanstad";
  doc.rows[1].name = "Purmerend";
  absl::StatusOr<v1::RegionFigures> f = Check(doc);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->region().name(), "Zaanstreek/Waterland");
  EXPECT_EQ(f->region().cbs_code(), "AM17");
}

TEST(ValidatorTest, RefusesImplausiblyManyRows) {
  RawDocument doc = GoodDocument();
  doc.rows.clear();
  for (int i = 0; i <= kMaxRows; ++i) {
    doc.rows.push_back({RawRow::Kind::kMunicipality,
                        i + 1,
                        "M" + std::to_string(i),
                        {"0", "0", "0", "0", "0"}});
  }
  doc.rows.push_back({RawRow::Kind::kRegionTotal,
                      9999,
                      "TOTAAL AMR",
                      {"0", "0", "0", "0", "0"}});
  EXPECT_THAT(Check(doc).status().message(), HasSubstr("table rows"));
}

TEST(ValidatorTest, PluginNotesAreKept) {
  RawDocument doc = GoodDocument();
  doc.notes = {"line 9: stray cell skipped"};
  absl::StatusOr<v1::RegionFigures> f = Check(doc);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_THAT(f->notes(), Contains("line 9: stray cell skipped"));
}

// Identities: every municipality gets its CBS code for the period.
TEST(ValidatorTest, MunicipalitiesGetTheirCbsCodes) {
  absl::StatusOr<v1::RegionFigures> f = Check(GoodDocument());
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->municipalities(0).code(), "GM0141");  // Almelo
  EXPECT_EQ(f->municipalities(1).code(), "GM0147");  // Borne
  EXPECT_EQ(f->region().cbs_code(), "AM05");
}

// GoodDocument's table for another region and year, with these two
// municipalities.
RawDocument DocumentOf(const std::string& region, int year,
                       const std::string& first, const std::string& second) {
  RawDocument doc = GoodDocument();
  doc.region_names = {{region, 3}};
  doc.region_code = {};
  doc.period_year = year;
  doc.rows[0].name = first;
  doc.rows[1].name = second;
  return doc;
}

// Zaanstad belonged to Zaanstreek/Waterland in 2023: a note that says so,
// not a refusal (the reference data can be wrong, the document right).
TEST(ValidatorTest, AMunicipalityOfAnotherRegionGetsANote) {
  absl::StatusOr<v1::RegionFigures> f =
      Check(DocumentOf("Groot Amsterdam", 2023, "Amsterdam", "Zaanstad"));
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->municipalities(0).code(), "GM0363");
  EXPECT_EQ(f->municipalities(1).code(), "GM0479");
  ASSERT_EQ(f->notes_size(), 1);
  EXPECT_EQ(f->notes(0),
            "line 7 row \"Zaanstad\": Zaanstad (GM0479) belonged to "
            "Zaanstreek/Waterland (AM17) in 2023, not to Groot Amsterdam; "
            "kept where the document puts it");
}

// Uncertain cells never raise a note: Weesp's move from Gooi en Vechtstreek
// to Groot Amsterdam happened in a year the data does not know.
TEST(ValidatorTest, AnUncertainMembershipRaisesNoNote) {
  absl::StatusOr<v1::RegionFigures> f =
      Check(DocumentOf("Groot Amsterdam", 2019, "Amsterdam", "Weesp"));
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->municipalities(1).code(), "GM0457");
  EXPECT_EQ(f->notes_size(), 0) << f->notes(0);
}

TEST(ValidatorTest, AnUnknownMunicipalityIsKeptWithANote) {
  RawDocument doc = GoodDocument();
  doc.rows[1].name = "Atlantis";
  absl::StatusOr<v1::RegionFigures> f = Check(doc);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->municipalities(1).name(), "Atlantis");
  EXPECT_EQ(f->municipalities(1).code(), "");
  EXPECT_THAT(f->notes(),
              Contains(HasSubstr("row \"Atlantis\": not a municipality tkp "
                                 "knows for 2020")));
}

// A narrow cell broke "Midden-Groningen" where it wrapped: served as the
// year spells it, with a note that says so.
TEST(ValidatorTest, ANameBrokenMidWordIsServedAsTheYearSpellsIt) {
  absl::StatusOr<v1::RegionFigures> f =
      Check(DocumentOf("Groningen", 2020, "Midden-Groning en", "Assen"));
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->municipalities(0).name(), "Midden-Groningen");
  EXPECT_EQ(f->municipalities(0).code(), "GM1952");
  EXPECT_THAT(f->notes(), Contains(HasSubstr("read as \"Midden-Groningen\"")));
  // A name printed with its own spaces is served as printed.
  f = Check(DocumentOf("Groningen", 2020, "Aa en Hunze", "Assen"));
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->municipalities(0).name(), "Aa en Hunze");
}

// A region cell read into a row's name: where the rest is one of the
// region's municipalities, it is that one, with a note; where it is not,
// refused, not kept as a municipality tkp does not know.
TEST(ValidatorTest, ARegionCellReadIntoANameIsTakenOffOrRefused) {
  absl::StatusOr<v1::RegionFigures> f = Check(
      DocumentOf("Helmond-De Peel", 2020, "31 Helmond-De Asten", "Deurne"));
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->municipalities(0).name(), "Asten");
  EXPECT_EQ(f->municipalities(0).code(), "GM0743");
  EXPECT_THAT(f->notes(),
              Contains(HasSubstr("row \"31 Helmond-De Asten\": read as "
                                 "\"Asten\" (GM0743), with text beside it "
                                 "that only the region cell")));
  // Glued to the name, the cell cut off ("16 Zaanstreek/Wate" and
  // "Beemster", as Calc prints a cell too narrow for its text).
  f = Check(DocumentOf("Zaanstreek/Waterland", 2019,
                       "16 Zaanstreek/WateBeemster", "Zaanstad"));
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->municipalities(0).name(), "Beemster");
  // The region cell alone, though Helmond is in it: refused.
  f = Check(DocumentOf("Helmond-De Peel", 2020, "31 Helmond-De", "Deurne"));
  ASSERT_FALSE(f.ok());
  EXPECT_THAT(f.status().message(),
              HasSubstr("row \"31 Helmond-De\": not a municipality but a "
                        "piece of the region's name"));
  // The rest no municipality of the region: refused.
  f = Check(DocumentOf("Helmond-De Peel", 2020, "31 Atlantis", "Deurne"));
  ASSERT_FALSE(f.ok());
  EXPECT_THAT(f.status().message(),
              HasSubstr("row \"31 Atlantis\": a municipality's name "
                        "does not begin with a number"));
}

// A cell too narrow for the name cut it off (Calc's PDF): the one
// municipality of the region whose name begins so, with a note. Where
// several begin so, it is a name tkp does not know.
TEST(ValidatorTest, AClippedNameIsTheOneItBegins) {
  absl::StatusOr<v1::RegionFigures> f = Check(DocumentOf(
      "Zuidoost-Brabant", 2021, "Nuenen, Gerwen en Nederwett", "Eindhoven"));
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->municipalities(0).name(), "Nuenen, Gerwen en Nederwetten");
  EXPECT_EQ(f->municipalities(0).code(), "GM0820");
  EXPECT_THAT(f->notes(), Contains(HasSubstr("cut it off")));
  // Cut off after the whole of a shorter name: the longer name, not the
  // shorter one with other text beside it.
  f = Check(DocumentOf("Zuid-Kennemerland en IJmond", 2016,
                       "Haarlemmerliede en Spaarnw", "Haarlem"));
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->municipalities(0).name(), "Haarlemmerliede en Spaarnwoude");
  f = Check(DocumentOf("Holland Rijnland", 2023, "Leide", "Katwijk"));
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->municipalities(0).code(), "");  // Leiden? Leiderdorp?
}

// Another row's wrapped part read into a name ("Hollands" of Hollands
// Kroon beside Heiloo), and a wrapped region cell read as a name
// ("Centraal" of Zuid-Holland Centraal): refused, whatever the counts.
TEST(ValidatorTest, ANameWithAnotherCellsTextIsRefused) {
  absl::StatusOr<v1::RegionFigures> f = Check(
      DocumentOf("Noord-Holland Noord", 2023, "Heiloo Hollands", "Alkmaar"));
  ASSERT_FALSE(f.ok());
  EXPECT_THAT(f.status().message(),
              HasSubstr("row \"Heiloo Hollands\": not a municipality tkp "
                        "knows for 2023, but \"Heiloo\" of this region with "
                        "other text"));
  // The second line of a wrapped name, its first read elsewhere.
  f = Check(DocumentOf("Drenthe", 2023, "Odoorn", "Emmen"));
  ASSERT_FALSE(f.ok());
  EXPECT_THAT(f.status().message(),
              HasSubstr("row \"Odoorn\": not a municipality tkp knows for "
                        "2023, but a part of \"Borger-Odoorn\""));
  // With the word "gemeente": the municipality.
  f = Check(DocumentOf("Drenthe", 2023, "Gemeente Borger-Odoorn", "Emmen"));
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->municipalities(0).code(), "GM1681");
  // Without its article, a name as people write it: kept, with a note.
  f = Check(DocumentOf("Groot Amsterdam", 2023, "Ronde Venen", "Diemen"));
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->municipalities(0).name(), "Ronde Venen");
  f = Check(DocumentOf("Zuid-Holland Centraal", 2023, "Centraal", "Wassenaar"));
  ASSERT_FALSE(f.ok());
  EXPECT_THAT(f.status().message(),
              HasSubstr("row \"Centraal\": not a municipality but a piece "
                        "of the region's name"));
}

// A region cell too narrow for the region's name, cut off where Calc
// prints it ("5 Stedendriehoek e"), beside the register sentence that names
// it in full: the one region, with a note. A name that begins no other is
// still another region.
TEST(ValidatorTest, AClippedRegionCellIsTheRegionItBegins) {
  RawDocument doc = DocumentOf("Stedendriehoek e", 2021, "Apeldoorn", "Epe");
  doc.region_names.push_back({"Stedendriehoek en Noordwest Veluwe", 9});
  absl::StatusOr<v1::RegionFigures> f = Check(doc);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->region().name(), "Stedendriehoek en Noordwest Veluwe");
  EXPECT_EQ(f->region().cbs_code(), "AM06");
  EXPECT_THAT(f->notes(), Contains(HasSubstr("cut it off")));
  doc.region_names.front().text = "Stedendriehoek x";
  f = Check(doc);
  ASSERT_FALSE(f.ok());
  EXPECT_THAT(f.status().message(), HasSubstr("one document holds one region"));
}

// A first count printed against the name ("Borne20", as pdftotext reads a
// Gnumeric print where the name runs up to the digits): taken off the name
// where the counts then add up to the total, with a note; refused where
// they do not.
TEST(ValidatorTest, AFirstCountPrintedAgainstTheNameIsReadWhereTheTotalAgrees) {
  RawDocument doc = GoodDocument();
  doc.rows[1].name = "Borne20";
  doc.rows[1].cells = {"40", "60", "80", "200"};
  absl::StatusOr<v1::RegionFigures> f = Check(doc);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->municipalities(1).name(), "Borne");
  EXPECT_EQ(f->municipalities(1).code(), "GM0147");
  EXPECT_EQ(f->municipalities(1).counts().municipality_with_profile(), 20);
  EXPECT_THAT(f->notes(), Contains(HasSubstr("row \"Borne20\": read as "
                                             "\"Borne\" and a first count "
                                             "of 20")));
  doc.rows[1].name = "Borne21";
  f = Check(doc);
  ASSERT_FALSE(f.ok());
  EXPECT_THAT(f.status().message(), HasSubstr("row \"Borne21\": "));
}

TEST(ValidatorTest, TwoSpellingsOfOneMunicipalityAreRefused) {
  absl::StatusOr<v1::RegionFigures> f =
      Check(DocumentOf("Haaglanden", 2020, "'s-Gravenhage", "Den Haag"));
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().message(),
            "file t.txt line 7 row \"Den Haag\": the same municipality as row "
            "\"'s-Gravenhage\" on line 5 (both GM0518 's-Gravenhage)");
}

}  // namespace
}  // namespace tkp

namespace tkp {
namespace {

// Text that would act on a terminal is refused wherever it stands, naming
// the line and the character, and quoted only escaped.
TEST(ValidatorTest, ControlAndBidiCharactersAreRefusedWhereverTheyStand) {
  struct Case {
    const char* where;
    void (*spoil)(RawDocument&);
    const char* expected;
  };
  const Case cases[] = {
      {"a name with a terminal's escape sequences",
       [](RawDocument& d) { d.rows[0].name = "\x1b]0;owned\x07\x1b[2JAlmelo"; },
       "t.txt line 5: the row's name holds U+001B, a control character at "
       "byte 1 (\"\\x1b]0;owned\\x07\\x1b[2JAlmelo\")"},
      {"a name reversed for display",
       [](RawDocument& d) {
         d.rows[1].name =
             "\u202e"
             "Borne\r";
       },
       "t.txt line 7: the row's name holds U+202E, a bidirectional control "
       "at byte 1 (\"\\u202eBorne\\x0d\")"},
      {"a cell", [](RawDocument& d) { d.rows[0].cells[2] = "30\x7f"; },
       "row \"Almelo\" cell 3 holds U+007F"},
      {"a C1 control in the region's name",
       [](RawDocument& d) { d.region_names[0].text = "Twente\u0085"; },
       "t.txt line 3: the region's name holds U+0085, a control character"},
      {"a note",
       [](RawDocument& d) { d.notes.push_back(std::string("ok\0ok", 5)); },
       "a note of the importer holds U+0000"},
      {"bytes that are not UTF-8",
       [](RawDocument& d) {
         d.rows[0].name =
             "Alm\xff"
             "elo";
       },
       "holds bytes that are not UTF-8 at byte 4 (\"Alm\\xffelo\")"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.where);
    RawDocument doc = GoodDocument();
    c.spoil(doc);
    const absl::StatusOr<v1::RegionFigures> f = Check(doc);
    EXPECT_TRUE(absl::IsInvalidArgument(f.status())) << f.status();
    EXPECT_THAT(f.status().message(), HasSubstr(c.expected));
    EXPECT_THAT(f.status().message(), ::testing::Not(HasSubstr("\x1b")));
  }
}

TEST(ValidatorTest, TabsAndLettersWithAccentsAreText) {
  RawDocument doc = GoodDocument();
  doc.rows[0].name = "Súdwest-Fryslân";
  doc.notes.push_back("kolom\tgesplitst");
  EXPECT_THAT(Check(doc).status().message(),
              ::testing::Not(HasSubstr("holds")));
}

}  // namespace
}  // namespace tkp
