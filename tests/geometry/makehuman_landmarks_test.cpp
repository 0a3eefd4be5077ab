// The shared MakeHuman meshes (data/makehuman, CC0; decimetres, +y up, +z front, imported as
// a user's file would be): landmarks in anatomical order at plausible fractions of body
// height, and the two volume methods in agreement.
#include "contour/plan/plan_geometry.hpp"
#include "geometry_cases.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <string>

namespace contour {
namespace {

// Fractions of stature (issue 3; ANSUR II women: iliac crest ~0.60, trochanter ~0.51).
constexpr double kIliacFraction[2] = {0.57, 0.63};
constexpr double kTrochanterFraction[2] = {0.49, 0.54};
constexpr double kMethodTolerance = 0.01;

const test::PlannedScan& planned(const std::string& file) {
  static std::map<std::string, std::unique_ptr<test::PlannedScan>> cache;
  auto& slot = cache[file];
  if (!slot) {
    slot = std::make_unique<test::PlannedScan>();
    slot->scan = import_scan(std::string(CONTOUR_TEST_DATA_DIR) + "/makehuman/" + file);
    slot->geometry = plan_geometry(slot->scan);
  }
  return *slot;
}

class MakeHumanMesh : public ::testing::TestWithParam<std::string> {};

TEST_P(MakeHumanMesh, LandmarksAreInAnatomicalOrderAtPlausibleFractionsOfHeight) {
  const test::PlannedScan& p = planned(GetParam());
  const double height = p.scan.info.height_mm;
  ASSERT_GT(height, 1400.0);  // a whole standing body in mm, whatever the file's units
  ASSERT_LT(height, 2100.0);
  for (const SideGeometry& s : p.geometry.sides) {
    const Landmarks& z = s.landmarks.z;
    SCOPED_TRACE(side_name(s.side));
    std::printf("[ MH       ] %-30s %-5s height %.0f  waist %.0f (%.3f)  iliac %.0f (%.3f)  dip %.0f (%.3f)  "
                "trochanter %.0f (%.3f)  thigh %.0f  depth %.1f mm  has_dip %d  estimated %d  fill %.2f mL\n",
                GetParam().c_str(), side_name(s.side), height, z.waist_z_mm, z.waist_z_mm / height, z.iliac_z_mm,
                z.iliac_z_mm / height, z.dip_z_mm, z.dip_z_mm / height, z.trochanter_z_mm, z.trochanter_z_mm / height,
                z.thigh_z_mm, s.landmarks.dip_depth_mm, s.landmarks.has_dip, s.landmarks.estimated, s.fill_ml);
    EXPECT_GT(z.waist_z_mm, z.iliac_z_mm);
    EXPECT_GT(z.iliac_z_mm, z.dip_z_mm);
    EXPECT_GT(z.dip_z_mm, z.trochanter_z_mm);
    EXPECT_GT(z.trochanter_z_mm, z.thigh_z_mm);
    EXPECT_GE(z.iliac_z_mm / height, kIliacFraction[0]);
    EXPECT_LE(z.iliac_z_mm / height, kIliacFraction[1]);
    EXPECT_GE(z.trochanter_z_mm / height, kTrochanterFraction[0]);
    EXPECT_LE(z.trochanter_z_mm / height, kTrochanterFraction[1]);
  }
}

TEST_P(MakeHumanMesh, VolumeMethodsAgreeWithinOnePercent) {
  const test::PlannedScan& p = planned(GetParam());
  for (const SideGeometry& s : p.geometry.sides)
    std::printf("[ methods  ] %-30s %-5s A %7.2f mL  B %7.2f mL\n", GetParam().c_str(), side_name(s.side), s.fill_ml,
                s.fill_section_ml);
  // Per side, as issue 3 states it. (Per upper/lower region the methods can differ by about
  // 0.01 mL more, because method A assigns each face straddling the split to one half by its
  // centroid while method B cuts it: over 1 % only for sub-millilitre regions.)
  test::expect_methods_agree(p.geometry, kMethodTolerance);
  for (const RegionVolume& r : p.geometry.regions)
    std::printf("[ methods  ] %-30s %-12s A %7.3f mL  B %7.3f mL  diff %.2f %%\n", GetParam().c_str(),
                r.region.name.c_str(), r.prism_ml, r.section_ml, 100 * r.disagreement());
}

TEST_P(MakeHumanMesh, MirrorSymmetricBodyGetsTheSamePlanOnBothSides) {
  // These meshes are exactly mirror-symmetric (x -> -x maps the vertex set onto itself); only
  // the quads' diagonals differ between the sides. Issue 3's mirroring and re-triangulation
  // tolerance (2 %) applies, with 0.5 mL for shallow dips, and landmarks within 2 steps.
  const test::PlannedScan& p = planned(GetParam());
  const Landmarks& l = p.left().landmarks.z;
  const Landmarks& r = p.right().landmarks.z;
  EXPECT_NEAR(l.iliac_z_mm, r.iliac_z_mm, 4.0);
  EXPECT_NEAR(l.trochanter_z_mm, r.trochanter_z_mm, 4.0);
  EXPECT_NEAR(l.dip_z_mm, r.dip_z_mm, 4.0);
  EXPECT_NEAR(p.left().fill_ml, p.right().fill_ml, 0.02 * std::max(p.left().fill_ml, p.right().fill_ml) + 0.5);
}

TEST_P(MakeHumanMesh, ReportedTargetCurveIsTheSilhouetteOfTheTargetSurface) {
  const test::PlannedScan& p = planned(GetParam());
  for (int s = 0; s < 2; ++s) {
    const SideGeometry& sg = p.geometry.sides[s];
    if (!sg.landmarks.has_dip) continue;
    const double gap = test::target_surface_gap_mm(p, s);
    std::printf("[ target   ] %-30s %-5s largest |target-surface silhouette - target curve| %.2f mm (dip depth %.2f mm)\n",
                GetParam().c_str(), side_name(sg.side), gap, sg.landmarks.dip_depth_mm);
    EXPECT_LE(gap, 1.0) << side_name(sg.side);  // the smallest depth that counts as a dip
  }
}

// The raw MakeHuman base mesh (neutral body, helper geometry beside the skin): it has no hip
// dip, so it checks the fallback levels and that no fill is invented.
INSTANTIATE_TEST_SUITE_P(Base, MakeHumanMesh, ::testing::Values("base.obj"), [](const auto&) { return "base"; });

INSTANTIATE_TEST_SUITE_P(Female, MakeHumanMesh,
                         ::testing::Values("mh_female_young_avg.obj", "mh_female_young_minweight.obj",
                                           "mh_female_young_maxweight.obj"),
                         [](const auto& info) {
                           std::string n = info.param.substr(16);  // after "mh_female_young_"
                           return n.substr(0, n.find('.'));
                         });

}  // namespace
}  // namespace contour
