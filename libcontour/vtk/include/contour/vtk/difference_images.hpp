#pragma once
// Renders of a follow-up's signed difference map (post - pre, mm) on the pre-operative surface:
// diverging colours (ColorBrewer RdBu: red = skin moved out, blue = moved in) with a scale,
// skin colour where nothing was measured. Off-screen; needs an X display.
#include "contour/followup/measure_followup.hpp"
#include "contour/report/html_report.hpp"
#include "contour/vtk/render_error.hpp"

#include <vector>

class vtkLookupTable;

namespace contour::vtk {

struct DifferenceImageOptions {
  int width_px = 640;   ///< each image, pixels [16, 8192]
  int height_px = 720;
  /// Ends of the colour scale, +- mm: 0 = from the data (the 90th percentile of |difference|
  /// where the skin moved by more than 0.5 mm, rounded up to 1, 1.5, 2, 3, 4, 5, 6 or 8 x 10^k
  /// mm; larger values take the end colours); > 0 = fixed, so follow-ups compare.
  double scale_max_mm = 0.0;
};

/// The top of the scale options.scale_max_mm gives for these differences, mm.
[[nodiscard]] double difference_scale_mm(const std::vector<double>& difference_mm, double scale_max_mm = 0.0);

/// Fills `lut` with the diverging difference colours over [-top_mm, top_mm] (ColorBrewer RdBu,
/// 11 classes: blue = moved in, white = unchanged, red = moved out; beyond the ends the end
/// colours; NaN, not measured, in skin colour). Shared by these renders and the viewer.
void fill_difference_lookup_table(vtkLookupTable* lut, double top_mm);

/// Front, patient's right, patient's left and back views of pre.geometry.surface.before
/// coloured by result.difference_mm, framed on the hips. Throws RenderError without a display,
/// InvalidInput when the difference has the wrong size.
[[nodiscard]] std::vector<ReportImage> render_difference_images(const PlanResult& pre, const FollowupResult& result,
                                                                const DifferenceImageOptions& options = {});

}  // namespace contour::vtk
