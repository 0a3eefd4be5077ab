#pragma once
// Text the consult reports share (HTML, PDF, viewer panel), written once so the versions
// cannot drift apart: the disclaimer, the method steps, the one-glance summary per side.
#include "contour/plan/run_plan.hpp"

#include <string>
#include <utility>
#include <vector>

namespace contour {

/// The disclaimer in full (plain UTF-8 text, several sentences).
[[nodiscard]] std::string report_disclaimer();

/// The method, one (title, plain text) pair per pipeline step, with the option values used.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> report_method_steps(const PlanOptions& options);

/// The assumptions behind the graft numbers, one plain sentence each (resorption, yield,
/// limits, donor capacities), with the values the plan used.
[[nodiscard]] std::vector<std::string> report_assumptions(const GraftPlan& graft);

/// The plan's numbers in a compact fixed-width text (56 columns, for a monospaced panel): fill
/// per region part and side, inject with its range, raw aspirate with its range (marked when
/// the figure lies outside it), sessions, donors, what the ends of the resorption range leave,
/// and every warning (geometry first, then graft). `region_fill_ml` holds the fill per region
/// in `regions` order (at the correction shown); the graft plan is at the same correction.
[[nodiscard]] std::string format_plan_summary_text(const GraftPlan& graft, const std::vector<RegionVolume>& regions,
                                                   const std::vector<double>& region_fill_ml,
                                                   const std::vector<std::string>& geometry_warnings);

/// "inject 120.4 mL (range 85.9-200.6)" style figure: a value with its range, and a flag when
/// the value lies outside the range (then the text says so: "227.5 mL, outside its range
/// 93.0-217.0").
struct FigureWithRange {
  double value_ml = 0;
  GraftRange range;
  [[nodiscard]] bool outside() const;
  /// "120.4 mL (86-201)" or "227.5 mL (outside its range 93-217)".
  [[nodiscard]] std::string text() const;
};

}  // namespace contour
