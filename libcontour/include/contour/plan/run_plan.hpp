#pragma once
// The whole plan for one scan: import, geometry, graft. Used by `contour plan`, the batch
// runner and the viewer, so they all compute the same numbers.
#include "contour/graft/plan_graft.hpp"
#include "contour/import/import_scan.hpp"
#include "contour/plan/plan_geometry.hpp"

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace contour {

struct PlanOptions {
  ImportOptions import;
  GeometryOptions geometry;
  GraftOptions graft;
  std::optional<double> bmi_kg_m2;  ///< patient's BMI, kg/m^2 (enables the aspirate-per-BMI warning)
};

struct PlanResult {
  ImportedScan scan;
  GeometryResult geometry;
  GraftPlan graft;
  std::vector<std::string> warnings;  ///< geometry and graft warnings together
};

/// Progress callback: a stage name ("import", "silhouette", ...) as each stage starts.
using ProgressFn = std::function<void(const std::string& stage)>;

/// Runs every stage on the scan file. Throws IoError / InvalidInput (path in the message) on
/// bad input, SolverError if a solver fails, ResourceError naming the scan when memory or a
/// worker thread runs out (std::bad_alloc, std::system_error).
[[nodiscard]] PlanResult run_plan(const std::string& scan_path, const PlanOptions& options = {},
                                  const ProgressFn& progress = {});

/// Runs the geometry and graft stages on an already imported scan.
[[nodiscard]] PlanResult run_plan(ImportedScan scan, const PlanOptions& options, const ProgressFn& progress = {});

/// The graft plan re-derived from the geometry at another correction fraction, using the
/// precomputed volume polynomials (no geometry is recomputed): for live what-if previews.
[[nodiscard]] GraftPlan regraft(const GeometryResult& geometry, double correction, const GraftOptions& graft,
                                std::optional<double> bmi_kg_m2 = std::nullopt);

/// As regraft, with its own correction fraction per side ([left, right], each in [0, 1]).
[[nodiscard]] GraftPlan regraft(const GeometryResult& geometry, const std::array<double, 2>& correction,
                                const GraftOptions& graft, std::optional<double> bmi_kg_m2 = std::nullopt);

/// Fill per region at another correction fraction, from the precomputed polynomials (mL).
[[nodiscard]] std::vector<double> region_fill_at(const GeometryResult& geometry, double correction);

/// Fill per region with a correction fraction per side ([left, right]), mL.
[[nodiscard]] std::vector<double> region_fill_at(const GeometryResult& geometry, const std::array<double, 2>& correction);

}  // namespace contour
