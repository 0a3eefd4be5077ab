// Follow-ups with known truth (issue 14): the post scan is the pre-operative scan's own target
// at a correction r (so the true gain per side is the plan's fill at r), re-triangulated, with
// 0.3 mm of noise along the skin normal, the arms moved a little, and the whole moved by a
// random rigid motion (up to 20 degrees and 100 mm). Retention must come back within 3
// percentage points and the gain within 5 % + 2 mL; a different body must be refused or warned;
// a calibration from 20 follow-ups must recover the retention distribution's mean within 2 points.
#include "carve_dent.hpp"
#include "geometry_cases.hpp"
#include "temp_dir.hpp"
#include "test_scale.hpp"

#include "contour/core/mesh_ops.hpp"
#include "contour/core/errors.hpp"
#include "contour/import/clean_mesh.hpp"
#include "contour/followup/calibrate_retention.hpp"
#include "contour/followup/followup_report.hpp"
#include "contour/followup/measure_followup.hpp"
#include "contour/plan/run_plan.hpp"

#include <Eigen/Geometry>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <map>
#include <random>
#include <vector>

namespace contour {
namespace {

/// The pre-operative plan of the 8/14 mm phantom (built once per test process).
const PlanResult& pre_plan() {
  static const PlanResult plan = run_plan(import_mesh(test::asymmetric_phantom().mesh, "pre phantom"), PlanOptions{});
  return plan;
}

struct Motion {
  Eigen::Matrix3d R;
  Eigen::Vector3d t;
};

Motion random_motion(std::mt19937& rng, double max_deg, double max_mm) {
  std::normal_distribution<double> n(0, 1);
  std::uniform_real_distribution<double> u(0, 1);
  Eigen::Vector3d axis(n(rng), n(rng), n(rng));
  Eigen::Vector3d dir(n(rng), n(rng), n(rng));
  const double angle = (0.5 + 0.5 * u(rng)) * max_deg * 3.14159265358979 / 180;
  return {Eigen::AngleAxisd(angle, axis.normalized()).toRotationMatrix(), (0.5 + 0.5 * u(rng)) * max_mm * dir.normalized()};
}

/// Per vertex: 1 when it is on the body piece (the largest by area), 0 on the arms and strays.
std::vector<char> body_vertices(const Mesh& m) {
  const Pieces pieces = connected_pieces(m);
  const auto body = static_cast<int>(std::max_element(pieces.area.begin(), pieces.area.end()) - pieces.area.begin());
  std::vector<char> on_body(static_cast<std::size_t>(m.num_vertices()), 0);
  for (Eigen::Index f = 0; f < m.num_faces(); ++f)
    if (pieces.face_piece[static_cast<std::size_t>(f)] == body)
      for (int k = 0; k < 3; ++k) on_body[static_cast<std::size_t>(m.F(f, k))] = 1;
  return on_body;
}

/// The follow-up: pre's target at correction r, subdivided, arms (the pieces other than the
/// largest) shifted by a few mm, noise of sd `noise_mm` along the normal, then moved.
Mesh make_followup(const PlanResult& pre, double r, std::uint32_t seed, double noise_mm = 0.3,
                   const std::function<void(Mesh&)>& carve = {}) {
  std::mt19937 rng(seed);
  Mesh target = pre.geometry.surface.target(r);
  if (carve) carve(target);
  Mesh m = subdivide_midpoint(target);
  // Arms: every vertex outside the body piece moves (they hang a little differently).
  const std::vector<char> on_body = body_vertices(m);
  for (Eigen::Index v = 0; v < m.num_vertices(); ++v)
    if (!on_body[static_cast<std::size_t>(v)]) m.V.row(v) += Eigen::RowVector3d(m.V(v, 0) > 0 ? 4.0 : -4.0, -3.0, 2.0);
  const Vertices normal = test::vertex_normals(m);
  std::normal_distribution<double> noise(0, noise_mm);
  for (Eigen::Index v = 0; v < m.num_vertices(); ++v) m.V.row(v) += noise(rng) * normal.row(v);
  const Motion mo = random_motion(rng, 20, 100);
  for (Eigen::Index v = 0; v < m.num_vertices(); ++v)
    m.V.row(v) = (mo.R * m.V.row(v).transpose() + mo.t).transpose();
  return m;
}

/// The true gain per side at correction r: the plan's fill there.
std::array<double, 2> true_gain(const PlanResult& pre, double r) {
  const std::vector<double> fill = region_fill_at(pre.geometry, r);
  std::array<double, 2> g{0, 0};
  for (std::size_t i = 0; i < fill.size(); ++i)
    g[pre.geometry.regions[i].region.side == Side::Left ? 0 : 1] += fill[i];
  return g;
}

TEST(FollowupTruth, RetentionAndGainRecoveredUnderMotionRemeshAndNoise) {
  const PlanResult& pre = pre_plan();
  ASSERT_GT(pre.geometry.sides[0].fill_ml, 20.0);
  ASSERT_GT(pre.geometry.sides[1].fill_ml, 40.0);
  // Injected: the plan's volumes (full correction at the planned resorption); the true
  // retention is then the fill at r over them.
  const std::array<double, 2> injected{pre.graft.left.inject_ml, pre.graft.right.inject_ml};
  std::vector<std::pair<double, FollowupResult>> measured;
  int k = 0;
  // Reduced run (sanitizer build): the middle correction only; the calibration reuses it.
  const std::vector<double> corrections = test::reduced_run() ? std::vector<double>{0.5} : std::vector<double>{0.2, 0.5, 0.9};
  for (double r : corrections) {
    SCOPED_TRACE("correction " + std::to_string(r));
    const std::array<double, 2> gain = true_gain(pre, r);
    const std::array<double, 2> retention{gain[0] / injected[0], gain[1] / injected[1]};
    const ImportedScan post = import_mesh(make_followup(pre, r, 1234u + static_cast<std::uint32_t>(k++)), "post");
    const FollowupResult f = measure_followup(pre, post, injected);
    EXPECT_LT(f.registration.rms_mm, 1.0);
    EXPECT_GT(f.registration.overlap, 0.8);
    for (int s = 0; s < 2; ++s) {
      const SideFollowup& sf = f.sides[static_cast<std::size_t>(s)];
      SCOPED_TRACE(s == 0 ? "left" : "right");
      std::printf("[ truth    ] r %.1f %-5s gain %6.2f mL (true %6.2f, sections %6.2f, sd %.2f), retention %.3f (true %.3f), rms %.2f mm\n",
                  r, s == 0 ? "left" : "right", sf.gained_ml, gain[static_cast<std::size_t>(s)], sf.gained_section_ml,
                  sf.gained_sd_ml, sf.retention, retention[static_cast<std::size_t>(s)], f.registration.rms_mm);
      EXPECT_NEAR(sf.gained_ml, gain[static_cast<std::size_t>(s)], 0.05 * gain[static_cast<std::size_t>(s)] + 2.0)
          << "section method " << sf.gained_section_ml << " mL, sd " << sf.gained_sd_ml;
      ASSERT_TRUE(sf.has_retention);
      EXPECT_NEAR(sf.retention, retention[static_cast<std::size_t>(s)], 0.03);
      EXPECT_GT(sf.gained_sd_ml, 0.5);
      EXPECT_LT(sf.gained_sd_ml, 0.1 * gain[static_cast<std::size_t>(s)] + 3.0);
      // The two volume methods measure the same gain.
      EXPECT_NEAR(sf.gained_section_ml, sf.gained_ml, 0.05 * sf.gained_ml + 2.0);
    }
    for (const std::string& w : f.warnings) ADD_FAILURE() << "unexpected warning: " << w;
    // The difference map holds the gain: its largest value is the deepest fill at r, within noise.
    double deepest = 0, fill = 0;
    for (std::size_t v = 0; v < f.difference_mm.size(); ++v)
      if (std::isfinite(f.difference_mm[v])) deepest = std::max(deepest, f.difference_mm[v]);
    for (double x : pre.geometry.surface.fill_mm) fill = std::max(fill, r * x);
    EXPECT_NEAR(deepest, fill, 1.5);
    // The follow-up's silhouette, moved into the pre-operative frame, is the target's at r
    // (the extreme of a noisy contour sits up to a noise amplitude or so outside).
    const Silhouette& sil = pre.geometry.silhouette;
    for (int s = 0; s < 2; ++s) {
      const SideGeometry& sg = pre.geometry.sides[static_cast<std::size_t>(s)];
      int compared = 0;
      for (std::size_t i = sg.full.first; i <= sg.full.last && i < sil.z.size(); ++i) {
        const double post_w = f.post_width_mm[static_cast<std::size_t>(s)][i];
        if (!sil.valid[i] || !std::isfinite(post_w)) continue;
        const double w = sil.width(sg.side, i);
        EXPECT_NEAR(post_w, w + r * (sg.curve.target[i] - w), 1.5) << "at z " << sil.z[i];
        ++compared;
      }
      EXPECT_GT(compared, 20);
    }
    measured.push_back({r, f});
  }

  // Calibration: 20 follow-ups (40 sides) whose injections were made with retentions drawn from
  // N(0.5, 0.1). The gain a follow-up measures does not depend on what was injected, so each
  // reuses one of the three measured follow-ups above with its own injected volumes (written
  // to and read back from the follow-up JSON, as `contour calibrate` reads them). The
  // calibration's mean must match the drawn retentions' mean within 2 points.
  std::mt19937 rng(7);
  std::normal_distribution<double> draw(0.5, 0.1);
  std::vector<RetentionSample> samples;
  std::vector<double> drawn;
  test::TempDir dir;
  for (int i = 0; i < 20; ++i) {
    const auto& [r, f] = measured[static_cast<std::size_t>(i) % measured.size()];
    const std::array<double, 2> gain = true_gain(pre, r);
    FollowupResult g = f;
    for (int s = 0; s < 2; ++s) {
      const double ret = std::clamp(draw(rng), 0.15, 0.9);
      drawn.push_back(ret);
      SideFollowup& sf = g.sides[static_cast<std::size_t>(s)];
      sf.injected_ml = gain[static_cast<std::size_t>(s)] / ret;
      sf.retention = sf.gained_ml / sf.injected_ml;
      sf.retention_sd = sf.gained_sd_ml / sf.injected_ml;
      sf.retention_low = sf.retention - 1.645 * sf.retention_sd;
      sf.retention_high = sf.retention + 1.645 * sf.retention_sd;
    }
    g.months_after_surgery = 12;
    const std::string path = (dir.path() / ("f" + std::to_string(i) + ".json")).string();
    test::write_bytes(path, followup_to_json_text(g, FollowupSources{"pre.ply", "post.ply", "", "test", "centrifugation"}));
    const auto s = load_followup_retention(path);
    ASSERT_EQ(s.size(), 2u);
    samples.insert(samples.end(), s.begin(), s.end());
  }
  double drawn_mean = 0;
  for (double x : drawn) drawn_mean += x / static_cast<double>(drawn.size());
  const Calibration c = calibrate_retention(samples);
  std::printf("[ truth    ] calibration mean %.4f (drawn %.4f), sd %.4f, 90 %% %.3f-%.3f\n", c.pooled.mean, drawn_mean,
              c.pooled.sd, c.pooled.low_90, c.pooled.high_90);
  EXPECT_EQ(c.pooled.n, 40);
  EXPECT_NEAR(c.pooled.mean, drawn_mean, 0.02);
  EXPECT_NEAR(c.pooled.sd, 0.1, 0.04);
  EXPECT_EQ(c.by_side.at("left").n, 20);
  EXPECT_EQ(c.by_processing.at("centrifugation").n, 40);
  EXPECT_LT(c.pooled.low_90, c.pooled.mean);
  EXPECT_GT(c.pooled.high_90, c.pooled.mean);
  // Written and read back, then applied to a plan: resorption = 1 - the measured retention.
  const std::string cal = (dir.path() / "cal.json").string();
  test::write_bytes(cal, calibration_to_json_text(c));
  const Calibration back = load_calibration(cal);
  EXPECT_NEAR(back.pooled.mean, c.pooled.mean, 1e-9);
  GraftOptions go;
  apply_calibration(go, back);
  EXPECT_NEAR(go.resorption, 1 - c.pooled.mean, 1e-9);
  EXPECT_NEAR(go.resorption_low, 1 - c.pooled.high_90, 1e-9);
  EXPECT_NEAR(go.resorption_high, 1 - c.pooled.low_90, 1e-9);
  EXPECT_EQ(go.resorption_source.rfind("calibration " + cal, 0), 0u) << go.resorption_source;
}

TEST(FollowupTruth, NoChangeMeasuresNoGain) {
  const PlanResult& pre = pre_plan();
  const ImportedScan post = import_mesh(make_followup(pre, 0.0, 99u), "post, unchanged");
  const FollowupResult f = measure_followup(pre, post, {100, 100});
  for (const SideFollowup& s : f.sides) {
    EXPECT_NEAR(s.gained_ml, 0.0, 2.0);
    EXPECT_NEAR(s.retention, 0.0, 0.02);
  }
  EXPECT_GE(f.donors.size(), 3u);
  for (const DonorFollowup& d : f.donors) EXPECT_NEAR(d.change_ml, 0.0, 2.0) << d.name;
}

/// Pushes the skin around `centre` inwards along the normals by depth * (1 - (d/R)^2)^2 and
/// returns the exact volume removed (mm^3), from the surfaces before and after.
double carve_bump(Mesh& m, const Eigen::Vector3d& centre, double radius, double depth) {
  const Vertices before = m.V;
  const Vertices n = test::vertex_normals(m);
  for (Eigen::Index v = 0; v < m.num_vertices(); ++v) {
    const double d = (m.V.row(v).transpose() - centre).norm();
    m.V.row(v) -= depth * test::bump(d / radius) * n.row(v);
  }
  return -test::volume_change_mm3(before, m.V, m.F, centre);
}

const DonorFollowup& donor(const FollowupResult& f, const std::string& name) {
  for (const DonorFollowup& d : f.donors)
    if (d.name == name) return d;
  throw std::runtime_error("no donor site " + name);
}

TEST(FollowupTruth, DonorSitesLoseTheCarvedVolume) {
  // Liposuction as dents of known volume: one over the abdomen, one over the left flank above
  // the treated hip; the follow-up is otherwise the target at r = 0.5 (moved, remeshed, noisy).
  const PlanResult& pre = pre_plan();
  const Mesh& m = pre.geometry.surface.before;
  double treated_top = 0, top = 0;
  for (Eigen::Index v = 0; v < m.num_vertices(); ++v) {
    top = std::max(top, m.V(v, 2));
    if (pre.geometry.surface.side_of_vertex[static_cast<std::size_t>(v)] != 0) treated_top = std::max(treated_top, m.V(v, 2));
  }
  const double flank_z = treated_top + 40 + 35 + 10;
  ASSERT_LT(flank_z + 35, top - 10) << "the phantom ends below the flank";
  // Front-most vertex 150 mm above the crotch; left-most (patient's left, -x) at flank_z.
  const double crotch = pre.scan.info.crotch_z_mm;
  Eigen::Vector3d front(0, -1e9, 0), flank(1e9, 0, 0);
  // On the body piece only (the arms hang beside the flanks).
  const std::vector<char> on_body = body_vertices(m);
  for (Eigen::Index v = 0; v < m.num_vertices(); ++v) {
    if (!on_body[static_cast<std::size_t>(v)]) continue;
    const Eigen::Vector3d p = m.V.row(v);
    if (std::abs(p.z() - (crotch + 150)) < 2 && std::abs(p.x()) < 40 && p.y() > front.y()) front = p;
    if (std::abs(p.z() - flank_z) < 2 && p.x() < flank.x() && std::abs(p.y()) < 150) flank = p;
  }
  double abdomen_mm3 = 0, flank_mm3 = 0;
  const ImportedScan post = import_mesh(make_followup(pre, 0.5, 4242u, 0.3, [&](Mesh& t) {
                                          abdomen_mm3 = carve_bump(t, front, 70, 8);
                                          flank_mm3 = carve_bump(t, flank, 35, 6);
                                        }),
                                        "post with liposuction");
  ASSERT_GT(abdomen_mm3, 20000);
  ASSERT_GT(flank_mm3, 4000);
  const FollowupResult f = measure_followup(pre, post, {100, 100});
  const DonorFollowup& a = donor(f, "abdomen");
  const DonorFollowup& l = donor(f, "flank_left");
  std::printf("[ truth    ] abdomen %.2f mL (carved %.2f, sd %.2f), left flank %.2f mL (carved %.2f, sd %.2f)\n",
              a.change_ml, -abdomen_mm3 / 1000, a.change_sd_ml, l.change_ml, -flank_mm3 / 1000, l.change_sd_ml);
  EXPECT_NEAR(a.change_ml, -abdomen_mm3 / 1000, 0.1 * abdomen_mm3 / 1000 + 2.0);
  EXPECT_NEAR(l.change_ml, -flank_mm3 / 1000, 0.15 * flank_mm3 / 1000 + 2.0);
  for (const char* other : {"flank_right", "inner_thigh_left", "inner_thigh_right"})
    EXPECT_NEAR(donor(f, other).change_ml, 0.0, 2.0) << other;
  // The hips' gain is not disturbed by the liposuction.
  const std::array<double, 2> gain = true_gain(pre, 0.5);
  for (int s = 0; s < 2; ++s)
    EXPECT_NEAR(f.sides[static_cast<std::size_t>(s)].gained_ml, gain[static_cast<std::size_t>(s)],
                0.05 * gain[static_cast<std::size_t>(s)] + 2.0);
}

TEST(FollowupTruth, ADifferentBodyIsRefusedOrWarned) {
  const PlanResult& pre = pre_plan();
  PhantomOptions other = test::phantom_options(4, 4);
  other.stature_mm = 1780;
  other.hip_half_width_mm = 205;
  other.waist_half_width_mm = 150;
  const PhantomResult& someone = test::cached_phantom("followup other person", [&] { return other; });
  try {
    const FollowupResult f = measure_followup(pre, import_mesh(someone.mesh, "someone else"), {100, 100});
    EXPECT_FALSE(f.warnings.empty()) << "a different body was measured without a warning; rms "
                                     << f.registration.rms_mm << " mm";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("does not match"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace contour
