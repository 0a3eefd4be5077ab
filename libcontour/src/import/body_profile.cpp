#include "contour/import/body_profile.hpp"

#include "contour/section/slice_mesh.hpp"

#include <algorithm>
#include <cmath>

namespace contour {
namespace {

/// Two loops lie side by side (neither inside nor overlapping the other) when their projections
/// on the line through their centroids do not overlap. Unlike a test on axis-aligned boxes this
/// does not depend on how the scan is turned about its vertical axis.
bool loops_separate(const SectionLoop& a, const SectionLoop& b) {
  const Eigen::Vector2d ca = loop_point_mean(a), cb = loop_point_mean(b);
  const Eigen::Vector2d d = cb - ca;
  if (!(d.norm() > 0)) return false;
  double a_max = -1e300, b_min = 1e300;
  for (const auto& p : a.points) a_max = std::max(a_max, d.dot(p - ca));
  for (const auto& p : b.points) b_min = std::min(b_min, d.dot(p - ca));
  return a_max < b_min;
}

/// Thighs whose surfaces pass a little into each other (or a scan whose two leg contours touch):
/// two similar loops whose projections on the line through their centroids overlap by less
/// than 30 % of the smaller one's extent there.
bool loops_barely_overlap(const SectionLoop& a, const SectionLoop& b) {
  const Eigen::Vector2d ca = loop_point_mean(a), cb = loop_point_mean(b);
  Eigen::Vector2d d = cb - ca;
  if (!(d.norm() > 0)) return false;
  d.normalize();
  double a_min = 1e300, a_max = -1e300, b_min = 1e300, b_max = -1e300;
  for (const auto& p : a.points) a_min = std::min(a_min, d.dot(p - ca)), a_max = std::max(a_max, d.dot(p - ca));
  for (const auto& p : b.points) b_min = std::min(b_min, d.dot(p - ca)), b_max = std::max(b_max, d.dot(p - ca));
  const double overlap = a_max - b_min;
  return overlap < 0.3 * std::min(a_max - a_min, b_max - b_min);
}

/// Classifies one slice's loops into a profile level.
ProfileLevel classify_level(const CrossSection& sec) {
  ProfileLevel lv;
  lv.z = sec.z;
  std::vector<const SectionLoop*> loops;
  for (const auto& l : sec.loops) loops.push_back(&l);
  std::sort(loops.begin(), loops.end(),
            [](const SectionLoop* a, const SectionLoop* b) { return std::abs(a->signed_area) > std::abs(b->signed_area); });
  if (loops.empty()) return lv;
  lv.area = std::abs(loops[0]->signed_area);
  for (const auto* l : loops)
    if (std::abs(l->signed_area) >= 0.15 * lv.area) ++lv.big_loops;
  const double a1 = loops.size() >= 2 ? std::abs(loops[1]->signed_area) : 0.0;
  const double a2 = loops.size() >= 3 ? std::abs(loops[2]->signed_area) : 0.0;
  if (loops.size() >= 2) {
    lv.two_legs = a1 >= 0.35 * lv.area && a2 < 0.5 * a1 && loops_separate(*loops[0], *loops[1]);
    if (!lv.two_legs && a1 >= 0.5 * lv.area && a2 < 0.5 * a1 && loops_barely_overlap(*loops[0], *loops[1]))
      lv.legs_touching = true;
  }
  // One contour around both thighs: the second loop, if any, is not a leg (a hand, a stray).
  if (!lv.two_legs && !lv.legs_touching && a1 < 0.35 * lv.area && loops[0]->closed && loop_has_two_lobes(*loops[0]))
    lv.legs_touching = true;
  return lv;
}

}  // namespace

bool loop_has_two_lobes(const SectionLoop& loop) {
  // Just above the perineum the pelvis is notched too (groin creases in front, the gluteal cleft
  // behind) but its middle chord stays above half a lobe's; touching thighs meet over less.
  constexpr double kMaxContact = 0.45, kMinNotch = 0.2;
  const auto& P = loop.points;
  const std::size_t n = P.size();
  if (n < 12) return false;
  Eigen::Vector2d c = Eigen::Vector2d::Zero();
  for (const auto& p : P) c += p;
  c /= static_cast<double>(n);
  Eigen::Matrix2d C = Eigen::Matrix2d::Zero();
  for (const auto& p : P) C += (p - c) * (p - c).transpose();
  // Long axis of the loop (closed form for a symmetric 2x2 matrix).
  const double angle = 0.5 * std::atan2(2 * C(0, 1), C(0, 0) - C(1, 1));
  const Eigen::Vector2d u(std::cos(angle), std::sin(angle)), v(-u.y(), u.x());
  std::vector<double> t(n), s(n);
  double tmin = 1e300, tmax = -1e300;
  for (std::size_t i = 0; i < n; ++i) {
    t[i] = u.dot(P[i] - c);
    s[i] = v.dot(P[i] - c);
    tmin = std::min(tmin, t[i]), tmax = std::max(tmax, t[i]);
  }
  const double length = tmax - tmin;
  if (!(length > 0)) return false;
  // Extent across the long axis (s range of the crossings) at stations along it.
  constexpr int kStations = 41;
  std::vector<double> hi(kStations, -1e300), lo(kStations, 1e300);
  for (int k = 0; k < kStations; ++k) {
    const double tk = tmin + length * (k + 0.5) / kStations;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t j = (i + 1) % n;
      if ((t[i] - tk) * (t[j] - tk) > 0 || t[i] == t[j]) continue;
      const double sk = s[i] + (s[j] - s[i]) * (tk - t[i]) / (t[j] - t[i]);
      hi[k] = std::max(hi[k], sk), lo[k] = std::min(lo[k], sk);
    }
  }
  auto chord = [&](int k) { return hi[k] > lo[k] ? hi[k] - lo[k] : 0.0; };
  // The narrowest station in the middle half is the candidate contact between the lobes.
  int mid = -1;
  for (int k = kStations / 4; k <= 3 * kStations / 4; ++k)
    if (mid < 0 || chord(k) < chord(mid)) mid = k;
  double left_hi = -1e300, left_lo = 1e300, right_hi = -1e300, right_lo = 1e300, left_chord = 0, right_chord = 0;
  for (int k = 0; k < kStations; ++k) {
    if (!(hi[k] > lo[k])) continue;
    if (k < mid) left_hi = std::max(left_hi, hi[k]), left_lo = std::min(left_lo, lo[k]), left_chord = std::max(left_chord, chord(k));
    if (k > mid) right_hi = std::max(right_hi, hi[k]), right_lo = std::min(right_lo, lo[k]), right_chord = std::max(right_chord, chord(k));
  }
  const double lobe = std::min(left_chord, right_chord);
  if (!(lobe > 0) || !(hi[mid] > lo[mid])) return false;
  const double notch_hi = std::min(left_hi, right_hi) - hi[mid];
  const double notch_lo = lo[mid] - std::max(left_lo, right_lo);
  return chord(mid) <= kMaxContact * lobe && notch_hi >= kMinNotch * lobe && notch_lo >= kMinNotch * lobe && length >= 1.4 * lobe;
}

BodyProfile profile_body(const Mesh& mesh, int levels) { return profile_body(mesh.V, mesh.F, levels); }

BodyProfile profile_body(const Vertices& V, const Faces& F, int levels) {
  BodyProfile prof;
  const BoundingBox box = bounding_box(V);
  const double h = box.extent().z();
  if (!(h > 0) || levels < 4) return prof;
  std::vector<double> zs;
  for (int i = 0; i < levels; ++i) zs.push_back(box.min.z() + h * (0.005 + 0.99 * (i + 0.5) / levels));
  SliceOptions so;
  // Scaled by the height alone, so that turning the scan about its vertical axis (which changes
  // the horizontal extent of its bounding box) does not change the slices.
  so.join_gap = 0.011 * h;
  const auto sections = slice_mesh(V, F, zs, so);
  for (const auto& sec : sections) prof.levels.push_back(classify_level(sec));
  const int n = static_cast<int>(prof.levels.size());
  const int band = std::max(1, static_cast<int>(std::lround(0.30 * n)));
  for (int i = 0; i < band; ++i) {
    prof.legs_score_bottom += prof.levels[i].legs() ? 1.0 / band : 0.0;
    prof.legs_score_top += prof.levels[n - 1 - i].legs() ? 1.0 / band : 0.0;
  }
  // The crotch: top of the lowest run of leg levels, apart or touching (one missing level
  // tolerated). Counting touching thighs keeps the run going from the knees to the groin, so the
  // crotch is where the legs part, not the top of a gap between the knees or calves.
  const double step = h * 0.99 / levels;
  int first = -1, last = -1;
  for (int i = 0; i < n; ++i) {
    if (prof.levels[i].legs()) {
      if (first < 0) first = i;
      last = i;
    } else if (first >= 0 && i - last > 2) {
      break;
    }
  }
  if (first >= 0) {
    prof.has_crotch = true;
    // Where the top leg level has the legs apart, the crotch is half a level above it, as it has
    // always been. Where the thighs touch up to it, the contour's notches shallow gradually, so
    // the level where it stops reading as two lobes is refined by slices 1 % of the height apart.
    prof.crotch_z = prof.levels[last].z + 0.5 * step;
    if (prof.levels[last].legs_touching && last + 1 < n) {
      double top_legs = prof.levels[last].z;
      std::vector<double> fine;
      const double z1 = prof.levels[last + 1].z;
      for (double z = top_legs + 0.01 * h; z < z1; z += 0.01 * h) fine.push_back(z);
      for (const auto& sec : slice_mesh(V, F, fine, so)) {
        if (!classify_level(sec).legs()) break;
        top_legs = sec.z;
      }
      prof.crotch_z = top_legs + 0.005 * h;
    }
    prof.legs_below = prof.crotch_z - (first == 0 ? box.min.z() : prof.levels[first].z - 0.5 * step);
    int top = last;
    for (int i = last + 1; i < n && !prof.levels[i].legs() && prof.levels[i].area > 0; ++i) top = i;
    prof.torso_above = top > last ? (top == n - 1 ? box.max.z() : prof.levels[top].z + 0.5 * step) - prof.crotch_z : 0.0;
  }
  return prof;
}

}  // namespace contour
