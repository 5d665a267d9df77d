#include "server/document_importer.h"

#include <future>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "proto/period_conversion.h"
#include "server/log.h"
#include "server/place.h"
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

absl::StatusOr<plugin::ParseOutcome> DocumentImporter::ParseWithTimeout(
    std::shared_ptr<const ImporterSet> importers,
    const LoadedImporter& importer, absl::string_view input,
    plugin::ParseHints hints) const {
  // What the parsing thread needs outlives this call: the input and the
  // set (which keeps the plugin's library loaded).
  struct Job {
    std::shared_ptr<const ImporterSet> importers;
    const plugin::Importer* importer;
    std::string input;
    plugin::ParseHints hints;
    std::promise<plugin::ParseOutcome> outcome;
  };
  auto job = std::make_shared<Job>(Job{std::move(importers),
                                       importer.importer.get(),
                                       std::string(input),
                                       std::move(hints),
                                       {}});
  std::future<plugin::ParseOutcome> outcome = job->outcome.get_future();
  std::thread([job] {
    job->outcome.set_value(job->importer->Parse(job->input, job->hints));
  }).detach();
  if (outcome.wait_for(absl::ToChronoSeconds(parse_timeout_)) !=
      std::future_status::ready) {
    LogLine(absl::StrCat("importer ", importer.info.name, " still reading ",
                         job->hints.file_name, " after ",
                         absl::FormatDuration(parse_timeout_),
                         "; import abandoned, the plugin keeps a thread"));
    return absl::DeadlineExceededError(absl::StrCat(
        "file ", job->hints.file_name, ": importer ", importer.info.name,
        " took longer than ", absl::FormatDuration(parse_timeout_),
        " to read it; the import was abandoned (a broken plugin or a "
        "pathological document; the server's --parse-timeout-seconds "
        "sets the limit)"));
  }
  return outcome.get();
}

absl::StatusOr<DocumentContent> DocumentImporter::Receive(
    const std::string& bytes, const std::string& file_name) const {
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
  DocumentContent content{bytes, "", file_name, ""};
  absl::StatusOr<DecodedText> text = DecodeText(bytes, file_name);
  if (text.ok()) {
    content.text = std::move(text->utf8);
    content.text_note = std::move(text->note);
  } else {
    content.text = text.status();
  }
  return content;
}

absl::StatusOr<v1::IdentifyDocumentResponse> DocumentImporter::Identify(
    const v1::IdentifyDocumentRequest& request) const {
  const std::string file_name =
      request.file_name().empty() ? "(unnamed)" : request.file_name();
  TKP_ASSIGN_OR_RETURN(const DocumentContent content,
                       Receive(request.content(), file_name));
  const std::shared_ptr<const ImporterSet> importers = registry_->current();
  v1::IdentifyDocumentResponse response;
  for (const Confidence& rated : importers->Rate(content)) {
    v1::ImporterConfidence* candidate = response.add_candidates();
    candidate->set_importer(rated.importer->info.name);
    candidate->set_confidence(rated.confidence);
    candidate->set_note(rated.note);
  }
  absl::StatusOr<const LoadedImporter*> chosen = importers->Pick("", content);
  if (chosen.ok()) {
    response.set_chosen((*chosen)->info.name);
    const v1::ImporterConfidence& best = response.candidates(0);
    const bool tie = response.candidates_size() > 1 &&
                     response.candidates(1).confidence() == best.confidence();
    response.set_reason(absl::StrCat(
        "most confident (", best.confidence(), " of 100)",
        tie ? absl::StrCat("; tied with ", response.candidates(1).importer(),
                           ", and ties go to the first name in "
                           "alphabetical order")
            : ""));
  } else {
    response.set_reason(std::string(chosen.status().message()));
  }
  return response;
}

absl::StatusOr<v1::ImportDocumentResponse> DocumentImporter::Import(
    const v1::ImportDocumentRequest& request) const {
  const std::string file_name =
      request.file_name().empty() ? "(unnamed)" : request.file_name();
  const std::string& bytes = request.content();
  TKP_ASSIGN_OR_RETURN(const DocumentContent content,
                       Receive(bytes, file_name));
  ValidationContext context{file_name, std::nullopt, catalog_};
  if (IsSet(request.period())) {
    const PeriodKey period = FromProto(request.period());
    if (absl::Status s = CheckPeriod(period); !s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("the requested period: ", s.message()));
    }
    context.requested_period = period;
  }

  // Held to the end: a reload meanwhile does not unload this importer.
  const std::shared_ptr<const ImporterSet> importers = registry_->current();
  TKP_ASSIGN_OR_RETURN(const LoadedImporter* importer,
                       importers->Pick(request.importer(), content));
  TKP_ASSIGN_OR_RETURN(const absl::string_view input,
                       ImporterSet::InputFor(*importer, content));
  TKP_ASSIGN_OR_RETURN(
      const plugin::ParseOutcome parsed,
      ParseWithTimeout(importers, *importer, input,
                       plugin::ParseHints{file_name, request.sheet()}));
  if (!parsed.ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        DescribePlace(file_name, parsed.error_origin, parsed.error_line), ": ",
        parsed.error, " (read as ", importer->info.name, ")"));
  }
  if (parsed.documents.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("file ", file_name, ": ",
                                                   importer->info.name,
                                                   " found no table in it"));
  }
  if (parsed.documents.size() > kMaxPublicationsPerDocument) {
    return absl::InvalidArgumentError(
        absl::StrCat("file ", file_name, ": ", importer->info.name, " read ",
                     parsed.documents.size(), " tables, more than the ",
                     kMaxPublicationsPerDocument, " one document may hold"));
  }

  std::vector<v1::RegionFigures> batch;
  // Where each publication came from, to refuse one given twice.
  absl::flat_hash_map<std::string, std::string> seen;
  const std::string sha256 = Sha256Hex(bytes);
  for (const plugin::RawDocument& document : parsed.documents) {
    TKP_ASSIGN_OR_RETURN(v1::RegionFigures figures,
                         Validate(document, context));
    const std::string where = DescribePlace(file_name, document.origin, 0);
    const PublicationKey key = KeyOf(figures);
    const std::string id =
        absl::StrCat(key.region_key, " ", FormatPeriod(key.period));
    if (auto [it, inserted] = seen.emplace(id, where); !inserted) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": ", figures.region().name(), " ",
                       FormatPeriod(key.period), " again (also in ", it->second,
                       "); one import holds each region and period once"));
    }
    // Only a text importer read the decoded text; bytes importers never
    // saw the decoding the note is about.
    if (!content.text_note.empty() &&
        importer->info.input == plugin::ImporterInfo::Input::kText) {
      figures.add_notes(
          absl::StrCat("file ", file_name, ": ", content.text_note));
    }
    v1::Source* source = figures.mutable_source();
    source->set_file_name(file_name);
    source->set_part(document.origin.part);
    source->set_importer(importer->info.name);
    source->set_importer_version(importer->info.version);
    source->set_sha256(sha256);
    source->set_size_bytes(static_cast<int64_t>(bytes.size()));
    SetNow(source->mutable_imported_at());
    batch.push_back(std::move(figures));
  }

  v1::ImportDocumentResponse response;
  if (request.dry_run()) {
    const std::shared_ptr<const Snapshot> snapshot = store_->snapshot();
    for (v1::RegionFigures& figures : batch) {
      // Say now what a real import would run into.
      const v1::RegionFigures* loaded = snapshot->Find(KeyOf(figures));
      if (loaded != nullptr &&
          (loaded->source().sha256() != figures.source().sha256() ||
           loaded->source().part() != figures.source().part())) {
        figures.add_notes(absl::StrCat(
            "a different document (", loaded->source().file_name(),
            ") is loaded for this region and period; importing this one "
            "needs replace (tkp import --replace)"));
      }
      v1::ImportedPublication* publication = response.add_publications();
      publication->set_outcome(v1::ImportDocumentResponse::OUTCOME_VALIDATED);
      *publication->mutable_figures() = std::move(figures);
    }
  } else {
    TKP_ASSIGN_OR_RETURN(
        const std::vector<FigureStore::CommitResult> results,
        store_->CommitAll(std::move(batch), request.replace()));
    for (const FigureStore::CommitResult& result : results) {
      v1::ImportedPublication* publication = response.add_publications();
      publication->set_outcome(ToProto(result.outcome));
      *publication->mutable_figures() = *result.figures;
    }
  }
  response.set_outcome(response.publications(0).outcome());
  *response.mutable_figures() = response.publications(0).figures();
  return response;
}

}  // namespace tkp
