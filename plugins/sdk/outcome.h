// Building a plugin's ParseOutcome, and keeping exceptions inside the plugin
// (the ABI's entry points are noexcept).

#ifndef TKP_PLUGINS_SDK_OUTCOME_H_
#define TKP_PLUGINS_SDK_OUTCOME_H_

#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugins/api/importer.h"

namespace tkp::sdk {

inline plugin::ParseOutcome Succeed(
    std::vector<plugin::RawDocument> documents) {
  plugin::ParseOutcome outcome;
  outcome.ok = true;
  outcome.documents = std::move(documents);
  return outcome;
}

inline plugin::ParseOutcome Succeed(plugin::RawDocument document) {
  std::vector<plugin::RawDocument> documents;
  documents.push_back(std::move(document));
  return Succeed(std::move(documents));
}

// Runs `parse`; an exception becomes a failure that names the importer.
template <typename ParseFn>
plugin::ParseOutcome GuardParse(std::string_view importer,
                                ParseFn&& parse) noexcept {
  try {
    return std::forward<ParseFn>(parse)();
  } catch (const std::exception& e) {
    return plugin::ParseOutcome::Failure(
        0, std::string(importer) + " failed: " + e.what());
  } catch (...) {
    return plugin::ParseOutcome::Failure(
        0, std::string(importer) + " failed with an unknown exception");
  }
}

}  // namespace tkp::sdk

#endif  // TKP_PLUGINS_SDK_OUTCOME_H_
