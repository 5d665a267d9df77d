#include "server/document_importer.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/sha256.h"
#include "server/status_macros.h"
#include "server/text_decoding.h"
#include "server/validator.h"

namespace tkp {
namespace {

std::string MiB(size_t bytes) {
  return absl::StrFormat("%.1f MiB", static_cast<double>(bytes) / (1 << 20));
}

void SetNow(google::protobuf::Timestamp* timestamp) {
  const absl::Time now = absl::Now();
  const int64_t nanos = absl::ToUnixNanos(now);
  timestamp->set_seconds(nanos / 1000000000);
  timestamp->set_nanos(static_cast<int32_t>(nanos % 1000000000));
}

v1::ImportDocumentResponse::Outcome ToProto(FigureStore::Outcome outcome) {
  switch (outcome) {
    case FigureStore::Outcome::kImported:
      return v1::ImportDocumentResponse::OUTCOME_IMPORTED;
    case FigureStore::Outcome::kReplaced:
      return v1::ImportDocumentResponse::OUTCOME_REPLACED;
    case FigureStore::Outcome::kUnchanged:
      return v1::ImportDocumentResponse::OUTCOME_UNCHANGED;
  }
  return v1::ImportDocumentResponse::OUTCOME_UNSPECIFIED;
}

}  // namespace

absl::StatusOr<v1::ImportDocumentResponse> DocumentImporter::Import(
    const v1::ImportDocumentRequest& request) const {
  const std::string file_name =
      request.file_name().empty() ? "(unnamed)" : request.file_name();
  const std::string& bytes = request.content();
  if (bytes.size() > max_document_bytes_) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "file ", file_name, " is ", MiB(bytes.size()), ", over the ",
        MiB(max_document_bytes_),
        " limit for one document; a region's table is a few kilobytes, so "
        "check that this is the right file"));
  }
  if (bytes.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("file ", file_name, " is empty"));
  }
  ValidationContext context{file_name, std::nullopt, catalog_};
  if (IsSet(request.period())) {
    const PeriodKey period = FromProto(request.period());
    if (absl::Status s = CheckPeriod(period); !s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("the requested period: ", s.message()));
    }
    context.requested_period = period;
  }

  TKP_ASSIGN_OR_RETURN(const DecodedText text, DecodeText(bytes, file_name));
  TKP_ASSIGN_OR_RETURN(
      const LoadedImporter* importer,
      registry_->Pick(request.importer(), text.utf8, file_name));
  const plugin::ParseOutcome parsed =
      importer->importer->Parse(text.utf8, plugin::ParseHints{file_name});
  if (!parsed.ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        "file ", file_name,
        parsed.error_line > 0 ? absl::StrCat(" line ", parsed.error_line) : "",
        ": ", parsed.error, " (read as ", importer->info.name, ")"));
  }
  TKP_ASSIGN_OR_RETURN(v1::RegionFigures figures,
                       Validate(parsed.document, context));
  if (!text.note.empty()) {
    figures.add_notes(absl::StrCat("file ", file_name, ": ", text.note));
  }
  v1::Source* source = figures.mutable_source();
  source->set_file_name(file_name);
  source->set_importer(importer->info.name);
  source->set_importer_version(importer->info.version);
  source->set_sha256(Sha256Hex(bytes));
  source->set_size_bytes(static_cast<int64_t>(bytes.size()));
  SetNow(source->mutable_imported_at());

  v1::ImportDocumentResponse response;
  if (request.dry_run()) {
    // Say now what a real import would run into.
    const v1::RegionFigures* loaded = store_->snapshot()->Find(KeyOf(figures));
    if (loaded != nullptr && loaded->source().sha256() != source->sha256()) {
      figures.add_notes(absl::StrCat(
          "a different document (", loaded->source().file_name(),
          ") is loaded for this region and period; importing this one "
          "needs replace (tkp import --replace)"));
    }
    response.set_outcome(v1::ImportDocumentResponse::OUTCOME_VALIDATED);
    *response.mutable_figures() = std::move(figures);
    return response;
  }
  TKP_ASSIGN_OR_RETURN(const FigureStore::CommitResult result,
                       store_->Commit(std::move(figures), request.replace()));
  response.set_outcome(ToProto(result.outcome));
  *response.mutable_figures() = *result.figures;
  return response;
}

}  // namespace tkp
