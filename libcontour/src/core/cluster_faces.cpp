// Vertex clustering for a coarse display copy of a triangle list.
#include "contour/core/cluster_faces.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>

namespace contour {

std::vector<int> cluster_faces(const float* xyz, std::size_t num_points, const std::vector<int>& faces, double cell_size) {
  if (!(cell_size > 0) || !std::isfinite(cell_size) || faces.empty()) return faces;
  // Cell key of each used vertex; the representative of a cell is its lowest-indexed vertex.
  float lo[3] = {0, 0, 0};
  bool first = true;
  for (int v : faces) {
    if (v < 0 || static_cast<std::size_t>(v) >= num_points) return faces;  // not ours to judge
    for (int k = 0; k < 3; ++k) lo[k] = first ? xyz[3 * v + k] : std::min(lo[k], xyz[3 * v + k]);
    first = false;
  }
  auto key_of = [&](int v) {
    std::uint64_t key = 0;
    for (int k = 0; k < 3; ++k) {
      const auto c = static_cast<std::uint64_t>(std::floor((xyz[3 * v + k] - lo[k]) / cell_size));
      key = (key << 21) | (c & ((std::uint64_t{1} << 21) - 1));
    }
    return key;
  };
  std::unordered_map<std::uint64_t, int> rep;
  rep.reserve(faces.size() / 3);
  std::unordered_map<int, int> rep_of;  // vertex -> its cell's representative
  rep_of.reserve(faces.size() / 3);
  std::vector<int> sorted(faces);
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  for (int v : sorted) {
    const auto [it, inserted] = rep.emplace(key_of(v), v);  // ascending v: the first is the lowest
    rep_of.emplace(v, it->second);
  }
  std::vector<int> out;
  out.reserve(faces.size() / 4);
  struct Hash {
    std::size_t operator()(const std::array<int, 3>& t) const noexcept {
      return (static_cast<std::size_t>(t[0]) * 73856093u) ^ (static_cast<std::size_t>(t[1]) * 19349663u) ^
             (static_cast<std::size_t>(t[2]) * 83492791u);
    }
  };
  std::unordered_set<std::array<int, 3>, Hash> seen;
  seen.reserve(faces.size() / 4);
  for (std::size_t f = 0; f + 2 < faces.size(); f += 3) {
    const int a = rep_of[faces[f]], b = rep_of[faces[f + 1]], c = rep_of[faces[f + 2]];
    if (a == b || b == c || a == c) continue;
    // The same triangle with either winding is one (a fold of the surface in one cell).
    std::array<int, 3> t = {a, b, c};
    std::sort(t.begin(), t.end());
    if (!seen.insert(t).second) continue;
    out.push_back(a);
    out.push_back(b);
    out.push_back(c);
  }
  return out;
}

double cluster_cell_for(double area, std::size_t target_triangles) {
  if (!(area > 0) || target_triangles == 0) return 0.0;
  return std::sqrt(2.0 * area / static_cast<double>(target_triangles));
}

}  // namespace contour
