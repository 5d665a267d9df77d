// One import, start to finish: size limit -> text decoding -> importer
// choice -> plugin parse -> validation of every publication the document
// holds -> durable commit of all of them. All or nothing: any failure
// leaves the store as it was.

#ifndef TKP_SERVER_IMPORTING_DOCUMENT_IMPORTER_H_
#define TKP_SERVER_IMPORTING_DOCUMENT_IMPORTER_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/region_catalog.h"
#include "server/importing/importer_registry.h"
#include "server/store/store.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp {

inline constexpr size_t kDefaultMaxDocumentBytes = size_t{8} << 20;
// A workbook with more sheets than regions exist is not a publication.
inline constexpr size_t kMaxPublicationsPerDocument = 100;

// Stateless apart from the store; safe to call from several threads (the
// store serialises commits).
class DocumentImporter {
 public:
  DocumentImporter(const ImporterRegistry* registry, Store* store,
                   const RegionCatalog* catalog, size_t max_document_bytes)
      : registry_(registry),
        store_(store),
        catalog_(catalog),
        max_document_bytes_(max_document_bytes) {}

  // The largest document Receive accepts (--max-document-mib).
  size_t max_document_bytes() const { return max_document_bytes_; }

  // Errors: RESOURCE_EXHAUSTED over the size limit; INVALID_ARGUMENT for a
  // document that cannot be read or fails validation (the message names
  // file, line and row); NOT_FOUND for an unknown importer name;
  // ALREADY_EXISTS for a different document for a loaded region and period
  // without replace; FAILED_PRECONDITION/UNAVAILABLE when it cannot be
  // stored.
  // `caller_deadline`: the call's own; a worker is stopped at it, so a
  // caller that gave up leaves nothing running.
  absl::StatusOr<v1::ImportDocumentResponse> Import(
      const v1::ImportDocumentRequest& request,
      absl::Time caller_deadline = absl::InfiniteFuture()) const;

  // Every importer's confidence for a document, and the one Import would
  // pick. The size limit applies; nothing is parsed or stored.
  absl::StatusOr<v1::IdentifyDocumentResponse> Identify(
      const v1::IdentifyDocumentRequest& request,
      absl::Time caller_deadline = absl::InfiniteFuture()) const;

 private:
  // Asks a worker of each importer whether it reads the document (or
  // takes the one named), and has a new worker of the chosen importer
  // parse it, one that has seen no other document.
  // A worker that crashes, runs out of time or memory, or breaks the
  // protocol fails this import alone, saying how.
  struct Parsed {
    const ImporterEntry* importer;
    plugin::ParseOutcome outcome;
  };
  absl::StatusOr<Parsed> ParseInWorker(const ImporterSet& importers,
                                       const DocumentContent& content,
                                       const v1::ImportDocumentRequest& request,
                                       DocumentClock& clock) const;

  // A new worker of `importer` alone, checked to have loaded exactly it.
  // UNAVAILABLE, naming the importer, when it could not start.
  absl::StatusOr<std::unique_ptr<Worker>> TakeWorker(
      const ImporterEntry& importer, DocumentClock& clock) const;

  // Importers' ratings of `content`, each from a worker of that importer's
  // own (sent the document all before any answer is read, so they rate at
  // once), and those workers, by importer; null where it was not asked.
  struct Rated {
    explicit Rated(WorkerPool* workers) : pool(workers) {}
    Rated(Rated&&) = default;
    Rated& operator=(Rated&&) = default;
    ~Rated() { Release(); }
    // Gives the raters back to the pool, for the next document's rating.
    void Release();
    std::vector<Rating> ratings;
    std::vector<WorkerPool::Rater> raters;
    WorkerPool* pool;
  };
  // Asks the importers that read `only` (all when unset) into `rated`:
  // what they said replaces what it held for them. A rater that rated
  // other documents before and fails is not believed: a new worker rates
  // the document again, so what a document gets never depends on the
  // documents before it.
  absl::Status Rate(const ImporterSet& importers,
                    const DocumentContent& content, DocumentClock& clock,
                    std::optional<plugin::ImporterInfo::Input> only,
                    Rated& rated) const;

  // The size checks, and the document's text when it is text.
  absl::StatusOr<DocumentContent> Receive(const std::string& bytes,
                                          const std::string& file_name) const;

  const ImporterRegistry* registry_;  // not owned
  Store* store_;                      // not owned
  const RegionCatalog* catalog_;      // not owned
  const size_t max_document_bytes_;
};

}  // namespace tkp

#endif  // TKP_SERVER_IMPORTING_DOCUMENT_IMPORTER_H_
