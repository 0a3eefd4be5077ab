#pragma once
// What every contour app's main() does around its own work: allocator settings for large
// meshes, exit codes (0 done, 1 bad input or I/O, 2 usage), one-line errors.
#include <CLI/CLI.hpp>

#include <malloc.h>

#include <exception>
#include <functional>
#include <iostream>

namespace contour::app {

/// A plan allocates and frees arrays of tens of MB many times. By default glibc returns such
/// blocks to the system on release and the next one is page-faulted in afresh; keeping them in
/// the heap for reuse cuts a 1 M-triangle plan's page faults from ~53 k to ~35 k and its wall
/// time by ~15 % (docs/performance.md). Call first thing in main().
inline void keep_released_memory_for_reuse() {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 256 << 20);  // accepted by Debian 12's glibc 2.36 (returns 1)
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
}

/// Parses the arguments, then runs `work`. Usage errors exit 2 (CLI11 returns 0 for --help and
/// --version); any error from the work prints "error: <what>" on one line and exits 1.
inline int parse_and_run(CLI::App& app, int argc, char** argv, const std::function<int()>& work) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    return work();
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace contour::app
