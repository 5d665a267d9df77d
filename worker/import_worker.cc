#include "worker/import_worker.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "worker/protocol/framing.h"
#include "worker/protocol/plugin_types.h"

namespace tkp {

ImportWorker::ImportWorker(const std::vector<std::string>& files,
                           Binding binding, const SandboxReport& sandbox) {
  for (const std::string& file : files) {
    worker::Library* library = hello_.add_libraries();
    library->set_file(file);
    absl::StatusOr<LoadedImporter> loaded = LoadPlugin(file, binding);
    if (!loaded.ok()) {
      // The server names the file itself.
      library->set_load_error(std::string(absl::StripPrefix(
          loaded.status().message(), absl::StrCat(file, ": "))));
      continue;
    }
    *library->mutable_info() = worker::ToMessage(loaded->info);
    importers_.push_back(*std::move(loaded));
  }
  for (const std::string& line : sandbox.active) hello_.add_protections(line);
  for (const std::string& line : sandbox.missing) hello_.add_missing(line);
}

worker::RateResponse ImportWorker::Rate(
    const worker::Document& document) const {
  worker::RateResponse response;
  for (const LoadedImporter& loaded : importers_) {
    const bool bytes = loaded.info.input == plugin::ImporterInfo::Input::kBytes;
    if (!bytes && !document.is_text()) {
      response.add_confidence(-1);
      continue;
    }
    response.add_confidence(loaded.importer->Identify(bytes ? document.content()
                                                            : document.text()));
  }
  return response;
}

worker::ParseOutcome ImportWorker::Parse(
    const worker::Document& document,
    const worker::ParseRequest& request) const {
  for (const LoadedImporter& loaded : importers_) {
    if (loaded.info.name != request.importer()) continue;
    const bool bytes = loaded.info.input == plugin::ImporterInfo::Input::kBytes;
    return worker::ToMessage(loaded.importer->Parse(
        bytes ? document.content() : document.text(),
        plugin::ParseHints{document.file_name(), request.part()}));
  }
  return worker::ToMessage(plugin::ParseOutcome::Failure(
      0, absl::StrCat("no importer named \"", request.importer(),
                      "\" in this worker")));
}

absl::Status ImportWorker::Serve(int in, int out, size_t max_document_bytes) {
  worker::Document document;
  for (;;) {
    worker::Request request;
    absl::Status read =
        worker::ReadFrame(in, MaxRequestBytes(max_document_bytes), &request);
    if (absl::IsOutOfRange(read)) return absl::OkStatus();  // server is done
    if (!read.ok()) return read;
    // A rater is sent document after document, each with its request.
    if (request.has_document()) {
      document = std::move(*request.mutable_document());
    }
    worker::Response response;
    if (request.has_rate()) {
      *response.mutable_rate() = Rate(document);
    } else if (request.has_parse()) {
      *response.mutable_parse() = Parse(document, request.parse());
    } else {
      return absl::InvalidArgumentError("a request that asks for nothing");
    }
    if (absl::Status s = worker::WriteFrame(out, response); !s.ok()) return s;
    if (request.has_parse()) return absl::OkStatus();  // one document each
  }
}

}  // namespace tkp
