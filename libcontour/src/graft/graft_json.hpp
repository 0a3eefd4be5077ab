#pragma once
// Internal: the graft plan as JSON, for the `contour plan --json` output. Uses nlohmann-json, so
// it stays out of the public headers; the app and the tests include it from src/.
// Layout (documented with an example in docs/graft-plan.md):
//   { "graft":    { "resorption", "resorption_range", "fill_ml", "inject_ml", "inject_ml_range",
//                   "yield", "aspirate_ml", "sessions", ... , "sides": {"left": {...}, "right": {...}} },
//     "donors":   [ {"site", "side", "aspirate_ml", "capacity_ml", "priority"} ],
//     "warnings": [ "..." ] }
#include "contour/graft/plan_graft.hpp"

#include <nlohmann/json.hpp>

namespace contour {

/// The plan as a JSON object with top-level keys "graft", "donors" and "warnings", meant to be
/// merged into the plan JSON. Volumes in mL at full double precision; ranges as [low, high];
/// a donor's side is "left", "right" or null.
[[nodiscard]] nlohmann::json graft_to_json(const GraftPlan& plan);

}  // namespace contour
