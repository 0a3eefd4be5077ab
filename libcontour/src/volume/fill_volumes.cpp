#include "contour/volume/fill_volumes.hpp"

#include "contour/section/slice_mesh.hpp"

#include <algorithm>
#include <cmath>

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

    // Method A: per face, det(a + f da, b + f db, c + f dc) - det(a, b, c) = c1 f + c2 f^2 + c3 f^3.
    for (Eigen::Index f = 0; f < s.before.num_faces(); ++f) {
      const int ia = s.before.F(f, 0), ib = s.before.F(f, 1), ic = s.before.F(f, 2);
      const Eigen::Vector3d da = s.displacement.row(ia), db = s.displacement.row(ib), dc = s.displacement.row(ic);
      if (da.isZero() && db.isZero() && dc.isZero()) continue;
      bool ours = false;
      for (int v : {ia, ib, ic}) ours = ours || s.side_of_vertex[static_cast<std::size_t>(v)] == code;
      if (!ours) continue;
      const Eigen::Vector3d a = s.before.V.row(ia).transpose() - origin, b = s.before.V.row(ib).transpose() - origin,
                            c = s.before.V.row(ic).transpose() - origin;
      const double c1 = det3(da, b, c) + det3(a, db, c) + det3(a, b, dc);
      const double c2 = det3(da, db, c) + det3(da, b, dc) + det3(a, db, dc);
      const double c3 = det3(da, db, dc);
      const double zc = (a.z() + b.z() + c.z()) / 3.0 + origin.z();
      for (auto& rv : out) {
        if (side_code(rv.region.side) != code || zc < rv.region.z_lo_mm || zc >= rv.region.z_hi_mm) continue;
        rv.prism_coefficients[0] += c1 / 6000.0;
        rv.prism_coefficients[1] += c2 / 6000.0;
        rv.prism_coefficients[2] += c3 / 6000.0;
      }
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
