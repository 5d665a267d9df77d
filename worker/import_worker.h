// The worker's side of the protocol (worker/protocol/worker.proto): says
// Hello with the plugins it loaded, then rates and parses one document.

#ifndef TKP_WORKER_IMPORT_WORKER_H_
#define TKP_WORKER_IMPORT_WORKER_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "worker/plugin_loader.h"
#include "worker/protocol/worker.pb.h"
#include "worker/sandbox.h"

namespace tkp {

// The most the server may send with a document of at most
// `max_document_bytes`: the document, and its text decoded to UTF-8 (up to
// three times as long: one Windows-1252 byte may become three), with room
// to spare.
inline size_t MaxRequestBytes(size_t max_document_bytes) {
  return 4 * max_document_bytes + (size_t{1} << 20);
}

class ImportWorker {
 public:
  // Loads every library in `files` (a failure is reported in Hello, not
  // fatal).
  ImportWorker(const std::vector<std::string>& files, Binding binding,
               const SandboxReport& sandbox);

  const worker::Hello& hello() const { return hello_; }

  // Reads requests from `in` and answers on `out` until the document is
  // parsed or the server closes `in`. An error: the exchange broke.
  absl::Status Serve(int in, int out, size_t max_document_bytes);

 private:
  worker::RateResponse Rate(const worker::Document& document) const;
  worker::ParseOutcome Parse(const worker::Document& document,
                             const worker::ParseRequest& request) const;

  std::vector<LoadedImporter> importers_;  // those that loaded
  worker::Hello hello_;
};

}  // namespace tkp

#endif  // TKP_WORKER_IMPORT_WORKER_H_
