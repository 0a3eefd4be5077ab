#include "contour/volume/fill_volumes.hpp"

#include "contour/section/slice_mesh.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <Eigen/LU>

namespace contour {
namespace {

double det3(const Eigen::Vector3d& a, const Eigen::Vector3d& b, const Eigen::Vector3d& c) { return a.dot(b.cross(c)); }

int side_code(Side s) { return s == Side::Left ? 1 : 2; }

/// Faces of the displaced patch of one side.
Mesh patch_of_side(const TargetSurface& s, int code, const Eigen::Vector3d& origin, double correction, bool target) {
  std::vector<Eigen::Index> faces;
  for (Eigen::Index f = 0; f < s.before.num_faces(); ++f) {
    bool touched = false;
    for (int k = 0; k < 3; ++k) touched = touched || s.side_of_vertex[static_cast<std::size_t>(s.before.F(f, k))] == code;
    if (touched) faces.push_back(f);
  }
  Mesh m;
  m.V = s.before.V;
  if (target) m.V += correction * s.displacement;
  m.V.rowwise() -= origin.transpose();
  m.F.resize(static_cast<Eigen::Index>(faces.size()), 3);
  for (std::size_t i = 0; i < faces.size(); ++i) m.F.row(static_cast<Eigen::Index>(i)) = s.before.F.row(faces[i]);
  return m;
}

}  // namespace

double RegionVolume::disagreement() const {
  const double m = std::max(std::abs(prism_ml), std::abs(section_ml));
  return m < 1e-3 ? 0.0 : std::abs(prism_ml - section_ml) / m;
}

std::vector<RegionVolume> fill_volumes(const TargetSurface& s, const std::vector<RegionSpec>& regions, double correction,
                                       const FillVolumeOptions& opt) {
  std::vector<RegionVolume> out;
  for (const auto& r : regions) out.push_back(RegionVolume{r});
  const int codes[2] = {1, 2};
  for (int code : codes) {
    // A local origin (the patch centroid) keeps the determinants small and well conditioned.
    Eigen::Vector3d origin = Eigen::Vector3d::Zero();
    long long count = 0;
    for (Eigen::Index v = 0; v < s.before.num_vertices(); ++v)
      if (s.side_of_vertex[static_cast<std::size_t>(v)] == code) origin += s.before.V.row(v).transpose(), ++count;
    if (count == 0) continue;
    origin /= static_cast<double>(count);

    // Method A: per face, the volume of the prism between the triangle before and after
    // displacement, as three tetrahedra (its side walls are shared with the neighbouring prisms
    // and cancel, so the sum over a region is the volume between the two surfaces there). The
    // volume is a cubic in f; evaluating it at f = 1, 2, 3 gives the coefficients exactly.
    std::vector<std::array<double, 3>> at123(out.size(), {0, 0, 0});
    for (Eigen::Index f = 0; f < s.before.num_faces(); ++f) {
      const int ia = s.before.F(f, 0), ib = s.before.F(f, 1), ic = s.before.F(f, 2);
      const Eigen::Vector3d da = s.displacement.row(ia), db = s.displacement.row(ib), dc = s.displacement.row(ic);
      if (da.isZero() && db.isZero() && dc.isZero()) continue;
      bool ours = false;
      for (int v : {ia, ib, ic}) ours = ours || s.side_of_vertex[static_cast<std::size_t>(v)] == code;
      if (!ours) continue;
      const Eigen::Vector3d a = s.before.V.row(ia).transpose() - origin, b = s.before.V.row(ib).transpose() - origin,
                            c = s.before.V.row(ic).transpose() - origin;
      const double zc = (a.z() + b.z() + c.z()) / 3.0 + origin.z();
      double v[3];
      for (int k = 0; k < 3; ++k) {
        const double t = k + 1.0;
        const Eigen::Vector3d a2 = a + t * da, b2 = b + t * db, c2 = c + t * dc;
        v[k] = (det3(b - a, c - a, a2 - a) + det3(c - b, a2 - b, b2 - b) + det3(a2 - c, b2 - c, c2 - c)) / 6.0;
      }
      for (std::size_t r = 0; r < out.size(); ++r) {
        const RegionSpec& rs = out[r].region;
        if (side_code(rs.side) != code || zc < rs.z_lo_mm || zc >= rs.z_hi_mm) continue;
        for (int k = 0; k < 3; ++k) at123[r][k] += v[k];
      }
    }
    for (std::size_t r = 0; r < out.size(); ++r) {
      if (side_code(out[r].region.side) != code) continue;
      // Solve [1 1 1; 2 4 8; 3 9 27] c = V(1..3) for V(f) = c1 f + c2 f^2 + c3 f^3 (mm^3 -> mL).
      Eigen::Matrix3d A;
      A << 1, 1, 1, 2, 4, 8, 3, 9, 27;
      const Eigen::Vector3d coef = A.partialPivLu().solve(Eigen::Vector3d(at123[r][0], at123[r][1], at123[r][2]));
      for (int k = 0; k < 3; ++k) out[r].prism_coefficients[static_cast<std::size_t>(k)] = coef[k] / 1000.0;
    }

    // Method B: area between the cut polylines of the patch before and after, slice by slice.
    const Mesh before = patch_of_side(s, code, origin, correction, false);
    const Mesh after = patch_of_side(s, code, origin, correction, true);
    SliceOptions so;
    so.join_gap = 0;
    so.min_open_segments = 0;
    for (auto& rv : out) {
      if (side_code(rv.region.side) != code || rv.region.z_hi_mm <= rv.region.z_lo_mm) continue;
      const double span = rv.region.z_hi_mm - rv.region.z_lo_mm;
      const int n = std::max(1, static_cast<int>(std::ceil(span / opt.section_spacing_mm)));
      const double h = span / n;
      std::vector<double> zs;
      for (int i = 0; i < n; ++i) zs.push_back(rv.region.z_lo_mm + (i + 0.5) * h - origin.z());
      const auto sb = slice_mesh(before, zs, so);
      const auto sa = slice_mesh(after, zs, so);
      double vol = 0;
      for (int i = 0; i < n; ++i) {
        double area = 0;
        for (const auto& l : sa[static_cast<std::size_t>(i)].loops) area += l.signed_area;
        for (const auto& l : sb[static_cast<std::size_t>(i)].loops) area -= l.signed_area;
        vol += area * h;
      }
      rv.section_ml = vol / 1000.0;
    }
  }
  for (auto& rv : out) {
    const auto& c = rv.prism_coefficients;
    rv.prism_ml = c[0] * correction + c[1] * correction * correction + c[2] * correction * correction * correction;
  }
  return out;
}

}  // namespace contour
