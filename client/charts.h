// Charts of coverage for people: in the terminal with Unicode block
// characters, fitted to a width, and as standalone SVG files with title,
// axes, labels and units.

#ifndef TKP_CLIENT_CHARTS_H_
#define TKP_CLIENT_CHARTS_H_

#include <string>
#include <vector>

namespace tkp::client {

// One bar or point: a label and a fraction (0.74 is 74%).
struct ChartPoint {
  std::string label;
  double value = 0;
};

struct Chart {
  std::string title;
  std::string value_axis = "coverage (%)";  // what the values are, with unit
  std::vector<ChartPoint> points;
};

// Horizontal bars, one line per point: label, bar, percentage. Every line
// fits in `width` columns (at least 40).
std::string TerminalBars(const Chart& chart, int width);

// Columns over time, `height` rows high, with a percentage axis; one column
// per point, as wide as `width` allows.
std::string TerminalColumns(const Chart& chart, int width, int height = 12);

// The same charts as SVG documents.
std::string SvgBars(const Chart& chart);
std::string SvgLine(const Chart& chart);

// The terminal's width (from the terminal, else COLUMNS, else 80).
int TerminalWidth();

}  // namespace tkp::client

#endif  // TKP_CLIENT_CHARTS_H_
