// The bounds on a worker's answer, checked on its wire bytes.
#include "worker/protocol/answer_bounds.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "worker/protocol/worker.pb.h"

namespace tkp::worker {
namespace {

using ::testing::HasSubstr;

// An answer of one document with `rows` rows named `name`.
std::string Answer(int rows, const std::string& name = "Almelo") {
  Response response;
  RawDocument* document = response.mutable_parse()->add_documents();
  for (int i = 0; i < rows; ++i) {
    RawRow* row = document->add_rows();
    row->set_name(name);
    for (const char* cell : {"1", "2", "3", "4", "10"}) row->add_cells(cell);
  }
  document->add_notes("a note");
  return response.SerializeAsString();
}

TEST(AnswerBoundsTest, WhatADocumentHoldsPasses) {
  EXPECT_TRUE(CheckAnswerBounds(Answer(1000)).ok());
  Response rating;
  for (int i = 0; i < 7; ++i) rating.mutable_rate()->add_confidence(90);
  EXPECT_TRUE(CheckAnswerBounds(rating.SerializeAsString()).ok());
  EXPECT_TRUE(CheckAnswerBounds("").ok());  // an empty answer is a message
}

TEST(AnswerBoundsTest, RowsAreCountedAcrossDocuments) {
  Response response;
  for (int d = 0; d < 2; ++d) {
    RawDocument* document = response.mutable_parse()->add_documents();
    for (int i = 0; i < kMaxAnswerRows / 2 + 1; ++i) document->add_rows();
  }
  const absl::Status checked = CheckAnswerBounds(response.SerializeAsString());
  EXPECT_TRUE(absl::IsInvalidArgument(checked)) << checked;
  EXPECT_THAT(checked.message(), HasSubstr("more than 50000 rows"));
}

TEST(AnswerBoundsTest, SixteenMillionEmptyRowsAreRefusedUnbuilt) {
  // A Response whose parse holds one document of empty rows, written by
  // hand: 2 bytes a row (field 7, length 0), 32 MiB in all.
  const int rows = 16 << 20;
  std::string document;
  document.reserve(size_t{2} * rows);
  for (int i = 0; i < rows; ++i) document += std::string("\x3a\x00", 2);
  auto delimited = [](int field, const std::string& body) {
    std::string out(1, static_cast<char>(field << 3 | 2));
    for (uint64_t n = body.size();; n >>= 7) {
      out += static_cast<char>((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
      if (n < 0x80) break;
    }
    return out + body;
  };
  const std::string answer = delimited(2, delimited(2, document));
  const absl::Status checked = CheckAnswerBounds(answer);
  EXPECT_THAT(checked.message(), HasSubstr("more than 50000 rows"));
}

TEST(AnswerBoundsTest, ANameLongerThanAnyIsRefused) {
  EXPECT_TRUE(
      CheckAnswerBounds(Answer(1, std::string(kMaxNameBytes, 'x'))).ok());
  const absl::Status checked =
      CheckAnswerBounds(Answer(1, std::string(kMaxNameBytes + 1, 'x')));
  EXPECT_THAT(checked.message(),
              HasSubstr("513 bytes in one of its row names, over the 512"));
}

TEST(AnswerBoundsTest, BytesThatAreNoAnswerAreRefused) {
  const absl::Status checked = CheckAnswerBounds("\x12\xff\xff\xff\x0f");
  EXPECT_TRUE(absl::IsInvalidArgument(checked)) << checked;
  // Cut off in the middle of a row.
  const std::string whole = Answer(3);
  EXPECT_FALSE(CheckAnswerBounds(whole.substr(0, whole.size() - 9)).ok());
}

}  // namespace
}  // namespace tkp::worker
