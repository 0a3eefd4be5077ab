// The body zoo (tests/support/body_zoo.hpp, docs/body-zoo.md): MakeHuman bodies of many shapes,
// ages and weights, thighs touching or apart, cropped, written in random file frames and units.
// Per criterion the fraction of bodies right is printed; what passes today is asserted.
#include "body_zoo.hpp"
#include "temp_dir.hpp"

#include "contour/import/import_scan.hpp"
#include "contour/io/write_mesh.hpp"
#include "contour/silhouette/extract_silhouette.hpp"
#include "contour/silhouette/find_landmarks.hpp"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <sstream>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

namespace contour {
namespace {

constexpr int kZooSize = 100;
constexpr unsigned kZooSeed = 20261202u;

// Bands around the construction truth (docs/body-zoo.md "Criteria").
constexpr double kCrotchToleranceMm = 25.0;
constexpr double kTrochanterBandMm = 40.0;
constexpr double kIliacBandMm = 40.0;
constexpr double kWaistBandMm = 60.0;

double angle_deg(const Eigen::Vector3d& a, const Eigen::Vector3d& b) {
  return std::acos(std::clamp(a.normalized().dot(b.normalized()), -1.0, 1.0)) * 180.0 / M_PI;
}

SignedAxis axis_of(const Eigen::Vector3d& v) {
  int a = 0;
  v.cwiseAbs().maxCoeff(&a);
  return SignedAxis{a, v[a] >= 0 ? 1 : -1};
}

/// Tally of one criterion.
struct Tally {
  int right = 0, total = 0;
  void add(bool ok) {
    right += ok ? 1 : 0;
    ++total;
  }
  [[nodiscard]] double fraction() const { return total ? double(right) / total : 1.0; }
};

void print_tally(const char* what, const Tally& t) {
  std::printf("[ zoo      ] %-52s %3d / %3d  (%5.1f %%)\n", what, t.right, t.total, 100.0 * t.fraction());
}

TEST(BodyZoo, IsDeterministicAndItsFileFrameMatchesTheTruth) {
  if (!test::body_zoo_available()) GTEST_SKIP() << "no shared MakeHuman data in " << test::body_zoo_data_dir();
  const test::ZooBody a = test::make_zoo_body(7, kZooSeed), b = test::make_zoo_body(7, kZooSeed);
  EXPECT_EQ(a.name, b.name);
  EXPECT_TRUE(a.file.V.isApprox(b.file.V));
  EXPECT_NE(test::make_zoo_body(8, kZooSeed).name, a.name);
  for (int i = 0; i < 12; ++i) {
    const test::ZooBody z = test::make_zoo_body(i, kZooSeed);
    SCOPED_TRACE(z.name);
    ASSERT_EQ(z.canonical.num_vertices(), z.file.num_vertices());
    // canonical = R * file * mm_per_unit + t, with one t for every vertex.
    const Vertices back = (z.file.V * z.mm_per_unit) * z.file_to_canonical_rotation.transpose();
    const Eigen::RowVector3d t = z.canonical.V.row(0) - back.row(0);
    EXPECT_LT(((back.rowwise() + t) - z.canonical.V).cwiseAbs().maxCoeff(), 1e-6 * z.height_mm);
    EXPECT_NEAR(z.file_to_canonical_rotation.determinant(), 1.0, 1e-9);
    EXPECT_NEAR(z.canonical.V.col(2).minCoeff(), 0.0, 1e-9);
    // Anatomical order of the truth levels.
    EXPECT_LT(z.crotch_z_mm, z.trochanter_z_mm);
    EXPECT_LT(z.trochanter_z_mm, z.iliac_z_mm);
    EXPECT_LT(z.iliac_z_mm, z.waist_z_mm);
    EXPECT_LT(z.waist_z_mm, z.height_mm);
  }
}

TEST(BodyZoo, ImportSilhouetteAndLandmarksPerCriterion) {
  if (!test::body_zoo_available()) GTEST_SKIP() << "no shared MakeHuman data in " << test::body_zoo_data_dir();
  const auto t0 = std::chrono::steady_clock::now();
  test::TempDir dir;
  std::map<std::string, Tally> all, kind;  // kind: mm/cm/m, no tilt, front along a file axis, not half reversed
  std::map<std::string, Tally> lm;          // landmarks on the canonical body (frame given)
  int thighs_touch = 0;
  for (int i = 0; i < kZooSize; ++i) {
    const test::ZooBody z = test::make_zoo_body(i, kZooSeed);
    thighs_touch += z.thighs_touch ? 1 : 0;
    // The kind subset (no inches, tilt, off-axis yaw or half-reversed faces) is also tallied apart.
    const bool known_frame = z.unit != "in" && z.tilt_deg == 0 && z.front_on_axis && z.reversed_fraction != 0.5;
    const Eigen::Vector3d true_right = z.file_to_canonical_rotation.row(0).transpose();

    // 1. The written file, imported as a user would (no overrides).
    const std::string path = test::write_zoo_body(z, dir.path().string());
    std::string failure;
    bool up_ok = false, front_ok = false, units_ok = false, left_ok = false, crotch_ok = false, level_ok = false;
    try {
      const ImportedScan scan = import_scan(path);
      const Eigen::Matrix3d& R = scan.transform.rotation;
      up_ok = angle_deg(R.row(2).transpose(), z.file_up) < 30.0;
      level_ok = angle_deg(R.row(2).transpose(), z.file_up) < 4.0;
      front_ok = angle_deg(R.row(1).transpose(), z.file_front) < 30.0;
      units_ok = std::abs(scan.transform.scale / z.mm_per_unit - 1.0) < 1e-6;
      left_ok = angle_deg(R.row(0).transpose(), true_right) < 30.0;
      crotch_ok = up_ok && units_ok && std::abs(scan.info.crotch_z_mm - z.crotch_z_mm) <= kCrotchToleranceMm;
    } catch (const std::exception& e) {
      failure = e.what();
    }
    for (auto* t : {&all, known_frame ? &kind : nullptr}) {
      if (!t) continue;
      (*t)["imported (no exception)"].add(failure.empty());
      (*t)["up"].add(up_ok);
      (*t)["up within 4 deg (levelled)"].add(level_ok);
      (*t)["front"].add(front_ok);
      (*t)["units"].add(units_ok);
      (*t)["patient's left"].add(left_ok);
      (*t)["crotch within 25 mm"].add(crotch_ok);
    }
    if (!failure.empty()) std::printf("[ zoo      ] %s (%s): import failed: %s\n", z.name.c_str(), z.format.c_str(), failure.c_str());

    // 2. The kind subset with the front given (as --front would): frame and crotch asserted.
    if (known_frame) {
      ImportOptions o;
      o.front = axis_of(z.file_front);
      bool ok_up = false, ok_units = false, ok_left = false;
      try {
        const ImportedScan scan = import_scan(path, o);
        const Eigen::Matrix3d& R = scan.transform.rotation;
        // The import levels a body that leans more than 2 degrees (MakeHuman's own bodies lean
        // 0.6-2.8 degrees), so the canonical up may differ from the file's axis by that much.
        ok_up = angle_deg(R.row(2).transpose(), z.file_up) < 4.0;
        if (!ok_up) std::printf("[ zoo      ] %s (%s): canonical up %.1f deg off the truth with --front given\n", z.name.c_str(), z.crop.c_str(), angle_deg(R.row(2).transpose(), z.file_up));
        ok_units = std::abs(scan.transform.scale / z.mm_per_unit - 1.0) < 1e-6;
        ok_left = angle_deg(R.row(0).transpose(), true_right) < 4.0;
      } catch (const std::exception& e) {
        std::printf("[ zoo      ] %s: import with --front failed: %s\n", z.name.c_str(), e.what());
      }
      lm["kind, front given: up"].add(ok_up);
      lm["kind, front given: units"].add(ok_units);
      lm["kind, front given: patient's left"].add(ok_left);
    }

    // 3. Crotch and landmarks on the canonical body (frame given), every body.
    ImportOptions canon;
    canon.up = SignedAxis{2, 1};
    canon.front = SignedAxis{1, 1};
    canon.units = LengthUnit::Millimetre;
    try {
      const ImportedScan scan = import_mesh(z.canonical, z.name, canon);
      // The import puts z = 0 at the lowest point, as the zoo does: heights compare directly.
      const double crotch = scan.info.crotch_z_mm;
      const bool c_ok = std::abs(crotch - z.crotch_z_mm) <= kCrotchToleranceMm;
      lm["crotch within 25 mm"].add(c_ok);
      if (z.thighs_touch) lm["crotch within 25 mm (thighs touching)"].add(c_ok);
      const Silhouette sil = extract_silhouette(scan.mesh, crotch);
      std::array<SideLandmarks, 2> sides;
      for (int s = 0; s < 2; ++s) sides[s] = find_landmarks(sil, s == 0 ? Side::Left : Side::Right);
      const bool sides_warned = !side_agreement_notes(sides[0], sides[1]).empty();
      const bool truth_differs = std::abs(z.iliac_side_z_mm[0] - z.iliac_side_z_mm[1]) > 30.0 ||
                                 std::abs(z.trochanter_side_z_mm[0] - z.trochanter_side_z_mm[1]) > 30.0;
      lm["left/right warning matches the truth (30 mm)"].add(sides_warned == truth_differs);
      if (truth_differs) lm["left/right warning on truly asymmetric levels"].add(sides_warned);
      for (int s = 0; s < 2; ++s) {
        const Side side = s == 0 ? Side::Left : Side::Right;
        const SideLandmarks& l = sides[s];
        const bool tro = std::abs(l.z.trochanter_z_mm - z.trochanter_side_z_mm[s]) <= kTrochanterBandMm;
        const bool ili = std::abs(l.z.iliac_z_mm - z.iliac_side_z_mm[s]) <= kIliacBandMm;
        const bool wai = std::abs(l.z.waist_z_mm - z.waist_side_z_mm[s]) <= kWaistBandMm;
        lm["trochanter within 40 mm (per side)"].add(tro);
        lm["iliac crest within 40 mm (per side)"].add(ili);
        lm["waist within 60 mm (per side)"].add(wai);
        lm["dip between trochanter and iliac crest"].add(!l.has_dip ||
                                                         (l.z.dip_z_mm > l.z.trochanter_z_mm && l.z.dip_z_mm < l.z.iliac_z_mm));
        std::printf("[ zoo lm   ] %-44s %-13s %-5s crotch %6.0f/%6.0f  troch %6.0f/%6.0f  iliac %6.0f/%6.0f  "
                    "waist %6.0f/%6.0f  dip %d %4.1f mm%s\n",
                    z.name.c_str(), z.crop.c_str(), side_name(side), crotch, z.crotch_z_mm, l.z.trochanter_z_mm,
                    z.trochanter_side_z_mm[s], l.z.iliac_z_mm, z.iliac_side_z_mm[s], l.z.waist_z_mm,
                    z.waist_side_z_mm[s], l.has_dip ? 1 : 0, l.dip_depth_mm, l.estimated ? " est" : "");
      }
    } catch (const std::exception& e) {
      std::printf("[ zoo      ] %s: canonical import/landmarks failed: %s\n", z.name.c_str(), e.what());
      lm["crotch within 25 mm"].add(false);
      if (z.thighs_touch) lm["crotch within 25 mm (thighs touching)"].add(false);
      for (int s = 0; s < 2; ++s) {
        lm["trochanter within 40 mm (per side)"].add(false);
        lm["iliac crest within 40 mm (per side)"].add(false);
        lm["waist within 60 mm (per side)"].add(false);
      }
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("[ zoo      ] %d bodies (seed %u), %d with touching thighs, %.1f s\n", kZooSize, kZooSeed, thighs_touch,
              seconds);
  std::printf("[ zoo      ] -- written files imported without overrides, all bodies --\n");
  for (const auto& [k, t] : all) print_tally(k.c_str(), t);
  std::printf("[ zoo      ] -- the same on the kind subset (mm/cm/m, no tilt, front along a file axis, faces not "
              "half reversed) --\n");
  for (const auto& [k, t] : kind) print_tally(k.c_str(), t);
  std::printf("[ zoo      ] -- frame given where known; landmarks on the canonical bodies --\n");
  for (const auto& [k, t] : lm) print_tally(k.c_str(), t);

  // What passes today (floors at the measured fractions, or a little under where a criterion is
  // not at 100 %, so a regression shows; docs/body-zoo.md has the numbers). Frame: the front
  // from the gluteal cleft, buttocks, feet and face, crops levelled by the bisector of their
  // thighs' and torso's axes, units checked against the hips' width (detect_frame.cpp).
  for (const char* k : {"imported (no exception)", "up", "front", "units", "patient's left", "crotch within 25 mm"}) {
    EXPECT_EQ(all[k].fraction(), 1.0) << k;
    EXPECT_EQ(kind[k].fraction(), 1.0) << k;
  }
  // 99 of 100 measured: one waist-to-knee crop tilted 5.5 deg whose own axis reads 1.9 deg
  // (under the 2 deg levelling threshold), so it stays 5.5 deg off.
  EXPECT_GE(all["up within 4 deg (levelled)"].fraction(), 0.98);
  EXPECT_EQ(kind["up within 4 deg (levelled)"].fraction(), 1.0);
  EXPECT_EQ(lm["kind, front given: up"].fraction(), 1.0);
  EXPECT_EQ(lm["kind, front given: units"].fraction(), 1.0);
  EXPECT_EQ(lm["kind, front given: patient's left"].fraction(), 1.0);
  EXPECT_EQ(lm["crotch within 25 mm"].fraction(), 1.0);
  EXPECT_GE(lm["crotch within 25 mm (thighs touching)"].total, 8);
  EXPECT_EQ(lm["crotch within 25 mm (thighs touching)"].fraction(), 1.0);
  EXPECT_EQ(lm["dip between trochanter and iliac crest"].fraction(), 1.0);
  EXPECT_GE(lm["trochanter within 40 mm (per side)"].fraction(), 0.95);
  EXPECT_GE(lm["iliac crest within 40 mm (per side)"].fraction(), 0.65);
  EXPECT_GE(lm["waist within 60 mm (per side)"].fraction(), 0.60);
  EXPECT_EQ(lm["left/right warning matches the truth (30 mm)"].fraction(), 1.0);
  // The time is printed above, not asserted: speed is measured in bench/ (bench_plan's import
  // and plan stages), where one run compares against VTK's read on the same machine.
}

}  // namespace
}  // namespace contour

namespace contour {
namespace {

// Writes the canonical bodies (mm, z up) for looking at them: CONTOUR_ZOO_DUMP=folder
// [CONTOUR_ZOO_DUMP_INDICES="0 3 12"]. Skipped otherwise.
TEST(BodyZoo, DumpForViewing) {
  const char* folder = std::getenv("CONTOUR_ZOO_DUMP");
  if (!folder) GTEST_SKIP() << "set CONTOUR_ZOO_DUMP=folder to write the zoo's canonical bodies";
  if (!test::body_zoo_available()) GTEST_SKIP() << "no shared MakeHuman data";
  std::vector<int> indices;
  if (const char* list = std::getenv("CONTOUR_ZOO_DUMP_INDICES")) {
    std::istringstream s(list);
    for (int i = 0; s >> i;) indices.push_back(i);
  } else {
    for (int i = 0; i < kZooSize; ++i) indices.push_back(i);
  }
  for (int i : indices) {
    const test::ZooBody z = test::make_zoo_body(i, kZooSeed);
    write_mesh(std::string(folder) + "/" + z.name + ".ply", z.canonical);
    std::printf("[ zoo dump ] %s height %.0f crotch %.0f troch %.0f iliac %.0f waist %.0f thigh_fat %.2f weight %.2f "
                "touch %d crop %s unit %s tilt %.1f format %s reversed %.1f\n",
                z.name.c_str(), z.height_mm, z.crotch_z_mm, z.trochanter_z_mm, z.iliac_z_mm, z.waist_z_mm, z.thigh_fat,
                z.weight, z.thighs_touch ? 1 : 0, z.crop.c_str(), z.unit.c_str(), z.tilt_deg, z.format.c_str(),
                z.reversed_fraction);
  }
}

}  // namespace
}  // namespace contour

namespace contour {
namespace {

// Per-body frame detection (up, front, tilt, cues) for looking into failures:
// CONTOUR_ZOO_FRAME=1 [CONTOUR_ZOO_DUMP_INDICES="0 3 12"]. Skipped otherwise.
TEST(BodyZoo, FrameDiagnostics) {
  if (!std::getenv("CONTOUR_ZOO_FRAME")) GTEST_SKIP() << "set CONTOUR_ZOO_FRAME=1 to print each body's frame detection";
  if (!test::body_zoo_available()) GTEST_SKIP() << "no shared MakeHuman data";
  std::vector<int> indices;
  if (const char* list = std::getenv("CONTOUR_ZOO_DUMP_INDICES")) {
    std::istringstream s(list);
    for (int i = 0; s >> i;) indices.push_back(i);
  } else {
    for (int i = 0; i < kZooSize; ++i) indices.push_back(i);
  }
  int front_right = 0, up_right = 0, n = 0, given_up_right = 0;
  double worst_given = 0;
  for (int i : indices) {
    const test::ZooBody z = test::make_zoo_body(i, kZooSeed);
    const Eigen::Vector3d true_right = z.file_to_canonical_rotation.row(0).transpose();
    std::string line;
    char buf[512];
    try {
      const ImportedScan s = import_mesh(z.file, z.name);
      const Eigen::Matrix3d& R = s.transform.rotation;
      const double up_err = angle_deg(R.row(2).transpose(), z.file_up);
      const double front_err = angle_deg(R.row(1).transpose(), z.file_front);
      const bool left_ok = angle_deg(R.row(0).transpose(), true_right) < 30.0;
      front_right += front_err < 30.0 && left_ok;
      up_right += up_err < 4.0;
      std::snprintf(buf, sizeof buf, "%-42s %-13s %-2s tilt %4.1f | up %5.1f front %6.1f conf %.2f tilt found %4.1f units %s crotch %+5.0f |",
                    z.name.c_str(), z.crop.c_str(), z.unit.c_str(), z.tilt_deg, up_err, front_err, s.info.front_confidence,
                    s.info.tilt_deg, unit_name(s.info.units), s.info.crotch_z_mm - z.crotch_z_mm);
      line = buf;
      for (const auto& c : s.info.front_cues) {
        std::snprintf(buf, sizeof buf, " %s %+.2f*%.2f", c.name.c_str(), c.vote, c.weight);
        if (std::getenv("CONTOUR_ZOO_FRAME_DETAIL")) line += " (" + c.detail + ")";
        line += buf;
      }
    } catch (const std::exception& e) {
      line = z.name + ": import failed: " + e.what();
    }
    try {
      ImportOptions o;
      o.front = axis_of(z.file_front);
      if (z.front_on_axis) {
        const ImportedScan s = import_mesh(z.file, z.name, o);
        const double e = angle_deg(s.transform.rotation.row(2).transpose(), z.file_up);
        given_up_right += e < 2.0;
        worst_given = std::max(worst_given, e);
        std::snprintf(buf, sizeof buf, " | front given: up %4.1f", e);
        line += buf;
      }
    } catch (const std::exception& e) {
      line += std::string(" | front given failed: ") + e.what();
    }
    ++n;
    std::printf("[ zoo frame] %s\n", line.c_str());
  }
  std::printf("[ zoo frame] %d bodies: front and left right %d, up within 4 deg %d; front given (on-axis bodies): up "
              "within 2 deg %d, worst %.1f\n", n, front_right, up_right, given_up_right, worst_given);
}

}  // namespace
}  // namespace contour

