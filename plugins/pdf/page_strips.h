// A spreadsheet printed wider than a page, as LibreOffice Calc exports one
// by default: the columns that do not fit go on to the next pages, each a
// vertical strip of the same rows at the same heights. Such pages are put
// back side by side, so the table reads as one.

#ifndef TKP_PLUGINS_PDF_PAGE_STRIPS_H_
#define TKP_PLUGINS_PDF_PAGE_STRIPS_H_

#include "plugins/pdf/pdf_text.h"

namespace tkp::pdf {

// Joins each page that continues the previous page's rows to the right
// onto it: its lines onto the lines at the same height (its words moved
// right by the width of the pages before it), as one page. A page joins
// only where at least three of its lines stand at exactly the height of a
// line of the other, most (60%) of one page's lines do, the pages are of
// one size, and no more than one of the two holds table rows (a name and
// its counts): two pages of their own tables, as a national publication
// prints them, never join. Page numbers and text that stands on both pages
// stay where they are, for the running-header rules. A joined page's
// lines count as the first page's, in messages too.
void JoinColumnStrips(PdfText& text);

}  // namespace tkp::pdf

#endif  // TKP_PLUGINS_PDF_PAGE_STRIPS_H_
