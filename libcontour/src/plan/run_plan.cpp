#include "contour/plan/run_plan.hpp"

#include "contour/core/errors.hpp"

#include <string>
#include <new>
#include <system_error>

namespace contour {

std::vector<double> region_fill_at(const GeometryResult& g, double f) { return region_fill_at(g, {f, f}); }

std::vector<double> region_fill_at(const GeometryResult& g, const std::array<double, 2>& fs) {
  std::vector<double> out;
  for (const auto& r : g.regions) {
    const auto& c = r.prism_coefficients;
    const double f = fs[r.region.side == Side::Left ? 0 : 1];
    out.push_back(c[0] * f + c[1] * f * f + c[2] * f * f * f);
  }
  return out;
}

GraftPlan regraft(const GeometryResult& g, double correction, const GraftOptions& graft, std::optional<double> bmi_kg_m2) {
  return regraft(g, std::array<double, 2>{correction, correction}, graft, bmi_kg_m2);
}

GraftPlan regraft(const GeometryResult& g, const std::array<double, 2>& correction, const GraftOptions& graft,
                  std::optional<double> bmi_kg_m2) {
  const std::vector<double> fills = region_fill_at(g, correction);
  GraftInput in;
  in.bmi_kg_m2 = bmi_kg_m2;
  double side_total[2] = {0, 0};
  for (std::size_t i = 0; i < g.regions.size(); ++i) side_total[g.regions[i].region.side == Side::Left ? 0 : 1] += fills[i];
  for (int s = 0; s < 2; ++s)
    if (side_total[s] < -0.05)  // a negative fill is a bug upstream, never a plan
      throw InternalError("internal error: negative fill volume on the " + std::string(s == 0 ? "left" : "right") +
                          " side (" + std::to_string(side_total[s]) + " mL)");
  for (std::size_t i = 0; i < g.regions.size(); ++i) {
    const RegionVolume& r = g.regions[i];
    const double v = std::max(0.0, fills[i]);
    (r.region.side == Side::Left ? in.fill_left_ml : in.fill_right_ml) += v;
    in.regions.push_back({r.region.name, r.region.side, v});
  }
  return plan_graft(in, graft);
}

PlanResult run_plan(ImportedScan scan, const PlanOptions& options, const ProgressFn& progress) {
  PlanResult res;
  res.scan = std::move(scan);
  if (progress) progress("geometry");
  res.geometry = plan_geometry(res.scan, options.geometry);
  if (progress) progress("graft");
  res.graft = regraft(res.geometry, res.geometry.correction, options.graft, options.bmi_kg_m2);
  res.warnings = res.geometry.warnings;
  res.warnings.insert(res.warnings.end(), res.graft.warnings.begin(), res.graft.warnings.end());
  return res;
}

PlanResult run_plan(const std::string& scan_path, const PlanOptions& options, const ProgressFn& progress) {
  try {
    if (progress) progress("import");
    return run_plan(import_scan(scan_path, options.import), options, progress);
  } catch (const std::bad_alloc&) {
    throw ResourceError(scan_path + ": out of memory while planning this scan");
  } catch (const std::runtime_error& e) {
    // A worker thread that cannot be started (std::thread's or oneTBB's report); any other
    // error keeps its own message.
    if (!is_thread_start_failure(e)) throw;
    throw ResourceError(scan_path + ": cannot start a worker thread while planning this scan (" +
                        std::string(e.what()) + ")");
  }
}

}  // namespace contour
