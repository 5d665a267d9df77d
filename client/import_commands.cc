// tkp import, tkp identify and tkp importers: the commands that hand
// documents and plugins to the server.

#include <google/protobuf/struct.pb.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/command_support.h"
#include "client/commands.h"
#include "proto/period_conversion.h"

namespace tkp::client {
namespace {

// "OUTCOME_UNCHANGED" -> "unchanged".
std::string OutcomeText(v1::ImportDocumentResponse::Outcome outcome) {
  std::string text = v1::ImportDocumentResponse::Outcome_Name(outcome).substr(
      std::string_view("OUTCOME_").size());
  for (char& c : text) c = static_cast<char>(std::tolower(c));
  return text;
}

// The files the operator named: files as given, directories by the files in
// them (recursively, sorted, hidden ones left out).
std::vector<std::string> ExpandPaths(const std::vector<std::string>& paths,
                                     std::vector<std::string>* problems) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code error;
    if (!std::filesystem::is_directory(path, error)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    auto it = std::filesystem::recursive_directory_iterator(path, error);
    for (; !error && it != std::filesystem::recursive_directory_iterator();
         it.increment(error)) {
      const std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file()) found.push_back(it->path().string());
    }
    if (error) {
      problems->push_back(
          absl::StrCat("cannot read directory ", path, ": ", error.message()));
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

// Files up to this size are sent without asking the server's limit: no
// server accepts less (tkp-server --max-document-mib is at least 1).
constexpr uintmax_t kSentWithoutAsking = uintmax_t{1} << 20;

// Exit code for a file over the server's limit: what the server's refusal
// (RESOURCE_EXHAUSTED) would give.
constexpr int kTooLargeExit = 64 + static_cast<int>(grpc::RESOURCE_EXHAUSTED);

std::string MiB(uintmax_t bytes) {
  return absl::StrFormat("%.1f MiB", static_cast<double>(bytes) / (1 << 20));
}

// Reads local files for the server, refusing one larger than the server
// accepts before sending it (so a 300 MB file is not uploaded to be
// refused). The limit is asked once, and only for a file large enough for
// it to matter.
class DocumentReader {
 public:
  explicit DocumentReader(const CommandContext& context) : context_(context) {}

  // The file's bytes; false (with the reason in `error` and the exit code
  // in `exit_code`) when it cannot be read or is too large.
  bool Read(const std::string& path, std::string* content, std::string* error,
            int* exit_code) {
    *exit_code = 1;
    std::error_code size_error;
    const uintmax_t size = std::filesystem::file_size(path, size_error);
    if (!size_error && size > kSentWithoutAsking && size > Limit()) {
      *error = absl::StrCat(
          path, " is ", MiB(size), ", more than the ", MiB(Limit()),
          " the server accepts for one document (tkp-server "
          "--max-document-mib); nothing was sent. A region's table is a few "
          "kilobytes: is this the right file?");
      *exit_code = kTooLargeExit;
      return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      *error = absl::StrCat("cannot read ", path, ": ", std::strerror(errno));
      return false;
    }
    content->assign(std::istreambuf_iterator<char>(in), {});
    return true;
  }

 private:
  // The server's limit; unlimited when it does not say (an older server,
  // or a token that may import but not list importers): the server then
  // refuses the file itself.
  uintmax_t Limit() {
    if (!limit_) {
      const CallResult<v1::ListImportersResponse> importers =
          context_.client->ListImporters();
      const int64_t bytes =
          importers.status.ok() ? importers.response.max_document_bytes() : 0;
      limit_ = bytes > 0 ? static_cast<uintmax_t>(bytes) : UINTMAX_MAX;
    }
    return *limit_;
  }

  const CommandContext& context_;
  std::optional<uintmax_t> limit_;
};

// Only the base name travels: the server must not learn client paths.
std::string BaseName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

v1::ImportDocumentRequest MakeRequest(const ImportOptions& options,
                                      const std::string& file,
                                      std::string content) {
  v1::ImportDocumentRequest request;
  request.set_content(std::move(content));
  request.set_file_name(BaseName(file));
  request.set_importer(options.importer);
  if (options.period) *request.mutable_period() = ToProto(*options.period);
  request.set_replace(options.replace);
  request.set_dry_run(options.dry_run);
  request.set_sheet(options.sheet);
  return request;
}

// One file, the way it always printed: the figures of each publication.
int ImportOne(const CommandContext& context, const ImportOptions& options,
              const std::string& file) {
  std::string content, error;
  int exit_code = 0;
  if (!DocumentReader(context).Read(file, &content, &error, &exit_code)) {
    *context.err << "error: " << error << "\n";
    return exit_code;
  }
  const CallResult<v1::ImportDocumentResponse> result =
      context.client->ImportDocument(
          MakeRequest(options, file, std::move(content)));
  if (!result.status.ok()) return Fail(context, result.status);
  const v1::ImportDocumentResponse& response = result.response;
  if (context.format == Format::kJson) {
    PrintJson(response, *context.out);
    return 0;
  }
  Table csv;
  for (const v1::ImportedPublication& p : response.publications()) {
    const std::string outcome = OutcomeText(p.outcome());
    const v1::RegionFigures& f = p.figures();
    if (context.format == Format::kCsv) {
      Table row = FiguresRow(f);
      row.header.insert(row.header.begin(), "outcome");
      row.rows.front().insert(row.rows.front().begin(), outcome);
      csv.header = row.header;
      csv.rows.push_back(row.rows.front());
      continue;
    }
    *context.out << outcome << ": " << f.region().name() << " "
                 << PeriodText(f.period()) << " from " << f.source().file_name()
                 << (f.source().part().empty() ? "" : " " + f.source().part())
                 << " (" << f.source().importer() << ")\n";
    PrintFiguresRecord(context, f);
  }
  if (context.format == Format::kCsv) {
    PrintTable(csv, Format::kCsv, *context.out);
  }
  return 0;
}

// A bar on the terminal, redrawn in place: "[#####-----] 5/10 name".
class ProgressBar {
 public:
  ProgressBar(std::ostream* terminal, size_t total)
      : terminal_(terminal), total_(total) {}

  void Show(size_t done, const std::string& current) {
    if (terminal_ == nullptr) return;
    constexpr size_t kWidth = 30;
    const size_t filled = total_ == 0 ? kWidth : kWidth * done / total_;
    std::string name = current;
    if (name.size() > 40) name = "..." + name.substr(name.size() - 37);
    *terminal_ << "\r\033[K[" << std::string(filled, '#')
               << std::string(kWidth - filled, '-') << "] " << done << "/"
               << total_ << " " << name << std::flush;
  }
  // Clears the bar so a line can be printed where it stood.
  void Clear() {
    if (terminal_ != nullptr) *terminal_ << "\r\033[K" << std::flush;
  }

 private:
  std::ostream* terminal_;  // null: not a terminal, no bar
  size_t total_;
};

// What happened to one file.
struct FileResult {
  std::string file;
  std::string outcome;  // imported, replaced, unchanged, validated, refused
  std::string detail;   // the publications, or why it was refused
  int exit_code = 0;
};

FileResult ImportForSummary(const CommandContext& context,
                            const ImportOptions& options,
                            const std::string& file, DocumentReader& reader) {
  FileResult result;
  result.file = file;
  std::string content, error;
  int exit_code = 0;
  if (!reader.Read(file, &content, &error, &exit_code)) {
    return {file, "refused", error, exit_code};
  }
  const CallResult<v1::ImportDocumentResponse> call =
      context.client->ImportDocument(
          MakeRequest(options, file, std::move(content)));
  if (!call.status.ok()) {
    return {file, "refused",
            absl::StrCat(call.status.error_message(), " (",
                         StatusCodeName(call.status.error_code()), ")"),
            64 + static_cast<int>(call.status.error_code())};
  }
  std::vector<std::string> publications;
  for (const v1::ImportedPublication& p : call.response.publications()) {
    publications.push_back(absl::StrCat(p.figures().region().name(), " ",
                                        PeriodText(p.figures().period())));
  }
  // A workbook's publications may differ; the file is as new as its newest.
  result.outcome = OutcomeText(call.response.outcome());
  for (const v1::ImportedPublication& p : call.response.publications()) {
    if (p.outcome() == v1::ImportDocumentResponse::OUTCOME_IMPORTED ||
        p.outcome() == v1::ImportDocumentResponse::OUTCOME_REPLACED) {
      result.outcome = OutcomeText(p.outcome());
    }
  }
  result.detail = absl::StrJoin(publications, ", ");
  return result;
}

}  // namespace

int RunImport(const CommandContext& context, const ImportOptions& options) {
  std::vector<std::string> problems;
  const std::vector<std::string> files = ExpandPaths(options.paths, &problems);
  for (const std::string& problem : problems) {
    *context.err << "error: " << problem << "\n";
  }
  if (files.size() == 1 && problems.empty() && options.paths.size() == 1 &&
      files[0] == options.paths[0]) {
    return ImportOne(context, options, files[0]);
  }
  if (files.empty()) {
    *context.err << "error: no files to import in "
                 << absl::StrJoin(options.paths, ", ") << "\n";
    return 1;
  }

  // The bar draws with control sequences of its own, and names local files.
  ProgressBar bar(
      options.progress
          ? (context.terminal != nullptr ? context.terminal : context.err)
          : nullptr,
      files.size());
  std::vector<FileResult> results;
  DocumentReader reader(context);
  for (size_t i = 0; i < files.size(); ++i) {
    bar.Show(i, BaseName(files[i]));
    FileResult result = ImportForSummary(context, options, files[i], reader);
    bar.Clear();
    if (context.format == Format::kTable) {
      *context.out << "[" << i + 1 << "/" << files.size() << "] "
                   << result.outcome << " " << result.file << ": "
                   << result.detail << "\n"
                   << std::flush;
    }
    results.push_back(std::move(result));
  }
  bar.Show(files.size(), "done");
  bar.Clear();

  int exit_code = problems.empty() ? 0 : 1;
  std::map<std::string, int> counts;
  for (const FileResult& r : results) {
    ++counts[r.outcome];
    if (exit_code == 0) exit_code = r.exit_code;
  }
  if (context.format != Format::kTable) {
    Table table;
    table.header = {"file", "outcome", "detail"};
    for (const FileResult& r : results) {
      table.rows.push_back({r.file, r.outcome, r.detail});
    }
    if (context.format == Format::kCsv) {
      PrintTable(table, Format::kCsv, *context.out);
    } else {
      // {"files": [{"file": ..., "outcome": ..., "detail": ...}, ...]}
      google::protobuf::Struct summary;
      google::protobuf::ListValue* list =
          (*summary.mutable_fields())["files"].mutable_list_value();
      for (const FileResult& r : results) {
        auto& fields =
            *list->add_values()->mutable_struct_value()->mutable_fields();
        fields["file"].set_string_value(r.file);
        fields["outcome"].set_string_value(r.outcome);
        fields["detail"].set_string_value(r.detail);
      }
      PrintJson(summary, *context.out);
    }
    return exit_code;
  }
  std::vector<std::string> parts;
  for (const char* outcome :
       {"imported", "replaced", "unchanged", "validated", "refused"}) {
    if (counts[outcome] > 0) {
      parts.push_back(absl::StrCat(counts[outcome], " ", outcome));
    }
  }
  *context.out << "\n"
               << files.size() << " files: " << absl::StrJoin(parts, ", ")
               << "\n";
  for (const FileResult& r : results) {
    if (r.outcome == "refused") {
      *context.out << "refused " << r.file << ": " << r.detail << "\n";
    }
  }
  return exit_code;
}

int RunIdentify(const CommandContext& context, const std::string& file) {
  std::string content, error;
  int exit_code = 0;
  if (!DocumentReader(context).Read(file, &content, &error, &exit_code)) {
    *context.err << "error: " << error << "\n";
    return exit_code;
  }
  v1::IdentifyDocumentRequest request;
  request.set_content(std::move(content));
  request.set_file_name(BaseName(file));
  const CallResult<v1::IdentifyDocumentResponse> result =
      context.client->IdentifyDocument(request);
  if (!result.status.ok()) return Fail(context, result.status);
  const v1::IdentifyDocumentResponse& response = result.response;
  if (context.format == Format::kJson) {
    PrintJson(response, *context.out);
    return 0;
  }
  Table table;
  table.header = {"importer", "confidence", "chosen", "note"};
  for (const v1::ImporterConfidence& c : response.candidates()) {
    table.rows.push_back({c.importer(), absl::StrCat(c.confidence()),
                          c.importer() == response.chosen() ? "yes" : "",
                          c.note()});
  }
  PrintTable(table, context.format, *context.out);
  if (context.format == Format::kTable) {
    *context.out << "\n"
                 << (response.chosen().empty()
                         ? "no importer reads it: "
                         : absl::StrCat("chosen: ", response.chosen(), ", "))
                 << response.reason() << "\n";
  }
  return 0;
}

int RunImporters(const CommandContext& context, bool reload) {
  google::protobuf::RepeatedPtrField<v1::ImporterInfo> importers;
  v1::ListImportersResponse protections;  // what confines the workers
  if (reload) {
    const CallResult<v1::ReloadImportersResponse> result =
        context.client->ReloadImporters();
    if (!result.status.ok()) return Fail(context, result.status);
    if (context.format == Format::kJson) {
      PrintJson(result.response, *context.out);
      return 0;
    }
    const v1::ReloadImportersResponse& r = result.response;
    if (context.format == Format::kTable) {
      *context.out << "reloaded: " << r.added_size() << " added, "
                   << r.replaced_size() << " replaced, " << r.removed_size()
                   << " removed, " << r.unchanged_size() << " unchanged\n";
      for (const std::string& f : r.added()) {
        *context.out << "added " << f << "\n";
      }
      for (const std::string& f : r.replaced()) {
        *context.out << "replaced " << f << "\n";
      }
      for (const std::string& f : r.removed()) {
        *context.out << "removed " << f << "\n";
      }
      *context.out << "\n";
    }
    importers = r.importers();
  } else {
    const CallResult<v1::ListImportersResponse> result =
        context.client->ListImporters();
    if (!result.status.ok()) return Fail(context, result.status);
    if (context.format == Format::kJson) {
      PrintJson(result.response, *context.out);
      return 0;
    }
    importers = result.response.importers();
    protections = result.response;
  }
  Table table;
  table.header = {"name", "version",     "layouts",
                  "file", "description", "load_error"};
  for (const v1::ImporterInfo& i : importers) {
    table.rows.push_back({i.name(), i.version(),
                          absl::StrJoin(i.layouts(), "; "), i.file(),
                          i.description(), i.load_error()});
  }
  PrintTable(table, context.format, *context.out);
  if (context.format == Format::kTable) {
    for (const std::string& active : protections.worker_protections()) {
      *context.out << "workers: " << active << "\n";
    }
    for (const std::string& missing :
         protections.worker_protections_missing()) {
      *context.out << "WARNING: workers run without " << missing << "\n";
    }
  }
  return 0;
}

}  // namespace tkp::client
