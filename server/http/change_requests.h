// Imports and removals over HTTP, the API's only changes:
//   POST   /v1/documents?name=FILE[&period=&importer=&replace=&dry_run=
//          &sheet=]                      the document is the body
//   DELETE /v1/regions/{r}/publications/{period}
// Each wants an importer token and answers as its RPC does (ImportDocument,
// RemovePublication), as JSON records (json_records.h). What the request
// asks for is read here, a pure function of its target; running it is the
// server's (http_server.h), off the connections' thread.

#ifndef TKP_SERVER_HTTP_CHANGE_REQUESTS_H_
#define TKP_SERVER_HTTP_CHANGE_REQUESTS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/http/http_api.h"
#include "server/http/request_target.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp::http {

enum class Change { kNone, kImport, kRemove };

// The change a request's path names, whatever its method.
Change ChangeOf(const RequestTarget& target);

// The method a change is made with: "POST" or "DELETE".
absl::string_view MethodFor(Change change);

// POST /v1/documents's parameters as an import request, without its
// content. INVALID_ARGUMENT for a missing name, an unknown parameter, a
// period that is none, a flag that is not true or false.
absl::StatusOr<v1::ImportDocumentRequest> ImportRequestOf(
    const RequestTarget& target);

// DELETE /v1/regions/{r}/publications/{period} as a removal request.
absl::StatusOr<v1::RemovePublicationRequest> RemoveRequestOf(
    const RequestTarget& target);

struct HttpServerOptions;

// Runs the import or removal `target` asks for with `options`' functions
// (an import's document is `body`): the RPC's answer as JSON, or its error.
// Blocks for as long as the import takes: never on a connection's thread.
HttpAnswer RunChange(const HttpServerOptions& options, Change change,
                     const std::string& target, std::string body);

// 413 for a document over `limit` bytes, naming the limit and its flag.
HttpAnswer DocumentTooLarge(size_t limit);

}  // namespace tkp::http

#endif  // TKP_SERVER_HTTP_CHANGE_REQUESTS_H_
