#pragma once
// How many repetitions the slow truth tests make. Built with the sanitizers (CI's second half),
// code runs 5-10 times slower, and the slow tests repeat the same code paths over many bodies,
// corrections or yaw angles: there they run a reduced set (every test still runs, every code
// path is still reached, each asserts what it asserts in full). The plain build runs the full
// sets. CONTOUR_TEST_REDUCED=1 forces the reduced sets, =0 the full ones (for a full run under
// the sanitizers).
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace contour::test {

inline bool sanitizer_build() {
#if defined(__SANITIZE_ADDRESS__)
  return true;
#else
  return false;
#endif
}

/// True when the slow tests run their reduced sets (see above). Says so once on stdout.
inline bool reduced_run() {
  static const bool reduced = [] {
    const char* env = std::getenv("CONTOUR_TEST_REDUCED");
    const bool r = env && *env ? std::strcmp(env, "0") != 0 : sanitizer_build();
    if (r) std::printf("[ reduced  ] running the reduced set of cases (%s)\n", env && *env ? "CONTOUR_TEST_REDUCED" : "sanitizer build");
    return r;
  }();
  return reduced;
}

}  // namespace contour::test
