// Building a plugin's ParseOutcome, and keeping exceptions inside the plugin
// (the ABI's entry points are noexcept).

#ifndef TKP_PLUGINS_SDK_OUTCOME_H_
#define TKP_PLUGINS_SDK_OUTCOME_H_

#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include "plugins/api/importer.h"

namespace tkp::sdk {

inline plugin::ParseOutcome Succeed(plugin::RawDocument document) {
  plugin::ParseOutcome outcome;
  outcome.ok = true;
  outcome.document = std::move(document);
  return outcome;
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
