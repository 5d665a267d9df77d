#include "worker/protocol/answer_bounds.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "worker/protocol/worker.pb.h"

namespace tkp::worker {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::internal::WireFormatLite;
using google::protobuf::io::CodedInputStream;

// How many elements of a repeated field one answer may hold, all messages
// together, and how long each string may be; by the field's full name.
struct Bound {
  int64_t count = 1;
  int64_t bytes = kMaxNameBytes;
  const char* what = "";
};

const absl::flat_hash_map<std::string, Bound>& Bounds() {
  static const auto* const bounds = new absl::flat_hash_map<std::string, Bound>{
      {"tkp.worker.ParseOutcome.documents", {1'000, 0, "documents"}},
      {"tkp.worker.RawDocument.rows", {kMaxAnswerRows, 0, "rows"}},
      {"tkp.worker.RawRow.cells",
       {int64_t{8} * kMaxAnswerRows, kMaxNameBytes, "cells"}},
      {"tkp.worker.RawRow.name", {kMaxAnswerRows, kMaxNameBytes, "row names"}},
      {"tkp.worker.RawDocument.region_names", {10'000, 0, "region names"}},
      {"tkp.worker.RawDocument.notes", {10'000, kMaxLineBytes, "notes"}},
      {"tkp.worker.RawDocument.unread", {200'000, 0, "unread lines"}},
      {"tkp.worker.Located.text", {1'000'000, kMaxLineBytes, "lines"}},
      {"tkp.worker.Origin.part", {1'000'000, kMaxNameBytes, "part names"}},
      {"tkp.worker.Origin.line_unit", {1'000'000, kMaxNameBytes, "units"}},
      {"tkp.worker.Origin.page_first_lines", {1'000'000, 0, "pages"}},
      {"tkp.worker.ParseOutcome.error", {1, kMaxLineBytes, "errors"}},
      {"tkp.worker.RateResponse.confidence", {1'000, 0, "ratings"}},
  };
  return *bounds;
}

class BoundsChecker {
 public:
  absl::Status Check(std::string_view answer) {
    CodedInputStream input(reinterpret_cast<const uint8_t*>(answer.data()),
                           static_cast<int>(answer.size()));
    if (!Walk(&input, Response::descriptor()) ||
        !input.ConsumedEntireMessage()) {
      return error_.ok() ? absl::InvalidArgumentError(
                               "an answer that does not "
                               "parse")
                         : error_;
    }
    return absl::OkStatus();
  }

 private:
  // One more element of `field`; false once over its bound.
  bool Count(const FieldDescriptor* field, int64_t elements = 1) {
    const auto bound = Bounds().find(field->full_name());
    if (bound == Bounds().end()) {
      if (!field->is_repeated()) return true;
      // A repeated field nobody bounded: a new field must get a bound.
      error_ = absl::InvalidArgumentError(absl::StrCat(
          "an answer with ", field->full_name(), ", which has no bound"));
      return false;
    }
    int64_t& seen = counts_[field];
    seen += elements;
    if (seen <= bound->second.count) return true;
    error_ = absl::InvalidArgumentError(absl::StrCat("an answer of more than ",
                                                     bound->second.count, " ",
                                                     bound->second.what));
    return false;
  }

  bool CheckLength(const FieldDescriptor* field, uint32_t length) {
    const auto bound = Bounds().find(field->full_name());
    const int64_t most =
        bound == Bounds().end() ? kMaxNameBytes : bound->second.bytes;
    if (length <= most) return true;
    error_ = absl::InvalidArgumentError(absl::StrCat(
        "an answer with ", length, " bytes in one of its ",
        bound == Bounds().end() ? field->name() : bound->second.what,
        ", over the ", most, " a document can hold"));
    return false;
  }

  bool Walk(CodedInputStream* input, const Descriptor* message) {
    for (;;) {
      const uint32_t tag = input->ReadTag();
      if (tag == 0) return true;  // the end (or a limit) reached
      const FieldDescriptor* field =
          message->FindFieldByNumber(WireFormatLite::GetTagFieldNumber(tag));
      const auto wire = WireFormatLite::GetTagWireType(tag);
      if (field == nullptr) {
        if (!WireFormatLite::SkipField(input, tag)) return false;
        continue;
      }
      if (wire != WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
        if (!Count(field) || !WireFormatLite::SkipField(input, tag)) {
          return false;
        }
        continue;
      }
      // No longer than what is left of the answer or its enclosing message
      // (a limit pushed beyond them would stop at their end unnoticed).
      uint32_t length = 0;
      if (!input->ReadVarint32(&length) ||
          static_cast<int64_t>(length) > input->BytesUntilLimit()) {
        return false;
      }
      if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
        if (!Count(field)) return false;
        const CodedInputStream::Limit limit =
            input->PushLimit(static_cast<int>(length));
        if (!Walk(input, field->message_type()) ||
            !input->ConsumedEntireMessage()) {
          return false;
        }
        input->PopLimit(limit);
      } else if (field->type() == FieldDescriptor::TYPE_STRING ||
                 field->type() == FieldDescriptor::TYPE_BYTES) {
        if (!Count(field) || !CheckLength(field, length) ||
            !input->Skip(static_cast<int>(length))) {
          return false;
        }
      } else {
        // Packed numbers: one element per varint.
        const CodedInputStream::Limit limit =
            input->PushLimit(static_cast<int>(length));
        uint64_t ignored = 0;
        while (input->BytesUntilLimit() > 0) {
          if (!input->ReadVarint64(&ignored) || !Count(field)) return false;
        }
        input->PopLimit(limit);
      }
    }
  }

  absl::flat_hash_map<const FieldDescriptor*, int64_t> counts_;
  absl::Status error_;
};

}  // namespace

absl::Status CheckAnswerBounds(std::string_view answer) {
  return BoundsChecker().Check(answer);
}

}  // namespace tkp::worker
