#include "server/queries/event_regions.h"

#include <string>
#include <utility>

#include "proto/period_conversion.h"

namespace tkp {

std::vector<v1::PublicationEvent> DescribeEventRegions(
    std::vector<v1::PublicationEvent> events, const Snapshot& snapshot,
    const RegionCatalog& regions) {
  for (v1::PublicationEvent& event : events) {
    v1::Region* region = event.mutable_region();
    const std::vector<std::string> codes = regions.CodesOf(region->key());
    if (!codes.empty()) region->set_cbs_code(codes.front());
    const v1::RegionFigures* served =
        snapshot.Find({region->key(), FromProto(event.period())});
    // Only the document the event names says its number: a removed one
    // is gone, a later import is another document.
    if (served != nullptr && served->source().sha256() == event.sha256()) {
      region->set_code(served->region().code());
    }
  }
  return events;
}

}  // namespace tkp
