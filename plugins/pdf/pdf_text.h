// The text of a PDF as lines of positioned words, read with poppler: what
// a reader sees on each page, top to bottom, left to right.

#ifndef TKP_PLUGINS_PDF_PDF_TEXT_H_
#define TKP_PLUGINS_PDF_PDF_TEXT_H_

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tkp::pdf {

struct Word {
  std::string text;
  double left = 0;
  double right = 0;
};

struct TextLine {
  int page = 0;    // 1-based
  double top = 0;  // points from the top of the page
  double bottom = 0;
  std::vector<Word> words;  // left to right
  std::string text;         // the words, one space apart
};

struct PdfText {
  std::vector<TextLine> lines;  // page by page, top to bottom
  int pages = 0;
  // Each page's size in points, page 1 first.
  std::vector<double> page_widths;
  std::vector<double> page_heights;
  bool encrypted = false;  // readable, but encrypted (an owner password)
};

// The document's lines, or why it cannot be read, in words for an
// operator: not a PDF, damaged, password-protected, no text (a scan).
std::variant<PdfText, std::string> ReadPdfText(std::string_view bytes);

}  // namespace tkp::pdf

#endif  // TKP_PLUGINS_PDF_PDF_TEXT_H_
