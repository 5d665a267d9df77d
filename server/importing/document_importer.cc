#include "server/importing/document_importer.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "proto/period_conversion.h"
#include "server/importing/place.h"
#include "server/importing/text_decoding.h"
#include "server/importing/validator.h"
#include "server/util/log.h"
#include "server/util/sha256.h"
#include "server/util/status_macros.h"
#include "worker/protocol/plugin_types.h"

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

v1::ImportDocumentResponse::Outcome ToProto(Store::Outcome outcome) {
  switch (outcome) {
    case Store::Outcome::kImported:
      return v1::ImportDocumentResponse::OUTCOME_IMPORTED;
    case Store::Outcome::kReplaced:
      return v1::ImportDocumentResponse::OUTCOME_REPLACED;
    case Store::Outcome::kUnchanged:
      return v1::ImportDocumentResponse::OUTCOME_UNCHANGED;
  }
  return v1::ImportDocumentResponse::OUTCOME_UNSPECIFIED;
}

// The first request carries the document.
worker::Document DocumentFor(const DocumentContent& content) {
  worker::Document document;
  document.set_content(std::string(content.bytes));
  document.set_is_text(content.text.ok());
  if (content.text.ok()) document.set_text(*content.text);
  document.set_file_name(content.file_name);
  return document;
}

// The code of a failed worker's error: it is this document's import that
// failed, in the way the worker ended.
absl::Status WorkerFailure(const WorkerEnd& end, const std::string& message) {
  switch (end.reason) {
    case WorkerEndReason::kTimeout:
    case WorkerEndReason::kCallerDeadline:
      return absl::DeadlineExceededError(message);
    case WorkerEndReason::kMemory:
      return absl::ResourceExhaustedError(message);
    default:
      return absl::InvalidArgumentError(message);
  }
}

// Its only importer must be the one asked for: a rating or an answer is
// taken for that importer's.
absl::Status CheckLoaded(const Worker& worker, const ImporterEntry& importer) {
  const worker::Hello& hello = worker.hello();
  if (hello.libraries_size() == 1 && hello.libraries(0).load_error().empty() &&
      hello.libraries(0).info().name() == importer.info.name) {
    return absl::OkStatus();
  }
  return absl::UnavailableError(absl::StrCat(
      "importer ", importer.info.name,
      " could not start: its worker did not load it as the server lists it "
      "(were the plugins reloaded meanwhile?); nothing was stored, try "
      "again"));
}

absl::Status CouldNotStart(const ImporterEntry& importer,
                           const absl::Status& why) {
  return absl::UnavailableError(absl::StrCat(
      "importer ", importer.info.name, " could not start: ", why.message()));
}

// The one confidence a rater's answer holds.
absl::StatusOr<int> ConfidenceIn(const worker::Response& answer,
                                 const std::string& file_name,
                                 const ImporterEntry& importer) {
  if (!answer.has_rate() || answer.rate().confidence_size() != 1) {
    return absl::InternalError(absl::StrCat(
        "file ", file_name, ": the worker of importer ", importer.info.name,
        " answered the wrong question; nothing was stored"));
  }
  return answer.rate().confidence(0);
}

}  // namespace

void DocumentImporter::Rated::Release() {
  if (pool == nullptr) return;
  for (WorkerPool::Rater& rater : raters)
    pool->KeepRater(std::move(rater.worker));
}

absl::StatusOr<std::unique_ptr<Worker>> DocumentImporter::TakeWorker(
    const ImporterEntry& importer, DocumentClock& clock) const {
  absl::StatusOr<std::unique_ptr<Worker>> worker =
      registry_->workers().Take(importer.copy->path());
  if (!worker.ok()) return CouldNotStart(importer, worker.status());
  TKP_RETURN_IF_ERROR(CheckLoaded(**worker, importer));
  (*worker)->StartDocument(&clock);
  return worker;
}

absl::Status DocumentImporter::Rate(
    const ImporterSet& importers, const DocumentContent& content,
    DocumentClock& clock, std::optional<plugin::ImporterInfo::Input> only,
    Rated& rated) const {
  const std::vector<ImporterEntry>& entries = importers.importers();
  rated.ratings.resize(entries.size());
  rated.raters.resize(entries.size());
  worker::Request request;
  *request.mutable_document() = DocumentFor(content);
  request.mutable_rate();
  const auto failed = [&](size_t i, const Worker& worker) {
    return WorkerFailure(
        worker.end(),
        absl::StrCat("file ", content.file_name, ": importer ",
                     entries[i].info.name, " ", worker.end().words,
                     " while recognising it; nothing was stored"));
  };
  // Raters that failed having rated other documents before.
  std::vector<size_t> again;
  std::vector<size_t> asked;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (!ImporterSet::CheckInput(entries[i], content).ok()) {
      rated.ratings[i].not_asked = "reads text, and this file is not text";
      continue;
    }
    if (only.has_value() && entries[i].info.input != *only) {
      // Left as an earlier round had it, if there was one.
      if (*only == plugin::ImporterInfo::Input::kText) {
        rated.ratings[i].not_asked =
            "reads binary formats, and a text importer recognises this text";
      }
      continue;
    }
    absl::StatusOr<WorkerPool::Rater> rater =
        registry_->workers().TakeRater(entries[i].copy->path());
    absl::Status usable = rater.ok()
                              ? CheckLoaded(*rater->worker, entries[i])
                              : CouldNotStart(entries[i], rater.status());
    if (!usable.ok()) {
      // One plugin that cannot start fails its own imports, not others'.
      rated.ratings[i] = {0, std::string(usable.message()), true};
      continue;
    }
    rated.ratings[i] = {};
    rated.raters[i] = *std::move(rater);
    Worker& worker = *rated.raters[i].worker;
    worker.StartDocument(&clock);
    if (worker.Ask(request).ok()) {
      asked.push_back(i);
    } else if (rated.raters[i].reused) {
      again.push_back(i);
    } else {
      return failed(i, worker);
    }
  }
  for (const size_t i : asked) {
    const WorkerPool::Rater& rater = rated.raters[i];
    absl::StatusOr<worker::Response> answer = rater.worker->Answer();
    absl::StatusOr<int> confidence =
        answer.ok() ? ConfidenceIn(*answer, content.file_name, entries[i])
                    : answer.status();
    if (confidence.ok()) {
      rated.ratings[i].confidence = *confidence;
    } else if (rater.reused) {
      again.push_back(i);
    } else {
      return answer.ok() ? confidence.status() : failed(i, *rater.worker);
    }
  }
  for (const size_t i : again) {
    registry_->workers().Retire(std::move(rated.raters[i].worker));
    rated.raters[i].reused = false;
    absl::StatusOr<std::unique_ptr<Worker>> fresh =
        TakeWorker(entries[i], clock);
    if (!fresh.ok()) {
      rated.ratings[i] = {0, std::string(fresh.status().message()), true};
      continue;
    }
    rated.raters[i].worker = *std::move(fresh);
    Worker& worker = *rated.raters[i].worker;
    absl::StatusOr<worker::Response> answer = worker.Call(request);
    if (!answer.ok()) return failed(i, worker);
    TKP_ASSIGN_OR_RETURN(rated.ratings[i].confidence,
                         ConfidenceIn(*answer, content.file_name, entries[i]));
  }
  return absl::OkStatus();
}

absl::StatusOr<DocumentImporter::Parsed> DocumentImporter::ParseInWorker(
    const ImporterSet& importers, const DocumentContent& content,
    const v1::ImportDocumentRequest& request, DocumentClock& clock) const {
  if (importers.importers().empty()) {
    return absl::FailedPreconditionError(
        "no importer plugins are loaded; check the server's --plugin-dir "
        "and reload (tkp importers --reload)");
  }
  const ImporterEntry* importer = nullptr;
  if (!request.importer().empty()) {
    TKP_ASSIGN_OR_RETURN(importer, importers.Named(request.importer()));
    TKP_RETURN_IF_ERROR(ImporterSet::CheckInput(*importer, content));
  } else {
    // Binary formats are the bytes importers' (plugins/api/importer.h): a
    // document that is text goes to the text importers first, and to the
    // bytes importers only when none of those recognises it.
    using Input = plugin::ImporterInfo::Input;
    Rated rated(&registry_->workers());
    const bool text = content.text.ok();
    TKP_RETURN_IF_ERROR(Rate(importers, content, clock,
                             text ? std::optional(Input::kText) : std::nullopt,
                             rated));
    const bool recognised = std::any_of(
        rated.ratings.begin(), rated.ratings.end(), [](const Rating& r) {
          return r.not_asked.empty() && r.confidence > 0;
        });
    if (text && !recognised) {
      TKP_RETURN_IF_ERROR(
          Rate(importers, content, clock, Input::kBytes, rated));
    }
    TKP_ASSIGN_OR_RETURN(importer,
                         importers.MostConfident(rated.ratings, content));
  }
  // The raters are back in the pool (for other imports) while a new worker,
  // which has seen no other document, parses this one.
  TKP_ASSIGN_OR_RETURN(std::unique_ptr<Worker> worker,
                       TakeWorker(*importer, clock));
  worker::Request parse;
  *parse.mutable_document() = DocumentFor(content);
  parse.mutable_parse()->set_importer(importer->info.name);
  parse.mutable_parse()->set_part(request.sheet());
  absl::StatusOr<worker::Response> answer = worker->Call(parse);
  if (!answer.ok()) {
    return WorkerFailure(
        worker->end(),
        absl::StrCat("importer ", importer->info.name, " ", worker->end().words,
                     " reading ", content.file_name, "; nothing was stored"));
  }
  registry_->workers().Retire(std::move(worker));
  if (!answer->has_parse()) {
    return absl::InternalError(absl::StrCat(
        "file ", content.file_name,
        ": the import worker answered the wrong question; nothing was stored"));
  }
  return Parsed{importer, worker::FromMessage(answer->parse())};
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
    const v1::IdentifyDocumentRequest& request,
    absl::Time caller_deadline) const {
  const std::string file_name =
      request.file_name().empty() ? "(unnamed)" : request.file_name();
  TKP_ASSIGN_OR_RETURN(const DocumentContent content,
                       Receive(request.content(), file_name));
  const std::shared_ptr<const ImporterSet> importers = registry_->current();
  v1::IdentifyDocumentResponse response;
  if (importers->importers().empty()) {
    response.set_reason("no importer plugins are loaded");
    return response;
  }
  // Every importer is asked here, to show each one's answer. (The raters
  // go back to the pool as `rated` goes out of scope.)
  Rated rated(&registry_->workers());
  DocumentClock clock(registry_->workers().options().parse_timeout,
                      caller_deadline);
  TKP_RETURN_IF_ERROR(Rate(*importers, content, clock, std::nullopt, rated));
  const std::vector<Rating>& ratings = rated.ratings;
  for (const Confidence& ranked : importers->Rank(ratings)) {
    v1::ImporterConfidence* candidate = response.add_candidates();
    candidate->set_importer(ranked.importer->info.name);
    candidate->set_confidence(ranked.confidence);
    candidate->set_note(ranked.note);
  }
  absl::StatusOr<const ImporterEntry*> chosen =
      importers->MostConfident(ratings, content);
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
    const v1::ImportDocumentRequest& request,
    absl::Time caller_deadline) const {
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

  // Held to the end: a reload meanwhile does not remove the plugin copies
  // this import's worker loads.
  const std::shared_ptr<const ImporterSet> importers = registry_->current();
  DocumentClock clock(registry_->workers().options().parse_timeout,
                      caller_deadline);
  TKP_ASSIGN_OR_RETURN(const Parsed result,
                       ParseInWorker(*importers, content, request, clock));
  const ImporterEntry* importer = result.importer;
  const plugin::ParseOutcome& parsed = result.outcome;
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
        const std::vector<Store::CommitResult> results,
        store_->CommitAll(std::move(batch), request.replace()));
    for (const Store::CommitResult& result : results) {
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
