#include "plugins/pdf/pdf_text.h"

// poppler's own API (libpoppler-private-dev), not its C++ wrapper: the
// wrapper builds poppler's global tables (encodings, font maps) for every
// document and orders the words by a layout analysis tkp does not need;
// together they were two thirds of the time to read a publication.
#include <Error.h>
#include <ErrorCodes.h>
#include <GlobalParams.h>
#include <PDFDoc.h>
#include <Stream.h>
#include <TextOutputDev.h>

#include <algorithm>
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
void IgnorePopplerMessage(ErrorCategory /*category*/, Goffset /*position*/,
                          const char* /*message*/) {}

// poppler's global tables, built once and held while this library is
// loaded; poppler builds them again whenever no one holds them. Destroyed
// when the library is unloaded, so a reload starts afresh.
void HoldPopplerTables() {
  static const GlobalParamsIniter tables(IgnorePopplerMessage);
}

struct Box {
  std::string text;
  double left, right, top, bottom;
  double middle() const { return (top + bottom) / 2; }
  double height() const { return bottom - top; }
};

// Of a word's height: the same word this much further along is the same
// impression drawn again (bold faked by overprinting), not a second word.
constexpr double kOverprintDistance = 0.1;

// Groups a page's words into lines: a word belongs to a line when its
// middle lies within the line's height. Overprinted words count once.
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
    line.top = group.front().top;
    line.bottom = group.front().bottom;
    for (const Box& box : group) {
      line.top = std::min(line.top, box.top);
      line.bottom = std::max(line.bottom, box.bottom);
    }
    double last_height = 0;
    for (Box& box : group) {
      if (!line.words.empty() && line.words.back().text == box.text &&
          box.left - line.words.back().left <
              kOverprintDistance * std::max(box.height(), last_height)) {
        continue;
      }
      last_height = box.height();
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
  const std::lock_guard<std::mutex> lock(poppler_mutex);
  HoldPopplerTables();
  // The stream reads the caller's bytes in place; the document owns it.
  PDFDoc document(new MemStream(
      bytes.data(), 0, static_cast<Goffset>(bytes.size()), Object(objNull)));
  if (!document.isOk()) {
    if (document.getErrorCode() == errEncrypted) {
      return std::string(
          "the PDF is password-protected; ask the publisher for a copy "
          "without a password (or remove it: qpdf --decrypt "
          "--password=... in.pdf out.pdf)");
    }
    return std::string(
        "cannot be read as a PDF: the file is damaged or truncated; ask for "
        "the original");
  }
  PdfText text;
  text.encrypted = document.isEncrypted();
  text.pages = document.getNumPages();
  for (int p = 1; p <= text.pages; ++p) {
    if (document.getPage(p) == nullptr) {
      return "page " + std::to_string(p) + " cannot be read (damaged?)";
    }
    text.page_widths.push_back(document.getPageCropWidth(p));
    text.page_heights.push_back(document.getPageCropHeight(p));
    // Words in the order they are drawn: LinesOf orders them by position,
    // so poppler's reading-order analysis would be work thrown away.
    TextOutputDev words_out(nullptr, /*physLayoutA=*/false,
                            /*fixedPitchA=*/0, /*rawOrderA=*/true,
                            /*append=*/false);
    document.displayPage(&words_out, p, /*hDPI=*/72, /*vDPI=*/72,
                         /*rotate=*/0, /*useMediaBox=*/false, /*crop=*/false,
                         /*printing=*/false);
    const std::unique_ptr<TextWordList> words = words_out.makeWordList();
    std::vector<Box> boxes;
    for (int i = 0; i < words->getLength(); ++i) {
      const TextWord* word = words->get(i);
      const std::unique_ptr<GooString> utf8(word->getText());
      if (utf8 == nullptr || utf8->getLength() == 0) continue;
      Box box{utf8->toStr(), 0, 0, 0, 0};
      word->getBBox(&box.left, &box.top, &box.right, &box.bottom);
      boxes.push_back(std::move(box));
    }
    for (TextLine& line : LinesOf(std::move(boxes), p)) {
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
