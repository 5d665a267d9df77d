#include "plugins/sdk/register_sentence.h"

#include <algorithm>
#include <string>
#include <string_view>

namespace tkp::sdk {
namespace {

// A word of the joined text and the line it came from.
struct Word {
  std::string_view text;
  int line;
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && StartsWithIgnoreCase(a, b);
}

// The words of every line, in order, so a sentence can span lines.
std::vector<Word> WordsOf(const std::vector<Line>& lines) {
  std::vector<Word> words;
  for (const Line& line : lines) {
    for (std::string_view word : SplitWords(line.text)) {
      words.push_back({word, line.number});
    }
  }
  return words;
}

// Strips trailing sentence punctuation: "personen." -> "personen".
std::string_view StripPunctuation(std::string_view word) {
  while (!word.empty() && (word.back() == '.' || word.back() == ',' ||
                           word.back() == ';' || word.back() == ':')) {
    word.remove_suffix(1);
  }
  return word;
}

}  // namespace

RegisterSentence FindRegisterSentence(const std::vector<Line>& lines) {
  RegisterSentence found;
  const std::vector<Word> words = WordsOf(lines);
  size_t register_at = words.size();
  for (size_t i = 0; i + 2 < words.size(); ++i) {
    if (EqualsIgnoreCase(words[i].text, "in") &&
        EqualsIgnoreCase(words[i + 1].text, "totaal")) {
      const std::string_view number = StripPunctuation(words[i + 2].text);
      if (LooksLikeNumber(number)) {
        found.register_size = {std::string(number), words[i + 2].line};
        register_at = i + 2;
        break;
      }
    }
  }
  if (register_at == words.size()) return found;

  // The region named before the register size: "arbeidsmarktregio X bevat".
  for (size_t i = register_at; i-- > 0;) {
    if (!EqualsIgnoreCase(StripPunctuation(words[i].text),
                          "arbeidsmarktregio")) {
      continue;
    }
    std::string name;
    for (size_t j = i + 1;
         j < register_at && !EqualsIgnoreCase(words[j].text, "bevat"); ++j) {
      if (!name.empty()) name += ' ';
      name += StripPunctuation(words[j].text);
    }
    if (!name.empty()) found.region_name = {name, words[i].line};
    break;
  }

  // The first percentage after it: "74%" or "74 %".
  for (size_t i = register_at + 1; i < words.size(); ++i) {
    std::string_view word = StripPunctuation(words[i].text);
    if (word.size() > 1 && word.back() == '%') {
      word.remove_suffix(1);
      if (LooksLikeNumber(word)) {
        found.stated_percent = {std::string(word), words[i].line};
      }
      break;
    }
    if (word == "%" && LooksLikeNumber(words[i - 1].text)) {
      found.stated_percent = {std::string(words[i - 1].text),
                              words[i - 1].line};
      break;
    }
  }
  return found;
}

void ReadRegisterSentence(const std::vector<Line>& lines, size_t first,
                          plugin::RawDocument* doc) {
  const std::vector<Line> rest(
      lines.begin() +
          static_cast<std::ptrdiff_t>(std::min(first, lines.size())),
      lines.end());
  RegisterSentence sentence = FindRegisterSentence(rest);
  doc->register_size = std::move(sentence.register_size);
  doc->stated_percent = std::move(sentence.stated_percent);
  if (!sentence.region_name.empty()) {
    doc->region_names.push_back(std::move(sentence.region_name));
  }
}

}  // namespace tkp::sdk
