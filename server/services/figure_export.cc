#include "server/services/figure_export.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/queries/export_rows.h"

namespace tkp {

FigureExporter::FigureExporter(
    std::unique_ptr<StreamScope> scope,
    std::shared_ptr<const Snapshot> snapshot,
    std::vector<const v1::RegionFigures*> publications,
    const RegionCatalog* regions, const MunicipalityCatalog* municipalities)
    : scope_(std::move(scope)),
      snapshot_(std::move(snapshot)),
      publications_(std::move(publications)),
      regions_(regions),
      municipalities_(municipalities) {
  WriteNext();
}

void FigureExporter::End(const grpc::Status& status) {
  ended_ = status;
  Finish(status);
}

void FigureExporter::WriteNext() {
  if (next_ == publications_.size()) {
    End(grpc::Status::OK);
    return;
  }
  pending_ = ExportRowsOf(*publications_[next_++], *regions_, *municipalities_);
  bytes_sent_ += pending_.ByteSizeLong();
  StartWrite(&pending_);
}

void FigureExporter::OnWriteDone(bool ok) {
  if (!ok) {  // the client went away or cancelled
    End(grpc::Status::CANCELLED);
    return;
  }
  WriteNext();
}

void FigureExporter::OnDone() {
  scope_->Ended(ended_, bytes_sent_,
                absl::StrCat("publications=", publications_.size()));
  delete this;
}

}  // namespace tkp
