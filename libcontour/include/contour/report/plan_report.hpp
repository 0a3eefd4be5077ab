#pragma once
// Reports of a plan: JSON (machine-readable), a text table (for the surgeon), CSV, and the
// target mesh written back in the scan's own frame and units.
#include "contour/io/read_mesh.hpp"
#include "contour/plan/run_plan.hpp"
#include "contour/report/report_identity.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace contour {

/// The plan as JSON text (schema: docs/plan-json.md). Heights are mm above the lowest point of
/// the scan in the canonical frame; volumes mL; left/right are the patient's. Numbers are
/// rounded to what they mean: volumes to 0.01 mL, lengths to 0.01 mm, percentages and angles to
/// 0.1, fractions (resorption, yield) to 0.0001, and print that short (52.91, never
/// 52.910000000000004).
[[nodiscard]] std::string plan_to_json_text(const PlanResult& plan);

/// The same, with a `patient` object holding the identity's non-empty fields (patient_id,
/// patient_name, date_of_birth, scan_date, surgeon, clinic); none when the identity is empty.
[[nodiscard]] std::string plan_to_json_text(const PlanResult& plan, const PatientIdentity& patient);

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

/// Writes the before surface (the scan refined in the fill region: the target's vertices and
/// faces, vertex for vertex, at correction 0) in the scan's original frame and units, with the
/// fill thickness (mm, at the plan's correction) as a per-vertex scalar where the format allows.
/// Before and target files of one plan share vertex indices and faces, so other tools can
/// difference them vertex by vertex.
void write_before_mesh(const PlanResult& plan, MeshFormat format, std::ostream& out);

/// The fill thickness (mm, along the skin normal, at the plan's correction fraction) on each
/// vertex of the scan file as it was read (plan.scan.info.file_vertices values, in the file's
/// order). A vertex the import dropped (unused, or on a stray piece) gets 0; duplicates merged
/// on import get the value of the vertex they became. The scan's own vertices are vertices of
/// the refined surface with the same index, so the value is the surface's, not interpolated.
[[nodiscard]] std::vector<double> fill_on_file_vertices(const PlanResult& plan);

/// The fill map on the scan's own vertices, written to `out`: `file_mesh` is the scan as read
/// again from its file (read_mesh(plan.scan.info.path).mesh). Throws InvalidInput naming the
/// file if that mesh is not the one planned (other vertex or face count, or a vertex that moved:
/// the file changed since it was planned).
///  - format "csv": header `vertex,x,y,z,fill_mm,in_plan`, one row per file vertex: its
///    0-based index in the file, its coordinates in the file's own frame and units, the fill (mm)
///    and 1 if the plan used the vertex (0 if the import dropped it).
///  - a mesh format with per-vertex values (ply, vtp, vtk): the scan's own vertices and faces as
///    read, with `fill_mm` as a per-vertex scalar. OBJ and STL cannot carry one (InvalidInput).
enum class FillMapFormat { Csv, Ply, Vtp, Vtk };
/// The fill-map format from a path's extension (.csv .ply .vtp .vtk); InvalidInput otherwise.
[[nodiscard]] FillMapFormat fill_map_format_from_path(const std::string& path);
void write_fill_map(const PlanResult& plan, const Mesh& file_mesh, FillMapFormat format, std::ostream& out);

}  // namespace contour
