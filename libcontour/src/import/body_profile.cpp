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

}  // namespace

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
  for (const auto& sec : sections) {
    ProfileLevel lv;
    lv.z = sec.z;
    std::vector<const SectionLoop*> loops;
    for (const auto& l : sec.loops) loops.push_back(&l);
    std::sort(loops.begin(), loops.end(),
              [](const SectionLoop* a, const SectionLoop* b) { return std::abs(a->signed_area) > std::abs(b->signed_area); });
    if (!loops.empty()) {
      lv.area = std::abs(loops[0]->signed_area);
      for (const auto* l : loops)
        if (std::abs(l->signed_area) >= 0.15 * lv.area) ++lv.big_loops;
      if (loops.size() >= 2) {
        const double a1 = std::abs(loops[1]->signed_area);
        const double a2 = loops.size() >= 3 ? std::abs(loops[2]->signed_area) : 0.0;
        lv.two_legs = a1 >= 0.35 * lv.area && a2 < 0.5 * a1 && loops_separate(*loops[0], *loops[1]);
      }
    }
    prof.levels.push_back(lv);
  }
  const int n = static_cast<int>(prof.levels.size());
  const int band = std::max(1, static_cast<int>(std::lround(0.30 * n)));
  for (int i = 0; i < band; ++i) {
    prof.legs_score_bottom += prof.levels[i].two_legs ? 1.0 / band : 0.0;
    prof.legs_score_top += prof.levels[n - 1 - i].two_legs ? 1.0 / band : 0.0;
  }
  // The crotch: top of the lowest run of two-leg levels (one missing level tolerated).
  const double step = h * 0.99 / levels;
  int first = -1, last = -1;
  for (int i = 0; i < n; ++i) {
    if (prof.levels[i].two_legs) {
      if (first < 0) first = i;
      last = i;
    } else if (first >= 0 && i - last > 2) {
      break;
    }
  }
  if (first >= 0) {
    prof.has_crotch = true;
    prof.crotch_z = prof.levels[last].z + 0.5 * step;
    prof.legs_below = prof.crotch_z - (first == 0 ? box.min.z() : prof.levels[first].z - 0.5 * step);
    int top = last;
    for (int i = last + 1; i < n && !prof.levels[i].two_legs && prof.levels[i].area > 0; ++i) top = i;
    prof.torso_above = top > last ? (top == n - 1 ? box.max.z() : prof.levels[top].z + 0.5 * step) - prof.crotch_z : 0.0;
  }
  return prof;
}

}  // namespace contour
