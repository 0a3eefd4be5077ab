#include "plan_cli.hpp"

#include "app_main.hpp"

#include "contour/core/errors.hpp"

namespace contour::app {

void add_plan_options(CLI::App* sub, PlanCliArgs& a) {
  add_import_options(sub, a.import);
  sub->add_option("--correction", a.correction, "Correction fraction, 0 (none) to 1 (full), default 1")
      ->check(finite_range(0.0, 1.0));
  sub->add_option("--smoothness", a.smoothness_mm, "Target-curve smoothness length, mm (1-50, default 12)")
      ->check(finite_range(1.0, 50.0));
  sub->add_option("--ap-extent", a.ap_extent_mm,
                  "Front-to-back half-extent of the fill, mm (default 0 = from the dip's own shape)")
      ->check(finite_range(0.0, 300.0));
  sub->add_option("--max-edge", a.max_edge_mm, "Refine the fill region to edges of at most this, mm (default 2.5)")
      ->check(finite_range(0.5, 50.0));
  sub->add_option("--landmarks", a.landmarks_file,
                  "JSON with landmark heights to override, mm above the lowest point: "
                  "{\"left\": {\"iliac_z_mm\": .., \"trochanter_z_mm\": ..}, \"right\": {..}} "
                  "(a regular file of at most 1 MiB)")
      ->check(non_empty());
  add_graft_options(*sub, a.graft);
}

PlanOptions to_plan_options(const PlanCliArgs& a) {
  PlanOptions o;
  // Option values first: a bad one is a usage error (exit 2) in every command.
  try {
    o.import = to_import_options(a.import);
    o.graft = graft_option_values(a.graft);
  } catch (const InvalidInput& e) {
    throw UsageError(e.what());
  }
  o.geometry.curve.correction = a.correction;
  o.geometry.curve.smoothness_mm = a.smoothness_mm;
  o.geometry.surface.ap_half_extent_mm = a.ap_extent_mm;
  o.geometry.surface.max_edge_mm = a.max_edge_mm;
  o.bmi_kg_m2 = a.graft.bmi_kg_m2;
  // Then the side files: their contents are input (exit 1, the message names the file and field).
  if (!a.landmarks_file.empty()) {
    o.geometry.overrides = load_landmark_overrides(a.landmarks_file);
    o.geometry.overrides_source = a.landmarks_file;
  }
  add_donors_file(o.graft, a.graft);
  add_calibration_file(o.graft, a.graft);
  return o;
}

std::vector<std::string> plan_input_files(const PlanCliArgs& a) {
  std::vector<std::string> in;
  if (!a.landmarks_file.empty()) in.push_back(a.landmarks_file);
  if (!a.graft.donors_file.empty()) in.push_back(a.graft.donors_file);
  if (!a.graft.calibration_file.empty()) in.push_back(a.graft.calibration_file);
  return in;
}

}  // namespace contour::app
