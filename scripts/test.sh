#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: install what is missing, build everything and run
# the whole test suite (render tests run under a virtual X server).
# Extra CMake options can be passed, e.g.  scripts/test.sh -DCONTOUR_SANITIZE=ON  (build dir build-asan).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup-debian.sh
build=build
for a in "$@"; do
  case "$a" in -DCONTOUR_SANITIZE=ON) build=build-asan ;; esac
done
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$build" -j"$(nproc)"
cd "$build"
if [ "$build" = build-asan ]; then
  # Sanitizer findings fail the test that triggers them. Leak checking stays on; the TBB and
  # VTK runtimes' own allocations at exit are not leaks of ours, hence the suppressions file.
  export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
  export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$(cd .. && pwd)/scripts/lsan.supp:print_suppressions=0}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
fi
# A render test failed once in about a dozen full runs and passed when rerun; run in a loop
# under load, the same test sometimes cannot connect to its virtual X server ("bad X server
# connection", and VTK aborts the process). A failed test is therefore run once more; one that
# fails twice fails the suite.
if [ "$build" = build-asan ]; then
  # No display for the sanitizer run: what renders (batch --images) skips. The OpenGL driver
  # (Mesa llvmpipe, loaded with dlopen) keeps allocations that LeakSanitizer reports from an
  # unloaded module, which no suppression can name; rendering is covered by the plain build.
  env -u DISPLAY ctest --output-on-failure --repeat until-pass:2 -j"$(nproc)"
else
  xvfb-run -a -s "-screen 0 1600x1200x24" ctest --output-on-failure --repeat until-pass:2 -j"$(nproc)"
fi
