#include "contour/core/mesh_ops.hpp"

#include <unordered_map>

namespace contour {

double enclosed_volume(const Mesh& m) {
  double v = 0;
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
    const Eigen::Vector3d a = m.V.row(m.F(f, 0)), b = m.V.row(m.F(f, 1)), c = m.V.row(m.F(f, 2));
    v += a.dot(b.cross(c));
  }
  return v / 6.0;
}

double surface_area(const Mesh& m) {
  double s = 0;
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
    const Eigen::Vector3d a = m.V.row(m.F(f, 0)), b = m.V.row(m.F(f, 1)), c = m.V.row(m.F(f, 2));
    s += 0.5 * (b - a).cross(c - a).norm();
  }
  return s;
}

Mesh subdivide_midpoint(const Mesh& m) {
  std::unordered_map<std::uint64_t, int> mid;
  mid.reserve(static_cast<std::size_t>(m.num_faces()) * 2);
  std::vector<Eigen::Vector3d> extra;
  const auto nv = static_cast<int>(m.num_vertices());
  auto midpoint = [&](int a, int b) {
    const std::uint64_t key = a < b ? (static_cast<std::uint64_t>(a) << 32 | static_cast<std::uint32_t>(b))
                                    : (static_cast<std::uint64_t>(b) << 32 | static_cast<std::uint32_t>(a));
    auto [it, inserted] = mid.emplace(key, nv + static_cast<int>(extra.size()));
    if (inserted) extra.push_back(0.5 * (m.V.row(a) + m.V.row(b)).transpose());
    return it->second;
  };
  Mesh out;
  out.F.resize(4 * m.num_faces(), 3);
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
    const int a = m.F(f, 0), b = m.F(f, 1), c = m.F(f, 2);
    const int ab = midpoint(a, b), bc = midpoint(b, c), ca = midpoint(c, a);
    out.F.row(4 * f + 0) << a, ab, ca;
    out.F.row(4 * f + 1) << ab, b, bc;
    out.F.row(4 * f + 2) << ca, bc, c;
    out.F.row(4 * f + 3) << ab, bc, ca;
  }
  out.V.resize(nv + static_cast<Eigen::Index>(extra.size()), 3);
  out.V.topRows(nv) = m.V;
  for (std::size_t i = 0; i < extra.size(); ++i) out.V.row(nv + static_cast<Eigen::Index>(i)) = extra[i];
  return out;
}

}  // namespace contour
