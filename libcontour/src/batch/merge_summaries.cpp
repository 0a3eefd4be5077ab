#include "contour/batch/merge_summaries.hpp"

#include "contour/batch/summary_csv.hpp"
#include "contour/core/errors.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

namespace contour {
namespace {

namespace fs = std::filesystem;

const std::regex& shard_name() {
  static const std::regex r(R"(summary\.shard-(\d+)-of-(\d+)\.csv)");
  return r;
}

struct Entry {
  ScanRecord row;
  std::size_t source = 0;
};

bool same_result(const ScanRecord& a, const ScanRecord& b) {
  return a.fill_left_ml == b.fill_left_ml && a.fill_right_ml == b.fill_right_ml && a.inject_ml == b.inject_ml &&
         a.aspirate_ml == b.aspirate_ml && (a.input_hash.empty() || b.input_hash.empty() || a.input_hash == b.input_hash);
}

std::string describe(const ScanRecord& r) {
  if (r.status == ScanStatus::failed) return "failed (" + r.error + ")";
  if (!has_result(r.status)) return scan_status_name(r.status);
  char buf[200];
  std::snprintf(buf, sizeof buf, "fill %.2f/%.2f mL, inject %.2f mL, aspirate %.2f mL, input %s", r.fill_left_ml,
                r.fill_right_ml, r.inject_ml, r.aspirate_ml, r.input_hash.empty() ? "?" : r.input_hash.c_str());
  return buf;
}

}  // namespace

MergeResult merge_summaries(const std::vector<std::string>& inputs) {
  MergeResult m;
  for (const std::string& in : inputs) {
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      // The shard summaries if there are any (a summary.csv beside them is taken to be an
      // earlier merge of them), otherwise summary.csv.
      std::vector<std::string> found;
      bool whole = false;
      for (const auto& e : fs::directory_iterator(in, ec)) {
        const std::string name = e.path().filename().string();
        if (!e.is_regular_file(ec)) continue;
        if (std::regex_match(name, shard_name())) found.push_back(e.path().string());
        else if (name == "summary.csv") whole = true;
      }
      if (ec) throw IoError(in + ": cannot list the folder: " + ec.message());
      if (found.empty() && whole) found.push_back((fs::path(in) / "summary.csv").string());
      if (found.empty())
        throw InvalidInput(in + ": no summary.csv or summary.shard-I-of-N.csv in this folder");
      std::sort(found.begin(), found.end());
      m.sources.insert(m.sources.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(in, ec)) {
      m.sources.push_back(in);
    } else {
      throw InvalidInput(in + ": no such summary file or batch output folder");
    }
  }
  // The same file named twice (e.g. a folder and its summary) is read once.
  {
    std::vector<std::string> unique;
    std::set<std::string> seen;
    for (const auto& s : m.sources) {
      std::error_code ec;
      const std::string key = fs::weakly_canonical(s, ec).string();
      if (seen.insert(ec ? s : key).second) unique.push_back(s);
    }
    m.sources = unique;
  }

  std::map<std::string, std::vector<Entry>> by_file;
  std::map<int, std::set<int>> shards;  // N -> indices seen
  for (std::size_t s = 0; s < m.sources.size(); ++s) {
    std::smatch match;
    const std::string name = fs::path(m.sources[s]).filename().string();
    if (std::regex_match(name, match, shard_name()))
      shards[std::stoi(match[2].str())].insert(std::stoi(match[1].str()));
    for (ScanRecord& r : read_summary_csv(m.sources[s])) by_file[r.file].push_back({std::move(r), s});
  }
  for (const auto& [n, seen] : shards)
    for (int i = 0; i < n; ++i)
      if (!seen.count(i)) m.missing_shards.push_back("summary.shard-" + std::to_string(i) + "-of-" + std::to_string(n) + ".csv");

  for (auto& [file, entries] : by_file) {
    // A scan not run in one place gives way to any other outcome.
    std::vector<Entry> ran;
    for (const Entry& e : entries)
      if (e.row.status != ScanStatus::not_run) ran.push_back(e);
    if (ran.empty()) ran.push_back(entries.front());
    bool conflict = false;
    for (std::size_t k = 1; k < ran.size() && !conflict; ++k) {
      const ScanRecord& a = ran.front().row;
      const ScanRecord& b = ran[k].row;
      const bool agree = has_result(a.status) == has_result(b.status) && (!has_result(a.status) || same_result(a, b));
      if (!agree) {
        m.conflicts.push_back(file + ": " + m.sources[ran.front().source] + " says " + describe(a) + "; " +
                              m.sources[ran[k].source] + " says " + describe(b));
        conflict = true;
      }
    }
    if (conflict) continue;
    if (entries.size() > 1) m.duplicates.push_back(file + " (" + std::to_string(entries.size()) + " times)");
    m.rows.push_back(ran.front().row);
  }
  return m;  // by_file is ordered, so rows are sorted by file
}

}  // namespace contour
