#pragma once
// One whole follow-up from files: the pre-operative plan recomputed, the injected volumes from
// the plan file (or given), the follow-up scan imported and measured. Used by `contour
// followup` and the batch's pair list, so both compute the same numbers (docs/followup.md).
#include "contour/followup/followup_report.hpp"
#include "contour/followup/measure_followup.hpp"
#include "contour/plan/run_plan.hpp"

#include <optional>
#include <string>

namespace contour {

struct FollowupRequest {
  std::string pre_path, post_path;
  std::string plan_path;  ///< plan JSON of the pre scan (empty: both injected volumes must be given)
  int session = 1;        ///< the plan's session the follow-up comes after (1-based)
  std::optional<double> injected_left_ml, injected_right_ml;  ///< over the plan's, mL
  /// Correction fraction of the treated region; unset = the plan file's (or the options').
  std::optional<double> correction;
  std::string processing;  ///< over the plan file's (empty = the plan's, else centrifugation)
  PlanOptions plan;        ///< import, geometry and graft options for the pre scan (and import for post)
  FollowupOptions followup;
};

struct FollowupRun {
  PlanResult pre;
  FollowupResult result;
  FollowupSources sources;
};

/// Runs the follow-up. Throws IoError / InvalidInput naming the file (bad scans, plan file,
/// scans that do not match), InvalidInput without a file when neither a plan nor both injected
/// volumes are given. Mismatches between the plan file and the recomputed plan (another scan,
/// other options) become warnings of the result.
[[nodiscard]] FollowupRun run_followup(const FollowupRequest& request, const ProgressFn& progress = {});

}  // namespace contour
