#include "contour/vtk/virtual_display.hpp"

#include "contour/vtk/render_error.hpp"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <unistd.h>
#include <vector>

namespace contour::vtk {

bool have_display() {
  const char* d = std::getenv("DISPLAY");
  return d != nullptr && *d != '\0';
}

void run_again_on_virtual_display_if_needed(const std::string& program, bool quiet) {
  if (have_display()) return;
  const char* again = std::getenv("CONTOUR_VIRTUAL_DISPLAY");
  if (again && std::string(again) == "1")
    throw RenderError(program + ": no X display even under xvfb-run");
  if (std::system("command -v xvfb-run >/dev/null 2>&1") != 0)
    throw RenderError(program + ": no X display (DISPLAY is not set) and xvfb-run is not installed "
                                "(Debian package xvfb); install it or run under an X display");
  // The command line exactly as given: NUL-separated in /proc/self/cmdline.
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  const std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> args;
  for (std::size_t pos = 0; pos < cmdline.size();) {
    const std::size_t end = cmdline.find('\0', pos);
    args.push_back(cmdline.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  char exe[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (args.empty() || n <= 0) throw RenderError(program + ": no X display and cannot read this process's command line");
  exe[n] = '\0';
  args[0] = exe;
  if (!quiet) std::cerr << "[" << program << "] no X display: rendering on a private virtual display (xvfb-run -a)\n";
  // xvfb-run -a looks for a free display number upwards from -n; started from the same number
  // (99) by several runs at once on a shared machine, two can pick the same one and the loser
  // connects to the other's server and fails. Start each from its own number.
  const std::string first = std::to_string(100 + static_cast<int>(::getpid() % 800) * 8);
  std::vector<std::string> full = {"xvfb-run", "-a", "-n", first, "-s", "-screen 0 1920x1080x24 -nolisten tcp"};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : full) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::setenv("CONTOUR_VIRTUAL_DISPLAY", "1", 1);
  std::cout.flush();
  std::cerr.flush();
  ::execvp("xvfb-run", argv.data());
  throw RenderError(program + ": cannot start xvfb-run: " + std::strerror(errno));
}

}  // namespace contour::vtk
