#pragma once
// Plan options shared by `plan`, `batch`, `report` and the viewer: import, geometry, graft.
#include "graft_cli.hpp"
#include "import_cli.hpp"

#include "contour/plan/run_plan.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

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

/// Registers the options; ranges are checked by CLI11 (NaN refused), the rest in to_plan_options.
void add_plan_options(CLI::App* sub, PlanCliArgs& args);

/// Builds and checks the options, then reads the landmarks and donors files. A bad option value
/// throws UsageError (exit 2); a side file that cannot be read or holds bad values throws
/// IoError / InvalidInput naming the file and the field (exit 1).
[[nodiscard]] PlanOptions to_plan_options(const PlanCliArgs& args);

/// The side files the options name (landmarks, donors): inputs no output may overwrite.
[[nodiscard]] std::vector<std::string> plan_input_files(const PlanCliArgs& args);

}  // namespace contour::app
