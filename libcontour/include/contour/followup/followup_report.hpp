#pragma once
// A follow-up's outputs: JSON (schema libcontour.followup/1, docs/followup.md) and text.
#include "contour/followup/measure_followup.hpp"

#include <string>

namespace contour {

/// What the follow-up was measured from.
struct FollowupSources {
  std::string pre_path, post_path;
  std::string plan_path;        ///< the plan JSON the injected volumes came from (may be empty)
  std::string injected_source;  ///< "plan (session 1)", "command line", ...
  std::string processing = "centrifugation";  ///< how the graft was processed (from the plan)
};

[[nodiscard]] std::string followup_to_json_text(const FollowupResult& result, const FollowupSources& sources);
[[nodiscard]] std::string format_followup_report(const FollowupResult& result, const FollowupSources& sources);
/// A few lines for the viewer's numbers panel: per side the gain with its SD, what was injected
/// and the retention with its 90 % interval; the registration residual; the number of warnings.
[[nodiscard]] std::string format_followup_summary_text(const FollowupResult& result);

}  // namespace contour
