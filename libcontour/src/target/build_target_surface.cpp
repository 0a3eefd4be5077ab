#include "contour/target/build_target_surface.hpp"

#include "contour/core/errors.hpp"
#include "contour/target/refine_region.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace contour {
namespace {

/// Per node: the fill thickness (target - obstacle, >= 0; 0 where the skin is unknown).
std::vector<double> fill_field(const HipFairing& g) {
  std::vector<double> f(g.target_mm.size(), 0.0);
  for (std::size_t p = 0; p < f.size(); ++p) {
    const double d = g.target_mm[p] - g.obstacle_mm[p];
    f[p] = d > 0 ? d : 0.0;
  }
  return f;
}

/// Per node: 1 where the fill is positive or within two nodes of it (the faces to refine).
std::vector<double> fill_mask(const HipFairing& g) {
  const std::size_t rows = g.rows, cols = g.cols;
  std::vector<double> mask(rows * cols, 0.0);
  for (std::size_t j = 0; j < rows; ++j)
    for (std::size_t k = 0; k < cols; ++k) {
      const std::size_t p = j * cols + k;
      if (!(g.target_mm[p] - g.obstacle_mm[p] > 1e-6)) continue;
      for (std::size_t a = j > 2 ? j - 2 : 0; a <= std::min(rows - 1, j + 2); ++a)
        for (std::size_t b = k > 2 ? k - 2 : 0; b <= std::min(cols - 1, k + 2); ++b) mask[a * cols + b] = 1.0;
    }
  return mask;
}

/// The extent of the fill and the silhouette of the target over the window.
void describe_fill(const HipFairing& g, const Silhouette& sil, const SideTarget& st, FillExtent& ext) {
  const std::size_t cols = g.cols;
  const double r_ref = std::abs(g.centre_x_mm);  // half the median half-width: the arc scale
  double best = 0;
  std::size_t best_p = 0;
  double front = 0, back = 0;
  for (std::size_t p = 0; p < g.target_mm.size(); ++p) {
    const double f = g.target_mm[p] - g.obstacle_mm[p];
    if (!(f > 0.05)) continue;
    const double arc = (g.theta0_rad + static_cast<double>(p % cols) * g.dtheta_rad) * r_ref;
    front = std::max(front, arc);
    back = std::max(back, -arc);
    if (f > best) best = f, best_p = p;
  }
  ext.front_mm = front;
  ext.back_mm = back;
  if (best > 0) {
    const double th = g.theta0_rad + static_cast<double>(best_p % cols) * g.dtheta_rad;
    ext.y_centre_mm = g.centre_y_mm + g.skin_mm[best_p] * g.direction(th).y();
  } else {
    ext.y_centre_mm = g.centre_y_mm;
  }
  // Profile along the arc at the dip height.
  ext.profile_y_mm.clear();
  ext.profile.clear();
  if (st.dip >= g.first_row && st.dip < g.first_row + g.rows) {
    const std::size_t j = st.dip - g.first_row;
    double m = 0;
    for (std::size_t k = 0; k < cols; ++k) m = std::max(m, g.target_mm[j * cols + k] - g.obstacle_mm[j * cols + k]);
    for (std::size_t k = 0; k < cols; ++k) {
      const double f = g.target_mm[j * cols + k] - g.obstacle_mm[j * cols + k];
      ext.profile_y_mm.push_back((g.theta0_rad + static_cast<double>(k) * g.dtheta_rad) * r_ref);
      ext.profile.push_back(m > 0 && std::isfinite(f) ? std::max(0.0, f) / m : 0.0);
    }
  }
  // Half-width of the target's silhouette per window sample: the outermost lateral point of the
  // faired surface (or of the skin where the region does not reach).
  ext.silhouette_target_mm.assign(st.last - st.first + 1, 0.0);
  const double half = std::abs(g.centre_x_mm);
  for (std::size_t i = st.first; i <= st.last; ++i) {
    double reach = sil.width(g.side, i);
    if (i >= g.first_row && i < g.first_row + g.rows) {
      const std::size_t j = i - g.first_row;
      for (std::size_t k = 0; k < cols; ++k) {
        const double r = g.target_mm[j * cols + k];
        if (std::isfinite(r)) reach = std::max(reach, half + r * std::cos(g.theta0_rad + static_cast<double>(k) * g.dtheta_rad));
      }
    }
    ext.silhouette_target_mm[i - st.first] = reach;
  }
}

}  // namespace

void validate(const TargetSurfaceOptions& o) {
  if (!(o.max_edge_mm >= 0.5 && o.max_edge_mm <= 50.0)) throw InvalidInput("max_edge_mm must be in 0.5-50 mm");
  if (!(o.ap_half_extent_mm >= 0.0 && o.ap_half_extent_mm <= 300.0))
    throw InvalidInput("ap_half_extent_mm must be 0 (automatic) or up to 300 mm");
  if (!(o.surface_tolerance_mm >= 0.0 && o.surface_tolerance_mm <= 1e6))
    throw InvalidInput("surface_tolerance_mm must be 0 mm or more");
  validate(o.fairing);
}

Mesh TargetSurface::target(double correction) const {
  Mesh m;
  m.F = before.F;
  m.V = before.V + correction * displacement;
  return m;
}

TargetSurface build_target_surface(const Mesh& canonical, const Silhouette& sil, const std::array<SideTarget, 2>& sides,
                                   const TargetSurfaceOptions& opt) {
  validate(opt);
  TargetSurface out;
  const Side side_of[2] = {Side::Left, Side::Right};
  // A window in any other order (a bad landmark override that slipped past its checks) would
  // fair outside the silhouette.
  for (int s = 0; s < 2; ++s) {
    const SideTarget& st = sides[s];
    if (st.active && !(st.first <= st.dip && st.dip <= st.last && st.first < st.last && st.last < sil.z.size() &&
                       sil.body_loops.size() == sil.z.size()))
      throw InvalidInput(std::string(side_name(side_of[s])) + " side: the dip window (samples " +
                         std::to_string(st.first) + ", dip " + std::to_string(st.dip) + ", " + std::to_string(st.last) +
                         " of " + std::to_string(sil.z.size()) + ") must satisfy first <= dip <= last");
  }
  std::array<std::vector<double>, 2> masks, fills;
  for (int s = 0; s < 2; ++s) {
    const SideTarget& st = sides[s];
    if (!st.active || st.last <= st.first || st.last >= sil.z.size()) continue;
    HipFairingOptions fo = opt.fairing;
    if (opt.ap_half_extent_mm > 0) {
      // Arc length at the hip -> angle about the fairing's axis (half the median half-width out).
      double wsum = 0;
      int wn = 0;
      for (std::size_t i = st.first; i <= st.last; ++i)
        if (sil.valid[i]) wsum += sil.width(side_of[s], i), ++wn;
      const double r_ref = wn > 0 ? 0.5 * wsum / wn : 100.0;
      fo.half_angle_deg = std::clamp(opt.ap_half_extent_mm / r_ref * 180.0 / M_PI, 10.0, 85.0);
      fo.core_half_angle_deg = std::min(fo.core_half_angle_deg, fo.half_angle_deg);
    }
    out.fairing[s] = fair_hip_region(sil, side_of[s], sil.z[st.first], sil.z[st.last], fo);
    if (!out.fairing[s].valid) continue;
    masks[s] = fill_mask(out.fairing[s]);
    fills[s] = fill_field(out.fairing[s]);
    describe_fill(out.fairing[s], sil, st, out.extent[s]);
  }

  // Cheap test before the polar coordinates (atan2, hypot: most of this stage's time on a
  // 1 M-triangle scan): the grid covers its rows' heights and less than +-90 degrees about the
  // side's lateral direction, so a point outside those heights or on the axis' medial side is
  // outside the grid (sample() would return NaN there).
  std::array<std::array<double, 2>, 2> z_range{};
  for (int s = 0; s < 2; ++s) {
    const HipFairing& g = out.fairing[s];
    if (!g.valid || g.rows < 2) continue;
    z_range[s] = {sil.z[g.first_row] - 1e-6, sil.z[g.first_row + g.rows - 1] + 1e-6};
  }
  auto may_be_in_grid = [&](const Eigen::Vector3d& p, int s) {
    const HipFairing& g = out.fairing[s];
    const double sign = g.side == Side::Right ? 1.0 : -1.0;
    return g.valid && p.z() >= z_range[s][0] && p.z() <= z_range[s][1] && sign * (p.x() - g.centre_x_mm) > 0;
  };
  auto in_fill_region = [&](const Eigen::Vector3d& p, int s) {
    const HipFairing& g = out.fairing[s];
    if (!may_be_in_grid(p, s)) return false;
    const Eigen::Vector2d pr = g.polar(p.head<2>());
    const double m = g.sample(masks[s], pr.x(), p.z(), sil.z);
    return m > 0;
  };
  out.before = refine_region(canonical, opt.max_edge_mm,
                             [&](const Eigen::Vector3d& c) { return in_fill_region(c, 0) || in_fill_region(c, 1); });

  const Eigen::Index nv = out.before.num_vertices();
  out.displacement = Vertices::Zero(nv, 3);
  out.fill_mm.assign(static_cast<std::size_t>(nv), 0.0);
  out.side_of_vertex.assign(static_cast<std::size_t>(nv), 0);
  for (int s = 0; s < 2; ++s) {
    const HipFairing& g = out.fairing[s];
    if (!g.valid) continue;
    for (Eigen::Index v = 0; v < nv; ++v) {
      const Eigen::Vector3d p = out.before.V.row(v);
      if (!may_be_in_grid(p, s)) continue;
      const Eigen::Vector2d pr = g.polar(p.head<2>());
      const double skin = g.sample(g.skin_mm, pr.x(), p.z(), sil.z);
      if (!std::isfinite(skin) || std::abs(pr.y() - skin) > opt.surface_tolerance_mm) continue;
      // The skin moves out by the fill there: the target keeps the skin's texture, and scan
      // noise adds nothing to the volume.
      const double f = g.sample(fills[s], pr.x(), p.z(), sil.z);
      if (!(f > 0)) continue;
      if (out.side_of_vertex[static_cast<std::size_t>(v)] != 0) continue;  // the other side took it
      const Eigen::Vector2d d = g.direction(pr.x());
      out.displacement(v, 0) = f * d.x();
      out.displacement(v, 1) = f * d.y();
      out.fill_mm[static_cast<std::size_t>(v)] = f;
      out.side_of_vertex[static_cast<std::size_t>(v)] = static_cast<char>(s + 1);
    }
  }
  return out;
}

}  // namespace contour
