#pragma once
// The consult report as one self-contained HTML file: renders (passed in as PNG bytes and
// embedded as data: URIs), silhouette plots (inline SVG), the volume table with ranges, the
// donor split, warnings, and the method and parameters with their sources. No network access
// is needed to view or print it. The renders come from the VTK adapter
// (contour/vtk/report_images.hpp); this part needs no VTK.
#include "contour/plan/run_plan.hpp"
#include "contour/report/report_identity.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace contour {

/// One embedded picture.
struct ReportImage {
  std::string title;               ///< e.g. "Front, before"
  std::string caption;             ///< one sentence under the picture (may be empty)
  std::vector<std::uint8_t> png;   ///< PNG file bytes; empty = left out
};

struct HtmlReportOptions {
  std::string title = "Hip-dip fat-grafting plan";
  /// Shown when `images` is empty (e.g. built without the VTK adapter).
  std::string no_images_note = "Renders not available in this build.";
  /// Patient and clinic fields, shown at the top of the report (empty fields as "not given").
  PatientIdentity patient;
  /// Report date, scan file and hash, version, settings; an empty report_date leaves the
  /// provenance section out (for tests of the layout only).
  ReportProvenance provenance;
};

/// The report. `options` are the options the plan was run with (to say which parameters were
/// set and which are defaults). Images appear in the order given, two per row when printed.
/// Every number shown is the plan's own (the same as plan_to_json_text), rounded to 0.1 mL; the
/// summary cells carry ids (fill-left-ml, fill-right-ml, fill-total-ml, inject-left-ml,
/// inject-right-ml, inject-total-ml, aspirate-total-ml) for tools that read the file.
[[nodiscard]] std::string format_html_report(const PlanResult& plan, const PlanOptions& options,
                                             const std::vector<ReportImage>& images,
                                             const HtmlReportOptions& report = {});

/// One side's silhouette plot as an SVG element: half-width (mm, outwards) against height
/// (mm above the lowest point), before and target at the plan's correction, with the
/// landmark levels. The patient's right side is drawn mirrored (outwards to the left), so the
/// two plots side by side read like the front view.
/// A third curve for the plot: e.g. the follow-up's silhouette ("reached"), one half-width
/// per sample of the plan's silhouette (NaN = none there), drawn in bluish green, solid.
struct SilhouetteCurve {
  std::vector<double> width_mm;
  std::string label;
};
[[nodiscard]] std::string silhouette_plot_svg(const PlanResult& plan, Side side, int width_px = 320,
                                              int height_px = 460, const SilhouetteCurve* extra = nullptr);

/// Standard base64 (RFC 4648, with '=' padding).
[[nodiscard]] std::string base64_encode(const std::uint8_t* data, std::size_t size);

/// Escapes &, <, >, " and ' for HTML text and attribute values.
[[nodiscard]] std::string html_escape(const std::string& text);

}  // namespace contour
