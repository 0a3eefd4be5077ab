#include "contour/report/report_text.hpp"

#include "core/format_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace contour {

namespace {
constexpr auto fmt = detail::format_text;
}

std::string report_disclaimer() {
  return "This report is a planning aid for a trained surgeon and does not replace clinical examination or "
         "judgement. Volumes are estimates computed from a surface scan: they depend on the scan's accuracy, on "
         "the patient's posture and on the detected landmarks, and they say nothing about the tissue beneath the "
         "skin. Graft take varies between patients and sessions; the injection and aspirate figures assume the "
         "resorption, processing yield and donor capacities listed in this report, several of which are "
         "assumptions rather than published values. The renders and outlines illustrate the planned contour and "
         "are not a promise of the result. Check every figure against the examination before it is used.";
}

std::vector<std::pair<std::string, std::string>> report_method_steps(const PlanOptions& opt) {
  return {
      {"Import",
       "The scan is cleaned, the body piece kept, units and orientation detected and the mesh moved to the "
       "patient frame (+x right, +y anterior, +z up, millimetres, z = 0 at the lowest point)."},
      {"Silhouette", fmt("Horizontal cross-sections every %.1f mm give each side's lateral extreme from the thigh "
                         "to the waist; arms are told apart from the torso by vertical connectivity.",
                         opt.geometry.silhouette.spacing_mm)},
      {"Landmarks",
       "The dip window is the largest bridge of the silhouette's concave envelope (least concave majorant) between "
       "thigh and waist: its ends are the trochanter and iliac-crest levels, the dip its deepest point."},
      {"Target contour",
       fmt("A smooth curve that bridges the dip: a bound-constrained quadratic programme that follows the envelope, "
           "stays outside the silhouette and penalises curvature (smoothness length %.0f mm), meeting the silhouette "
           "with matching slope at both ends; scaled by the correction fraction.",
           opt.geometry.curve.smoothness_mm)},
      {"Target surface",
       "The scan, locally refined, with the lateral hip surface moved outwards by the target fill times a "
       "front-to-back fall-off measured on the cross-sections."},
      {"Fill volume",
       fmt("Two independent methods: the signed volume swept between the scan and the target (prisms of three "
           "tetrahedra per triangle, method A, reported), and the area between before and target cross-sections "
           "integrated over height (method B, a check; a warning is raised if they differ by more than %.0f %%).",
           100 * opt.geometry.method_disagreement_warning)},
      {"Graft",
       "Inject = fill / (1 - resorption); the range uses the ends of the expected resorption range; raw aspirate = "
       "inject / processing yield; sessions cap the volume per side and the aspirate per session; the aspirate is "
       "split over the donor sites by priority and capacity (docs/graft-plan.md)."},
  };
}

std::vector<std::string> report_assumptions(const GraftPlan& g) {
  std::vector<std::string> a;
  if (g.resorption_source.rfind("calibration", 0) == 0) {
    a.push_back(fmt("Planning resorption %.0f %% left, %.0f %% right, and the expected range %.0f-%.0f %%, from the "
                    "clinic's own follow-up scans (",
                    100 * g.left.resorption, 100 * g.right.resorption, 100 * g.resorption_low, 100 * g.resorption_high) +
                g.resorption_source + "), not from the literature's 30-70 %.");
  } else {
    a.push_back(fmt("Planning resorption %.0f %% left, %.0f %% right (the middle of the 30-70 %% commonly quoted; "
                    "pooled retention 47 %%, Lv et al. 2021; no hip-specific figure exists).",
                    100 * g.left.resorption, 100 * g.right.resorption));
    a.push_back(fmt("Expected resorption range %.0f-%.0f %% of the injected fat in the first year.",
                    100 * g.resorption_low, 100 * g.resorption_high));
  }
  a.push_back(fmt("Processing by %s with a yield of %.2f (injectable graft per raw aspirate)%s.",
                  processing_method_name(g.processing), g.yield, g.yield_overridden ? ", set by the clinic" : ""));
  a.push_back(fmt("At most %.0f mL of graft per side per session and %.0f mL of raw aspirate per session (QUAD A "
                  "outpatient limit); a donor site is opened for at least %.0f mL.",
                  g.max_session_inject_ml, g.aspirate_limit_ml, g.min_site_aspirate_ml));
  a.push_back("Donor capacities: " + g.donor_source +
              " (no publication gives harvestable volume per site: confirm by examination).");
  return a;
}

namespace {
/// Greedy word wrap at `width` characters; continuation lines start with `indent`.
std::vector<std::string> wrap_text(const std::string& text, std::size_t width, const std::string& indent) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string word, line;
  while (in >> word) {
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(line);
      line = indent;
    }
    if (!line.empty() && line != indent) line += ' ';
    line += word;
  }
  if (!line.empty() && line != indent) lines.push_back(line);
  return lines;
}
}  // namespace

std::string format_plan_summary_text(const GraftPlan& gp, const std::vector<RegionVolume>& regions,
                                     const std::vector<double>& region_fill_ml,
                                     const std::vector<std::string>& geometry_warnings) {
  std::ostringstream o;
  char buf[256];
  o << "Fill (mL)          left   right   total\n";
  // Regions by their part name ("upper", "lower"), left and right side by side.
  std::vector<std::string> parts;
  for (const auto& r : regions) {
    const std::string prefix = std::string(side_name(r.region.side)) + "_";
    std::string part = r.region.name.rfind(prefix, 0) == 0 ? r.region.name.substr(prefix.size()) : r.region.name;
    if (std::find(parts.begin(), parts.end(), part) == parts.end()) parts.push_back(part);
  }
  for (const auto& part : parts) {
    double val[2] = {0, 0};
    for (std::size_t i = 0; i < regions.size(); ++i) {
      const auto& r = regions[i];
      if (r.region.name == std::string(side_name(r.region.side)) + "_" + part || r.region.name == part)
        val[r.region.side == Side::Left ? 0 : 1] += std::max(0.0, region_fill_ml[i]);
    }
    std::snprintf(buf, sizeof buf, "  %-14s %7.1f %7.1f\n", part.c_str(), val[0], val[1]);
    o << buf;
  }
  std::snprintf(buf, sizeof buf, "  %-14s %7.1f %7.1f %7.1f\n", "side", gp.left.fill_ml, gp.right.fill_ml, gp.fill_ml);
  o << buf;
  std::snprintf(buf, sizeof buf, "Inject (mL)     %7.1f %7.1f %7.1f\n", gp.left.inject_ml, gp.right.inject_ml,
                gp.inject_ml);
  o << buf;
  std::snprintf(buf, sizeof buf, "  range          %3.0f-%-3.0f %3.0f-%-3.0f %3.0f-%.0f\n", gp.left.inject_range.low_ml,
                gp.left.inject_range.high_ml, gp.right.inject_range.low_ml, gp.right.inject_range.high_ml,
                gp.inject_range.low_ml, gp.inject_range.high_ml);
  o << buf;
  std::snprintf(buf, sizeof buf, "Aspirate (mL)   %23.1f  (%.0f-%.0f)%s\n", gp.aspirate_ml, gp.aspirate_range.low_ml,
                gp.aspirate_range.high_ml, FigureWithRange{gp.aspirate_ml, gp.aspirate_range}.outside() ? " OUTSIDE RANGE" : "");
  o << buf;
  for (const auto* sp : {&gp.left, &gp.right})
    if (FigureWithRange{sp->inject_ml, sp->inject_range}.outside()) {
      std::snprintf(buf, sizeof buf, "  ! %s inject %.1f mL lies OUTSIDE its range %.0f-%.0f\n",
                    side_name(sp->side), sp->inject_ml, sp->inject_range.low_ml, sp->inject_range.high_ml);
      o << buf;
    }
  o << "Sessions " << gp.sessions.size() << "\n";
  std::string donors;
  for (const auto& d : gp.donors)
    if (d.aspirate_ml > 0) donors += (donors.empty() ? "" : ", ") + d.site + " " + detail::format_text("%.0f", d.aspirate_ml);
  for (const auto& line : wrap_text("Donors (mL): " + (donors.empty() ? std::string("none") : donors), 56, "  "))
    o << line << "\n";
  for (int band = 0; band < 2; ++band) {
    const double r = band == 0 ? gp.resorption_low : gp.resorption_high;
    const auto& lo = gp.left.outcome;
    const auto& ro = gp.right.outcome;
    std::snprintf(buf, sizeof buf, "If resorption %2.0f %%: left %+.0f mL (%+.0f %%), right %+.0f mL (%+.0f %%)\n",
                  100 * r, band == 0 ? lo.correction_low_resorption_ml : lo.correction_high_resorption_ml,
                  band == 0 ? lo.correction_low_resorption_pct : lo.correction_high_resorption_pct,
                  band == 0 ? ro.correction_low_resorption_ml : ro.correction_high_resorption_ml,
                  band == 0 ? ro.correction_low_resorption_pct : ro.correction_high_resorption_pct);
    o << buf;
  }
  std::vector<std::string> warnings = geometry_warnings;
  warnings.insert(warnings.end(), gp.warnings.begin(), gp.warnings.end());
  if (!warnings.empty()) {
    o << "Warnings\n";
    for (const auto& w : warnings)
      for (const auto& line : wrap_text("! " + w, 56, "  ")) o << line << "\n";
  }
  return o.str();
}

bool FigureWithRange::outside() const {
  const double lo = std::min(range.low_ml, range.high_ml), hi = std::max(range.low_ml, range.high_ml);
  return value_ml < lo - 0.05 || value_ml > hi + 0.05;
}

std::string FigureWithRange::text() const {
  if (std::abs(range.high_ml - range.low_ml) < 0.05) return fmt("%.1f mL", value_ml);
  if (outside()) return fmt("%.1f mL (outside its range %.0f-%.0f)", value_ml, range.low_ml, range.high_ml);
  return fmt("%.1f mL (%.0f-%.0f)", value_ml, range.low_ml, range.high_ml);
}

}  // namespace contour
