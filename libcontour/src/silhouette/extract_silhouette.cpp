#include "contour/silhouette/extract_silhouette.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

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

double distance_to_polyline(const std::vector<Eigen::Vector2d>& poly, const Eigen::Vector2d& p) {
  double best = 1e300;
  const std::size_t n = poly.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Eigen::Vector2d& a = poly[i];
    const Eigen::Vector2d& b = poly[(i + 1) % n];
    const Eigen::Vector2d ab = b - a;
    const double t = ab.squaredNorm() > 0 ? std::clamp((p - a).dot(ab) / ab.squaredNorm(), 0.0, 1.0) : 0.0;
    best = std::min(best, (a + t * ab - p).norm());
  }
  return best;
}

/// Whether q lies inside the loop (closed by its chord) or within `margin` of its polyline.
bool inside_or_near(const SectionLoop& l, const Eigen::Vector2d& q, double margin) {
  if (l.points.size() < 3 || q.x() < l.min.x() - margin || q.x() > l.max.x() + margin || q.y() < l.min.y() - margin ||
      q.y() > l.max.y() + margin)
    return false;
  return inside(l.points, q) || distance_to_polyline(l.points, q) <= margin;
}

/// The predicted cross-section of an arm at one height: the arm's contours at a nearby height
/// where it is separate, moved by `shift`, grown by `margin`.
struct ArmMask {
  std::vector<const SectionLoop*> loops;
  Eigen::Vector2d shift{0, 0};
  double margin = 0;
  bool covers(const Eigen::Vector2d& p) const {
    for (const SectionLoop* l : loops)
      if (inside_or_near(*l, p - shift, margin)) return true;
    return false;
  }
};

/// Cuts the points the mask covers out of the loops: each run of covered points is replaced
/// by the straight bridge between its uncovered neighbours (across the base of the arm), so
/// the contours stay closed. Returns whether anything was cut.
bool cut_out(std::vector<SectionLoop>& loops, const ArmMask& mask) {
  bool any = false;
  std::vector<SectionLoop> out;
  for (auto& l : loops) {
    std::vector<Eigen::Vector2d> kept;
    kept.reserve(l.points.size());
    for (const auto& p : l.points)
      if (!mask.covers(p)) kept.push_back(p);
    if (kept.size() == l.points.size()) {
      out.push_back(std::move(l));
      continue;
    }
    any = true;
    if (kept.size() < 3) continue;  // all arm
    l.points = std::move(kept);
    update_loop_measures(l);
    out.push_back(std::move(l));
  }
  loops = std::move(out);
  return any;
}

}  // namespace

Silhouette extract_silhouette(const Mesh& canonical, double crotch_z_mm, const SilhouetteOptions& options) {
  Silhouette sil;
  sil.crotch_z = crotch_z_mm;
  const BoundingBox box = bounding_box(canonical.V);
  sil.scan_top_z = box.max.z();
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
  sil.arm_cut.assign(n, {0, 0});
  if (n == 0) return sil;

  // Arms where they are separate: closed contours much smaller than the slice's largest one
  // (a quarter of its area; a leg is about half of a torso, a forearm a tenth) lying outside
  // the lateral extent of all the big ones (torso, or both legs), on the side they are on.
  // Side 0 = patient's left (-x), 1 = right.
  std::vector<std::array<std::vector<const SectionLoop*>, 2>> arms(n);
  std::vector<std::vector<char>> is_arm(n);
  for (std::size_t k = 0; k < n; ++k) {
    const auto& loops = secs[k].loops;
    is_arm[k].assign(loops.size(), 0);
    const SectionLoop* big = nullptr;
    for (const auto& l : loops)
      if (!big || std::abs(l.signed_area) > std::abs(big->signed_area)) big = &l;
    if (!big) continue;
    double big_min_x = big->min.x(), big_max_x = big->max.x();
    for (const auto& l : loops)
      if (std::abs(l.signed_area) >= 0.25 * std::abs(big->signed_area))
        big_min_x = std::min(big_min_x, l.min.x()), big_max_x = std::max(big_max_x, l.max.x());
    for (std::size_t i = 0; i < loops.size(); ++i) {
      const SectionLoop& l = loops[i];
      if (&l == big || !l.closed || std::abs(l.signed_area) >= 0.25 * std::abs(big->signed_area)) continue;
      const double cx = loop_point_mean(l).x();
      if (cx >= big_min_x && cx <= big_max_x) continue;
      is_arm[k][i] = 1;
      arms[k][cx > 0 ? 1 : 0].push_back(&l);
    }
  }
  // Where a side has no separate arm but one lies within 150 mm above or below, the arm may
  // have merged with the body there: predict its cross-section from the nearest separate one,
  // moved along the drift between the arm above and below.
  constexpr double kArmReach = 150.0;
  auto arm_mask = [&](std::size_t k, int side) {
    ArmMask m;
    if (!arms[k][side].empty()) return m;
    std::size_t below = n, above = n;
    for (std::size_t j = k; j-- > 0 && zs[k] - zs[j] <= kArmReach;)
      if (!arms[j][side].empty()) { below = j; break; }
    for (std::size_t j = k + 1; j < n && zs[j] - zs[k] <= kArmReach; ++j)
      if (!arms[j][side].empty()) { above = j; break; }
    if (below == n && above == n) return m;
    const std::size_t near = below == n ? above : above == n ? below : (zs[k] - zs[below] <= zs[above] - zs[k] ? below : above);
    m.loops = arms[near][side];
    if (below != n && above != n) {
      auto mean_centre = [&](std::size_t j) {
        Eigen::Vector2d c = Eigen::Vector2d::Zero();
        for (const SectionLoop* l : arms[j][side]) c += loop_point_mean(*l);
        return Eigen::Vector2d(c / static_cast<double>(arms[j][side].size()));
      };
      const double t = (zs[k] - zs[below]) / (zs[above] - zs[below]);
      m.shift = (1 - t) * mean_centre(below) + t * mean_centre(above) - mean_centre(near);
    }
    m.margin = 1.5 + 0.02 * std::abs(zs[k] - zs[near]);
    return m;
  };

  // Seed just above the crotch, where the torso is by far the largest contour (hands hanging
  // beside the hips are much smaller), then follow the body up and down through contours that
  // overlap the body of the neighbouring slice: legs continue the torso, arms never do.
  // The side's lateral extreme (right: max x, left: min x) over the loops.
  auto extreme = [](const std::vector<SectionLoop>& loops, int side) {
    double e = side == 1 ? -1e300 : 1e300;
    for (const auto& l : loops) e = side == 1 ? std::max(e, l.max.x()) : std::min(e, l.min.x());
    return e;
  };
  // Whether the predicted arm lies in the body's contour (it merged) rather than in empty
  // space (the arm ended, e.g. below the fingertips): half its outline inside the body or on
  // its boundary (within the mask's margin; a merged arm's outer side is the body's boundary).
  auto merged = [](const std::vector<SectionLoop>& body, const ArmMask& mask) {
    std::size_t in = 0, all = 0;
    for (const SectionLoop* l : mask.loops)
      for (const auto& p : l->points) {
        ++all;
        const Eigen::Vector2d q = p + mask.shift;
        in += std::any_of(body.begin(), body.end(), [&](const SectionLoop& b) { return inside_or_near(b, q, mask.margin); }) ? 1 : 0;
      }
    return all > 0 && 2 * in >= all;
  };
  auto count_points = [](const std::vector<SectionLoop>& loops) {
    std::size_t n = 0;
    for (const auto& l : loops) n += l.points.size();
    return n;
  };
  auto finish = [&](std::size_t k, std::vector<SectionLoop> body) {
    for (int side = 0; side < 2; ++side) {
      const ArmMask mask = arm_mask(k, side);
      if (mask.loops.empty() || !merged(body, mask)) continue;
      const double before = extreme(body, side);
      std::vector<SectionLoop> cut = body;
      // An arm is a small part of the contour: a cut that would remove most of it is wrong
      // (a badly predicted arm), and the contour is kept whole.
      if (!cut_out(cut, mask) || 2 * count_points(cut) < count_points(body)) continue;
      body = std::move(cut);
      // Flagged (and noted) only where the arm was that side's extreme: elsewhere the cut does
      // not change the silhouette.
      if (std::abs(extreme(body, side) - before) > 0.5) sil.arm_cut[k][static_cast<std::size_t>(side)] = 1;
    }
    record(sil, k, std::move(body));
  };
  std::size_t seed = 0;
  while (seed + 1 < n && zs[seed] < crotch_z_mm + 30.0) ++seed;
  {
    SectionLoop* big = nullptr;
    for (auto& l : secs[seed].loops)
      if (!big || std::abs(l.signed_area) > std::abs(big->signed_area)) big = &l;
    if (big) finish(seed, {std::move(*big)});
  }
  auto follow = [&](std::size_t k, std::size_t from) {
    std::vector<SectionLoop> body;  // the slice's loops are used once: moved, not copied
    for (std::size_t i = 0; i < secs[k].loops.size(); ++i) {
      SectionLoop& l = secs[k].loops[i];
      if (!is_arm[k][i] && continues(l, sil.body_loops[from])) body.push_back(std::move(l));
    }
    if (body.empty()) body = sil.body_loops[from];  // a hole in the scan: carry the body through
    finish(k, std::move(body));
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
    sil.arm_cut.resize(top);
  }
  for (int side = 0; side < 2; ++side) {
    for (std::size_t k = 0; k < sil.z.size();) {
      if (!sil.arm_cut[k][static_cast<std::size_t>(side)]) {
        ++k;
        continue;
      }
      std::size_t e = k;
      while (e + 1 < sil.z.size() && sil.arm_cut[e + 1][static_cast<std::size_t>(side)]) ++e;
      char text[300];
      std::snprintf(text, sizeof text,
                    "%s side: the arm touches the body between %.0f and %.0f mm above the lowest point; it was cut out of "
                    "the cross-sections there using its shape where it is separate, so the silhouette there is estimated",
                    side == 0 ? "left" : "right", sil.z[k], sil.z[e]);
      sil.notes.emplace_back(text);
      k = e + 1;
    }
  }
  return sil;
}

}  // namespace contour
