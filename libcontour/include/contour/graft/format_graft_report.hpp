#pragma once
// The graft plan as a plain-text table a surgeon reads at a glance: volumes in mL with their
// ranges, sessions, donor sites and warnings.
#include "contour/graft/plan_graft.hpp"

#include <string>

namespace contour {

/// Multi-line report (fixed-width columns, '\n' line ends, ASCII only): resorption and yield
/// used, fill / inject / raw aspirate per side and total with expected ranges, the outcome band,
/// sessions, the donor split with capacities (and whether they are defaults), the shortfall with
/// its options, and every warning.
[[nodiscard]] std::string format_graft_report(const GraftPlan& plan);

}  // namespace contour
