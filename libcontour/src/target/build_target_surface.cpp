#include "contour/target/build_target_surface.hpp"

#include "contour/core/errors.hpp"

#include "contour/silhouette/find_landmarks.hpp"
#include "contour/target/refine_region.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace contour {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Lateral field of one side of a cross-section: for y bins of 1 mm from y0, the outermost
/// sign*x of the body contours (NaN where the contour does not reach).
struct Field {
  double y0 = 0, dy = 1.0;
  std::vector<double> x;
  double at(double y) const {
    const double u = (y - y0) / dy;
    if (u < 0 || u > static_cast<double>(x.size()) - 1) return kNaN;
    const auto i = static_cast<std::size_t>(u);
    const double t = u - i;
    if (i + 1 >= x.size()) return x[i];
    if (std::isnan(x[i]) || std::isnan(x[i + 1])) return std::isnan(x[i]) ? x[i + 1] : x[i];
    return x[i] * (1 - t) + x[i + 1] * t;
  }
};

Field lateral_field(const std::vector<SectionLoop>& loops, double sign, double y0, double y1) {
  Field f;
  f.y0 = y0;
  const auto n = static_cast<std::size_t>(std::max(2.0, std::ceil((y1 - y0) / f.dy) + 1));
  f.x.assign(n, kNaN);
  for (const auto& l : loops) {
    const std::size_t m = l.points.size();
    for (std::size_t i = 0; i < m; ++i) {
      if (!l.closed && i + 1 == m) break;
      const Eigen::Vector2d& p = l.points[i];
      const Eigen::Vector2d& q = l.points[(i + 1) % m];
      const double ya = std::min(p.y(), q.y()), yb = std::max(p.y(), q.y());
      const long long b0 = std::max(0LL, static_cast<long long>(std::ceil((ya - y0) / f.dy)));
      const long long b1 = std::min(static_cast<long long>(n) - 1, static_cast<long long>(std::floor((yb - y0) / f.dy)));
      for (long long b = b0; b <= b1; ++b) {
        const double y = y0 + b * f.dy;
        const double t = yb > ya ? (y - p.y()) / (q.y() - p.y()) : 0.0;
        const double x = sign * (p.x() + t * (q.x() - p.x()));
        double& cell = f.x[static_cast<std::size_t>(b)];
        if (std::isnan(cell) || x > cell) cell = x;
      }
    }
  }
  return f;
}

double smootherstep(double t) {
  t = std::clamp(t, 0.0, 1.0);
  return t * t * t * (t * (6 * t - 15) + 10);
}

/// The fill of one side as a table over (anterior coordinate, window slice): every vertical
/// column of the hip's lateral surface (fixed y) is bridged by its own concave envelope over the
/// window, so the dent is filled where the surface is dented in height and in depth. The columns
/// used are the connected run around the dip whose bridge is deeper than 2 % of the deepest one.
struct FillTable {
  double y0 = 0;                         ///< y of bin 0 (1 mm bins)
  std::size_t first = 0;                 ///< silhouette index of row 0
  std::vector<std::vector<double>> f;    ///< [slice][bin], mm
  double at(double y, double z, const std::vector<double>& zs) const {
    if (f.empty()) return 0.0;
    const double u = y - y0;
    const std::size_t nb = f.front().size();
    if (u < 0 || u > static_cast<double>(nb) - 1) return 0.0;
    const double zf = zs[first], zl = zs[first + f.size() - 1];
    if (z <= zf || z >= zl) return 0.0;
    const double v = (z - zf) / (zs[first + 1] - zs[first]);
    const auto i = std::min(static_cast<std::size_t>(v), f.size() - 2);
    const auto b = std::min(static_cast<std::size_t>(u), nb - 2);
    const double tv = v - i, tu = u - b;
    return (1 - tv) * ((1 - tu) * f[i][b] + tu * f[i][b + 1]) + tv * ((1 - tu) * f[i + 1][b] + tu * f[i + 1][b + 1]);
  }
};

FillTable column_fill(const Silhouette& sil, Side side, const SideTarget& st, double ap_half_extent, FillExtent& ext) {
  FillTable table;
  const double sign = side == Side::Right ? 1.0 : -1.0;
  const std::size_t d = st.dip;
  ext.y_centre_mm = side == Side::Right ? sil.right_y[d] : sil.left_y[d];
  // Bins on whole millimetres, so both sides of a mirrored body use the same grid.
  const double y0 = std::floor(ext.y_centre_mm) - 300, y1 = y0 + 600;
  std::vector<Field> fields;
  for (std::size_t i = st.first; i <= st.last; ++i) fields.push_back(lateral_field(sil.body_loops[i], sign, y0, y1));
  const std::size_t rows = fields.size(), nb = fields.front().x.size();
  std::vector<std::vector<double>> f(rows, std::vector<double>(nb, 0.0));
  std::vector<double> zs(rows), col(rows);
  for (std::size_t r = 0; r < rows; ++r) zs[r] = sil.z[st.first + r];
  for (std::size_t b = 0; b < nb; ++b) {
    bool ok = true;
    for (std::size_t r = 0; r < rows && ok; ++r) ok = !std::isnan(col[r] = fields[r].x[b]);
    if (!ok) continue;
    const auto hull = upper_hull(zs, col, 0, rows - 1);
    for (std::size_t k = 0; k + 1 < hull.size(); ++k)
      for (std::size_t r = hull[k]; r <= hull[k + 1]; ++r) {
        const double t = (zs[r] - zs[hull[k]]) / (zs[hull[k + 1]] - zs[hull[k]]);
        f[r][b] = std::max(0.0, col[hull[k]] + t * (col[hull[k + 1]] - col[hull[k]]) - col[r]);
      }
  }
  // Support around the dip: start at the deepest column within 40 mm of the silhouette point.
  const std::size_t rd = d - st.first;
  const auto c0 = static_cast<std::size_t>(std::lround(ext.y_centre_mm - y0));
  std::size_t c = c0;
  for (std::size_t b = c0 > 40 ? c0 - 40 : 0; b <= std::min(nb - 1, c0 + 40); ++b)
    if (f[rd][b] > f[rd][c]) c = b;
  double peak = 0;
  for (std::size_t r = 0; r < rows; ++r) peak = std::max(peak, f[r][c]);
  std::size_t lo = c, hi = c;
  if (ap_half_extent > 0) {
    lo = c > static_cast<std::size_t>(ap_half_extent) ? c - static_cast<std::size_t>(ap_half_extent) : 0;
    hi = std::min(nb - 1, c + static_cast<std::size_t>(ap_half_extent));
  } else {
    // Walk outwards while the bridge gets shallower: the dip ends where its depth falls below 2 %
    // of the peak or rises again by 10 % of the peak (a neighbouring natural concavity, e.g. the belly,
    // is not part of the dip).
    std::vector<double> depth(nb, 0.0);
    for (std::size_t b = 0; b < nb; ++b)
      for (std::size_t r = 0; r < rows; ++r) depth[b] = std::max(depth[b], f[r][b]);
    depth = smooth_samples(depth, 5.0);
    auto extend = [&](std::size_t from, int dir) {
      std::size_t b = from;
      double lowest = depth[from];
      for (;;) {
        const long long nxt = static_cast<long long>(b) + dir;
        if (nxt < 0 || nxt >= static_cast<long long>(nb)) break;
        const double v = depth[static_cast<std::size_t>(nxt)];
        if (v <= 0.02 * peak || v > lowest + 0.10 * peak) break;
        lowest = std::min(lowest, v);
        b = static_cast<std::size_t>(nxt);
      }
      return b;
    };
    lo = extend(c, -1);
    hi = extend(c, +1);
  }
  // Smooth across columns and heights, then taper the outer fifth of the support to zero.
  table.y0 = y0 + static_cast<double>(lo);
  table.first = st.first;
  table.f.assign(rows, std::vector<double>(hi - lo + 1, 0.0));
  const double step = rows > 1 ? zs[1] - zs[0] : 1.0;
  std::vector<std::vector<double>> g(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    std::vector<double> run(f[r].begin() + static_cast<std::ptrdiff_t>(lo), f[r].begin() + static_cast<std::ptrdiff_t>(hi) + 1);
    g[r] = smooth_samples(run, 3.0);
  }
  const double len_front = static_cast<double>(hi - c), len_back = static_cast<double>(c - lo);
  for (std::size_t b = 0; b <= hi - lo; ++b) {
    std::vector<double> column(rows);
    for (std::size_t r = 0; r < rows; ++r) column[r] = g[r][b];
    column = smooth_samples(column, 3.0 / step);
    const double dy = static_cast<double>(lo + b) - static_cast<double>(c);
    const double reach = dy >= 0 ? len_front : len_back;
    const double edge = reach > 0 ? 1.0 - std::abs(dy) / reach : 1.0;
    const double taper = smootherstep(edge / 0.2);
    for (std::size_t r = 0; r < rows; ++r) {
      // Both window ends stay on the skin.
      const double end_taper = smootherstep(std::min(r, rows - 1 - r) / 2.0);
      table.f[r][b] = std::max(0.0, column[r]) * taper * end_taper;
    }
  }
  // Make the target surface's silhouette follow the fitted target curve: scale each height's
  // fill so that the outermost point of (contour + fill) lies on the curve. Where the fill does
  // not reach the silhouette line the scale stays 1. The silhouette actually reached is kept.
  ext.silhouette_target_mm.assign(rows, 0.0);
  for (std::size_t r = 0; r < rows; ++r) {
    const std::size_t i = st.first + r;
    const double w = sil.width(side, i);
    auto reach = [&] {
      double m = w;
      for (std::size_t b = 0; b <= hi - lo; ++b) {
        const double x = fields[r].x[lo + b];
        if (!std::isnan(x)) m = std::max(m, x + table.f[r][b]);
      }
      return m;
    };
    const double lift = reach() - w;
    const double want = i < st.fill_mm.size() ? st.fill_mm[i] : 0.0;
    if (lift > 0.05) {
      const double scale = std::clamp(want / lift, 0.0, 3.0);
      for (double& v : table.f[r]) v *= scale;
    }
    ext.silhouette_target_mm[r] = reach();
  }
  ext.y_centre_mm = y0 + static_cast<double>(c);
  ext.front_mm = len_front;
  ext.back_mm = len_back;
  for (std::size_t b = 0; b <= hi - lo; ++b) {
    ext.profile_y_mm.push_back(static_cast<double>(lo + b) - static_cast<double>(c));
    ext.profile.push_back(peak > 0 ? table.f[rd][b] / std::max(1e-9, table.f[rd][c - lo]) : 0.0);
  }
  return table;
}


}  // namespace

Mesh TargetSurface::target(double correction) const {
  Mesh m;
  m.F = before.F;
  m.V = before.V + correction * displacement;
  return m;
}

TargetSurface build_target_surface(const Mesh& canonical, const Silhouette& sil, const std::array<SideTarget, 2>& sides,
                                   const TargetSurfaceOptions& opt) {
  TargetSurface out;
  const Side side_of[2] = {Side::Left, Side::Right};
  // The column tables index [first, last] around the dip: a window in any other order (a bad
  // landmark override that slipped past its checks) would read outside the silhouette.
  for (int s = 0; s < 2; ++s) {
    const SideTarget& st = sides[s];
    if (st.active && !(st.first < st.dip && st.dip < st.last && st.last < sil.z.size() &&
                       sil.body_loops.size() == sil.z.size()))
      throw InvalidInput(std::string(side_name(side_of[s])) + " side: the dip window (samples " +
                         std::to_string(st.first) + ", dip " + std::to_string(st.dip) + ", " + std::to_string(st.last) +
                         " of " + std::to_string(sil.z.size()) + ") must satisfy first < dip < last");
  }
  std::array<FillTable, 2> tables;
  for (int s = 0; s < 2; ++s)
    if (sides[s].active) tables[s] = column_fill(sil, side_of[s], sides[s], opt.ap_half_extent_mm, out.extent[s]);

  auto region = [&](const Eigen::Vector3d& p, int s) {
    const SideTarget& st = sides[s];
    if (!st.active) return false;
    const double sign = s == 1 ? 1.0 : -1.0;
    if (sign * p.x() <= 0) return false;
    if (p.z() < sil.z[st.first] - 2 || p.z() > sil.z[st.last] + 2) return false;
    const FillExtent& e = out.extent[s];
    const double dy = p.y() - e.y_centre_mm;
    return dy >= -e.back_mm - 4 && dy <= e.front_mm + 4;
  };
  out.before = refine_region(canonical, opt.max_edge_mm, [&](const Eigen::Vector3d& c) { return region(c, 0) || region(c, 1); });

  const Eigen::Index nv = out.before.num_vertices();
  out.displacement = Vertices::Zero(nv, 3);
  out.fill_mm.assign(static_cast<std::size_t>(nv), 0.0);
  out.side_of_vertex.assign(static_cast<std::size_t>(nv), 0);
  for (int s = 0; s < 2; ++s) {
    const SideTarget& st = sides[s];
    if (!st.active) continue;
    const double sign = s == 1 ? 1.0 : -1.0;
    const FillExtent& e = out.extent[s];
    // Lateral fields of every slice in the window, to tell the hip's skin from an arm.
    std::vector<Field> fields;
    for (std::size_t i = st.first; i <= st.last; ++i)
      fields.push_back(lateral_field(sil.body_loops[i], sign, e.y_centre_mm - e.back_mm - 10, e.y_centre_mm + e.front_mm + 10));
    const double step = sil.z[1] - sil.z[0];
    for (Eigen::Index v = 0; v < nv; ++v) {
      const Eigen::Vector3d p = out.before.V.row(v);
      if (!region(p, s)) continue;
      const double f = tables[s].at(p.y(), p.z(), sil.z);
      if (!(f > 0)) continue;
      const auto k = static_cast<std::size_t>(std::clamp(std::lround((p.z() - sil.z[st.first]) / step), 0L,
                                                         static_cast<long>(fields.size()) - 1));
      const double xs = fields[k].at(p.y());
      if (std::isnan(xs) || std::abs(sign * p.x() - xs) > opt.surface_tolerance_mm) continue;
      out.displacement(v, 0) = sign * f;
      out.fill_mm[static_cast<std::size_t>(v)] = f;
      out.side_of_vertex[static_cast<std::size_t>(v)] = static_cast<char>(s + 1);
    }
  }
  return out;
}

}  // namespace contour
