#include "contour/target/refine_region.hpp"

#include <array>
#include <unordered_map>
#include <vector>

namespace contour {
namespace {
std::uint64_t key(int a, int b) {
  if (a > b) std::swap(a, b);
  return (static_cast<std::uint64_t>(a) << 32) | static_cast<std::uint32_t>(b);
}
}  // namespace

Mesh refine_region(const Mesh& mesh, double max_edge_mm, const std::function<bool(const Eigen::Vector3d&)>& in_region,
                   int max_passes) {
  std::vector<Eigen::Vector3d> V(static_cast<std::size_t>(mesh.num_vertices()));
  for (Eigen::Index i = 0; i < mesh.num_vertices(); ++i) V[static_cast<std::size_t>(i)] = mesh.V.row(i);
  std::vector<std::array<int, 3>> F(static_cast<std::size_t>(mesh.num_faces()));
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f) F[static_cast<std::size_t>(f)] = {mesh.F(f, 0), mesh.F(f, 1), mesh.F(f, 2)};
  const double limit2 = max_edge_mm * max_edge_mm;

  for (int pass = 0; pass < max_passes; ++pass) {
    // Mark the longest edge of every long-edged face in the region.
    std::unordered_map<std::uint64_t, int> split;  // edge -> new vertex index
    for (const auto& t : F) {
      const Eigen::Vector3d c = (V[t[0]] + V[t[1]] + V[t[2]]) / 3.0;
      int longest = -1;
      double len = limit2;
      for (int e = 0; e < 3; ++e) {
        const double l = (V[t[e]] - V[t[(e + 1) % 3]]).squaredNorm();
        if (l > len) len = l, longest = e;
      }
      if (longest < 0 || !in_region(c)) continue;
      const std::uint64_t k = key(t[longest], t[(longest + 1) % 3]);
      if (!split.count(k)) {
        split.emplace(k, static_cast<int>(V.size()));
        V.push_back(0.5 * (V[t[longest]] + V[t[(longest + 1) % 3]]));
      }
    }
    if (split.empty()) break;
    // Split every face along its marked edges (1, 2 or 3 of them), keeping orientation.
    std::vector<std::array<int, 3>> out;
    out.reserve(F.size() + 2 * split.size());
    for (const auto& t : F) {
      int mid[3];
      int count = 0;
      for (int e = 0; e < 3; ++e) {
        const auto it = split.find(key(t[e], t[(e + 1) % 3]));
        mid[e] = it == split.end() ? -1 : it->second;
        count += mid[e] >= 0;
      }
      if (count == 0) {
        out.push_back(t);
      } else if (count == 3) {
        out.push_back({t[0], mid[0], mid[2]});
        out.push_back({mid[0], t[1], mid[1]});
        out.push_back({mid[2], mid[1], t[2]});
        out.push_back({mid[0], mid[1], mid[2]});
      } else if (count == 1) {
        const int e = mid[0] >= 0 ? 0 : mid[1] >= 0 ? 1 : 2;
        const int a = t[e], b = t[(e + 1) % 3], c = t[(e + 2) % 3], m = mid[e];
        out.push_back({a, m, c});
        out.push_back({m, b, c});
      } else {
        // Two marked edges: the unmarked one is e; split into three triangles.
        const int e = mid[0] < 0 ? 0 : mid[1] < 0 ? 1 : 2;
        const int a = t[e], b = t[(e + 1) % 3], c = t[(e + 2) % 3];
        const int mbc = mid[(e + 1) % 3], mca = mid[(e + 2) % 3];
        out.push_back({a, b, mbc});
        out.push_back({a, mbc, mca});
        out.push_back({mca, mbc, c});
      }
    }
    F.swap(out);
  }
  Mesh r;
  r.V.resize(static_cast<Eigen::Index>(V.size()), 3);
  for (std::size_t i = 0; i < V.size(); ++i) r.V.row(static_cast<Eigen::Index>(i)) = V[i];
  r.F.resize(static_cast<Eigen::Index>(F.size()), 3);
  for (std::size_t f = 0; f < F.size(); ++f) r.F.row(static_cast<Eigen::Index>(f)) << F[f][0], F[f][1], F[f][2];
  return r;
}

}  // namespace contour
