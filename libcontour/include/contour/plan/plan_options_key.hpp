#pragma once
// A canonical text of everything that decides a plan's numbers, for telling whether a stored
// result is still up to date (contour batch).
#include "contour/plan/run_plan.hpp"

#include <string>

namespace contour {

/// One "name=value" line per resolved setting of `options` (import, silhouette, landmarks and
/// their overrides, target curve and surface, volumes, graft: resorption, yield, limits, every
/// donor site with its capacity and priority, exclusions, BMI), numbers with 17 significant
/// digits, headed by the library version. Built from the values the library will use, not from
/// how they were typed: a changed default or a new library version changes the key; the same
/// settings written differently (0.5 vs .50, a donors file moved) do not. Not a file format:
/// compare keys for equality only.
[[nodiscard]] std::string plan_options_key(const PlanOptions& options);

}  // namespace contour
