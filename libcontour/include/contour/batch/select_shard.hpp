#pragma once
// Splitting a batch across machines: shard i of N takes every N-th scan of the sorted list,
// so N processes (a Slurm job array, any scheduler) cover the folder exactly once.
#include <string>
#include <vector>

namespace contour {

struct Shard {
  int index = 0;  ///< 0-based, in [0, count)
  int count = 1;  ///< number of shards, >= 1
};

/// Parses "i/N" (0 <= i < N, decimal integers; N <= 1 000 000). Throws InvalidInput quoting
/// the text and saying what was expected.
[[nodiscard]] Shard parse_shard(const std::string& text);

/// The items at positions index, index + count, index + 2 count, ... of `sorted_items`.
/// Every item falls in exactly one shard when all shards see the same sorted list.
/// Throws InvalidInput for a shard outside its range.
[[nodiscard]] std::vector<std::string> select_shard(const std::vector<std::string>& sorted_items, const Shard& shard);

/// Name of a batch's summary file in its output folder: "summary.csv" for an unsharded batch,
/// "summary.shard-I-of-N.csv" for shard I of N (so shards may share an output folder, and a
/// merge can tell when one is missing).
[[nodiscard]] std::string summary_file_name(const Shard& shard);

}  // namespace contour
