#include "plugins/office/xml_nodes.h"

namespace tkp::office {

std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node Child(const pugi::xml_node& parent, std::string_view name) {
  for (pugi::xml_node child : parent.children()) {
    if (LocalName(child) == name) return child;
  }
  return {};
}

pugi::xml_attribute Attribute(const pugi::xml_node& node,
                              std::string_view name) {
  for (pugi::xml_attribute a : node.attributes()) {
    std::string_view full = a.name();
    const size_t colon = full.find(':');
    if ((colon == std::string_view::npos ? full : full.substr(colon + 1)) ==
        name) {
      return a;
    }
  }
  return {};
}

bool ParseXml(const std::string& content, pugi::xml_document* doc) {
  return doc->load_buffer(content.data(), content.size(),
                          pugi::parse_default | pugi::parse_ws_pcdata_single);
}

}  // namespace tkp::office
