#pragma once
// Meshes built in code for tests: a simple closed two-legged body (canonical frame, mm), a
// sphere and a box (closed, not bodies), and small helpers to move and cut meshes.
#include "contour/core/mesh.hpp"

#include <Eigen/Geometry>

#include <algorithm>
#include <cmath>
#include <vector>

namespace contour::test {

/// A standing body from the feet to the shoulders, lofted from horizontal rings: two legs
/// that meet at the crotch along a short seam, and one torso above. The surface is closed,
/// 2-manifold and consistently oriented (outward normals). Frame: +x patient's right,
/// +y anterior, +z up, mm, z = 0 at the soles, legs centred on x = +-leg_offset_mm.
struct BodyShape {
  double crotch_height_mm = 780;   ///< top of the legs
  double torso_length_mm = 650;    ///< crotch to the flat top (shoulder level)
  double leg_offset_mm = 80;       ///< lateral distance of each leg axis from the midline
  double thigh_radius_mm = 76;     ///< lateral radius of a leg just below the crotch
  double ankle_radius_mm = 45;     ///< lateral radius of a leg at the soles
  double hip_half_width_mm = 180;  ///< torso half width at the hips
  double waist_half_width_mm = 135;
  double chest_half_width_mm = 160;
  double torso_half_depth_mm = 95; ///< antero-posterior half depth of the torso
  double buttock_bulge = 0.45;     ///< extra posterior depth at the buttocks (fraction)
  double right_hip_extra = 0.0;    ///< extra half width on the patient's right (+x) at the hips (fraction), for asymmetry
  int ring_points = 32;            ///< points per leg ring (multiple of 4, >= 16)
  int leg_levels = 24;             ///< rings per leg below the crotch
  int torso_levels = 20;           ///< rings above the crotch
  bool separate_arms = false;      ///< add two closed arm cylinders hanging beside the hips, not touching the body
};

namespace detail {

inline double smoothstep(double t) {
  t = std::clamp(t, 0.0, 1.0);
  return t * t * (3 - 2 * t);
}

inline double lerp(double a, double b, double t) { return a + (b - a) * t; }

struct MeshAccumulator {
  std::vector<Eigen::Vector3d> v;
  std::vector<Eigen::Vector3i> f;
  int add(const Eigen::Vector3d& p) {
    v.push_back(p);
    return static_cast<int>(v.size()) - 1;
  }
  /// Quads between two rings of the same size, both counter-clockwise seen from +z, `a` below.
  void band(const std::vector<int>& a, const std::vector<int>& b) {
    const std::size_t n = a.size();
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t k = (j + 1) % n;
      f.emplace_back(a[j], a[k], b[k]);
      f.emplace_back(a[j], b[k], b[j]);
    }
  }
  /// Fan from `centre` closing a ring (counter-clockwise seen from +z); `up` = cap faces +z.
  void cap(const std::vector<int>& ring, int centre, bool up) {
    const std::size_t n = ring.size();
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t k = (j + 1) % n;
      if (up) f.emplace_back(centre, ring[j], ring[k]);
      else f.emplace_back(centre, ring[k], ring[j]);
    }
  }
  /// A closed vertical cylinder (capped).
  void cylinder(const Eigen::Vector2d& c, double r, double z0, double z1, int segments, int levels) {
    std::vector<int> prev;
    const int bottom = add({c.x(), c.y(), z0});
    for (int i = 0; i <= levels; ++i) {
      std::vector<int> ring;
      const double z = lerp(z0, z1, static_cast<double>(i) / levels);
      for (int j = 0; j < segments; ++j) {
        const double t = 2 * M_PI * j / segments;
        ring.push_back(add({c.x() + r * std::cos(t), c.y() + r * std::sin(t), z}));
      }
      if (i == 0) cap(ring, bottom, false);
      else band(prev, ring);
      prev = ring;
    }
    cap(prev, add({c.x(), c.y(), z1}), true);
  }
  [[nodiscard]] Mesh mesh() const {
    Mesh m;
    m.V.resize(static_cast<Eigen::Index>(v.size()), 3);
    for (std::size_t i = 0; i < v.size(); ++i) m.V.row(static_cast<Eigen::Index>(i)) = v[i];
    m.F.resize(static_cast<Eigen::Index>(f.size()), 3);
    for (std::size_t i = 0; i < f.size(); ++i) m.F.row(static_cast<Eigen::Index>(i)) = f[i];
    return m;
  }
};

}  // namespace detail

inline Mesh make_body_mesh(const BodyShape& s = {}) {
  using detail::lerp;
  detail::MeshAccumulator acc;
  const int M = s.ring_points;
  const double zc = s.crotch_height_mm;
  // Half-angle of the seam: the crotch ring of each leg is an ellipse clipped at x = 0, and
  // its points two steps either side of the medial direction lie exactly on x = 0.
  const double step = 2 * M_PI / M;
  const double alpha = 2 * step;
  const double crotch_rx = s.leg_offset_mm / std::cos(alpha);
  const double crotch_ry = 0.98 * s.thigh_radius_mm + 8;

  auto leg_ring_point = [&](int side, int j, double z) -> Eigen::Vector3d {
    // side +1 = patient's right (+x). The ring runs counter-clockwise seen from +z.
    const double t = 2 * M_PI * j / M;
    const double u = z / zc;
    const double rx = lerp(s.ankle_radius_mm, s.thigh_radius_mm, std::pow(u, 0.8));
    const double ry = lerp(s.ankle_radius_mm + 3, s.thigh_radius_mm + 4, std::pow(u, 0.8));
    return {side * s.leg_offset_mm + rx * std::cos(t), ry * std::sin(t), z};
  };

  // Legs: rings from the soles up to just below the crotch.
  std::vector<int> top_ring[2];
  for (int side_i = 0; side_i < 2; ++side_i) {
    const int side = side_i == 0 ? 1 : -1;
    std::vector<int> prev;
    const int sole = acc.add({side * s.leg_offset_mm, 0, 0});
    for (int i = 0; i < s.leg_levels; ++i) {
      const double z = zc * (static_cast<double>(i) / s.leg_levels);
      std::vector<int> ring;
      for (int j = 0; j < M; ++j) ring.push_back(acc.add(leg_ring_point(side, j, z)));
      if (i == 0) acc.cap(ring, sole, false);
      else acc.band(prev, ring);
      prev = ring;
    }
    top_ring[side_i] = prev;
  }

  // Crotch rings: clipped ellipses sharing the seam points on x = 0.
  auto crotch_point = [&](int side, int j) -> Eigen::Vector3d {
    const double t = 2 * M_PI * j / M;
    double x = side * s.leg_offset_mm + crotch_rx * std::cos(t);
    if (side * x < 0) x = 0;
    return {x, crotch_ry * std::sin(t), zc};
  };
  std::vector<int> right(M), left(M);
  for (int j = 0; j < M; ++j) right[j] = acc.add(crotch_point(+1, j));
  // Right seam: j = M/2-2 .. M/2+2 (medial side of the +x leg) equals left j = (2 - m) mod M.
  for (int j = 0; j < M; ++j) {
    bool seam = false;
    for (int m = 0; m <= 4; ++m)
      if (j == ((2 - m) % M + M) % M) {
        left[j] = right[M / 2 - 2 + m];
        seam = true;
      }
    if (!seam) left[j] = acc.add(crotch_point(-1, j));
  }
  acc.band(top_ring[0], right);
  acc.band(top_ring[1], left);

  // The crotch outline (counter-clockwise from +z) starting at the front end of the seam.
  std::vector<int> outline;
  outline.push_back(right[M / 2 - 2]);
  for (int j = 3; j <= M - 3; ++j) outline.push_back(left[j]);
  outline.push_back(right[M / 2 + 2]);
  for (int j = M / 2 + 3; j <= M / 2 - 3 + M; ++j) outline.push_back(right[j % M]);

  // Torso: the same rays from the midline, blended from the crotch outline into ellipses.
  auto half_width = [&](double h) {
    if (h < 100) return lerp(0.5 * (s.hip_half_width_mm + s.leg_offset_mm + crotch_rx), s.hip_half_width_mm, h / 100);
    if (h < 320) return lerp(s.hip_half_width_mm, s.waist_half_width_mm, detail::smoothstep((h - 100) / 220));
    return lerp(s.waist_half_width_mm, s.chest_half_width_mm, detail::smoothstep((h - 320) / 250));
  };
  std::vector<int> prev = outline;
  for (int i = 1; i <= s.torso_levels; ++i) {
    const double h = s.torso_length_mm * i / s.torso_levels;
    const double w = detail::smoothstep(h / 120.0);
    const double a = half_width(h), b = s.torso_half_depth_mm;
    const double buttocks = s.buttock_bulge * std::exp(-std::pow((h - 110) / 120, 2));
    const double hips = std::exp(-std::pow((h - 100) / 110, 2));
    std::vector<int> ring;
    for (int c : outline) {
      const Eigen::Vector3d p0 = acc.v[static_cast<std::size_t>(c)];
      const double psi = std::atan2(p0.y(), p0.x());
      double r = 1.0 / std::sqrt(std::pow(std::cos(psi) / a, 2) + std::pow(std::sin(psi) / b, 2));
      if (std::sin(psi) < 0) r *= 1 + buttocks * std::pow(std::sin(psi), 2);
      if (std::cos(psi) > 0) r *= 1 + s.right_hip_extra * hips * std::pow(std::cos(psi), 2);
      const double r0 = std::hypot(p0.x(), p0.y());
      const double rr = lerp(r0, r, w);
      ring.push_back(acc.add({rr * std::cos(psi), rr * std::sin(psi), zc + h}));
    }
    acc.band(prev, ring);
    prev = ring;
  }
  acc.cap(prev, acc.add({0, 0, zc + s.torso_length_mm}), true);

  if (s.separate_arms) {
    const double x = s.hip_half_width_mm * (1 + s.right_hip_extra) + 70;
    acc.cylinder({x, -10}, 38, zc - 120, zc + 480, 16, 16);
    acc.cylinder({-(s.hip_half_width_mm + 70), -10}, 38, zc - 120, zc + 480, 16, 16);
  }
  return acc.mesh();
}

/// A UV sphere (closed), radius in mesh units, centred at `centre`.
inline Mesh make_sphere(double radius, const Eigen::Vector3d& centre = Eigen::Vector3d::Zero(), int rings = 24,
                        int segments = 48) {
  detail::MeshAccumulator acc;
  const int south = acc.add(centre + Eigen::Vector3d(0, 0, -radius));
  std::vector<int> prev;
  for (int i = 1; i < rings; ++i) {
    const double phi = -M_PI / 2 + M_PI * i / rings;
    std::vector<int> ring;
    for (int j = 0; j < segments; ++j) {
      const double t = 2 * M_PI * j / segments;
      ring.push_back(acc.add(centre + radius * Eigen::Vector3d(std::cos(phi) * std::cos(t), std::cos(phi) * std::sin(t),
                                                              std::sin(phi))));
    }
    if (i == 1) acc.cap(ring, south, false);
    else acc.band(prev, ring);
    prev = ring;
  }
  acc.cap(prev, acc.add(centre + Eigen::Vector3d(0, 0, radius)), true);
  return acc.mesh();
}

/// A closed box with half sizes `half` (a sphere's rings pushed out onto the box faces).
inline Mesh make_box(const Eigen::Vector3d& half, int rings = 24, int segments = 48) {
  Mesh m = make_sphere(1.0, Eigen::Vector3d::Zero(), rings, segments);
  for (Eigen::Index i = 0; i < m.num_vertices(); ++i) {
    const Eigen::Vector3d p = m.V.row(i);
    const double k = p.cwiseAbs().cwiseQuotient(half).maxCoeff();
    m.V.row(i) = (p / k).transpose();
  }
  return m;
}

/// p -> A p + t for every vertex; faces are flipped when det(A) < 0 so normals stay outward.
inline Mesh transformed(const Mesh& m, const Eigen::Matrix3d& A, const Eigen::Vector3d& t = Eigen::Vector3d::Zero(),
                        bool keep_orientation = true) {
  Mesh out = m;
  out.V = (m.V * A.transpose()).rowwise() + t.transpose();
  if (keep_orientation && A.determinant() < 0) out.F.col(1).swap(out.F.col(2));
  return out;
}

/// Rotation by `deg` degrees about `axis` (right-handed).
inline Eigen::Matrix3d rotation_deg(double deg, const Eigen::Vector3d& axis) {
  return Eigen::AngleAxisd(deg * M_PI / 180.0, axis.normalized()).toRotationMatrix();
}

/// The faces whose vertices all have lo <= coordinate `axis` <= hi (unused vertices dropped):
/// a scan cropped by two planes, with open ends.
inline Mesh crop(const Mesh& m, int axis, double lo, double hi) {
  std::vector<int> used(static_cast<std::size_t>(m.num_vertices()), -1);
  std::vector<Eigen::Vector3i> faces;
  std::vector<Eigen::Vector3d> verts;
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
    bool in = true;
    for (int k = 0; k < 3; ++k) {
      const double c = m.V(m.F(f, k), axis);
      in = in && c >= lo && c <= hi;
    }
    if (!in) continue;
    Eigen::Vector3i t;
    for (int k = 0; k < 3; ++k) {
      int& u = used[static_cast<std::size_t>(m.F(f, k))];
      if (u < 0) {
        u = static_cast<int>(verts.size());
        verts.emplace_back(m.V.row(m.F(f, k)));
      }
      t[k] = u;
    }
    faces.push_back(t);
  }
  detail::MeshAccumulator acc;
  acc.v = verts;
  acc.f = faces;
  return acc.mesh();
}

/// Concatenation of two meshes (no welding).
inline Mesh concatenate(const Mesh& a, const Mesh& b) {
  Mesh out;
  out.V.resize(a.num_vertices() + b.num_vertices(), 3);
  out.V << a.V, b.V;
  out.F.resize(a.num_faces() + b.num_faces(), 3);
  out.F << a.F, (b.F.array() + static_cast<int>(a.num_vertices())).matrix();
  return out;
}

}  // namespace contour::test
