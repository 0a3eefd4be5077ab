#pragma once
// What every contour app's main() does around its own work: allocator settings for large
// meshes, exit codes (0 done, 1 bad input or I/O, 2 usage), one-line errors.
#include <CLI/CLI.hpp>

#include <malloc.h>

#include <cmath>
#include <exception>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <iostream>
#include <new>
#include <stdexcept>
#include <string>
#include <system_error>

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

/// An option value that is not acceptable (out of range, NaN, a bad output path): exit 2 like a
/// CLI11 parse error, in every command.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The date reports carry: SOURCE_DATE_EPOCH (seconds since the epoch, for reproducible
/// files) if set, else now.
inline std::time_t report_time() {
  if (const char* e = std::getenv("SOURCE_DATE_EPOCH"); e && *e) {
    char* end = nullptr;
    const long long v = std::strtoll(e, &end, 10);
    if (end && *end == '\0' && v >= 0) return static_cast<std::time_t>(v);
  }
  return std::time(nullptr);
}

/// A message on one line: an exception text may quote a file's bytes, line breaks included.
inline std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

/// A CLI11 check for a floating-point option: a finite number in [lo, hi]. CLI::Range lets NaN
/// through (every comparison with NaN is false); this does not.
inline CLI::Validator finite_range(double lo, double hi) {
  const std::string range = "[" + CLI::detail::to_string(lo) + ", " + CLI::detail::to_string(hi) + "]";
  return CLI::Validator(
      [lo, hi, range](std::string& text) -> std::string {
        double v = 0;
        if (!CLI::detail::lexical_cast(text, v)) return "not a number: " + text;
        if (!std::isfinite(v) || v < lo || v > hi) return "value " + text + " not in range " + range;
        return {};
      },
      "FLOAT in " + range);
}

/// A CLI11 check that refuses an empty value (--json "", --shard ""): a usage error, not "unset".
inline CLI::Validator non_empty(const std::string& what = "a path") {
  return CLI::Validator(
      [what](std::string& text) -> std::string { return text.empty() ? "empty value; give " + what : std::string(); },
      "", "NON_EMPTY");
}

/// Parses the arguments, then runs `work`. Usage errors exit 2 (CLI11 returns 0 for --help and
/// --version) and UsageError from the work exits 2; any other error from the work prints
/// "error: <what>" on one line and exits 1 (the library's messages name the file). Running out
/// of memory or of threads is reported as such; the work's own handlers name the input.
inline int parse_and_run(CLI::App& app, int argc, char** argv, const std::function<int()>& work) {
  // CLI11's own usage errors on one line too ("error: <what> (see --help)"), like ours.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return "error: " + one_line(e.what()) + " (see --help)\n";
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    return work();
  } catch (const UsageError& e) {
    std::cerr << "error: " << one_line(e.what()) << "\n";
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "error: out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << one_line(e.what()) << "\n";
    return 1;
  }
}

}  // namespace contour::app
