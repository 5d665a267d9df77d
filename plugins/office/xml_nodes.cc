#include "plugins/office/xml_nodes.h"

#include <algorithm>
#include <string>
#include <string_view>

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

namespace {

// "#38" or "#x26".
bool IsCharacterReference(std::string_view name) {
  if (name.size() < 2 || name[0] != '#') return false;
  const bool hex = name[1] == 'x';
  const std::string_view digits = name.substr(hex ? 2 : 1);
  return !digits.empty() &&
         digits.find_first_not_of(hex ? "0123456789abcdefABCDEF"
                                      : "0123456789") == std::string_view::npos;
}

// The first entity reference in `content` that is not one of XML's five or
// a character reference, outside comments and CDATA sections; npos if none.
size_t FindForeignEntity(std::string_view content) {
  for (size_t at = 0; at < content.size(); ++at) {
    if (content.compare(at, 4, "<!--") == 0) {
      at = content.find("-->", at);
      if (at == std::string_view::npos) return at;
      continue;
    }
    if (content.compare(at, 9, "<![CDATA[") == 0) {
      at = content.find("]]>", at);
      if (at == std::string_view::npos) return at;
      continue;
    }
    if (content[at] != '&') continue;
    const size_t end = content.find(';', at);
    const std::string_view name = end == std::string_view::npos || end - at > 12
                                      ? std::string_view()
                                      : content.substr(at + 1, end - at - 1);
    const bool character = IsCharacterReference(name);
    if (!character && name != "lt" && name != "gt" && name != "amp" &&
        name != "apos" && name != "quot") {
      return at;
    }
  }
  return std::string_view::npos;
}

}  // namespace

bool ParseXml(const std::string& content, pugi::xml_document* doc,
              std::string* why) {
  if (const size_t at = FindForeignEntity(content);
      at != std::string_view::npos) {
    if (why != nullptr) {
      const size_t end = content.find_first_of(";<> \t\r\n", at);
      *why = "holds the XML entity reference \"" +
             content.substr(at, std::min<size_t>(end, at + 24) - at + 1) +
             "\" on line " +
             std::to_string(1 + std::count(content.begin(),
                                           content.begin() +
                                               static_cast<std::ptrdiff_t>(at),
                                           '\n')) +
             ", which office software never writes; refused (save the file "
             "again in Excel or LibreOffice if it is genuine)";
    }
    return false;
  }
  if (doc->load_buffer(content.data(), content.size(),
                       pugi::parse_default | pugi::parse_ws_pcdata_single)) {
    return true;
  }
  if (why != nullptr) *why = "is not well-formed XML";
  return false;
}

}  // namespace tkp::office
