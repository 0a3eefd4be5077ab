#include "contour/silhouette/extract_silhouette.hpp"

#include <algorithm>
#include <cmath>

namespace contour {
namespace {

bool inside(const std::vector<Eigen::Vector2d>& poly, const Eigen::Vector2d& p) {
  bool in = false;
  const std::size_t n = poly.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const auto& a = poly[i];
    const auto& b = poly[j];
    if ((a.y() > p.y()) != (b.y() > p.y()) && p.x() < (b.x() - a.x()) * (p.y() - a.y()) / (b.y() - a.y()) + a.x())
      in = !in;
  }
  return in;
}

/// Whether at least `fraction` of (up to 24) sample points of `a` lie inside `b`. Stops as soon
/// as the answer is known (each test walks all of `b`'s points).
bool mostly_inside(const SectionLoop& a, const SectionLoop& b, double fraction) {
  if (a.points.empty() || b.points.size() < 3) return false;
  if (a.max.x() < b.min.x() || b.max.x() < a.min.x() || a.max.y() < b.min.y() || b.max.y() < a.min.y()) return false;
  const std::size_t n = a.points.size();
  const std::size_t samples = std::min<std::size_t>(24, n);
  const auto needed = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(samples) - 1e-9));
  std::size_t hits = 0;
  for (std::size_t s = 0; s < samples; ++s) {
    if (hits >= needed) return true;
    if (hits + (samples - s) < needed) return false;
    hits += inside(b.points, a.points[s * n / samples]) ? 1 : 0;
  }
  return hits >= needed;
}

/// A contour continues the body of the neighbouring slice if they overlap in the plane (a
/// quarter of either's sample points inside the other).
bool continues(const SectionLoop& l, const std::vector<SectionLoop>& body) {
  for (const auto& b : body)
    if (mostly_inside(l, b, 0.25) || mostly_inside(b, l, 0.25)) return true;
  return false;
}

void record(Silhouette& sil, std::size_t k, std::vector<SectionLoop> body) {
  double rx = -1e300, lx = 1e300, ry = 0, ly = 0;
  for (const auto& l : body)
    for (const auto& p : l.points) {
      rx = std::max(rx, p.x());
      lx = std::min(lx, p.x());
    }
  // The extreme's anterior coordinate: the mean over the points within 0.5 mm of it, so that a
  // flat side gives its middle and a mirrored body gives the same point on both sides.
  double rs = 0, ls = 0;
  int rn = 0, ln = 0;
  for (const auto& l : body)
    for (const auto& p : l.points) {
      if (p.x() >= rx - 0.5) rs += p.y(), ++rn;
      if (p.x() <= lx + 0.5) ls += p.y(), ++ln;
    }
  if (rn > 0) ry = rs / rn;
  if (ln > 0) ly = ls / ln;
  if (rx > -1e300) {
    sil.right_x[k] = rx;
    sil.left_x[k] = lx;
    sil.right_y[k] = ry;
    sil.left_y[k] = ly;
    sil.valid[k] = 1;
  }
  sil.body_loops[k] = std::move(body);
}

}  // namespace

Silhouette extract_silhouette(const Mesh& canonical, double crotch_z_mm, const SilhouetteOptions& options) {
  Silhouette sil;
  sil.crotch_z = crotch_z_mm;
  const BoundingBox box = bounding_box(canonical.V);
  const double step = std::clamp(options.spacing_mm, 0.25, 10.0);
  const double z0 = std::max(box.min.z() + 0.5 * step, crotch_z_mm - options.below_crotch_mm);
  const double z1 = std::min(box.max.z() - 0.5 * step, crotch_z_mm + options.above_crotch_mm);
  std::vector<double> zs;
  for (double z = z0; z <= z1 + 1e-9; z += step) zs.push_back(z);
  SliceOptions so;
  so.join_gap = 15.0;
  std::vector<CrossSection> secs = slice_mesh(canonical, zs, so);

  const std::size_t n = zs.size();
  sil.z = zs;
  sil.right_x.assign(n, 0);
  sil.left_x.assign(n, 0);
  sil.right_y.assign(n, 0);
  sil.left_y.assign(n, 0);
  sil.valid.assign(n, 0);
  sil.body_loops.assign(n, {});
  if (n == 0) return sil;

  // Seed just above the crotch, where the torso is by far the largest contour (hands hanging
  // beside the hips are much smaller), then follow the body up and down through contours that
  // overlap the body of the neighbouring slice: legs continue the torso, arms never do.
  std::size_t seed = 0;
  while (seed + 1 < n && zs[seed] < crotch_z_mm + 30.0) ++seed;
  {
    SectionLoop* big = nullptr;
    for (auto& l : secs[seed].loops)
      if (!big || std::abs(l.signed_area) > std::abs(big->signed_area)) big = &l;
    if (big) record(sil, seed, {std::move(*big)});
  }
  auto follow = [&](std::size_t k, std::size_t from) {
    std::vector<SectionLoop> body;  // the slice's loops are used once: moved, not copied
    for (auto& l : secs[k].loops)
      if (continues(l, sil.body_loops[from])) body.push_back(std::move(l));
    if (body.empty()) body = sil.body_loops[from];  // a hole in the scan: carry the body through
    record(sil, k, std::move(body));
  };
  for (std::size_t k = seed; k-- > 0;) follow(k, k + 1);
  std::size_t top = n;
  for (std::size_t k = seed + 1; k < n; ++k) {
    follow(k, k - 1);
    // An arm joining the torso (armpit) makes the contour jump outwards: the window ends there.
    const double jump = std::max(std::abs(sil.right_x[k] - sil.right_x[k - 1]), std::abs(sil.left_x[k] - sil.left_x[k - 1]));
    if (jump > std::max(12.0, 6.0 * step)) {
      top = k;
      break;
    }
  }
  if (top < n) {
    sil.z.resize(top);
    sil.right_x.resize(top);
    sil.left_x.resize(top);
    sil.right_y.resize(top);
    sil.left_y.resize(top);
    sil.valid.resize(top);
    sil.body_loops.resize(top);
  }
  return sil;
}

}  // namespace contour
