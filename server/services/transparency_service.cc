#include "server/services/transparency_service.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/queries/export_rows.h"
#include "server/queries/figure_queries.h"
#include "server/services/figure_export.h"
#include "server/services/publication_watcher.h"
#include "server/services/refused_stream.h"

namespace tkp {
namespace {

// Tells the methods' answers apart in the one cache: the first byte of
// every key.
enum CacheId : char {
  kListPublications = 1,
  kGetRegionTotals,
  kListMunicipalities,
  kGetCoverage,
  kGetRegionHistory,
  kGetRegionChanges,
  kGetMunicipalityHistory,
};

// The cache key: the method's id, then the request's bytes; false when
// gRPC cannot give them.
bool KeyOf(CacheId id, const grpc::ByteBuffer& request, std::string* key) {
  key->assign(1, static_cast<char>(id));
  grpc::Slice single;
  if (request.TrySingleSlice(&single).ok()) {
    key->append(reinterpret_cast<const char*>(single.begin()), single.size());
    return true;
  }
  std::vector<grpc::Slice> slices;
  if (!request.Dump(&slices).ok()) return false;
  for (const grpc::Slice& slice : slices) {
    key->append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return true;
}

template <typename Message>
std::string Serialize(const Message& message) {
  return message.SerializeAsString();
}
template <typename Message>
std::string Serialize(const Message* message) {
  return message->SerializeAsString();
}

// Admits the call and answers it with the bytes kept for this method and
// request in the current snapshot's cache, or computes them with `query`
// and keeps them. Failed answers are not kept.
template <typename Request, typename Query>
grpc::ServerUnaryReactor* Answer(const ServiceEnvironment& env,
                                 ResponseCaches* caches, CacheId id,
                                 absl::string_view method,
                                 grpc::CallbackServerContext* context,
                                 const grpc::ByteBuffer& request_bytes,
                                 grpc::ByteBuffer* response, Query query) {
  CallScope call(env, method, Role::kReader, context, request_bytes.Length());
  if (!call.admission().ok()) return call.Finish(call.admission(), 0);
  // Per thread, so a lookup allocates nothing.
  thread_local std::string key;
  if (!KeyOf(id, request_bytes, &key)) {
    return call.Finish(absl::InternalError("cannot read the request"), 0);
  }
  const std::shared_ptr<ResponseCache> cache =
      caches->For(env.store->snapshot());
  grpc::Slice answer;
  if (!cache->Find(key, &answer)) {
    Request request;
    if (!request.ParseFromArray(key.data() + 1,
                                static_cast<int>(key.size() - 1))) {
      return call.Finish(
          absl::InvalidArgumentError(absl::StrCat(
              "the request is not a valid ", Request::descriptor()->name())),
          0);
    }
    const FigureQueries queries(*cache->snapshot(), *env.catalog);
    const auto result = query(queries, request);
    if (!result.ok()) return call.Finish(result.status(), 0);
    answer = cache->Insert(key, Serialize(*result));
  }
  *response = grpc::ByteBuffer(&answer, 1);
  return call.Finish(absl::OkStatus(), answer.size());
}

}  // namespace

grpc::ServerUnaryReactor* TransparencyServiceImpl::ListPublications(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Answer<v1::ListPublicationsRequest>(
      env_, &caches_, kListPublications, "TransparencyService/ListPublications",
      context, *request, response, [](const FigureQueries& q, const auto& r) {
        return q.ListPublications(r);
      });
}

grpc::ServerUnaryReactor* TransparencyServiceImpl::GetRegionTotals(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Answer<v1::GetRegionTotalsRequest>(
      env_, &caches_, kGetRegionTotals, "TransparencyService/GetRegionTotals",
      context, *request, response, [](const FigureQueries& q, const auto& r) {
        return q.GetRegionTotals(r);
      });
}

grpc::ServerUnaryReactor* TransparencyServiceImpl::ListMunicipalities(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Answer<v1::ListMunicipalitiesRequest>(
      env_, &caches_, kListMunicipalities,
      "TransparencyService/ListMunicipalities", context, *request, response,
      [](const FigureQueries& q, const auto& r) {
        return q.ListMunicipalities(r);
      });
}

grpc::ServerUnaryReactor* TransparencyServiceImpl::GetCoverage(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Answer<v1::GetCoverageRequest>(
      env_, &caches_, kGetCoverage, "TransparencyService/GetCoverage", context,
      *request, response,
      [](const FigureQueries& q, const auto& r) { return q.GetCoverage(r); });
}

grpc::ServerUnaryReactor* TransparencyServiceImpl::GetRegionHistory(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Answer<v1::GetRegionHistoryRequest>(
      env_, &caches_, kGetRegionHistory, "TransparencyService/GetRegionHistory",
      context, *request, response, [](const FigureQueries& q, const auto& r) {
        return q.GetRegionHistory(r);
      });
}

grpc::ServerUnaryReactor* TransparencyServiceImpl::GetRegionChanges(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Answer<v1::GetRegionChangesRequest>(
      env_, &caches_, kGetRegionChanges, "TransparencyService/GetRegionChanges",
      context, *request, response, [](const FigureQueries& q, const auto& r) {
        return q.GetRegionChanges(r);
      });
}

grpc::ServerUnaryReactor* TransparencyServiceImpl::GetMunicipalityHistory(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Answer<v1::GetMunicipalityHistoryRequest>(
      env_, &caches_, kGetMunicipalityHistory,
      "TransparencyService/GetMunicipalityHistory", context, *request, response,
      [](const FigureQueries& q, const auto& r) {
        return q.GetMunicipalityHistory(r);
      });
}

grpc::ServerWriteReactor<v1::ExportFiguresResponse>*
TransparencyServiceImpl::ExportFigures(
    grpc::CallbackServerContext* context,
    const v1::ExportFiguresRequest* request) {
  // Gated: shutdown lets an export under way finish, as any call.
  auto scope = std::make_unique<StreamScope>(
      env_, "TransparencyService/ExportFigures", context, *request, true);
  absl::Status status = scope->admission();
  std::shared_ptr<const Snapshot> snapshot;
  std::vector<const v1::RegionFigures*> publications;
  if (status.ok()) {
    snapshot = env_.store->snapshot();
    absl::StatusOr<std::vector<const v1::RegionFigures*>> selected =
        PublicationsToExport(FigureQueries(*snapshot, *env_.catalog), *snapshot,
                             *request);
    if (selected.ok()) {
      publications = *std::move(selected);
    } else {
      status = selected.status();
    }
  }
  if (!status.ok()) {
    return new RefusedStream<v1::ExportFiguresResponse>(std::move(scope),
                                                        status);
  }
  return new FigureExporter(std::move(scope), std::move(snapshot),
                            std::move(publications), env_.catalog,
                            &MunicipalityCatalog::BuiltIn());
}

grpc::ServerWriteReactor<v1::WatchPublicationsResponse>*
TransparencyServiceImpl::WatchPublications(
    grpc::CallbackServerContext* context,
    const v1::WatchPublicationsRequest* request) {
  // Not gated: a watch never ends by itself; shutdown cancels it.
  auto scope = std::make_unique<StreamScope>(
      env_, "TransparencyService/WatchPublications", context, *request, false);
  if (!scope->admission().ok()) {
    const absl::Status refused = scope->admission();
    return new RefusedStream<v1::WatchPublicationsResponse>(std::move(scope),
                                                            refused);
  }
  const int64_t after = request->has_after_sequence()
                            ? request->after_sequence()
                            : env_.store->LastSequence();
  return new PublicationWatcher(std::move(scope), env_.store, env_.catalog,
                                after);
}

}  // namespace tkp
