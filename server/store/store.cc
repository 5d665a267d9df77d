#include "server/store/store.h"

#include <utility>

namespace tkp {

absl::StatusOr<Store::CommitResult> Store::Commit(v1::RegionFigures figures,
                                                  bool replace) {
  std::vector<v1::RegionFigures> batch;
  batch.push_back(std::move(figures));
  absl::StatusOr<std::vector<CommitResult>> results =
      CommitAll(std::move(batch), replace);
  if (!results.ok()) return results.status();
  return std::move(results->front());
}

}  // namespace tkp
