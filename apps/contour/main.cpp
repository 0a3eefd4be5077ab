// contour: command-line front end. Thin: parse arguments, call the library, print.
#include "commands.hpp"

#include "contour/core/errors.hpp"

#include <CLI/CLI.hpp>

#include <malloc.h>

#include <iostream>

int main(int argc, char** argv) {
  // A plan allocates and frees arrays of tens of MB many times. By default glibc returns such
  // blocks to the system on release and the next one is page-faulted in afresh; keeping them in
  // the heap for reuse cuts a 1 M-triangle plan's page faults from ~53 k to ~35 k and its wall
  // time by ~15 % (docs/performance.md).
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 256 << 20);  // accepted by Debian 12's glibc 2.36 (returns 1)
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
  CLI::App app{"contour — hip-dip contour simulator and fat-graft planner.\n"
               "Units: millimetres and millilitres; frame: docs/frame-and-units.md."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "libcontour 0.1.0");
  contour::app::register_commands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Usage errors exit 2 (CLI11 returns 0 for --help/--version).
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    return contour::app::run_selected(app);
  } catch (const contour::InvalidInput& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  } catch (const contour::IoError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
