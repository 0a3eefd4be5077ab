#pragma once
// Reports of a plan: JSON (machine-readable), a text table (for the surgeon), CSV, and the
// target mesh written back in the scan's own frame and units.
#include "contour/io/read_mesh.hpp"
#include "contour/plan/run_plan.hpp"

#include <iosfwd>
#include <string>

namespace contour {

/// The plan as JSON text (schema: docs/plan-json.md). Heights are mm above the lowest point of
/// the scan in the canonical frame; volumes mL; left/right are the patient's.
[[nodiscard]] std::string plan_to_json_text(const PlanResult& plan);

/// A readable report: landmarks per side, dip depth, fill per region and total, graft plan,
/// warnings, with units.
[[nodiscard]] std::string format_plan_report(const PlanResult& plan);

/// CSV: one row per region and one per donor site.
[[nodiscard]] std::string format_plan_csv(const PlanResult& plan);

/// Writes the target surface (at the plan's correction fraction) in the scan's original frame
/// and units, with the fill thickness (mm) as a per-vertex scalar where the format allows.
void write_target_mesh(const PlanResult& plan, const std::string& path);

/// The same target surface written to a stream in `format` (for OutputTransaction).
void write_target_mesh(const PlanResult& plan, MeshFormat format, std::ostream& out);

}  // namespace contour
