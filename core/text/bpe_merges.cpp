#include "core/text/bpe_merges.h"

#include <climits>
#include <fstream>
#include <sstream>

#include "core/util/error.h"

namespace promptune {

std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw file_error(path, std::filesystem::exists(path) ? "cannot be read" : "does not exist");
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::vector<std::string> parse_merges(const std::string& content, const std::filesystem::path& path, int limit,
                                      bool always_skip_first_line) {
  std::vector<std::string> merges;
  std::istringstream lines(content);
  std::string line;
  int line_number = 0;
  while (std::getline(lines, line) && (limit < 0 || static_cast<int>(merges.size()) < limit)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_number == 1 && (always_skip_first_line || line.rfind("#version", 0) == 0)) continue;
    if (line.empty()) continue;
    const auto space = line.find(' ');
    if (space == std::string::npos || space == 0 || space + 1 == line.size() ||
        line.find(' ', space + 1) != std::string::npos) {
      throw file_error(path, "line " + std::to_string(line_number) + " is not a merge of two symbols ('a b'): '" +
                                 line.substr(0, 60) + "'");
    }
    merges.push_back(line);
  }
  return merges;
}

std::unordered_map<std::string, int> rank_merges(const std::vector<std::string>& merges) {
  std::unordered_map<std::string, int> ranks;
  ranks.reserve(merges.size());
  for (std::size_t i = 0; i < merges.size(); ++i) ranks.emplace(merges[i], static_cast<int>(i));
  return ranks;
}

std::vector<std::string> apply_bpe_merges(std::vector<std::string> symbols,
                                          const std::unordered_map<std::string, int>& ranks) {
  while (symbols.size() > 1) {
    int best_rank = INT_MAX;
    std::size_t best = 0;
    for (std::size_t k = 0; k + 1 < symbols.size(); ++k) {
      const auto rank = ranks.find(symbols[k] + ' ' + symbols[k + 1]);
      if (rank != ranks.end() && rank->second < best_rank) best_rank = rank->second, best = k;
    }
    if (best_rank == INT_MAX) break;
    const std::string first = symbols[best], second = symbols[best + 1];
    std::vector<std::string> merged;
    merged.reserve(symbols.size());
    for (std::size_t k = 0; k < symbols.size();) {
      if (k + 1 < symbols.size() && symbols[k] == first && symbols[k + 1] == second) {
        merged.push_back(first + second);
        k += 2;
      } else {
        merged.push_back(symbols[k++]);
      }
    }
    symbols = std::move(merged);
  }
  return symbols;
}

}  // namespace promptune
