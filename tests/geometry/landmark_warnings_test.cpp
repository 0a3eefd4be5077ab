// The landmark remarks of issue 10: each is triggered by a silhouette or plan made for it, and a
// kind body (MakeHuman, full body, symmetric) triggers none of them.
#include "contour/import/import_scan.hpp"
#include "contour/plan/plan_geometry.hpp"
#include "contour/silhouette/find_landmarks.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>

namespace contour {
namespace {

bool any_contains(const std::vector<std::string>& notes, const std::string& text) {
  for (const auto& n : notes)
    if (n.find(text) != std::string::npos) return true;
  return false;
}

/// A symmetric silhouette from z0 to z1 (2 mm apart) with half-width w(z), crotch at `crotch`.
Silhouette make_silhouette(double z0, double z1, double crotch, const std::function<double(double)>& w) {
  Silhouette s;
  for (double z = z0; z <= z1 + 1e-9; z += 2.0) {
    s.z.push_back(z);
    s.right_x.push_back(w(z));
    s.left_x.push_back(-w(z));
    s.right_y.push_back(0);
    s.left_y.push_back(0);
    s.valid.push_back(1);
  }
  s.crotch_z = crotch;
  s.scan_top_z = z1;
  return s;
}

TEST(LandmarkWarnings, ScanEndingBelowTheWaistIsReportedOnlyWhenTheScanEndsThere) {
  // Torso narrowing all the way to the top of the window.
  Silhouette s = make_silhouette(500, 1100, 700, [](double z) { return 200.0 - 0.1 * (z - 500); });
  EXPECT_TRUE(any_contains(find_landmarks(s, Side::Left).notes, "scan may end below the natural waist"));
  // The same window on a full-body scan whose window stopped (armpit, length limit) well below
  // its top: no such remark.
  s.scan_top_z = 1600;
  EXPECT_FALSE(any_contains(find_landmarks(s, Side::Left).notes, "scan may end below the natural waist"));
}

TEST(LandmarkWarnings, WaistIsNotTheArmpitWhereTheScanGoesOnAbove) {
  // A heavy torso whose flank narrows all the way up to where the arms join (the window top,
  // 1150 mm), on a full-body scan: the waist is searched below the under-bust only.
  Silhouette s = make_silhouette(500, 1150, 700, [](double z) { return 220.0 - 0.1 * (z - 500); });
  s.scan_top_z = 1600;
  const double limit = 700 + LandmarkOptions{}.waist_max_fraction * (1150 - 700);
  const SideLandmarks l = find_landmarks(s, Side::Left);
  EXPECT_LE(l.z.waist_z_mm, limit + 2.0);
  EXPECT_LT(l.z.waist_z_mm, 1100.0);
}

TEST(LandmarkWarnings, WaistIsTheMiddleOfABroadMinimum) {
  // Flat (within 1 mm) from 1000 to 1080 mm, wider below and above.
  const Silhouette s = make_silhouette(500, 1200, 700, [](double z) {
    if (z < 1000) return 120.0 + 0.2 * (1000 - z);
    if (z > 1080) return 120.0 + 0.3 * (z - 1080);
    return 120.0 + 0.5 * std::sin((z - 1000) / 80 * M_PI);
  });
  EXPECT_NEAR(find_landmarks(s, Side::Right).z.waist_z_mm, 1040.0, 12.0);
}

TEST(LandmarkWarnings, FallbackNeverFillsACreaseThatIsNotBetweenTwoProminences) {
  // No hip prominences (straight taper from the thigh to the waist) and a crease 4 mm deep that
  // reaches the estimated iliac crest level from just below it (under a fat roll): no dip,
  // nothing to fill. (Filling the envelope over the estimated window, as before, gave 2.8 mm.)
  const double crotch = 700, waist = 1050;
  const double iliac_est = crotch + LandmarkOptions{}.iliac_fraction * (waist - crotch);
  const Silhouette s = make_silhouette(500, 1200, crotch, [&](double z) {
    const double taper = z < waist ? 170.0 - 0.12 * (z - 500) : 170.0 - 0.12 * (waist - 500) + 0.3 * (z - waist);
    return taper - 4.0 * std::exp(-0.5 * std::pow((z - iliac_est + 10) / 8.0, 2));
  });
  const SideLandmarks l = find_landmarks(s, Side::Left);
  EXPECT_TRUE(l.estimated);
  EXPECT_FALSE(l.has_dip) << "depth " << l.dip_depth_mm << " at " << l.z.dip_z_mm;
  EXPECT_EQ(l.dip_depth_mm, 0.0);
}

TEST(LandmarkWarnings, SidesThatDisagreeByMoreThanTheLimitAreReported) {
  SideLandmarks left, right;
  left.z.iliac_z_mm = 1000, right.z.iliac_z_mm = 1010;
  left.z.trochanter_z_mm = 850, right.z.trochanter_z_mm = 845;
  EXPECT_TRUE(side_agreement_notes(left, right).empty());
  right.z.iliac_z_mm = 1040;
  const auto notes = side_agreement_notes(left, right);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("iliac crest levels differ between the sides by 40 mm"), std::string::npos) << notes[0];
}

TEST(LandmarkWarnings, KindBodyTriggersNone) {
  const ImportedScan scan = import_scan(std::string(CONTOUR_TEST_DATA_DIR) + "/makehuman/mh_female_young_avg.obj");
  const GeometryResult g = plan_geometry(scan);
  for (const auto& w : g.warnings) {
    EXPECT_EQ(w.find("scan may end below"), std::string::npos) << w;
    EXPECT_EQ(w.find("differ between the sides"), std::string::npos) << w;
  }
}

}  // namespace
}  // namespace contour
