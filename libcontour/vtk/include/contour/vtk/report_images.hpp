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
};

/// Front and side, before and target (skin colour, outlines and landmarks, white background),
/// and the front view coloured by fill thickness with its scale. Needs an X display; throws
/// RenderError otherwise.
[[nodiscard]] std::vector<ReportImage> render_report_images(std::shared_ptr<const PlanResult> plan,
                                                            const GraftOptions& graft,
                                                            const ReportImageOptions& options = {});

}  // namespace contour::vtk
