// Walking office XML (SpreadsheetML, OpenDocument) with pugixml by local
// names, whatever namespace prefixes a writer chose.

#ifndef TKP_PLUGINS_OFFICE_XML_NODES_H_
#define TKP_PLUGINS_OFFICE_XML_NODES_H_

#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace tkp::office {

// The element's name without a namespace prefix ("x:row" -> "row").
std::string_view LocalName(const pugi::xml_node& node);

// The first child with that local name, or an empty node.
pugi::xml_node Child(const pugi::xml_node& parent, std::string_view name);

// An attribute by its local name ("r:id" matches "id").
pugi::xml_attribute Attribute(const pugi::xml_node& node,
                              std::string_view name);

// Parses `content`, keeping white space in text-only elements. pugixml
// parses without recursion: deep nesting costs memory, bounded by the part
// size, not stack. An entity reference other than XML's five and
// character references is refused before parsing: office software writes
// none, and pugixml would leave "&xxe;" in a cell's text. On failure,
// `why` (if given) says what follows the part's name: "is not well-formed
// XML", or which reference on which line.
bool ParseXml(const std::string& content, pugi::xml_document* doc,
              std::string* why = nullptr);

}  // namespace tkp::office

#endif  // TKP_PLUGINS_OFFICE_XML_NODES_H_
