// Dents of known volume carved along the skin normal into bodies the method did not design
// (MakeHuman meshes): the planned fill must grow by the carved volume on the carved side and
// stay put on the other side (issue 11). Set CONTOUR_DENT_FULL=1 for the full matrix (slow).
#include "body_zoo.hpp"
#include "carve_dent.hpp"
#include "test_scale.hpp"

#include "contour/import/import_scan.hpp"
#include "contour/plan/plan_geometry.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace contour {
namespace {

struct Outcome {
  std::string label;
  double carved_ml, increment_ml, other_change_ml;
  [[nodiscard]] double error() const { return (increment_ml - carved_ml) / carved_ml; }
};

const std::vector<std::string>& bodies() {
  static const std::vector<std::string> b = {"mh_female_young_avg", "mh_female_young_minweight", "mh_female_young_maxweight"};
  return b;
}

/// Carves each dent into a copy of `scan` and compares the plan's fill increment with the
/// exact carved volume.
void carve_and_plan(const std::string& name, const ImportedScan& scan, const GeometryResult& base,
                    const std::vector<test::DentSpec>& specs, std::vector<Outcome>& out) {
  for (const auto& d : specs) {
    const int side = d.side;
    const Landmarks& lm = base.sides[static_cast<std::size_t>(side)].landmarks.z;
    const double zc = 0.5 * (lm.trochanter_z_mm + lm.iliac_z_mm);
    ImportedScan carved_scan = scan;
    const Silhouette& sil = base.silhouette;
    std::size_t i = 0;
    for (std::size_t k = 0; k < sil.z.size(); ++k)
      if (std::abs(sil.z[k] - d.centre_z_mm) < std::abs(sil.z[i] - d.centre_z_mm)) i = k;
    const Eigen::Vector3d lateral(side ? sil.right_x[i] : sil.left_x[i], side ? sil.right_y[i] : sil.left_y[i], sil.z[i]);
    // The loop holding the lateral point (the torso, or this side's leg).
    std::vector<Eigen::Vector2d> loop;
    double best = 1e300;
    for (const auto& l : sil.body_loops[i])
      for (const auto& q : l.points)
        if ((q - lateral.head<2>()).norm() < best) best = (q - lateral.head<2>()).norm(), loop = l.points;
    const double carved = test::carve_dent(carved_scan.mesh, d, test::dent_centre(loop, sil.z[i], d, lateral));
    const GeometryResult g = plan_geometry(carved_scan);
    char label[160];
    std::snprintf(label, sizeof label, "%s %s z%+.0f arc%+.0f d%.0f h%.0f w%.0f", name.c_str(), side ? "R" : "L",
                  d.centre_z_mm - zc, d.arc_offset_mm, d.depth_mm, d.height_mm, d.width_mm);
    const auto s = static_cast<std::size_t>(side), o = static_cast<std::size_t>(1 - side);
    out.push_back({label, carved, g.sides[s].fill_ml - base.sides[s].fill_ml, g.sides[o].fill_ml - base.sides[o].fill_ml});
    const Landmarks& lc = g.sides[s].landmarks.z;
    std::printf("[ dent ] %-52s carved %6.2f mL  increment %6.2f mL  error %+6.1f %%  other side %+5.2f mL  window %+.0f/%+.0f mm\n",
                label, carved, out.back().increment_ml, 100 * out.back().error(), out.back().other_change_ml,
                lc.trochanter_z_mm - lm.trochanter_z_mm, lc.iliac_z_mm - lm.iliac_z_mm);
  }
}

std::vector<Outcome> run_matrix(bool full) {
  std::vector<Outcome> out;
  const std::string dir = std::string(CONTOUR_TEST_DATA_DIR) + "/makehuman/";
  for (const auto& name : bodies()) {
    if (test::reduced_run() && !full && name != bodies().front()) continue;  // reduced: one body, both sides
    const ImportedScan scan = import_scan(dir + name + ".obj");
    const GeometryResult base = plan_geometry(scan);
    for (int side = 0; side < 2; ++side) {
      if (!full && side == 0 && name != "mh_female_young_avg") continue;
      const Landmarks& lm = base.sides[static_cast<std::size_t>(side)].landmarks.z;
      std::vector<test::DentSpec> specs;
      const double span = lm.iliac_z_mm - lm.trochanter_z_mm;
      const std::vector<double> heights = full ? std::vector<double>{0.1, 0.3, 0.5, 0.7, 0.9} : std::vector<double>{0.3, 0.6};
      const std::vector<double> arcs = full ? std::vector<double>{-40, -20, 0, 20, 40} : std::vector<double>{-25, 0, 25};
      for (double u : heights)
        for (double a : arcs) specs.push_back({side, lm.trochanter_z_mm + u * span, a, 10, 40, 60});
      // Sizes and depths at the middle of the window.
      const double zc = lm.trochanter_z_mm + 0.5 * span;
      for (double depth : {5.0, 10.0, 15.0, 20.0}) specs.push_back({side, zc, 0, depth, 40, 60});
      specs.push_back({side, zc, 10, 12, 20, 30});
      specs.push_back({side, zc, -10, 8, 50, 90});
      carve_and_plan(name, scan, base, specs, out);
    }
  }
  return out;
}

TEST(CarvedDents, FillGrowsByTheCarvedVolume) {
  const bool full = std::getenv("CONTOUR_DENT_FULL") != nullptr;
  const auto results = run_matrix(full);
  ASSERT_FALSE(results.empty());
  std::vector<double> errors;
  for (const auto& r : results) errors.push_back(r.error());
  std::vector<double> sorted = errors;
  std::sort(sorted.begin(), sorted.end());
  const double median = sorted[sorted.size() / 2];
  double worst = 0;
  for (double e : errors) worst = std::max(worst, std::abs(e));
  std::printf("[ dent ] %zu dents: median error %+.1f %%, worst |error| %.1f %%\n", errors.size(), 100 * median, 100 * worst);
  // Issue 11's goals: median within 5 % (met: -0.8 % on the default matrix) and every dent within
  // 10 % (not met: 33 of 48 are, worst -52 %; dents near the crest level on avg, and the middle
  // of minweight's window). The fraction within 10 % guards the present figure; the other side
  // never moves.
  EXPECT_LE(std::abs(median), 0.05);
  std::size_t within = 0;
  for (const auto& r : results) {
    within += std::abs(r.error()) <= 0.10;
    EXPECT_LT(std::abs(r.other_change_ml), 0.5) << r.label;
  }
  std::printf("[ dent ] within 10 %%: %zu of %zu\n", within, results.size());
  EXPECT_GE(static_cast<double>(within), 0.5 * static_cast<double>(results.size()));
}

}  // namespace
}  // namespace contour

namespace contour {
namespace {

// Bodies of the zoo (MakeHuman shape targets: pear, apple, heavy thighs, old, asymmetric ...),
// planned in their canonical frame so that only the target method is under test.
TEST(CarvedDents, ZooBodiesGrowByTheCarvedVolume) {
  if (!test::body_zoo_available()) GTEST_SKIP() << "shared MakeHuman data not found";
  std::vector<Outcome> results;
  ImportOptions io;
  io.units = LengthUnit::Millimetre;
  io.up = parse_axis("+z");
  io.front = parse_axis("+y");
  const int n_bodies = test::reduced_run() ? 3 : 8;  // reduced run: 3 of the 8 bodies
  for (int b = 0; b < n_bodies; ++b) {
    const test::ZooBody body = test::make_zoo_body(b * 7 + 3, 20261202u);
    ImportedScan scan;
    try {
      scan = import_mesh(body.canonical, body.name, io);
    } catch (const std::exception& e) {
      std::printf("[ dent ] %s: not imported (%s)\n", body.name.c_str(), e.what());
      continue;
    }
    const GeometryResult base = plan_geometry(scan);
    const Landmarks& lm = base.sides[1].landmarks.z;
    const double span = lm.iliac_z_mm - lm.trochanter_z_mm, zc = lm.trochanter_z_mm + 0.5 * span;
    carve_and_plan(body.name, scan, base,
                   {{1, zc, 0, 10, 40, 60}, {1, zc, 30, 8, 30, 50}, {1, zc - 0.2 * span, -30, 12, 40, 70}, {1, zc + 0.2 * span, 0, 15, 50, 90}},
                   results);
  }
  ASSERT_FALSE(results.empty());
  std::vector<double> errors;
  std::size_t within = 0;
  for (const auto& r : results) {
    errors.push_back(r.error());
    within += std::abs(r.error()) <= 0.10;
    EXPECT_LT(std::abs(r.other_change_ml), 0.5) << r.label;
  }
  std::sort(errors.begin(), errors.end());
  const double median = errors[errors.size() / 2];
  std::printf("[ dent ] zoo: %zu dents, median error %+.1f %%, within 10 %%: %zu\n", results.size(), 100 * median, within);
  // Measured: median -1.5 %, 19 of 32 within 10 %. Dents reaching the iliac crest level still
  // lose up to ~40 % and dents that move the detected window lose part of the baseline. Issue
  // 11's goal of every dent within 10 % is not met: the second bound guards the present figure.
  EXPECT_LE(std::abs(median), 0.05);
  EXPECT_GE(static_cast<double>(within), 0.4 * static_cast<double>(results.size()));
}

}  // namespace
}  // namespace contour
