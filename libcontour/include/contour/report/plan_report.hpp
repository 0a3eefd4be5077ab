#pragma once
// Reports of a plan: JSON (machine-readable), a text table (for the surgeon), CSV, and the
// target mesh written back in the scan's own frame and units.
#include "contour/io/read_mesh.hpp"
#include "contour/plan/run_plan.hpp"

#include <iosfwd>
#include <string>

namespace contour {

/// The plan as JSON text (schema: docs/plan-json.md). Heights are mm above the lowest point of
/// the scan in the canonical frame; volumes mL; left/right are the patient's. Numbers are
/// rounded to what they mean: volumes to 0.01 mL, lengths to 0.01 mm, percentages and angles to
/// 0.1, fractions (resorption, yield) to 0.0001, and print that short (52.91, never
/// 52.910000000000004).
[[nodiscard]] std::string plan_to_json_text(const PlanResult& plan);

/// A readable report: landmarks per side, dip depth, fill per region and total, graft plan,
/// warnings, with units.
[[nodiscard]] std::string format_plan_report(const PlanResult& plan);

/// CSV, one tidy table: a header, then one row per region with the columns scan_id (the scan's
/// file name without folder and extension), scan_file, correction, side, region, z_lo_mm,
/// z_hi_mm, fill_ml, fill_section_ml, resorption, inject_ml, inject_low_ml, inject_high_ml,
/// aspirate_ml. Tables of several scans concatenate (minus their headers) into one. Donor
/// sites and sessions are in the JSON.
[[nodiscard]] std::string format_plan_csv(const PlanResult& plan);

/// The scan's id in tables: its file name without the folder and the extension.
[[nodiscard]] std::string plan_scan_id(const PlanResult& plan);

/// Writes the target surface (at the plan's correction fraction) in the scan's original frame
/// and units, with the fill thickness (mm) as a per-vertex scalar where the format allows.
void write_target_mesh(const PlanResult& plan, const std::string& path);

/// The same target surface written to a stream in `format` (for OutputTransaction).
void write_target_mesh(const PlanResult& plan, MeshFormat format, std::ostream& out);

}  // namespace contour
