// contour: command-line front end. Thin: parse arguments, call the library, print.
#include "app_main.hpp"
#include "commands.hpp"

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  contour::app::keep_released_memory_for_reuse();
  CLI::App app{"contour — hip-dip contour simulator and fat-graft planner.\n"
               "Units: millimetres and millilitres; frame: docs/frame-and-units.md."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "libcontour 0.1.0");
  contour::app::register_commands(app);
  return contour::app::parse_and_run(app, argc, argv, [&] { return contour::app::run_selected(app); });
}
