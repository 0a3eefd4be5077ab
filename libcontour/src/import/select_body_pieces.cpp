#include "contour/import/detect_frame.hpp"

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <unordered_map>

namespace contour {
namespace {

struct CellKey {
  long long x, y, z;
  bool operator==(const CellKey& o) const { return x == o.x && y == o.y && z == o.z; }
};
struct CellHash {
  std::size_t operator()(const CellKey& k) const {
    // Unsigned arithmetic: the products wrap instead of overflowing (undefined for signed), e.g.
    // for a scan placed far from the origin.
    return static_cast<std::size_t>(static_cast<std::uint64_t>(k.x) * 73856093u ^ static_cast<std::uint64_t>(k.y) * 19349663u ^
                                    static_cast<std::uint64_t>(k.z) * 83492791u);
  }
};

}  // namespace

PieceSelection select_body_pieces(const Mesh& mesh, const Pieces& pieces, double stray_area_fraction) {
  const std::size_t n = pieces.area.size();
  PieceSelection sel;
  sel.keep.assign(n, false);
  sel.role.assign(n, "stray");
  if (n == 0) return sel;
  const auto main = static_cast<std::size_t>(std::max_element(pieces.area.begin(), pieces.area.end()) - pieces.area.begin());
  sel.keep[main] = true;
  sel.role[main] = "body";
  if (n == 1) return sel;

  // Proximity grid over the body's vertices: a piece whose vertices mostly lie within `d` of
  // the body is a shell on the skin (clothing or helper geometry), not a limb.
  const double d = 0.012 * pieces.box[main].extent().norm();
  std::unordered_map<CellKey, std::vector<int>, CellHash> grid;
  std::vector<std::vector<int>> piece_vertices(n);
  {
    std::vector<int> vpiece(static_cast<std::size_t>(mesh.num_vertices()), -1);
    for (Eigen::Index f = 0; f < mesh.num_faces(); ++f)
      for (int k = 0; k < 3; ++k) vpiece[mesh.F(f, k)] = pieces.face_piece[static_cast<std::size_t>(f)];
    for (Eigen::Index v = 0; v < mesh.num_vertices(); ++v)
      if (vpiece[v] >= 0) piece_vertices[vpiece[v]].push_back(static_cast<int>(v));
  }
  auto cell = [&](const Eigen::Vector3d& p) {
    // Clamped so that a piece far away cannot overflow the integer cell index.
    auto index = [&](double v) { return static_cast<long long>(std::clamp(std::floor(v / d), -1e15, 1e15)); };
    return CellKey{index(p.x()), index(p.y()), index(p.z())};
  };
  for (int v : piece_vertices[main]) grid[cell(mesh.V.row(v))].push_back(v);

  std::vector<Eigen::Vector3d> main_centroids;
  std::vector<double> main_areas;
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f) {
    if (pieces.face_piece[static_cast<std::size_t>(f)] != static_cast<int>(main)) continue;
    const Eigen::Vector3d a = mesh.V.row(mesh.F(f, 0)), b = mesh.V.row(mesh.F(f, 1)), c = mesh.V.row(mesh.F(f, 2));
    main_centroids.push_back((a + b + c) / 3.0);
    main_areas.push_back(0.5 * (b - a).cross(c - a).norm());
  }
  for (std::size_t p = 0; p < n; ++p) {
    if (p == main) continue;
    if (pieces.area[p] < stray_area_fraction * pieces.area[main]) continue;  // stray
    long long near = 0;
    for (int v : piece_vertices[p]) {
      const Eigen::Vector3d q = mesh.V.row(v);
      const CellKey c = cell(q);
      bool found = false;
      for (long long dx = -1; dx <= 1 && !found; ++dx)
        for (long long dy = -1; dy <= 1 && !found; ++dy)
          for (long long dz = -1; dz <= 1 && !found; ++dz) {
            auto it = grid.find({c.x + dx, c.y + dy, c.z + dz});
            if (it == grid.end()) continue;
            for (int w : it->second)
              if ((mesh.V.row(w).transpose() - q).squaredNorm() <= d * d) { found = true; break; }
          }
      near += found ? 1 : 0;
    }
    const double near_fraction = piece_vertices[p].empty() ? 0.0 : static_cast<double>(near) / piece_vertices[p].size();
    // Enclosure: a shell around the body (a skirt, tights) holds a large part of the body's
    // surface inside its bounding box; an arm beside the body holds little of it.
    const BoundingBox& pb = pieces.box[p];
    double inside_area = 0;
    for (std::size_t k = 0; k < main_centroids.size(); ++k) {
      const Eigen::Vector3d& c = main_centroids[k];
      if ((c.array() >= pb.min.array()).all() && (c.array() <= pb.max.array()).all()) inside_area += main_areas[k];
    }
    const double enclosed_fraction = inside_area / pieces.area[main];
    const bool helper = near_fraction >= 0.5 || enclosed_fraction >= 0.2;
    sel.role[p] = helper ? "helper" : "limb";
    sel.keep[p] = !helper;
  }
  return sel;
}

}  // namespace contour
