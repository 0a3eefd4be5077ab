#pragma once
// Follow-ups in bulk: a CSV lists each patient's pre-operative scan, follow-up scan and plan;
// each pair is measured (run_followup) into OUT_DIR/<patient_id>.followup.json and one summary
// row (docs/followup.md, "Batch").
//
//   pairs CSV columns (header required, any order): patient_id, pre, post, plan
//   optional: months, injected_left_ml, injected_right_ml, session
//   Relative paths are relative to the CSV file's folder. Empty plan: both injected columns needed.
//
//   OUT_DIR/followup-summary.csv columns: patient_id, pre, post, status (ok | failed), error,
//   injected_left_ml, injected_right_ml, gained_left_ml, gained_right_ml, gained_sd_left_ml,
//   gained_sd_right_ml, retention_left, retention_right, rms_mm, months, warnings_count, warnings
#include "contour/followup/run_followup.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace contour {

struct FollowupPair {
  int line = 0;  ///< in the CSV
  std::string patient_id, pre, post, plan;
  std::optional<double> months, injected_left_ml, injected_right_ml;
  int session = 1;
};

/// Reads a pairs CSV (a regular file of at most 1 MiB). Throws IoError / InvalidInput naming the
/// file, the line and the column: a missing column, an empty or duplicate patient_id, an id
/// that cannot be a file name (/, \, a leading dot, control characters), a bad number, a row
/// without a plan and without both injected volumes.
[[nodiscard]] std::vector<FollowupPair> read_followup_pairs(const std::string& csv_path);

struct FollowupPairOutcome {
  FollowupPair pair;
  bool ok = false;
  std::string error;                      ///< when not ok
  std::optional<FollowupResult> result;   ///< when ok
  std::string json_path;                  ///< written when ok
};

/// Measures every pair with `base` (its paths, plan file and injected volumes are replaced per
/// pair); a pair that fails is recorded and the rest go on. Writes each follow-up JSON into
/// `out_dir` atomically, then the summary CSV. `progress(i, n, patient_id)` before each pair.
/// Throws IoError only when `out_dir` or the summary cannot be written.
[[nodiscard]] std::vector<FollowupPairOutcome> run_followup_pairs(
    const std::vector<FollowupPair>& pairs, const FollowupRequest& base, const std::string& out_dir,
    const std::function<void(std::size_t, std::size_t, const std::string&)>& progress = {});

/// The summary CSV text of the outcomes.
[[nodiscard]] std::string format_followup_summary_csv(const std::vector<FollowupPairOutcome>& outcomes);

}  // namespace contour
