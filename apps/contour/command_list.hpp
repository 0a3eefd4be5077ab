#pragma once
// Each subcommand lives in its own cmd_<name>.cpp and registers itself here.
#include <CLI/CLI.hpp>

#include <functional>

namespace contour::app {
void add_command(CLI::App* sub, std::function<int()> run);

void add_info_command(CLI::App& app);
void add_phantom_command(CLI::App& app);
void add_plan_command(CLI::App& app);
void add_report_command(CLI::App& app);
void add_batch_command(CLI::App& app);
void add_merge_command(CLI::App& app);
void add_followup_command(CLI::App& app);
void add_calibrate_command(CLI::App& app);
}  // namespace contour::app
