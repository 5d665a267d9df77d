// Charts: the terminal drawing's shape, and SVG that rsvg-convert renders.

#include "client/charts.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_split.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"

namespace tkp::client {
namespace {

using ::testing::HasSubstr;

int Columns(const std::string& line) {
  return static_cast<int>(std::count_if(line.begin(), line.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + what.size())) {
    ++n;
  }
  return n;
}

Chart Sample() {
  return {"Coverage",
          "coverage (%)",
          {{"Full", 1.0},
           {"Half", 0.5},
           {"None", 0.0},
           {"A region with a very long name indeed, longer than fits", 0.25}}};
}

TEST(ChartsTest, BarsFitTheWidthAndAreProportional) {
  const std::string text = TerminalBars(Sample(), 60);
  const std::vector<std::string> lines =
      absl::StrSplit(text, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 5u);
  for (const std::string& line : lines) EXPECT_LE(Columns(line), 60) << line;
  const int full = Count(lines[1], "█");
  EXPECT_GT(full, 20);
  EXPECT_EQ(Count(lines[2], "█") * 2, full);  // half of the full bar
  EXPECT_EQ(Count(lines[3], "█"), 0);
  EXPECT_THAT(lines[1], HasSubstr("100.0%"));
  EXPECT_THAT(lines[2], HasSubstr("50.0%"));
  EXPECT_THAT(lines[4], HasSubstr("…"));  // the long label is cut
  // A wider terminal gets longer bars, still within its width.
  const std::vector<std::string> wide =
      absl::StrSplit(TerminalBars(Sample(), 120), '\n', absl::SkipEmpty());
  EXPECT_GT(Count(wide[1], "█"), full);
  for (const std::string& line : wide) EXPECT_LE(Columns(line), 120) << line;
}

TEST(ChartsTest, ColumnsHaveTheirHeightAndLabels) {
  Chart chart{"Over time",
              "coverage (%)",
              {{"2020Q2", 1.0}, {"2020Q3", 0.5}, {"2020Q4", 0.0}}};
  const std::string text = TerminalColumns(chart, 50, 8);
  const std::vector<std::string> lines = absl::StrSplit(text, '\n');
  // Title, 8 rows, the axis, the labels, and the final newline.
  ASSERT_EQ(lines.size(), 12u) << text;
  EXPECT_THAT(lines[1], ::testing::StartsWith("100% │█"));
  EXPECT_THAT(lines[9], ::testing::StartsWith("  0% └"));
  EXPECT_THAT(lines[10], HasSubstr("2020Q2"));
  EXPECT_THAT(lines[10], HasSubstr("2020Q4"));
  // The full column fills all 8 rows, the half one the bottom 4.
  int full_rows = 0, half_rows = 0;
  for (int row = 1; row <= 8; ++row) {
    const std::string& line = lines[row];
    const size_t bar = line.find("│") + std::string("│").size();
    const std::string cells = line.substr(bar);
    if (cells.rfind("█", 0) == 0) ++full_rows;
    // The second column starts after the first (7 cells) and a gap.
    if (Count(cells, "█") > Count(cells.substr(0, 7 * 3), "█")) ++half_rows;
  }
  EXPECT_EQ(full_rows, 8);
  EXPECT_EQ(half_rows, 4);
  for (const std::string& line : lines) EXPECT_LE(Columns(line), 50);
}

void ExpectRenders(const std::string& svg, const std::string& name) {
  testing::TempDir dir;
  testing::WriteFileOrDie(dir.File(name + ".svg"), svg);
  const testing::ProcessResult r =
      testing::RunProcess({"/usr/bin/rsvg-convert", dir.File(name + ".svg"),
                           "-o", dir.File(name + ".png")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string png = testing::ReadFileOrDie(dir.File(name + ".png"));
  EXPECT_GT(png.size(), 1000u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
}

TEST(ChartsTest, SvgHasTitleAxesLabelsAndUnitsAndRenders) {
  Chart chart = Sample();
  chart.points[0].label = "Escaped <&> \"name\"";
  for (const std::string& svg : {SvgBars(chart), SvgLine(chart)}) {
    EXPECT_THAT(svg, HasSubstr("<title>Coverage</title>"));
    EXPECT_THAT(svg, HasSubstr(">0%</text>"));
    EXPECT_THAT(svg, HasSubstr(">100%</text>"));
    EXPECT_THAT(svg, HasSubstr("coverage (%)"));
    EXPECT_THAT(svg, HasSubstr("Escaped &lt;&amp;&gt; &quot;name&quot;"));
  }
  ExpectRenders(SvgBars(chart), "bars");
  ExpectRenders(SvgLine(chart), "line");
}

}  // namespace
}  // namespace tkp::client
