#pragma once
// Plan options shared by `plan`, `batch`, `report` and the viewer: import, geometry, graft.
#include "graft_cli.hpp"
#include "import_cli.hpp"

#include "contour/plan/run_plan.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace contour::app {

struct PlanCliArgs {
  ImportCliArgs import;
  GraftCliArgs graft;
  double correction = 1.0;
  double smoothness_mm = 12.0;
  double ap_extent_mm = 0.0;
  double max_edge_mm = 2.5;
  std::string landmarks_file;
};

/// Registers the options; values are checked in to_plan_options (exit 1 with a clear message).
void add_plan_options(CLI::App* sub, PlanCliArgs& args);

/// Builds and checks the options (reads the landmarks and donors files).
[[nodiscard]] PlanOptions to_plan_options(const PlanCliArgs& args);

}  // namespace contour::app
