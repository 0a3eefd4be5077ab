#include "contour/target/refine_region.hpp"

#include "core/for_ranges.hpp"

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
  // Only the faces near the region are copied out and worked on; the rest of a large scan is
  // copied once, in bulk, into the result.
  const auto nv0 = static_cast<int>(mesh.num_vertices());
  std::vector<Eigen::Vector3d> extra;  // new vertices, numbered from nv0
  auto vert = [&](int i) -> Eigen::Vector3d {
    return i < nv0 ? Eigen::Vector3d(mesh.V.row(i).transpose()) : extra[static_cast<std::size_t>(i - nv0)];
  };
  const double limit2 = max_edge_mm * max_edge_mm;

  // Faces in the region are "active": only they (and their descendants) choose edges to split.
  // The faces sharing a vertex with them form a margin that is split only to stay conforming;
  // every edge an active face can mark is shared with an active or margin face, so only those
  // faces need to be visited, and nothing else in a large scan is touched.
  std::vector<char> is_active(static_cast<std::size_t>(mesh.num_faces()), 0);
  std::vector<char> near(static_cast<std::size_t>(nv0), 0);
  // (`in_region` is called from several threads at once.)
  detail::for_ranges(mesh.num_faces(), [&](Eigen::Index begin, Eigen::Index end) {
    for (Eigen::Index f = begin; f != end; ++f) {
      const Eigen::Vector3d c = (mesh.V.row(mesh.F(f, 0)) + mesh.V.row(mesh.F(f, 1)) + mesh.V.row(mesh.F(f, 2))).transpose() / 3.0;
      is_active[static_cast<std::size_t>(f)] = in_region(c) ? 1 : 0;
    }
  });
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f)
    if (is_active[static_cast<std::size_t>(f)])
      for (int k = 0; k < 3; ++k) near[static_cast<std::size_t>(mesh.F(f, k))] = 1;
  // The visited faces: F[w] with its source face origin[w] (-1 for a face added by a split).
  std::vector<std::array<int, 3>> F;
  std::vector<Eigen::Index> origin;
  std::vector<char> active;
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f) {
    const std::array<int, 3> t = {mesh.F(f, 0), mesh.F(f, 1), mesh.F(f, 2)};
    if (is_active[static_cast<std::size_t>(f)] || near[static_cast<std::size_t>(t[0])] || near[static_cast<std::size_t>(t[1])] ||
        near[static_cast<std::size_t>(t[2])]) {
      F.push_back(t);
      origin.push_back(f);
      active.push_back(is_active[static_cast<std::size_t>(f)]);
    }
  }
  const std::size_t n_visited = F.size();

  for (int pass = 0; pass < max_passes; ++pass) {
    std::unordered_map<std::uint64_t, int> split;  // edge -> new vertex index
    for (std::size_t f = 0; f < F.size(); ++f) {
      if (!active[f]) continue;
      const auto& t = F[f];
      int longest = -1;
      double len = limit2;
      for (int e = 0; e < 3; ++e) {
        const double l = (vert(t[e]) - vert(t[(e + 1) % 3])).squaredNorm();
        if (l > len) len = l, longest = e;
      }
      if (longest < 0) continue;
      const std::uint64_t k = key(t[longest], t[(longest + 1) % 3]);
      if (!split.count(k)) {
        split.emplace(k, nv0 + static_cast<int>(extra.size()));
        extra.push_back(0.5 * (vert(t[longest]) + vert(t[(longest + 1) % 3])));
      }
    }
    if (split.empty()) break;
    // Split every visited face along its marked edges (1, 2 or 3), keeping orientation; the
    // first piece reuses the face's slot, the others are appended and inherit its flag.
    const std::size_t n_work = F.size();
    for (std::size_t f = 0; f < n_work; ++f) {
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
        origin.push_back(-1);
        active.push_back(active[f]);
      }
    }
  }
  Mesh r;
  r.V.resize(nv0 + static_cast<Eigen::Index>(extra.size()), 3);
  r.V.topRows(nv0) = mesh.V;
  for (std::size_t i = 0; i < extra.size(); ++i) r.V.row(nv0 + static_cast<Eigen::Index>(i)) = extra[i];
  // Faces: the input's, with the visited ones replaced by their first piece, then the added
  // pieces in the order they were made.
  r.F.resize(mesh.num_faces() + static_cast<Eigen::Index>(F.size() - n_visited), 3);
  r.F.topRows(mesh.num_faces()) = mesh.F;
  for (std::size_t w = 0; w < n_visited; ++w) r.F.row(origin[w]) << F[w][0], F[w][1], F[w][2];
  for (std::size_t w = n_visited; w < F.size(); ++w)
    r.F.row(mesh.num_faces() + static_cast<Eigen::Index>(w - n_visited)) << F[w][0], F[w][1], F[w][2];
  return r;
}

}  // namespace contour
