#include "plugins/long_format/long_columns.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>

namespace tkp::long_format {
namespace {

// The header as lower-case words: split at anything but letters and
// digits, and where camelCase starts a word ("regionCbsCode"). "%" is a
// word of its own.
std::vector<std::string> WordsOf(std::string_view header) {
  std::vector<std::string> words;
  std::string word;
  const auto end_word = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  char previous = 0;
  for (const char c : header) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '%') {
      end_word();
      words.emplace_back("%");
    } else if (std::isalnum(u) == 0 && u < 0x80) {
      end_word();
    } else {
      if (std::isupper(u) != 0 && std::islower(previous) != 0) end_word();
      word += static_cast<char>(std::tolower(u));
    }
    previous = static_cast<char>(u);
  }
  end_word();
  return words;
}

bool StartsWith(std::string_view word, std::string_view prefix) {
  return word.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view word, std::string_view suffix) {
  return word.size() >= suffix.size() &&
         word.substr(word.size() - suffix.size()) == suffix;
}

bool IsOneOf(std::string_view word, std::initializer_list<const char*> set) {
  return std::any_of(set.begin(), set.end(),
                     [&](const char* s) { return word == s; });
}

struct Words {
  explicit Words(std::string_view header) : list(WordsOf(header)) {}
  template <typename Pred>
  bool Any(Pred pred) const {
    return std::any_of(list.begin(), list.end(),
                       [&](const std::string& w) { return pred(w); });
  }
  std::vector<std::string> list;
};

bool IsMunicipalityWord(std::string_view w) {
  return StartsWith(w, "gemeente") || StartsWith(w, "municipal") || w == "gm";
}
bool IsRegionWord(std::string_view w) {
  return StartsWith(w, "regio") || StartsWith(w, "arbeidsmarktregio") ||
         w == "amr";
}
bool IsCodeWord(std::string_view w) {
  return EndsWith(w, "code") || w == "cbs" || w == "gm";
}
bool IsNumberWord(std::string_view w) {
  return EndsWith(w, "nummer") || EndsWith(w, "number") ||
         IsOneOf(w, {"nr", "no"});
}

Column ClassifyCount(const Words& words) {
  const bool uwv = words.Any([](std::string_view w) { return w == "uwv"; });
  const bool municipal = words.Any(IsMunicipalityWord);
  if (uwv == municipal) return Column::kUnknown;
  if (words.Any([](std::string_view w) {
        return IsOneOf(w, {"zonder", "without", "geen", "no"});
      })) {
    return uwv ? Column::kUwvWithoutProfile
               : Column::kMunicipalityWithoutProfile;
  }
  if (words.Any([](std::string_view w) {
        return IsOneOf(w, {"met", "with"});
      })) {
    return uwv ? Column::kUwvWithProfile : Column::kMunicipalityWithProfile;
  }
  return Column::kUnknown;
}

}  // namespace

Column ClassifyHeader(std::string_view header) {
  const Words words(header);
  if (words.list.empty()) return Column::kUnknown;
  if (words.Any([](std::string_view w) {
        return IsOneOf(w, {"source", "bron", "sha256"});
      })) {
    return Column::kSource;
  }
  if (words.Any([](std::string_view w) {
        return StartsWith(w, "profiel") || StartsWith(w, "profile");
      })) {
    return ClassifyCount(words);
  }
  if (words.Any([](std::string_view w) {
        return w.find("register") != std::string_view::npos;
      })) {
    return Column::kRegisterSize;
  }
  if (words.Any([](std::string_view w) {
        return IsOneOf(w, {"%", "percent", "percentage", "procent", "pct"});
      })) {
    return Column::kStatedPercent;
  }
  if (words.Any([](std::string_view w) {
        return IsOneOf(w, {"total", "totaal"});
      })) {
    return Column::kTotal;
  }
  if (words.Any(IsMunicipalityWord)) {
    return words.Any(IsCodeWord) ? Column::kMunicipalityCode
                                 : Column::kMunicipalityName;
  }
  if (words.Any(IsRegionWord)) {
    if (words.Any(IsCodeWord)) return Column::kRegionCode;
    if (words.Any(IsNumberWord)) return Column::kRegionNumber;
    return Column::kRegionName;
  }
  if (words.Any([](std::string_view w) {
        return IsOneOf(w, {"period", "periode"});
      })) {
    return Column::kPeriod;
  }
  if (words.Any([](std::string_view w) {
        return IsOneOf(w, {"year", "jaar"});
      })) {
    return Column::kYear;
  }
  // "Kwartaalnummer", "Kwartaal nr": Dutch joins its compounds.
  if (words.Any([](std::string_view w) {
        return StartsWith(w, "kwartaal") || StartsWith(w, "quarter") ||
               w == "kw";
      })) {
    return Column::kQuarter;
  }
  return Column::kUnknown;
}

std::string ColumnWords(Column column) {
  switch (column) {
    case Column::kPeriod:
      return "the period";
    case Column::kYear:
      return "the year";
    case Column::kQuarter:
      return "the quarter";
    case Column::kRegionCode:
      return "the region's CBS code";
    case Column::kRegionNumber:
      return "the region's number";
    case Column::kRegionName:
      return "the region's name";
    case Column::kMunicipalityName:
      return "the municipality's name";
    case Column::kMunicipalityCode:
      return "the municipality's CBS code";
    case Column::kMunicipalityWithProfile:
      return "municipality clients with a profile";
    case Column::kMunicipalityWithoutProfile:
      return "municipality clients without a profile";
    case Column::kUwvWithProfile:
      return "UWV clients with a profile";
    case Column::kUwvWithoutProfile:
      return "UWV clients without a profile";
    case Column::kTotal:
      return "the total";
    case Column::kRegisterSize:
      return "the register size";
    case Column::kStatedPercent:
      return "the percentage known in Sonar";
    case Column::kSource:
      return "the source";
    case Column::kUnknown:
      break;
  }
  return "nothing tkp reads";
}

std::vector<std::string> MissingColumns(const std::vector<Column>& found) {
  const auto has = [&](Column c) {
    return std::find(found.begin(), found.end(), c) != found.end();
  };
  std::vector<std::string> missing;
  if (!has(Column::kMunicipalityName)) {
    missing.push_back(ColumnWords(Column::kMunicipalityName));
  }
  for (int c = kFirstCount; c < kFirstCount + kCountColumns; ++c) {
    if (!has(static_cast<Column>(c))) {
      missing.push_back(ColumnWords(static_cast<Column>(c)));
    }
  }
  const bool quarter_is_period = has(Column::kQuarter) && !has(Column::kYear);
  if (!has(Column::kPeriod) && !has(Column::kYear) && !quarter_is_period) {
    missing.emplace_back("the period (or a year and a quarter)");
  } else if (has(Column::kYear) && !has(Column::kQuarter) &&
             !has(Column::kPeriod)) {
    missing.push_back(ColumnWords(Column::kQuarter));
  }
  if (!has(Column::kRegionCode) && !has(Column::kRegionNumber) &&
      !has(Column::kRegionName)) {
    missing.emplace_back("the region (its CBS code, number or name)");
  }
  return missing;
}

}  // namespace tkp::long_format
