#include "plugins/pdf/pdf_text.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <memory>
#include <mutex>

namespace tkp::pdf {
namespace {

// poppler keeps global state (its error callback, font caches); one
// document at a time keeps it out of trouble with concurrent imports. A
// plain global, not a leaked heap object: this library is unloaded on
// reload, and std::mutex needs no destruction.
std::mutex poppler_mutex;

// poppler reports problems of damaged files on stderr; the importer says
// what matters itself.
void IgnorePopplerMessage(const std::string& /*message*/, void* /*closure*/) {}

struct Box {
  std::string text;
  double left, right, top, bottom;
  double middle() const { return (top + bottom) / 2; }
  double height() const { return bottom - top; }
};

std::string Utf8(const poppler::ustring& text) {
  const poppler::byte_array bytes = text.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

// Groups a page's words into lines: a word belongs to a line when its
// middle lies within the line's height.
std::vector<TextLine> LinesOf(std::vector<Box> boxes, int page) {
  std::sort(boxes.begin(), boxes.end(),
            [](const Box& a, const Box& b) { return a.middle() < b.middle(); });
  std::vector<std::vector<Box>> grouped;
  for (Box& box : boxes) {
    if (!grouped.empty()) {
      const Box& first = grouped.back().front();
      if (std::fabs(box.middle() - first.middle()) <
          std::max(first.height(), box.height()) / 2) {
        grouped.back().push_back(std::move(box));
        continue;
      }
    }
    grouped.push_back({std::move(box)});
  }
  std::vector<TextLine> lines;
  for (std::vector<Box>& group : grouped) {
    std::sort(group.begin(), group.end(),
              [](const Box& a, const Box& b) { return a.left < b.left; });
    TextLine line;
    line.page = page;
    for (Box& box : group) {
      if (!line.text.empty()) line.text += ' ';
      line.text += box.text;
      line.words.push_back({std::move(box.text), box.left, box.right});
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace

std::variant<PdfText, std::string> ReadPdfText(std::string_view bytes) {
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    return std::string("too large to be a publication");
  }
  const std::lock_guard<std::mutex> lock(poppler_mutex);
  poppler::set_debug_error_function(IgnorePopplerMessage, nullptr);
  std::unique_ptr<poppler::document> document(
      poppler::document::load_from_raw_data(bytes.data(),
                                            static_cast<int>(bytes.size())));
  if (document == nullptr) {
    return std::string(
        "cannot be read as a PDF: the file is damaged or truncated; ask for "
        "the original");
  }
  if (document->is_locked()) {
    return std::string(
        "the PDF is password-protected; ask the publisher for a copy without "
        "a password (or remove it: qpdf --decrypt --password=... in.pdf "
        "out.pdf)");
  }
  PdfText text;
  text.encrypted = document->is_encrypted();
  text.pages = document->pages();
  for (int p = 0; p < text.pages; ++p) {
    std::unique_ptr<poppler::page> page(document->create_page(p));
    if (page == nullptr) {
      return "page " + std::to_string(p + 1) + " cannot be read (damaged?)";
    }
    std::vector<Box> boxes;
    for (const poppler::text_box& box : page->text_list()) {
      std::string word = Utf8(box.text());
      if (word.empty()) continue;
      const poppler::rectf r = box.bbox();
      boxes.push_back(
          {std::move(word), r.left(), r.right(), r.top(), r.bottom()});
    }
    for (TextLine& line : LinesOf(std::move(boxes), p + 1)) {
      text.lines.push_back(std::move(line));
    }
  }
  if (text.lines.empty()) {
    return std::string(
        "the PDF has no text layer (a scanned image?); tkp reads the text "
        "of the publication's PDF, so ask for the original or run OCR on it "
        "first");
  }
  return text;
}

}  // namespace tkp::pdf
