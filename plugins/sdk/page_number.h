// Page numbers as footers and headers print them: page furniture, never
// table data (the PDF importer, sdk::ReadPublications).

#ifndef TKP_PLUGINS_SDK_PAGE_NUMBER_H_
#define TKP_PLUGINS_SDK_PAGE_NUMBER_H_

#include <string_view>

namespace tkp::sdk {

// A page number: "3", "Pagina 3", "3 van 4", "pagina 3 van 4", "3/4".
bool IsPageNumber(std::string_view text);

// Page furniture: a page number, or the line a browser prints at a page's
// edge, a web address with or without a date, a time and a page number
// ("file:///C:/tabel.html 1/2", "https://example.nl/t 3 van 4"). An address
// is never table data.
bool IsPageFurniture(std::string_view text);

}  // namespace tkp::sdk

#endif  // TKP_PLUGINS_SDK_PAGE_NUMBER_H_
