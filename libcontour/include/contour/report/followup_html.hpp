#pragma once
// The follow-up as a self-contained HTML page: retention per side with its interval, the gain
// against the plan per side and region, the registration's quality, the signed difference map
// (renders from contour/vtk/difference_images.hpp), the silhouettes before, planned and reached,
// warnings and the method. No network access is needed to view or print it.
#include "contour/followup/followup_report.hpp"
#include "contour/report/html_report.hpp"

#include <string>
#include <vector>

namespace contour {

struct FollowupHtmlOptions {
  std::string title = "Hip-dip follow-up: graft retained";
  std::string no_images_note;  ///< shown instead of the renders when there are none
  std::string generated;       ///< "2026-12-03 14:05 UTC, libcontour 0.x" (may be empty)
};

[[nodiscard]] std::string format_followup_html(const PlanResult& pre, const FollowupResult& result,
                                               const FollowupSources& sources, const std::vector<ReportImage>& images,
                                               const FollowupHtmlOptions& options = {});

}  // namespace contour
