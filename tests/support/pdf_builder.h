// Draws a publication's PDF with cairo for tests, laid out as the real one
// is: a title, the period-and-region line, a table with right-aligned
// count columns, the TOTAAL AMR row, the region line, the register sentence
// and prose. The table may run on to a second page under a repeated
// running header and with page numbers at the foot.

#ifndef TKP_TESTS_SUPPORT_PDF_BUILDER_H_
#define TKP_TESTS_SUPPORT_PDF_BUILDER_H_

#include <string>
#include <vector>

#include "tkp/v1/tkp.pb.h"

namespace tkp::testing {

struct PdfLayout {
  // Municipality rows on the first page; the rest go on the second. 0: all
  // on the first.
  int rows_on_first_page = 0;
  // The table drawn a column at a time, top to bottom, as some generators
  // do: the order of drawing is not the order of reading.
  bool table_by_columns = false;
  // Every cell of the table drawn twice, the second time a fraction of a
  // point to the right: bold faked by overprinting.
  bool table_overprinted = false;
};

// Writes the figures as a publication PDF; fails the test when it cannot.
void WritePublicationPdf(const std::string& path,
                         const v1::RegionFigures& figures,
                         const PdfLayout& layout = {});

// A national publication: each region from a new page on, in order, page
// numbers running across the document.
void WritePublicationsPdf(const std::string& path,
                          const std::vector<v1::RegionFigures>& regions,
                          const PdfLayout& layout = {});

// The publication as a PDF written by hand: uncompressed, the standard
// Helvetica font (not embedded), nothing but ASCII except the customary
// comment of high bytes after the header that marks a file as binary. Its
// bytes pass for Windows-1252 text, as some real PDFs' do.
std::string PlainPublicationPdf(const v1::RegionFigures& figures);

// A one-page PDF holding only an image: a scan, with no text layer.
void WriteScannedPdf(const std::string& path);

}  // namespace tkp::testing

#endif  // TKP_TESTS_SUPPORT_PDF_BUILDER_H_
