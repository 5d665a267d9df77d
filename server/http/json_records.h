// The figures as the HTTP API serves them: flat JSON records, one object
// per row, for BI tools (Power BI, Excel's "From Web", pandas) that want a
// table rather than nested messages. Every field is present in every
// record (null where the document states nothing), counts are JSON
// numbers, periods read "2023Q1", and CBS codes stand beside names. Field
// names are the lowerCamelCase of the proto fields they come from, as the
// CLI's JSON spells them, with the nesting flattened (region.name ->
// regionName, totals.total -> total). A promise: fields may be added, never
// renamed or removed.

#ifndef TKP_SERVER_HTTP_JSON_RECORDS_H_
#define TKP_SERVER_HTTP_JSON_RECORDS_H_

#include <nlohmann/json.hpp>
#include <string>

#include "tkp/v1/tkp.pb.h"

namespace tkp::http {

// Keeps fields in the order written: the bytes are part of the promise.
using Json = nlohmann::ordered_json;

// A publication in the list (GET /v1/publications).
Json PublicationRecord(const v1::PublicationSummary& publication);

// A region's totals for one quarter (GET /v1/regions/{r}/totals).
Json TotalsRecord(const v1::RegionFigures& figures);

// A municipality's row of one publication (GET /v1/regions/{r}/
// municipalities).
Json MunicipalityRecord(const v1::Region& region, const v1::Period& period,
                        const v1::Municipality& municipality);

// A region's line of the national coverage for one quarter (GET
// /v1/coverage).
Json CoverageRecord(const v1::Period& period,
                    const v1::RegionCoverage& coverage);

// A region's quarter in its history (GET /v1/regions/{r}/history).
Json HistoryRecord(const v1::HistoryEntry& entry);

// A municipality's quarter in its history (GET /v1/municipalities/{m}/
// history); `code` its GM code.
Json MunicipalityHistoryRecord(const std::string& code,
                               const v1::MunicipalityHistoryEntry& entry);

// The changes between two quarters (GET /v1/regions/{r}/changes): the
// region's line ("level": "region") then one per municipality ("level":
// "municipality"), each count before, after and its change.
Json ChangeRecords(const v1::GetRegionChangesResponse& changes);

// An event of the watch (GET /v1/watch): sequence, kind ("imported",
// "replaced", "removed"), period, region, sha256, fileName, time (UTC,
// RFC 3339).
Json EventRecord(const v1::PublicationEvent& event);

// One row of the long-format export (GET /v1/export?format=ndjson): the
// columns of the CSV, named as the other records name them.
Json ExportRecord(const v1::ExportRow& row);

// The answer to an import (POST /v1/documents), as ImportDocument gives
// it: {"outcome": "imported"|"replaced"|"unchanged"|"validated",
// "publications": [...]}, each publication the document held a totals
// record with its own "outcome" and the document's "notes" about it.
Json ImportRecord(const v1::ImportDocumentResponse& response);

// The answer to a removal (DELETE /v1/regions/{r}/publications/{period}):
// the publication removed, as /v1/publications lists it.
Json RemovalRecord(const v1::RemovePublicationResponse& response);

// `json` as compact text. Names and notes are valid UTF-8 (the importer
// checks them); should one not be, it is sent with U+FFFD rather than
// failing the answer.
std::string JsonText(const Json& json);

// {"code": <gRPC code>, "message": ..., "details": []}.
Json ErrorRecord(int code, const std::string& message);

}  // namespace tkp::http

#endif  // TKP_SERVER_HTTP_JSON_RECORDS_H_
