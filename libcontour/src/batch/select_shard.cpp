#include "contour/batch/select_shard.hpp"

#include "contour/core/errors.hpp"

#include <cctype>

namespace contour {
namespace {

bool parse_int(const std::string& s, long long& v) {
  if (s.empty() || s.size() > 9) return false;
  v = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    v = v * 10 + (c - '0');
  }
  return true;
}

void check(const Shard& s, const std::string& what) {
  if (s.count < 1 || s.count > 1000000 || s.index < 0 || s.index >= s.count)
    throw InvalidInput(what + ": shard " + std::to_string(s.index) + "/" + std::to_string(s.count) +
                       " is out of range (expected i/N with 0 <= i < N, 1 <= N <= 1000000; i is 0-based)");
}

}  // namespace

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  long long i = 0, n = 0;
  if (slash == std::string::npos || !parse_int(text.substr(0, slash), i) || !parse_int(text.substr(slash + 1), n))
    throw InvalidInput("--shard \"" + text + "\": expected i/N, two whole numbers such as 0/4 (i is 0-based)");
  const Shard s{static_cast<int>(i), static_cast<int>(n)};
  check(s, "--shard \"" + text + "\"");
  return s;
}

std::vector<std::string> select_shard(const std::vector<std::string>& sorted_items, const Shard& shard) {
  check(shard, "select_shard");
  std::vector<std::string> out;
  for (std::size_t i = static_cast<std::size_t>(shard.index); i < sorted_items.size();
       i += static_cast<std::size_t>(shard.count))
    out.push_back(sorted_items[i]);
  return out;
}

std::string summary_file_name(const Shard& shard) {
  if (shard.count == 1) return "summary.csv";
  return "summary.shard-" + std::to_string(shard.index) + "-of-" + std::to_string(shard.count) + ".csv";
}

}  // namespace contour
