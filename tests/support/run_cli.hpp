#pragma once
// Runs the built `contour` program (CONTOUR_CLI_PATH) with arguments, without a shell, and
// captures its exit code, the signal that ended it (if any), stdout and stderr.
#include "temp_dir.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace contour::test {

struct CliRun {
  int exit_code = -1;     ///< exit status, or -1 if the program did not exit normally
  int signal = 0;         ///< signal that ended it, 0 if none
  bool timed_out = false; ///< killed after the time limit (a hang)
  std::string out, err;
};

/// Number of lines in `text` (a final line without '\n' counts too).
inline int count_lines(const std::string& text) {
  int n = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  if (!text.empty() && text.back() != '\n') ++n;
  return n;
}

/// Runs `program args...`; the program's stdout and stderr go to files in a private folder.
inline CliRun run_program(const std::string& program, const std::vector<std::string>& args,
                          double timeout_s = 300.0) {
  TempDir io;
  const std::string out_path = io.file("stdout"), err_path = io.file("stderr");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<std::string> argv_s{program};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("test: cannot start " + program + ": " + std::strerror(rc));

  CliRun run;
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  for (;;) {
    const pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0) throw std::runtime_error("test: waitpid failed");
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      run.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (!run.timed_out) {
    if (WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) run.signal = WTERMSIG(status);
  }
  run.out = read_bytes(out_path);
  run.err = read_bytes(err_path);
  return run;
}

/// Runs the `contour` CLI built with the tests.
inline CliRun run_cli(const std::vector<std::string>& args, double timeout_s = 300.0) {
  return run_program(CONTOUR_CLI_PATH, args, timeout_s);
}

}  // namespace contour::test
