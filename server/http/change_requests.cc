#include "server/http/change_requests.h"

#include "absl/strings/str_cat.h"
#include "core/period.h"
#include "proto/period_conversion.h"
#include "server/http/http_server.h"
#include "server/http/json_records.h"
#include "server/http/query_parameters.h"
#include "server/util/status_macros.h"

namespace tkp::http {
namespace {

// ?`name`=true|false (or 1|0); false when absent.
absl::StatusOr<bool> FlagParameter(const RequestTarget& target,
                                   const std::string& name) {
  const std::string value = Parameter(target, name);
  if (value.empty() || value == "false" || value == "0") return false;
  if (value == "true" || value == "1") return true;
  return absl::InvalidArgumentError(
      absl::StrCat(name, "=", value, ": give true or false"));
}

}  // namespace

Change ChangeOf(const RequestTarget& target) {
  const std::vector<std::string>& s = target.segments;
  if (s.size() == 2 && s[0] == "v1" && s[1] == "documents") {
    return Change::kImport;
  }
  if (s.size() == 5 && s[0] == "v1" && s[1] == "regions" &&
      s[3] == "publications") {
    return Change::kRemove;
  }
  return Change::kNone;
}

absl::string_view MethodFor(Change change) {
  return change == Change::kRemove ? "DELETE" : "POST";
}

absl::StatusOr<v1::ImportDocumentRequest> ImportRequestOf(
    const RequestTarget& target) {
  TKP_RETURN_IF_ERROR(CheckParameters(
      target, {"name", "period", "importer", "replace", "dry_run", "sheet"},
      "/v1/documents"));
  v1::ImportDocumentRequest request;
  request.set_file_name(Parameter(target, "name"));
  if (request.file_name().empty()) {
    return absl::InvalidArgumentError(
        "give the document's file name: POST /v1/documents?name=FILE (its "
        "extension helps choose the importer; it is kept as the source)");
  }
  TKP_ASSIGN_OR_RETURN(*request.mutable_period(),
                       PeriodParameter(target, "period"));
  request.set_importer(Parameter(target, "importer"));
  TKP_ASSIGN_OR_RETURN(const bool replace, FlagParameter(target, "replace"));
  request.set_replace(replace);
  TKP_ASSIGN_OR_RETURN(const bool dry_run, FlagParameter(target, "dry_run"));
  request.set_dry_run(dry_run);
  request.set_sheet(Parameter(target, "sheet"));
  return request;
}

absl::StatusOr<v1::RemovePublicationRequest> RemoveRequestOf(
    const RequestTarget& target) {
  TKP_RETURN_IF_ERROR(CheckParameters(
      target, {}, "/v1/regions/{region}/publications/{period}"));
  v1::RemovePublicationRequest request;
  request.set_region(target.segments[2]);
  const absl::StatusOr<PeriodKey> period = ParsePeriod(target.segments[4]);
  if (!period.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the period to remove is a quarter such as 2023Q3, not \"",
                     target.segments[4], "\""));
  }
  *request.mutable_period() = ToProto(*period);
  return request;
}

namespace {

HttpAnswer JsonAnswer(const Json& json) {
  HttpAnswer answer;
  answer.body = JsonText(json) + "\n";
  return answer;
}

HttpAnswer NotServedHere() {
  return ErrorAnswer(absl::UnimplementedError(
      "this server takes no imports or removals over HTTP"));
}

}  // namespace

HttpAnswer RunChange(const HttpServerOptions& options, Change change,
                     const std::string& target, std::string body) {
  absl::StatusOr<RequestTarget> parsed = ParseRequestTarget(target);
  if (!parsed.ok()) return ErrorAnswer(parsed.status());
  if (change == Change::kImport) {
    if (!options.import_document) return NotServedHere();
    absl::StatusOr<v1::ImportDocumentRequest> request =
        ImportRequestOf(*parsed);
    if (!request.ok()) return ErrorAnswer(request.status());
    request->set_content(std::move(body));
    absl::StatusOr<v1::ImportDocumentResponse> imported =
        options.import_document(*request);
    if (!imported.ok()) return ErrorAnswer(imported.status());
    return JsonAnswer(ImportRecord(*imported));
  }
  if (!options.remove_publication) return NotServedHere();
  absl::StatusOr<v1::RemovePublicationRequest> request =
      RemoveRequestOf(*parsed);
  if (!request.ok()) return ErrorAnswer(request.status());
  absl::StatusOr<v1::RemovePublicationResponse> removed =
      options.remove_publication(*request);
  if (!removed.ok()) return ErrorAnswer(removed.status());
  return JsonAnswer(RemovalRecord(*removed));
}

HttpAnswer DocumentTooLarge(size_t limit) {
  HttpAnswer answer = ErrorAnswer(absl::ResourceExhaustedError(absl::StrCat(
      "the document is larger than this server takes: at most ", limit,
      " bytes (", limit >> 20,
      " MiB, tkp-server --max-document-mib); split it, or ask the operator "
      "to raise the limit")));
  answer.status = 413;
  return answer;
}

}  // namespace tkp::http
