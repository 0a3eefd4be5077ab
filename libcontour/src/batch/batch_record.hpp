#pragma once
// The per-scan record of a batch (REL.batch.json): what the result was computed from and what
// it holds. Written after every other output of the scan, so its presence means "complete".
#include "contour/batch/fingerprint_file.hpp"

#include <optional>
#include <string>
#include <vector>

namespace contour::detail {

struct BatchRecord {
  std::string file;                   ///< scan path relative to the input folder
  FileFingerprint input;              ///< of the scan, when it was planned
  std::string options_key;            ///< BatchOptions::options_key it was planned with
  std::vector<std::string> outputs;   ///< file names of the outputs, in the record's folder
  double fill_left_ml = 0.0, fill_right_ml = 0.0, inject_ml = 0.0, aspirate_ml = 0.0;
  std::vector<std::string> warnings;
};

/// The record as JSON text (schema "libcontour.batch-record/1").
[[nodiscard]] std::string batch_record_to_json(const BatchRecord& record);

/// The record at `path`, or nothing if it is missing, unreadable, or not a valid record (the
/// scan is then simply planned again).
[[nodiscard]] std::optional<BatchRecord> read_batch_record(const std::string& path);

}  // namespace contour::detail
