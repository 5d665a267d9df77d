#include "client/charts.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"

namespace tkp::client {
namespace {

// Eighths of a block, from none to full: horizontal and vertical.
constexpr const char* kHorizontalEighths[] = {"",  "▏", "▎", "▍", "▌",
                                              "▋", "▊", "▉", "█"};
constexpr const char* kVerticalEighths[] = {" ", "▁", "▂", "▃", "▄",
                                            "▅", "▆", "▇", "█"};

// Characters on a terminal, not bytes.
int Width(const std::string& text) {
  return static_cast<int>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string Pad(const std::string& text, int width) {
  return text + std::string(std::max(0, width - Width(text)), ' ');
}

std::string PercentText(double fraction) {
  return absl::StrFormat("%.1f%%", fraction * 100);
}

// The top of the value axis: 100%, or more if a value exceeds it.
double AxisMax(const Chart& chart) {
  double max = 1.0;
  for (const ChartPoint& p : chart.points) max = std::max(max, p.value);
  return max;
}

std::string Escape(const std::string& text) {
  return absl::StrReplaceAll(
      text, {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}});
}

// The frame every SVG chart shares: size, background, title, value axis
// with ticks every 25% and its label.
struct SvgFrame {
  double width, height, left, top, plot_width, plot_height, max;
  bool horizontal;  // values run along x (bars) or y (line)

  std::string Open(const Chart& chart) const {
    std::string svg = absl::StrFormat(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
        "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
        "font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\">\n"
        "<title>%s</title>\n"
        "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
        "<text x=\"%.0f\" y=\"24\" font-size=\"16\" text-anchor=\"middle\">"
        "%s</text>\n",
        width, height, width, height, Escape(chart.title), width / 2,
        Escape(chart.title));
    for (int tick = 0; tick <= 4; ++tick) {
      const double fraction = max * tick / 4;
      if (horizontal) {
        const double x = left + plot_width * tick / 4;
        absl::StrAppendFormat(
            &svg,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"#ddd\"/>\n<text x=\"%.1f\" y=\"%.1f\" "
            "text-anchor=\"middle\">%.0f%%</text>\n",
            x, top, x, top + plot_height, x, top + plot_height + 16,
            fraction * 100);
      } else {
        const double y = top + plot_height * (1 - tick / 4.0);
        absl::StrAppendFormat(
            &svg,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"#ddd\"/>\n<text x=\"%.1f\" y=\"%.1f\" "
            "text-anchor=\"end\">%.0f%%</text>\n",
            left, y, left + plot_width, y, left - 6, y + 4, fraction * 100);
      }
    }
    // The axes.
    absl::StrAppendFormat(
        &svg,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
        "stroke=\"black\"/>\n<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
        "y2=\"%.1f\" stroke=\"black\"/>\n",
        left, top, left, top + plot_height, left, top + plot_height,
        left + plot_width, top + plot_height);
    if (horizontal) {
      absl::StrAppendFormat(&svg,
                            "<text x=\"%.1f\" y=\"%.1f\" "
                            "text-anchor=\"middle\">%s</text>\n",
                            left + plot_width / 2, top + plot_height + 34,
                            Escape(chart.value_axis));
    } else {
      absl::StrAppendFormat(&svg,
                            "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" "
                            "transform=\"rotate(-90 14 %.1f)\">%s</text>\n",
                            top + plot_height / 2, top + plot_height / 2,
                            Escape(chart.value_axis));
    }
    return svg;
  }
};

}  // namespace

std::string TerminalBars(const Chart& chart, int width) {
  width = std::max(width, 40);
  int label_width = 0;
  for (const ChartPoint& p : chart.points) {
    label_width = std::max(label_width, Width(p.label));
  }
  label_width = std::min(label_width, width / 3);
  constexpr int kValueWidth = 8;  // " 100.0%"
  const int bar_width = width - label_width - 2 - kValueWidth;
  const double max = AxisMax(chart);
  std::string out = chart.title + "\n";
  for (const ChartPoint& p : chart.points) {
    std::string label = p.label;
    if (Width(label) > label_width) {
      // Cut at a character boundary, leaving room for the ellipsis.
      while (Width(label) > label_width - 1) {
        do {
          label.pop_back();
        } while (!label.empty() &&
                 (static_cast<unsigned char>(label.back()) & 0xC0) == 0x80);
      }
      label += "…";
    }
    const int eighths = static_cast<int>(
        std::lround(std::clamp(p.value / max, 0.0, 1.0) * bar_width * 8));
    std::string bar;
    for (int i = 0; i < eighths / 8; ++i) bar += kHorizontalEighths[8];
    bar += kHorizontalEighths[eighths % 8];
    absl::StrAppend(&out, Pad(label, label_width), "  ", Pad(bar, bar_width),
                    absl::StrFormat("%*s", kValueWidth, PercentText(p.value)),
                    "\n");
  }
  return out;
}

std::string TerminalColumns(const Chart& chart, int width, int height) {
  width = std::max(width, 40);
  constexpr int kAxisWidth = 6;  // "100% │"
  const int count = std::max<int>(1, static_cast<int>(chart.points.size()));
  const int column = std::clamp((width - kAxisWidth) / count, 1, 8);
  const int bar = column > 1 ? column - 1 : 1;  // a gap between columns
  const std::string gap(column - bar, ' ');
  const double max = AxisMax(chart);
  std::string out = chart.title + "\n";
  for (int row = height; row >= 1; --row) {
    // Label the axis at the top and halfway (the value at a row's top).
    std::string axis = "    ";
    if (row == height || row == height / 2) {
      axis = absl::StrFormat("%3.0f%%", max * 100 * row / height);
    }
    std::string line = axis + " │";
    for (const ChartPoint& p : chart.points) {
      const int eighths = static_cast<int>(
          std::lround(std::clamp(p.value / max, 0.0, 1.0) * height * 8));
      const char* cell =
          kVerticalEighths[std::clamp(eighths - (row - 1) * 8, 0, 8)];
      for (int i = 0; i < bar; ++i) line += cell;
      line += gap;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  out += "  0% └";
  for (int i = 0; i < count * column; ++i) out += "─";
  // Period labels under their columns; where they would overlap, only
  // every few.
  std::string labels(static_cast<size_t>(count * column + 8), ' ');
  int free_from = 0;
  for (int i = 0; i < count; ++i) {
    const std::string& label = chart.points[static_cast<size_t>(i)].label;
    const int at = i * column;
    if (at < free_from) continue;
    labels.replace(static_cast<size_t>(at), label.size(), label);
    free_from = at + static_cast<int>(label.size()) + 1;
  }
  while (!labels.empty() && labels.back() == ' ') labels.pop_back();
  out += "\n      " + labels + "\n";
  return out;
}

std::string SvgBars(const Chart& chart) {
  int label_chars = 0;
  for (const ChartPoint& p : chart.points) {
    label_chars = std::max(label_chars, Width(p.label));
  }
  const double row = 24;
  SvgFrame frame{};
  frame.left = 16 + label_chars * 7.0;
  frame.top = 44;
  frame.plot_width = 480;
  frame.plot_height =
      row * static_cast<double>(std::max<size_t>(1, chart.points.size()));
  frame.width = std::max(frame.left + frame.plot_width + 80,
                         9.0 * Width(chart.title) + 32);
  frame.height = frame.top + frame.plot_height + 48;
  frame.max = AxisMax(chart);
  frame.horizontal = true;
  std::string svg = frame.Open(chart);
  for (size_t i = 0; i < chart.points.size(); ++i) {
    const ChartPoint& p = chart.points[i];
    const double y = frame.top + row * static_cast<double>(i);
    const double length =
        frame.plot_width * std::clamp(p.value / frame.max, 0.0, 1.0);
    absl::StrAppendFormat(
        &svg,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n"
        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
        "fill=\"#3b6ea8\"/>\n<text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
        frame.left - 6, y + row * 0.65, Escape(p.label), frame.left, y + 4,
        length, row - 8, frame.left + length + 4, y + row * 0.65,
        PercentText(p.value));
  }
  return svg + "</svg>\n";
}

std::string SvgLine(const Chart& chart) {
  SvgFrame frame{};
  frame.left = 64;
  frame.top = 44;
  // Wide enough for a column per quarter and for the title (16 px type).
  frame.plot_width = std::max(
      {240.0,
       60.0 * static_cast<double>(std::max<size_t>(1, chart.points.size())),
       9.0 * Width(chart.title) - frame.left});
  frame.plot_height = 240;
  frame.width = frame.left + frame.plot_width + 32;
  frame.height = frame.top + frame.plot_height + 56;
  frame.max = AxisMax(chart);
  frame.horizontal = false;
  std::string svg = frame.Open(chart);
  const size_t n = chart.points.size();
  std::string polyline;
  for (size_t i = 0; i < n; ++i) {
    const ChartPoint& p = chart.points[i];
    const double x = frame.left + frame.plot_width *
                                      (static_cast<double>(i) + 0.5) /
                                      static_cast<double>(n);
    const double y =
        frame.top +
        frame.plot_height * (1 - std::clamp(p.value / frame.max, 0.0, 1.0));
    absl::StrAppendFormat(&polyline, "%.1f,%.1f ", x, y);
    absl::StrAppendFormat(
        &svg,
        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#3b6ea8\"/>\n"
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n"
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
        x, y, x, y - 10, PercentText(p.value), x,
        frame.top + frame.plot_height + 18, Escape(p.label));
  }
  absl::StrAppendFormat(&svg,
                        "<polyline points=\"%s\" fill=\"none\" "
                        "stroke=\"#3b6ea8\" stroke-width=\"2\"/>\n",
                        polyline);
  absl::StrAppendFormat(&svg,
                        "<text x=\"%.1f\" y=\"%.1f\" "
                        "text-anchor=\"middle\">quarter</text>\n",
                        frame.left + frame.plot_width / 2,
                        frame.top + frame.plot_height + 40);
  return svg + "</svg>\n";
}

int TerminalWidth() {
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  int columns = 0;
  if (const char* env = std::getenv("COLUMNS");
      env != nullptr && absl::SimpleAtoi(env, &columns) && columns > 0) {
    return columns;
  }
  return 80;
}

}  // namespace tkp::client
