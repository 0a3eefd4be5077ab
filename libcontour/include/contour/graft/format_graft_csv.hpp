#pragma once
// The graft plan as CSV: one row per recipient region (or per side when the input had no
// regions) and one row per donor site.
#include "contour/graft/plan_graft.hpp"

#include <string>
#include <vector>

namespace contour {

/// "kind,name,side,fill_ml,resorption,inject_ml,inject_low_ml,inject_high_ml,aspirate_ml,capacity_ml"
/// (no line end).
[[nodiscard]] std::string graft_csv_header();

/// Rows without line ends, columns as graft_csv_header(). kind is "region", "side" or "donor";
/// side is "left", "right" or empty (midline donor site); cells that do not apply are empty;
/// numbers in mL with 3 decimals (resorption as a fraction). Names containing a comma, quote or
/// line break are quoted as RFC 4180 says.
[[nodiscard]] std::vector<std::string> graft_csv_rows(const GraftPlan& plan);

/// Header and rows, each ending in '\n'.
[[nodiscard]] std::string format_graft_csv(const GraftPlan& plan);

}  // namespace contour
