#pragma once
#include <CLI/CLI.hpp>

namespace contour::app {
/// Adds every subcommand to `app`.
void register_commands(CLI::App& app);
/// Runs the subcommand that was parsed; returns the process exit code.
int run_selected(CLI::App& app);
}  // namespace contour::app
