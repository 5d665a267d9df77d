// Page numbers as footers and headers print them, for the PDF importer's
// page furniture rules.

#ifndef TKP_PLUGINS_PDF_PAGE_NUMBER_H_
#define TKP_PLUGINS_PDF_PAGE_NUMBER_H_

#include <string_view>

namespace tkp::pdf {

// A page number: "3", "Pagina 3", "3 van 4", "pagina 3 van 4", "3/4".
bool IsPageNumber(std::string_view text);

}  // namespace tkp::pdf

#endif  // TKP_PLUGINS_PDF_PAGE_NUMBER_H_
