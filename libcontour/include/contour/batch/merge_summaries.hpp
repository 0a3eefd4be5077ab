#pragma once
// Combining the summaries of the shards of a batch into one table.
#include "contour/batch/scan_record.hpp"

#include <string>
#include <vector>

namespace contour {

struct MergeResult {
  std::vector<ScanRecord> rows;             ///< one per scan, sorted by file
  std::vector<std::string> sources;         ///< the summary files read, in order
  /// Scans listed more than once with the same outcome (kept once), as "file (n times)".
  std::vector<std::string> duplicates;
  /// Scans listed with different outcomes (a result here, a failure or other numbers or another
  /// input hash there), one line each naming the file and the summaries. Not merged.
  std::vector<std::string> conflicts;
  /// Shards missing from a sharded set, as "summary.shard-I-of-N.csv".
  std::vector<std::string> missing_shards;
};

/// Merges summaries. Each input is a summary CSV file or a batch output folder, from which the
/// summary.shard-I-of-N.csv files are read, or summary.csv if there are none (a summary.csv
/// beside shard summaries is taken to be an earlier merge of them). Rules, per scan file:
/// a not_run row gives way to any other row; identical outcomes are duplicates (kept once);
/// results with different numbers or input hashes, or a result against a failure, are
/// conflicts. Throws InvalidInput for an input that is neither, or a folder with no summary;
/// IoError / InvalidInput (file and line) for a summary that cannot be read or parsed.
[[nodiscard]] MergeResult merge_summaries(const std::vector<std::string>& inputs);

}  // namespace contour
