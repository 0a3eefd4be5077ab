#pragma once
// Files an expensive test set-up writes (a phantom and its plans made by the `contour` program),
// kept beside the test executable for the next test process: ctest runs every test in its own
// process, so a fixture shared by six tests would otherwise be rebuilt six times. The cache is
// keyed by a name and by the size and modification time of this executable and of the contour
// program, so a rebuild never reads stale files. A cache that cannot be written only costs time.
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>
#include <system_error>
#include <vector>

namespace contour::test {

namespace detail {
inline std::string file_stamp(const std::filesystem::path& p) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(p, ec);
  if (ec) return {};
  const auto time = std::filesystem::last_write_time(p, ec).time_since_epoch().count();
  if (ec) return {};
  return std::to_string(size) + "-" + std::to_string(time);
}
}  // namespace detail

/// Copies `names` from the cache into `into` when a complete earlier copy exists; otherwise calls
/// `build` (which writes them into `into`) and stores them. Returns true when they were restored.
inline bool restore_or_build(const std::string& key, const std::filesystem::path& into, const std::vector<std::string>& names,
                             const std::function<void()>& build) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  std::string stamp;
  if (!ec) {
    const std::string a = detail::file_stamp(exe);
#ifdef CONTOUR_CLI_PATH
    const std::string b = detail::file_stamp(CONTOUR_CLI_PATH);
#else
    const std::string b = "no-cli";
#endif
    if (!a.empty() && !b.empty()) stamp = key + "-" + a + "-" + b;
  }
  const fs::path root = stamp.empty() ? fs::path() : exe.parent_path() / "fixture-cache";
  if (!stamp.empty()) {
    const fs::path dir = root / stamp;
    bool complete = fs::is_directory(dir, ec);
    for (const std::string& n : names) complete = complete && fs::is_regular_file(dir / n, ec);
    if (complete) {
      bool copied = true;
      for (const std::string& n : names)
        copied = copied && fs::copy_file(dir / n, into / n, fs::copy_options::overwrite_existing, ec);
      if (copied) return true;
    }
  }
  build();
  if (stamp.empty()) return false;
  // Stored under a private name first, then renamed: a reader never sees half a set. Sets of
  // earlier builds of the same key are removed.
  for (const auto& e : fs::directory_iterator(root, ec))
    if (e.path().filename().string().rfind(key + "-", 0) == 0 && e.path().filename() != stamp) fs::remove_all(e.path(), ec);
  const fs::path tmp = root / (".tmp-" + stamp + "-" + std::to_string(::getpid()));
  fs::create_directories(tmp, ec);
  bool ok = !ec;
  for (const std::string& n : names) ok = ok && fs::copy_file(into / n, tmp / n, fs::copy_options::overwrite_existing, ec);
  if (ok) fs::rename(tmp, root / stamp, ec);  // fails when another process stored it first: fine
  fs::remove_all(tmp, ec);
  return false;
}

}  // namespace contour::test
