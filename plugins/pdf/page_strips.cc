#include "plugins/pdf/page_strips.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "plugins/sdk/page_number.h"
#include "plugins/sdk/text.h"

namespace tkp::pdf {
namespace {

// Calc draws a row at the same height on every strip, to the rounding of
// its coordinates; other documents' lines rarely line up this closely.
constexpr double kSameHeight = 0.1;
// The share of one page's lines that must stand beside the other's.
constexpr double kAlignedShare = 0.6;
constexpr size_t kMinAligned = 3;

bool IsTableRow(const TextLine& line) {
  const sdk::NameAndNumbers split = sdk::SplitNameAndNumbers(line.text);
  return !split.name.empty() && split.numbers.size() >= 3;
}

// The index of the line of `page` at the height of `line`, or -1.
int LineAtHeight(const std::vector<TextLine>& page, const TextLine& line) {
  for (size_t i = 0; i < page.size(); ++i) {
    if (std::fabs(page[i].top - line.top) <= kSameHeight) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

void Append(TextLine& onto, const TextLine& line, double shift) {
  for (const Word& word : line.words) {
    onto.words.push_back({word.text, word.left + shift, word.right + shift});
    onto.text += onto.text.empty() ? word.text : " " + word.text;
  }
  onto.bottom = std::max(onto.bottom, line.bottom);
}

class Joiner {
 public:
  explicit Joiner(const PdfText& text) : text_(text) {}

  // Whether the lines of page `page` (`lines`, page furniture left out)
  // continue the group's rows.
  bool Continues(const std::vector<TextLine>& lines, int page) const {
    if (group_.empty() || !SameSize(page, first_page_)) return false;
    size_t aligned = 0;
    std::set<int> matched;
    for (const TextLine& line : lines) {
      const int at = LineAtHeight(group_, line);
      if (at >= 0) {
        ++aligned;
        matched.insert(at);
      }
    }
    const bool mostly = static_cast<double>(aligned) >=
                            kAlignedShare * static_cast<double>(lines.size()) ||
                        static_cast<double>(matched.size()) >=
                            kAlignedShare * static_cast<double>(group_.size());
    const auto has_rows = [](const std::vector<TextLine>& some) {
      return std::any_of(some.begin(), some.end(), IsTableRow);
    };
    return aligned >= kMinAligned && mostly &&
           !(has_rows(group_) && has_rows(lines));
  }

  void Start(std::vector<TextLine> lines, int page) {
    group_ = std::move(lines);
    first_page_ = page;
    width_ = Width(page);
  }

  void Join(const std::vector<TextLine>& lines, int page) {
    for (const TextLine& line : lines) {
      const int at = LineAtHeight(group_, line);
      if (at >= 0) {
        Append(group_[static_cast<size_t>(at)], line, width_);
      } else {
        TextLine moved = line;
        moved.page = first_page_;
        moved.words.clear();
        moved.text.clear();
        Append(moved, line, width_);
        group_.push_back(std::move(moved));
      }
    }
    width_ += Width(page);
  }

  std::vector<TextLine> Finish() {
    std::stable_sort(
        group_.begin(), group_.end(),
        [](const TextLine& a, const TextLine& b) { return a.top < b.top; });
    return std::move(group_);
  }

 private:
  double Width(int page) const {
    return text_.page_widths[static_cast<size_t>(page - 1)];
  }
  bool SameSize(int a, int b) const {
    const size_t i = static_cast<size_t>(a - 1);
    const size_t j = static_cast<size_t>(b - 1);
    return std::fabs(text_.page_widths[i] - text_.page_widths[j]) < 1 &&
           std::fabs(text_.page_heights[i] - text_.page_heights[j]) < 1;
  }

  const PdfText& text_;
  std::vector<TextLine> group_;
  int first_page_ = 0;
  double width_ = 0;
};

// Page numbers ("Page 2", "3 van 4"; a bare number may be a strip's
// cell), and text on more than one page (a repeated title): not part of a
// strip's rows. Another line ending in a count is never furniture.
bool IsFurniture(const TextLine& line,
                 const std::map<std::string, std::set<int>>& pages_of) {
  const bool worded = std::any_of(line.text.begin(), line.text.end(),
                                  [](char c) { return c < '0' || c > '9'; });
  if (worded && sdk::IsPageFurniture(line.text)) return true;
  if (!sdk::SplitNameAndNumbers(line.text).numbers.empty()) return false;
  return pages_of.at(sdk::CollapseSpaces(line.text)).size() > 1;
}

}  // namespace

void JoinColumnStrips(PdfText& text) {
  if (text.pages < 2 ||
      text.page_widths.size() != static_cast<size_t>(text.pages)) {
    return;
  }
  std::map<std::string, std::set<int>> pages_of;
  for (const TextLine& line : text.lines) {
    pages_of[sdk::CollapseSpaces(line.text)].insert(line.page);
  }
  std::map<int, std::vector<TextLine>> body;  // by page
  std::vector<TextLine> furniture;
  for (TextLine& line : text.lines) {
    (IsFurniture(line, pages_of) ? furniture : body[line.page])
        .push_back(std::move(line));
  }
  std::vector<TextLine> joined;
  Joiner joiner(text);
  for (int page = 1; page <= text.pages; ++page) {
    std::vector<TextLine>& lines = body[page];
    if (joiner.Continues(lines, page)) {
      joiner.Join(lines, page);
      continue;
    }
    for (TextLine& line : joiner.Finish()) joined.push_back(std::move(line));
    joiner.Start(std::move(lines), page);
  }
  for (TextLine& line : joiner.Finish()) joined.push_back(std::move(line));
  // Back in page order, each page top to bottom, the furniture where it
  // stood.
  for (TextLine& line : furniture) joined.push_back(std::move(line));
  std::stable_sort(joined.begin(), joined.end(),
                   [](const TextLine& a, const TextLine& b) {
                     return a.page != b.page ? a.page < b.page : a.top < b.top;
                   });
  text.lines = std::move(joined);
}

}  // namespace tkp::pdf
