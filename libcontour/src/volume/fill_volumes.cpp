#include "contour/volume/fill_volumes.hpp"

#include "contour/section/slice_mesh.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <Eigen/LU>
#include <tbb/parallel_for.h>

namespace contour {
namespace {

double det3(const Eigen::Vector3d& a, const Eigen::Vector3d& b, const Eigen::Vector3d& c) { return a.dot(b.cross(c)); }

int side_code(Side s) { return s == Side::Left ? 1 : 2; }

/// The faces of one side's displaced patch, before and after (`correction` times) the
/// displacement, as two small meshes sharing faces: only the vertices the patch uses are kept,
/// moved by -origin.
struct Patch {
  std::vector<Eigen::Index> faces;  ///< the faces' indices in the whole surface, ascending
  Vertices before, after;
  Faces F;
};
Patch patch_of_side(const TargetSurface& s, int code, const Eigen::Vector3d& origin, double correction) {
  Patch p;
  std::vector<Eigen::Index>& faces = p.faces;
  std::vector<int> index(static_cast<std::size_t>(s.before.num_vertices()), -1);
  int n = 0;
  for (Eigen::Index f = 0; f < s.before.num_faces(); ++f) {
    bool touched = false;
    for (int k = 0; k < 3; ++k) touched = touched || s.side_of_vertex[static_cast<std::size_t>(s.before.F(f, k))] == code;
    if (!touched) continue;
    faces.push_back(f);
    for (int k = 0; k < 3; ++k) {
      int& i = index[static_cast<std::size_t>(s.before.F(f, k))];
      if (i < 0) i = n++;
    }
  }
  p.before.resize(n, 3);
  p.after.resize(n, 3);
  for (Eigen::Index v = 0; v < s.before.num_vertices(); ++v) {
    const int i = index[static_cast<std::size_t>(v)];
    if (i < 0) continue;
    p.before.row(i) = s.before.V.row(v) - origin.transpose();
    p.after.row(i) = p.before.row(i) + correction * s.displacement.row(v);
  }
  p.F.resize(static_cast<Eigen::Index>(faces.size()), 3);
  for (std::size_t i = 0; i < faces.size(); ++i)
    for (int k = 0; k < 3; ++k) p.F(static_cast<Eigen::Index>(i), k) = index[static_cast<std::size_t>(s.before.F(faces[i], k))];
  return p;
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
  // The two sides are independent (each writes only its own regions): done in parallel.
  tbb::parallel_for(0, 2, [&](int side_index) {
    const int code = codes[side_index];
    // A local origin (the patch centroid) keeps the determinants small and well conditioned.
    // In the same pass: the lowest moved vertex (where a region's cut lies inside the patch).
    Eigen::Vector3d origin = Eigen::Vector3d::Zero();
    long long count = 0;
    double z_lo_moved = 1e300;
    for (Eigen::Index v = 0; v < s.before.num_vertices(); ++v)
      if (s.side_of_vertex[static_cast<std::size_t>(v)] == code) {
        origin += s.before.V.row(v).transpose(), ++count;
        z_lo_moved = std::min(z_lo_moved, s.before.V(v, 2));
      }
    if (count == 0) return;
    origin /= static_cast<double>(count);

    // Method A: the divergence theorem over the patch. The moved faces before and after bound
    // a closed volume (the patch's edge does not move), so the sum over its faces of the signed
    // tetrahedra to a common point, after minus before, is exactly the volume between the two
    // piecewise-linear surfaces, whatever direction the vertices move in. For a region, the
    // point lies on the fairing's axis at the height where the region is cut from its
    // neighbour, so the (nearly horizontal) cut contributes no flux. Each term is a cubic in f;
    // evaluating it at f = 1, 2, 3 gives the coefficients exactly.
    const Patch patch = patch_of_side(s, code, origin, correction);
    const HipFairing& fair = s.fairing[static_cast<std::size_t>(side_index)];
    std::vector<Eigen::Vector3d> apex(out.size(), origin);
    for (std::size_t r = 0; r < out.size(); ++r) {
      const RegionSpec& rs = out[r].region;
      if (side_code(rs.side) != code) continue;
      const double cut = rs.z_lo_mm > z_lo_moved ? rs.z_lo_mm : rs.z_hi_mm;
      apex[r] = fair.valid ? Eigen::Vector3d(fair.centre_x_mm, fair.centre_y_mm, cut) : Eigen::Vector3d(origin.x(), origin.y(), cut);
    }
    std::vector<std::array<double, 3>> at123(out.size(), {0, 0, 0});
    for (const Eigen::Index f : patch.faces) {
      const int ia = s.before.F(f, 0), ib = s.before.F(f, 1), ic = s.before.F(f, 2);
      const Eigen::Vector3d da = s.displacement.row(ia), db = s.displacement.row(ib), dc = s.displacement.row(ic);
      if (da.isZero() && db.isZero() && dc.isZero()) continue;
      const Eigen::Vector3d A0 = s.before.V.row(ia).transpose(), B0 = s.before.V.row(ib).transpose(),
                            C0 = s.before.V.row(ic).transpose();
      const double zc = (A0.z() + B0.z() + C0.z()) / 3.0;
      for (std::size_t r = 0; r < out.size(); ++r) {
        const RegionSpec& rs = out[r].region;
        if (side_code(rs.side) != code || zc < rs.z_lo_mm || zc >= rs.z_hi_mm) continue;
        const Eigen::Vector3d a = A0 - apex[r], b = B0 - apex[r], c = C0 - apex[r];
        const double v0 = det3(a, b, c);
        for (int k = 0; k < 3; ++k) {
          const double t = k + 1.0;
          at123[r][static_cast<std::size_t>(k)] += (det3(a + t * da, b + t * db, c + t * dc) - v0) / 6.0;
        }
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

    // Method B: area between the cut polylines of the patch before and after, slice by slice
    // (all regions of the side in one slicing pass per surface).
    SliceOptions so;
    so.join_gap = 0;
    so.min_open_segments = 0;
    std::vector<double> zs;
    struct Run {
      std::size_t region, first;
      int n;
      double h;
    };
    std::vector<Run> runs;
    // Where no face of the patch moves, the cuts before and after are the same polylines and
    // their areas cancel exactly: only the planes within the moved faces' height range are cut.
    double z_moved_lo = 1e300, z_moved_hi = -1e300;
    for (Eigen::Index f = 0; f < patch.F.rows(); ++f) {
      bool moved = false;
      for (int k = 0; k < 3; ++k) moved = moved || patch.before.row(patch.F(f, k)) != patch.after.row(patch.F(f, k));
      if (!moved) continue;
      for (int k = 0; k < 3; ++k)
        for (const Vertices* m : {&patch.before, &patch.after}) {
          z_moved_lo = std::min(z_moved_lo, (*m)(patch.F(f, k), 2));
          z_moved_hi = std::max(z_moved_hi, (*m)(patch.F(f, k), 2));
        }
    }
    for (std::size_t r = 0; r < out.size(); ++r) {
      const RegionSpec& rs = out[r].region;
      if (side_code(rs.side) != code || rs.z_hi_mm <= rs.z_lo_mm) continue;
      const double span = rs.z_hi_mm - rs.z_lo_mm;
      const int n = std::max(1, static_cast<int>(std::ceil(span / opt.section_spacing_mm)));
      const double h = span / n;
      runs.push_back({r, zs.size(), n, h});
      for (int i = 0; i < n; ++i) zs.push_back(rs.z_lo_mm + (i + 0.5) * h - origin.z());
    }
    std::vector<double> cut;  // the planes that can differ, and where each plane's cut is
    std::vector<int> cut_of(zs.size(), -1);
    for (std::size_t i = 0; i < zs.size(); ++i)
      if (zs[i] >= z_moved_lo && zs[i] <= z_moved_hi) cut_of[i] = static_cast<int>(cut.size()), cut.push_back(zs[i]);
    const auto sb = slice_mesh(patch.before, patch.F, cut, so);
    const auto sa = slice_mesh(patch.after, patch.F, cut, so);
    for (const Run& run : runs) {
      double vol = 0;
      for (int i = 0; i < run.n; ++i) {
        const int c = cut_of[run.first + static_cast<std::size_t>(i)];
        if (c < 0) continue;
        const auto k = static_cast<std::size_t>(c);
        double area = 0;
        for (const auto& l : sa[k].loops) area += l.signed_area;
        for (const auto& l : sb[k].loops) area -= l.signed_area;
        vol += area * run.h;
      }
      out[run.region].section_ml = vol / 1000.0;
    }
  });
  for (auto& rv : out) {
    const auto& c = rv.prism_coefficients;
    rv.prism_ml = c[0] * correction + c[1] * correction * correction + c[2] * correction * correction * correction;
  }
  return out;
}

}  // namespace contour
