#pragma once
// The renders of the HTML consult report (contour/report/html_report.hpp), made off-screen.
#include "contour/report/html_report.hpp"
#include "contour/vtk/image_size.hpp"
#include "contour/vtk/render_error.hpp"

#include <memory>
#include <vector>

namespace contour::vtk {

struct ReportImageOptions {
  int width_px = 800;   ///< each image, pixels
  int height_px = 720;
  /// Top of the fill colour scale, mm (SceneOptions::fill_scale_max_mm): 0 = the scan's own.
  double fill_scale_max_mm = 0.0;
};

/// Front and right side, before and target (skin colour, outlines and landmarks, white
/// background), the two front obliques at the target, the left side, and the front and back
/// coloured by fill thickness with its scale. Needs an X display; throws
/// RenderError otherwise.
[[nodiscard]] std::vector<ReportImage> render_report_images(std::shared_ptr<const PlanResult> plan,
                                                            const GraftOptions& graft,
                                                            const ReportImageOptions& options = {});

}  // namespace contour::vtk
