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

  // Faces in the region are "active": only they (and their descendants) choose edges to split.
  // The faces sharing a vertex with them form a margin that is split only to stay conforming;
  // every edge an active face can mark is shared with an active or margin face, so only those
  // faces need to be visited, and nothing else in a large scan is touched.
  std::vector<char> active(F.size(), 0);
  std::vector<char> near(V.size(), 0);
  for (std::size_t f = 0; f < F.size(); ++f) {
    const auto& t = F[f];
    if (in_region((V[t[0]] + V[t[1]] + V[t[2]]) / 3.0)) {
      active[f] = 1;
      for (int v : t) near[v] = 1;
    }
  }
  std::vector<std::size_t> work;  // indices into F of active and margin faces
  for (std::size_t f = 0; f < F.size(); ++f)
    if (active[f] || near[F[f][0]] || near[F[f][1]] || near[F[f][2]]) work.push_back(f);

  for (int pass = 0; pass < max_passes; ++pass) {
    std::unordered_map<std::uint64_t, int> split;  // edge -> new vertex index
    for (std::size_t f : work) {
      if (!active[f]) continue;
      const auto& t = F[f];
      int longest = -1;
      double len = limit2;
      for (int e = 0; e < 3; ++e) {
        const double l = (V[t[e]] - V[t[(e + 1) % 3]]).squaredNorm();
        if (l > len) len = l, longest = e;
      }
      if (longest < 0) continue;
      const std::uint64_t k = key(t[longest], t[(longest + 1) % 3]);
      if (!split.count(k)) {
        split.emplace(k, static_cast<int>(V.size()));
        V.push_back(0.5 * (V[t[longest]] + V[t[(longest + 1) % 3]]));
      }
    }
    if (split.empty()) break;
    // Split every visited face along its marked edges (1, 2 or 3), keeping orientation; the
    // first piece reuses the face's slot, the others are appended and inherit its flag.
    const std::size_t n_work = work.size();
    for (std::size_t w = 0; w < n_work; ++w) {
      const std::size_t f = work[w];
      const std::array<int, 3> t = F[f];
      int mid[3];
      int count = 0;
      for (int e = 0; e < 3; ++e) {
        const auto it = split.find(key(t[e], t[(e + 1) % 3]));
        mid[e] = it == split.end() ? -1 : it->second;
        count += mid[e] >= 0;
      }
      if (count == 0) continue;
      std::array<std::array<int, 3>, 4> pieces;
      int np = 0;
      if (count == 3) {
        pieces[np++] = {t[0], mid[0], mid[2]};
        pieces[np++] = {mid[0], t[1], mid[1]};
        pieces[np++] = {mid[2], mid[1], t[2]};
        pieces[np++] = {mid[0], mid[1], mid[2]};
      } else if (count == 1) {
        const int e = mid[0] >= 0 ? 0 : mid[1] >= 0 ? 1 : 2;
        const int a = t[e], b = t[(e + 1) % 3], c = t[(e + 2) % 3], m = mid[e];
        pieces[np++] = {a, m, c};
        pieces[np++] = {m, b, c};
      } else {
        const int e = mid[0] < 0 ? 0 : mid[1] < 0 ? 1 : 2;  // the unmarked edge
        const int a = t[e], b = t[(e + 1) % 3], c = t[(e + 2) % 3];
        const int mbc = mid[(e + 1) % 3], mca = mid[(e + 2) % 3];
        pieces[np++] = {a, b, mbc};
        pieces[np++] = {a, mbc, mca};
        pieces[np++] = {mca, mbc, c};
      }
      F[f] = pieces[0];
      for (int k = 1; k < np; ++k) {
        F.push_back(pieces[static_cast<std::size_t>(k)]);
        active.push_back(active[f]);
        work.push_back(F.size() - 1);
      }
    }
  }
  Mesh r;
  r.V.resize(static_cast<Eigen::Index>(V.size()), 3);
  for (std::size_t i = 0; i < V.size(); ++i) r.V.row(static_cast<Eigen::Index>(i)) = V[i];
  r.F.resize(static_cast<Eigen::Index>(F.size()), 3);
  for (std::size_t f = 0; f < F.size(); ++f) r.F.row(static_cast<Eigen::Index>(f)) << F[f][0], F[f][1], F[f][2];
  return r;
}

}  // namespace contour
