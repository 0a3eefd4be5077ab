// plan_geometry's contracts beyond the volumes themselves: the precomputed volume polynomial
// against a recomputation at another correction, and landmark overrides from JSON.
#include "contour/core/errors.hpp"
#include "contour/plan/plan_geometry.hpp"
#include "contour/plan/run_plan.hpp"
#include "geometry_cases.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

namespace contour {
namespace {

TEST(RegionFillAt, MatchesAFullRecomputationAtThatCorrection) {
  const test::PlannedScan& full = test::asymmetric_plan();
  const double f = 0.5;
  GeometryOptions o;
  o.curve.correction = f;
  const GeometryResult half = plan_geometry(full.scan, o);
  const std::vector<double> predicted = region_fill_at(full.geometry, f);
  ASSERT_EQ(predicted.size(), half.regions.size());
  ASSERT_EQ(half.regions.size(), 4u);
  for (std::size_t r = 0; r < predicted.size(); ++r) {
    const RegionVolume& v = half.regions[r];
    SCOPED_TRACE(v.region.name);
    std::printf("[ f = 0.5  ] %-12s predicted %7.3f mL  recomputed A %7.3f mL  B %7.3f mL  (full %7.3f mL)\n",
                v.region.name.c_str(), predicted[r], v.prism_ml, v.section_ml, full.geometry.regions[r].prism_ml);
    ASSERT_GT(v.prism_ml, 1.0);
    EXPECT_LE(test::relative_change(predicted[r], v.prism_ml), 0.01);
    EXPECT_LE(test::relative_change(predicted[r], v.section_ml), 0.01);
  }
  // The end points: nothing at 0, the plan's own fill at 1.
  const std::vector<double> at0 = region_fill_at(full.geometry, 0.0), at1 = region_fill_at(full.geometry, 1.0);
  for (std::size_t r = 0; r < at0.size(); ++r) {
    EXPECT_NEAR(at0[r], 0.0, 1e-12);
    EXPECT_NEAR(at1[r], full.geometry.regions[r].prism_ml, 1e-9 * std::abs(full.geometry.regions[r].prism_ml));
  }
}

TEST(RegionFillAt, FillGrowsWithTheCorrectionFraction) {
  const GeometryResult& g = test::asymmetric_plan().geometry;
  std::vector<double> previous = region_fill_at(g, 0.0);
  for (double f = 0.1; f <= 1.0 + 1e-9; f += 0.1) {
    const std::vector<double> now = region_fill_at(g, f);
    for (std::size_t r = 0; r < now.size(); ++r) EXPECT_GT(now[r], previous[r]) << g.regions[r].region.name << " at " << f;
    previous = now;
  }
}

TEST(TargetSurface, ReportedTargetCurveIsTheSilhouetteOfTheTargetSurface) {
  // On the phantom the ideal target over the dip is the straight hip line; the surface must
  // reach it where the silhouette is taken. 1 mm: the smallest depth that counts as a dip.
  const test::PlannedScan& p = test::asymmetric_plan();
  for (int s = 0; s < 2; ++s) {
    const double gap = test::target_surface_gap_mm(p, s);
    std::printf("[ target   ] phantom 8/14 %-5s largest |target-surface silhouette - target curve| %.2f mm "
                "(dip depth %.2f mm)\n",
                side_name(p.geometry.sides[s].side), gap, p.geometry.sides[s].landmarks.dip_depth_mm);
    EXPECT_LE(gap, 1.0) << side_name(p.geometry.sides[s].side);
  }
}

// ---- landmark overrides ----

TEST(LandmarkOverrides, JsonValuesAreReadPerSideAndTopLevelKeysApplyToBoth) {
  test::TempDir dir;
  const std::string path = dir.file("landmarks.json");
  test::write_bytes(path, R"({"waist_z_mm": 1010.5,
                              "left": {"iliac_z_mm": 960, "trochanter_z_mm": 850},
                              "right": {"dip_z_mm": 905.25, "thigh_z_mm": 700}})");
  const auto ov = load_landmark_overrides(path);
  EXPECT_EQ(ov[0].waist_z_mm, 1010.5);
  EXPECT_EQ(ov[1].waist_z_mm, 1010.5);
  EXPECT_EQ(ov[0].iliac_z_mm, 960.0);
  EXPECT_EQ(ov[0].trochanter_z_mm, 850.0);
  EXPECT_FALSE(ov[0].dip_z_mm.has_value());
  EXPECT_FALSE(ov[1].iliac_z_mm.has_value());
  EXPECT_EQ(ov[1].dip_z_mm, 905.25);
  EXPECT_EQ(ov[1].thigh_z_mm, 700.0);
}

TEST(LandmarkOverrides, GivenLandmarksAreHonouredToTheNearestSilhouetteStep) {
  const test::PlannedScan& p = test::asymmetric_plan();
  const Silhouette& sil = p.geometry.silhouette;
  const double step = sil.z[1] - sil.z[0];
  const Landmarks automatic = p.left().landmarks.z;
  // A window 10 mm wider at both ends than the automatic one, and a given waist.
  LandmarkOverrides ov;
  ov.iliac_z_mm = automatic.iliac_z_mm + 10.3;
  ov.trochanter_z_mm = automatic.trochanter_z_mm - 9.7;
  ov.waist_z_mm = automatic.waist_z_mm + 20.2;
  const SideLandmarks lm = find_landmarks(sil, Side::Left, {}, ov);
  EXPECT_NEAR(lm.z.iliac_z_mm, *ov.iliac_z_mm, 0.5 * step + 1e-9);
  EXPECT_NEAR(lm.z.trochanter_z_mm, *ov.trochanter_z_mm, 0.5 * step + 1e-9);
  EXPECT_NEAR(lm.z.waist_z_mm, *ov.waist_z_mm, 0.5 * step + 1e-9);
  // The dip is still found inside the given window, at the same place.
  EXPECT_TRUE(lm.has_dip);
  EXPECT_NEAR(lm.z.dip_z_mm, automatic.dip_z_mm, 2 * step);
  // A given dip level alone moves only the dip.
  LandmarkOverrides dip_only;
  dip_only.dip_z_mm = automatic.dip_z_mm + 15;
  const SideLandmarks d = find_landmarks(sil, Side::Left, {}, dip_only);
  EXPECT_NEAR(d.z.dip_z_mm, *dip_only.dip_z_mm, 0.5 * step + 1e-9);
  EXPECT_EQ(d.z.iliac_z_mm, automatic.iliac_z_mm);
  EXPECT_EQ(d.z.trochanter_z_mm, automatic.trochanter_z_mm);
}

TEST(LandmarkOverrides, IliacCrestBelowTrochanterIsRejected) {
  const Silhouette& sil = test::asymmetric_plan().geometry.silhouette;
  LandmarkOverrides ov;
  ov.iliac_z_mm = 850;
  ov.trochanter_z_mm = 950;
  EXPECT_THROW((void)find_landmarks(sil, Side::Right, {}, ov), InvalidInput);
}

TEST(LandmarkOverrides, ADipOutsideTheWindowIsRejectedNeverIndexed) {
  // Issue 12: {"left": {"dip_z_mm": 700}} crashed the planner (SIGSEGV): the dip lay outside
  // the trochanter..iliac window and build_target_surface indexed from it.
  const test::PlannedScan& p = test::asymmetric_plan();
  const Silhouette& sil = p.geometry.silhouette;
  const Landmarks automatic = p.left().landmarks.z;
  for (double dip : {automatic.iliac_z_mm + 20, automatic.trochanter_z_mm - 20, sil.z.back()}) {
    LandmarkOverrides ov;
    ov.dip_z_mm = dip;
    EXPECT_THROW((void)find_landmarks(sil, Side::Left, {}, ov), InvalidInput) << dip;
    GeometryOptions g;
    g.overrides[0] = ov;
    g.overrides_source = "L.json";
    try {
      (void)plan_geometry(p.scan, g);
      ADD_FAILURE() << "accepted dip " << dip;
    } catch (const InvalidInput& e) {
      EXPECT_EQ(std::string(e.what()).rfind("L.json: left", 0), 0u) << e.what();
      EXPECT_NE(std::string(e.what()).find("dip_z_mm"), std::string::npos) << e.what();
    }
  }
  // The surface stage refuses a window out of order instead of reading outside the silhouette.
  SideTarget bad;
  bad.active = true;
  bad.fill_mm.assign(sil.z.size(), 0.0);
  bad.first = 10;
  bad.last = 20;
  bad.dip = 30;
  EXPECT_THROW((void)build_target_surface(p.scan.mesh, sil, {bad, SideTarget{}}, {}), InvalidInput);
  bad.dip = 15;
  bad.last = sil.z.size() + 5;
  EXPECT_THROW((void)build_target_surface(p.scan.mesh, sil, {bad, SideTarget{}}, {}), InvalidInput);
}

TEST(LandmarkOverrides, NanOptionsNeverPassTheGeometryChecks) {
  GeometryOptions g;
  g.surface.max_edge_mm = std::nan("");
  EXPECT_THROW(validate_geometry_options(g), InvalidInput);
  g = {};
  g.volume.section_spacing_mm = 0;
  EXPECT_THROW(validate_geometry_options(g), InvalidInput);
  g = {};
  g.silhouette.spacing_mm = std::nan("");
  EXPECT_THROW(validate_geometry_options(g), InvalidInput);
  EXPECT_NO_THROW(validate_geometry_options(GeometryOptions{}));
}

TEST(LandmarkOverrides, MalformedFilesAreRejectedAsInvalidInputNamingTheFile) {
  const std::pair<const char*, const char*> cases[] = {
      {"truncated JSON", R"({"left": {"iliac_z_mm": 960)"},
      {"not JSON at all", "iliac 960\n"},
      {"an array, not an object", "[960, 850]"},
      {"a side that is not an object", R"({"left": 960})"},
      {"a value that is not a number", R"({"left": {"iliac_z_mm": "960"}})"},
      {"a null value", R"({"right": {"trochanter_z_mm": null}})"},
      {"an unknown landmark", R"({"left": {"hip_z_mm": 900}})"},
      {"an unknown top-level key", R"({"iliac": 960})"},
  };
  test::TempDir dir;
  for (const auto& [what, text] : cases) {
    SCOPED_TRACE(what);
    const std::string path = dir.file("bad.json");
    test::write_bytes(path, text);
    try {
      (void)load_landmark_overrides(path);
      ADD_FAILURE() << "accepted " << text;
    } catch (const InvalidInput& e) {
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    } catch (const std::exception& e) {
      ADD_FAILURE() << "wrong exception type: " << e.what();
    }
  }
  EXPECT_THROW((void)load_landmark_overrides(dir.file("missing.json")), IoError);
}

}  // namespace
}  // namespace contour
