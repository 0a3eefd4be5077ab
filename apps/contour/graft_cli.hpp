#pragma once
// Graft-planning options shared by the commands that plan a graft (`contour plan`):
// resorption, processing yield, donors file, exclusions and safety limits.
#include "contour/graft/plan_graft.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace contour::app {

/// Raw option values as typed; unset options keep the library defaults.
struct GraftCliArgs {
  std::optional<double> resorption;        ///< --resorption F, fraction [0, 0.95)
  std::optional<double> resorption_left;   ///< --resorption-left F
  std::optional<double> resorption_right;  ///< --resorption-right F
  std::string resorption_range;            ///< --resorption-range LOW,HIGH (fractions)
  std::string processing;                  ///< --processing centrifugation|decantation|filtration
  std::optional<double> yield;             ///< --yield F, (0, 1]
  std::string donors_file;                 ///< --donors FILE (JSON)
  std::string calibration_file;            ///< --calibration FILE (contour calibrate)
  std::vector<std::string> exclude;        ///< --exclude SITE[,SITE..] (site or group names)
  std::optional<double> max_session_ml;    ///< --max-session-ml ML, injected per side per session
  std::optional<double> aspirate_limit_ml; ///< --aspirate-limit-ml ML, raw aspirate per session
  std::optional<double> min_site_ml;       ///< --min-site-ml ML, least raw aspirate per opened site
  std::optional<double> bmi_kg_m2;         ///< --bmi KG_M2, for the 100 mL-per-BMI-unit warning;
                                           ///< goes into GraftInput::bmi_kg_m2
};

/// Registers the graft options on `app` (a subcommand such as `plan`). Values are checked by
/// graft_option_values, not by CLI11, so that the message names the option and the value;
/// to_plan_options turns that InvalidInput into a UsageError (exit 2 in every command).
void add_graft_options(CLI::App& app, GraftCliArgs& args);

/// Options from the parsed arguments: checks every value (resorption outside [0, 0.95),
/// a range that is not LOW,HIGH with LOW <= HIGH, an unknown processing method, yield outside
/// (0, 1], limits out of range, unknown --exclude names, BMI outside [10, 80]) and reads the
/// donors file. Throws InvalidInput naming the option (or file, field) and the value, IoError if
/// the donors file cannot be read.
[[nodiscard]] GraftOptions to_graft_options(const GraftCliArgs& args);

/// The option values alone (no donors file read): InvalidInput naming the option and value.
[[nodiscard]] GraftOptions graft_option_values(const GraftCliArgs& args);

/// Reads --calibration into `options`: resorption point and range from the measured retention
/// (apply_calibration). IoError / InvalidInput naming the file and the field.
void add_calibration_file(GraftOptions& options, const GraftCliArgs& args);

/// Reads --donors into `options` (sites, source, the file's exclusions) and checks the result.
/// IoError / InvalidInput naming the file and the field.
void add_donors_file(GraftOptions& options, const GraftCliArgs& args);

}  // namespace contour::app
