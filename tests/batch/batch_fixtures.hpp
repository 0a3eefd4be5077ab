#pragma once
// Scan folders for the batch tests: small phantoms (voxel 8 mm, a fraction of a second each to
// plan), some mirrored so that the deeper dip is on the other side.
#include "contour/batch/summary_csv.hpp"
#include "contour/io/read_mesh.hpp"
#include "contour/io/write_mesh.hpp"
#include "contour/phantom/make_phantom.hpp"
#include "temp_dir.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace contour::test {

/// Phantom meshes: 0 = dips left 10 mm, right 14 mm; 1 = both 12 mm. Made once and kept in
/// the build tree (next to the `contour` program), because ctest runs every test in a process
/// of its own and making a phantom costs about a second; a kept file is only a valid body, the
/// tests compare nothing against the phantom's truth.
inline const Mesh& phantom_mesh(int which) {
  auto make = [](int w) {
    namespace fs = std::filesystem;
    const double left = w == 0 ? 10 : 12, right = w == 0 ? 14 : 12;
    const fs::path cache = fs::path(CONTOUR_CLI_PATH).parent_path().parent_path() / "tests" / "batch-phantoms" /
                           ("phantom-v1-voxel8-" + std::to_string(w) + ".ply");
    std::error_code ec;
    if (fs::is_regular_file(cache, ec)) {
      try {
        return read_mesh(cache.string()).mesh;
      } catch (const std::exception&) {
        // remade below
      }
    }
    PhantomOptions o;
    o.voxel_mm = 8.0;
    o.left.depth_mm = left;
    o.right.depth_mm = right;
    Mesh m = make_phantom(o).mesh;
    fs::create_directories(cache.parent_path(), ec);
    try {
      write_mesh(cache.string(), m);  // atomic: parallel test processes may race harmlessly
    } catch (const std::exception&) {
      // no cache then
    }
    return m;
  };
  static const Mesh meshes[2] = {make(0), make(1)};
  return meshes[which];
}

/// Writes phantom `which` to `path` (format from the extension); `mirrored` swaps the patient's
/// left and right (x -> -x, faces flipped to stay outward).
inline void write_phantom(const std::string& path, int which, bool mirrored = false) {
  Mesh m = phantom_mesh(which);
  if (mirrored) {
    m.V.col(0) *= -1.0;
    m.F.col(1).swap(m.F.col(2));
  }
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  write_mesh(path, m);
}

/// Every regular file under `root`, relative, '/'-separated.
inline std::vector<std::string> all_files(const std::filesystem::path& root) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root))
    if (e.is_regular_file()) out.push_back(e.path().lexically_relative(root).generic_string());
  std::sort(out.begin(), out.end());
  return out;
}

/// Files that look like leftovers of an unfinished atomic write (hidden or ".tmp.").
inline std::vector<std::string> temp_files(const std::filesystem::path& root) {
  std::vector<std::string> out;
  for (const auto& f : all_files(root)) {
    const std::string name = std::filesystem::path(f).filename().string();
    if (name[0] == '.' || f.find(".tmp.") != std::string::npos) out.push_back(f);
  }
  return out;
}

/// Summary rows by file.
inline std::map<std::string, ScanRecord> rows_by_file(const std::string& summary_path) {
  std::map<std::string, ScanRecord> out;
  for (auto& r : read_summary_csv(summary_path)) out[r.file] = r;
  return out;
}

}  // namespace contour::test
