#include "contour/import/detect_frame.hpp"

#include "core/bucket_by_key.hpp"
#include "core/for_ranges.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <functional>

namespace contour {

PieceSelection select_body_pieces(const Mesh& mesh, const Pieces& pieces, double stray_area_fraction) {
  const std::size_t n = pieces.area.size();
  PieceSelection sel;
  sel.keep.assign(n, false);
  sel.role.assign(n, "stray");
  if (n == 0) return sel;
  const auto main = static_cast<std::size_t>(std::max_element(pieces.area.begin(), pieces.area.end()) - pieces.area.begin());
  sel.keep[main] = true;
  sel.role[main] = "body";
  std::vector<std::size_t> candidates;  // pieces big enough not to be strays
  for (std::size_t p = 0; p < n; ++p)
    if (p != main && pieces.area[p] >= stray_area_fraction * pieces.area[main]) candidates.push_back(p);
  if (candidates.empty()) return sel;

  // Proximity grid over the body's vertices: a piece whose vertices mostly lie within `d` of
  // the body is a shell on the skin (clothing or helper geometry), not a limb. The grid is a
  // dense array of cells of size d over the body's box (at most ~90 cells along each axis,
  // since d is a fixed fraction of the box diagonal), its vertices grouped per cell.
  const BoundingBox& body_box = pieces.box[main];
  const double d = 0.012 * body_box.extent().norm();
  std::vector<int> vpiece(static_cast<std::size_t>(mesh.num_vertices()), -1);
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f)
    for (int k = 0; k < 3; ++k) vpiece[static_cast<std::size_t>(mesh.F(f, k))] = pieces.face_piece[static_cast<std::size_t>(f)];
  const Eigen::Vector3d origin = body_box.min;
  Eigen::Vector3i dims;
  for (int a = 0; a < 3; ++a) dims[a] = std::max(1, static_cast<int>(std::ceil(body_box.extent()[a] / d)) + 1);
  auto cell_of = [&](const Eigen::Vector3d& q, int a) { return static_cast<int>(std::floor((q[a] - origin[a]) / d)); };
  auto cell_index = [&](int x, int y, int z) {
    return (static_cast<std::size_t>(z) * static_cast<std::size_t>(dims.y()) + static_cast<std::size_t>(y)) *
               static_cast<std::size_t>(dims.x()) + static_cast<std::size_t>(x);
  };
  std::vector<int> body_vertices;
  for (std::size_t v = 0; v < vpiece.size(); ++v)
    if (vpiece[v] == static_cast<int>(main)) body_vertices.push_back(static_cast<int>(v));
  const std::size_t n_cells = cell_index(0, 0, dims.z());
  const Buckets grid = bucket_by_key(body_vertices.size(), n_cells, [&](std::size_t i) {
    const Eigen::Vector3d q = mesh.V.row(body_vertices[i]);
    return cell_index(std::clamp(cell_of(q, 0), 0, dims.x() - 1), std::clamp(cell_of(q, 1), 0, dims.y() - 1),
                      std::clamp(cell_of(q, 2), 0, dims.z() - 1));
  });
  auto near_body = [&](const Eigen::Vector3d& q) {
    int c[3];
    for (int a = 0; a < 3; ++a) {
      const double t = std::floor((q[a] - origin[a]) / d);
      if (!(t >= -1.0 && t <= dims[a])) return false;  // more than one cell outside the box (or NaN)
      c[a] = static_cast<int>(t);
    }
    for (int z = std::max(0, c[2] - 1); z <= std::min(dims.z() - 1, c[2] + 1); ++z)
      for (int y = std::max(0, c[1] - 1); y <= std::min(dims.y() - 1, c[1] + 1); ++y)
        for (int x = std::max(0, c[0] - 1); x <= std::min(dims.x() - 1, c[0] + 1); ++x) {
          const std::size_t cell = cell_index(x, y, z);
          for (int j = grid.start[cell]; j < grid.start[cell + 1]; ++j) {
            const int w = body_vertices[static_cast<std::size_t>(grid.order[static_cast<std::size_t>(j)])];
            if ((mesh.V.row(w).transpose() - q).squaredNorm() <= d * d) return true;
          }
        }
    return false;
  };

  std::vector<std::vector<int>> piece_vertices(n);
  for (std::size_t v = 0; v < vpiece.size(); ++v)
    if (vpiece[v] >= 0 && vpiece[v] != static_cast<int>(main)) piece_vertices[static_cast<std::size_t>(vpiece[v])].push_back(static_cast<int>(v));
  std::vector<Eigen::Index> main_faces;
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f)
    if (pieces.face_piece[static_cast<std::size_t>(f)] == static_cast<int>(main)) main_faces.push_back(f);
  std::vector<Eigen::Vector3d> main_centroids(main_faces.size());
  std::vector<double> main_areas(main_faces.size());
  detail::for_ranges(static_cast<Eigen::Index>(main_faces.size()), [&](Eigen::Index begin, Eigen::Index end) {
    for (auto i = static_cast<std::size_t>(begin); i != static_cast<std::size_t>(end); ++i) {
      const Eigen::Index f = main_faces[i];
      const Eigen::Vector3d a = mesh.V.row(mesh.F(f, 0)), b = mesh.V.row(mesh.F(f, 1)), c = mesh.V.row(mesh.F(f, 2));
      main_centroids[i] = (a + b + c) / 3.0;
      main_areas[i] = 0.5 * (b - a).cross(c - a).norm();
    }
  });
  for (std::size_t p : candidates) {
    long long near = 0;
    for (int v : piece_vertices[p]) near += near_body(mesh.V.row(v).transpose()) ? 1 : 0;
    const double near_fraction = piece_vertices[p].empty() ? 0.0 : static_cast<double>(near) / piece_vertices[p].size();
    // Enclosure: a shell around the body (a skirt, tights) holds a large part of the body's
    // surface inside its bounding box; an arm beside the body holds little of it.
    const BoundingBox& pb = pieces.box[p];
    const double inside_area = tbb::parallel_deterministic_reduce(
        tbb::blocked_range<std::size_t>(0, main_centroids.size(), 1 << 14), 0.0,
        [&](const tbb::blocked_range<std::size_t>& r, double sum) {
          for (std::size_t k = r.begin(); k != r.end(); ++k) {
            const Eigen::Vector3d& c = main_centroids[k];
            if ((c.array() >= pb.min.array()).all() && (c.array() <= pb.max.array()).all()) sum += main_areas[k];
          }
          return sum;
        },
        std::plus<double>());
    const double enclosed_fraction = inside_area / pieces.area[main];
    const bool helper = near_fraction >= 0.5 || enclosed_fraction >= 0.2;
    sel.role[p] = helper ? "helper" : "limb";
    sel.keep[p] = !helper;
  }
  return sel;
}

}  // namespace contour
