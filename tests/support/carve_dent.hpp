#pragma once
// Dents of known volume carved into a body along the skin normal: truth that the planner's
// method did not design. The exact carved volume is the volume between the surface before and
// after (divergence theorem over the moved faces; the dent's rim does not move, so the
// difference is a closed surface and the sum does not depend on the reference point).
#include "contour/core/mesh.hpp"
#include "contour/target/refine_region.hpp"

#include <cmath>
#include <vector>

namespace contour::test {

struct DentSpec {
  int side = 1;                 ///< 0 = patient's left (-x), 1 = right (+x)
  double centre_z_mm = 0;       ///< height of the dent's centre (canonical frame)
  double arc_offset_mm = 0;     ///< centre moved this far forwards (+) or backwards (-) from the lateral-most point
  double depth_mm = 10;         ///< maximum inward displacement along the normal
  double height_mm = 40;        ///< vertical extent (support)
  double width_mm = 60;         ///< front-to-back extent (support, measured as horizontal distance)
};

/// Area-weighted vertex normals (outward for the canonical, outward-oriented mesh).
inline Vertices vertex_normals(const Mesh& m) {
  Vertices n = Vertices::Zero(m.num_vertices(), 3);
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
    const Eigen::Vector3d a = m.V.row(m.F(f, 0)), b = m.V.row(m.F(f, 1)), c = m.V.row(m.F(f, 2));
    const Eigen::Vector3d fn = (b - a).cross(c - a);
    for (int k = 0; k < 3; ++k) n.row(m.F(f, k)) += fn.transpose();
  }
  for (Eigen::Index v = 0; v < n.rows(); ++v) {
    const double l = n.row(v).norm();
    if (l > 0) n.row(v) /= l;
  }
  return n;
}

/// Signed volume enclosed between `before` and `after` (same faces): after minus before.
inline double volume_change_mm3(const Vertices& before, const Vertices& after, const Faces& F, const Eigen::Vector3d& o) {
  double v = 0;
  for (Eigen::Index f = 0; f < F.rows(); ++f) {
    bool moved = false;
    for (int k = 0; k < 3; ++k) moved = moved || before.row(F(f, k)) != after.row(F(f, k));
    if (!moved) continue;
    auto det = [&](const Vertices& V) {
      const Eigen::Vector3d a = V.row(F(f, 0)).transpose() - o, b = V.row(F(f, 1)).transpose() - o,
                            c = V.row(F(f, 2)).transpose() - o;
      return a.dot(b.cross(c)) / 6.0;
    };
    v += det(after) - det(before);
  }
  return v;
}

inline double bump(double t) { return std::abs(t) < 1 ? (1 - t * t) * (1 - t * t) : 0.0; }

/// The dent's centre on the skin: walk |arc_offset_mm| along a cross-section of the body (a
/// closed polyline on the surface, e.g. the silhouette's body loop at that height, which leaves
/// out the arms) from its point nearest `lateral`, forwards (offset > 0, +y) or backwards.
inline Eigen::Vector3d dent_centre(const std::vector<Eigen::Vector2d>& loop, double z, const DentSpec& d,
                                   const Eigen::Vector3d& lateral) {
  if (loop.size() < 3) return lateral;
  std::size_t i0 = 0;
  for (std::size_t i = 0; i < loop.size(); ++i)
    if ((loop[i] - lateral.head<2>()).norm() < (loop[i0] - lateral.head<2>()).norm()) i0 = i;
  if (d.arc_offset_mm == 0) return {loop[i0].x(), loop[i0].y(), z};
  const std::size_t n = loop.size();
  // Which way along the loop is forwards here.
  const int dir = (loop[(i0 + 1) % n].y() > loop[(i0 + n - 1) % n].y()) == (d.arc_offset_mm > 0) ? 1 : -1;
  double left = std::abs(d.arc_offset_mm);
  std::size_t i = i0;
  for (std::size_t step = 0; step < n; ++step) {
    const std::size_t j = (i + n + static_cast<std::size_t>(dir + static_cast<int>(n))) % n;
    const double l = (loop[j] - loop[i]).norm();
    if (l >= left) {
      const Eigen::Vector2d p = loop[i] + (loop[j] - loop[i]) * (left / l);
      return {p.x(), p.y(), z};
    }
    left -= l;
    i = j;
  }
  return {loop[i0].x(), loop[i0].y(), z};
}

/// Carves the dent into `m` centred at the skin point `c` (see dent_centre) (refining the area first so the dent is resolved). Returns the exact
/// carved volume in mL (positive: volume removed).
inline double carve_dent(Mesh& m, const DentSpec& d, const Eigen::Vector3d& c, double max_edge_mm = 2.0) {
  const double hz = 0.5 * d.height_mm, hw = 0.5 * d.width_mm;
  const double sign = d.side == 1 ? 1.0 : -1.0;
  m = refine_region(m, max_edge_mm, [&](const Eigen::Vector3d& p) {
    return std::abs(p.z() - c.z()) < hz + 6 && std::hypot(p.x() - c.x(), p.y() - c.y()) < hw + 6 && sign * p.x() > 0;
  });
  const Vertices n = vertex_normals(m);
  Eigen::Vector3d n0(0, 0, 0);
  for (Eigen::Index v = 0; v < m.num_vertices(); ++v)
    if ((m.V.row(v).transpose() - c).norm() < 6) n0 += n.row(v).transpose();
  n0.normalize();
  Vertices after = m.V;
  for (Eigen::Index v = 0; v < m.num_vertices(); ++v) {
    const Eigen::Vector3d p = m.V.row(v);
    if (sign * p.x() <= 0 || n.row(v).dot(n0) < 0.3 || sign * p.x() > sign * c.x() + hw) continue;
    const double g = bump((p.z() - c.z()) / hz) * bump(std::hypot(p.x() - c.x(), p.y() - c.y()) / hw);
    if (g <= 0) continue;
    after.row(v) -= d.depth_mm * g * n.row(v);
  }
  const double carved = -volume_change_mm3(m.V, after, m.F, c) / 1000.0;
  m.V = after;
  return carved;
}

}  // namespace contour::test
