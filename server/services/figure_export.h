// ExportFigures' stream: one message per publication, written one at a
// time from the snapshot the call began with (the rows are
// queries/export_rows.h's).

#ifndef TKP_SERVER_SERVICES_FIGURE_EXPORT_H_
#define TKP_SERVER_SERVICES_FIGURE_EXPORT_H_

#include <grpcpp/support/server_callback.h>

#include <memory>
#include <vector>

#include "core/municipality_catalog.h"
#include "core/region_catalog.h"
#include "server/services/call_scope.h"
#include "server/store/snapshot.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp {

// Deletes itself when the call is done.
class FigureExporter final
    : public grpc::ServerWriteReactor<v1::ExportFiguresResponse> {
 public:
  // `publications` point into `snapshot`, which is kept for the call.
  // `scope`: the call's, told how the stream ended.
  FigureExporter(std::unique_ptr<StreamScope> scope,
                 std::shared_ptr<const Snapshot> snapshot,
                 std::vector<const v1::RegionFigures*> publications,
                 const RegionCatalog* regions,
                 const MunicipalityCatalog* municipalities);

  void OnWriteDone(bool ok) override;
  void OnDone() override;

 private:
  // Writes the next publication, or finishes after the last. Writes follow
  // one another (the next starts in OnWriteDone), so nothing is shared.
  void WriteNext();
  void End(const grpc::Status& status);

  const std::unique_ptr<StreamScope> scope_;

  const std::shared_ptr<const Snapshot> snapshot_;
  const std::vector<const v1::RegionFigures*> publications_;
  const RegionCatalog* const regions_;
  const MunicipalityCatalog* const municipalities_;
  size_t next_ = 0;
  size_t bytes_sent_ = 0;
  v1::ExportFiguresResponse pending_;
  grpc::Status ended_;
};

}  // namespace tkp

#endif  // TKP_SERVER_SERVICES_FIGURE_EXPORT_H_
