// Metamorphic tests of the whole geometry pipeline: the same body, presented differently
// (turned, moved, in other units, mirrored, triangulated more finely or coarsely, with or
// without arms), must plan the same fill on each side within 2 % (issue 3). The reference is
// the asymmetric phantom (dips 8 mm left, 14 mm right), so a left/right mix-up shows.
#include "contour/core/mesh_ops.hpp"
#include "contour/import/clean_mesh.hpp"
#include "contour/plan/plan_geometry.hpp"
#include "geometry_cases.hpp"
#include "test_meshes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

namespace contour {
namespace {

constexpr double kSameFill = 0.02;       // issue 3: each side's fill changes by < 2 %
constexpr double kSameDipLevelMm = 6.0;  // three silhouette steps
constexpr double kMethodTolerance = 0.01;

const test::PlannedScan& reference() { return test::asymmetric_plan(); }

/// A variant of the reference phantom, planned once: `A` (3x3, may include a unit change)
/// and `t` applied to the canonical mesh, faces flipped when A mirrors.
const test::PlannedScan& variant(const std::string& key, const Eigen::Matrix3d& A,
                                 const Eigen::Vector3d& t = Eigen::Vector3d::Zero()) {
  return test::cached_plan(key, [&] { return test::transformed(test::asymmetric_phantom().mesh, A, t); });
}

/// Checks that `p` plans the reference's fill on each side (`mirrored`: the reference's left
/// is p's right), and prints the changes.
void expect_same_fill(const std::string& label, const test::PlannedScan& p, bool mirrored = false) {
  const test::PlannedScan& ref = reference();
  for (int s = 0; s < 2; ++s) {
    const SideGeometry& got = p.geometry.sides[s];
    const SideGeometry& want = ref.geometry.sides[mirrored ? 1 - s : s];
    const double change = test::relative_change(got.fill_ml, want.fill_ml);
    std::printf("[ metamorph] %-34s %-5s fill %7.2f mL vs %7.2f mL  change %5.2f %%  (method B %7.2f)\n",
                label.c_str(), side_name(got.side), got.fill_ml, want.fill_ml, 100 * change, got.fill_section_ml);
    SCOPED_TRACE(label + ", " + side_name(got.side));
    EXPECT_LE(change, kSameFill) << got.fill_ml << " mL vs " << want.fill_ml << " mL";
    EXPECT_TRUE(got.landmarks.has_dip);
    EXPECT_NEAR(got.landmarks.z.dip_z_mm, want.landmarks.z.dip_z_mm, kSameDipLevelMm);
  }
  test::expect_methods_agree(p.geometry, kMethodTolerance);
}

Eigen::Matrix3d scale(double k) { return k * Eigen::Matrix3d::Identity(); }

/// Canonical (right, anterior, up) to a y-up, z-front file as MakeHuman writes it:
/// file = (-right, up, anterior), a proper rotation.
Eigen::Matrix3d y_up() {
  Eigen::Matrix3d A;
  A << -1, 0, 0, 0, 0, 1, 0, 1, 0;
  return A;
}

TEST(FillMetamorphic, YUpFileGivesTheSameFill) {
  expect_same_fill("y up, z front", variant("8/14 y-up", y_up()));
}

TEST(FillMetamorphic, RotationAboutTheVerticalGivesTheSameFill) {
  const Eigen::Vector3d up = Eigen::Vector3d::UnitZ();
  expect_same_fill("turned 30 deg about the vertical", variant("8/14 yaw 30", test::rotation_deg(30, up)));
  expect_same_fill("y up, then turned -40 deg about it",
                   variant("8/14 y-up yaw -40", test::rotation_deg(-40, Eigen::Vector3d::UnitY()) * y_up()));
}

TEST(FillMetamorphic, TranslationGivesTheSameFill) {
  expect_same_fill("moved by (350, -1200, 2500) mm",
                   variant("8/14 moved", Eigen::Matrix3d::Identity(), Eigen::Vector3d(350, -1200, 2500)));
}

TEST(FillMetamorphic, MetresCentimetresAndDecimetresGiveTheSameFill) {
  // Units are detected from the body's size, as for a user's file.
  expect_same_fill("in metres", variant("8/14 m", scale(0.001)));
  expect_same_fill("in centimetres", variant("8/14 cm", scale(0.1)));
  expect_same_fill("in decimetres", variant("8/14 dm", scale(0.01)));
}

TEST(FillMetamorphic, MirroringSwapsLeftAndRightFills) {
  Eigen::Matrix3d mirror = Eigen::Matrix3d::Identity();
  mirror(0, 0) = -1;
  const test::PlannedScan& m = variant("8/14 mirrored", mirror);
  expect_same_fill("mirrored (x -> -x)", m, /*mirrored=*/true);
  // The deeper dip is now on the left.
  EXPECT_GT(m.left().fill_ml, m.right().fill_ml);
}

TEST(FillMetamorphic, FinerTriangulationGivesTheSameFill) {
  const test::PlannedScan& fine =
      test::cached_plan("8/14 subdivided", [] { return subdivide_midpoint(test::asymmetric_phantom().mesh); });
  ASSERT_EQ(fine.scan.mesh.num_faces(), 4 * reference().scan.mesh.num_faces());
  expect_same_fill("1-to-4 subdivided", fine);
  // Subdivision keeps the same piecewise-linear surface; a finer sampling of the body does not.
  const PhantomResult& resampled =
      test::cached_phantom("dips 8/14 voxel 2.5", [] { return test::phantom_options(8, 14, 2.5); });
  const test::PlannedScan& p = test::cached_plan("8/14 voxel 2.5", [&] { return resampled.mesh; });
  ASSERT_GT(p.scan.mesh.num_faces(), 1.3 * reference().scan.mesh.num_faces());
  expect_same_fill("finer (voxel 2.5 mm, not 3)", p);
}

TEST(FillMetamorphic, CoarserTriangulationGivesTheSameFill) {
  const PhantomResult& coarse = test::cached_phantom("dips 8/14 voxel 4.5", [] { return test::phantom_options(8, 14, 4.5); });
  const test::PlannedScan& p = test::cached_plan("8/14 voxel 4.5", [&] { return coarse.mesh; });
  ASSERT_LT(p.scan.mesh.num_faces(), 0.6 * reference().scan.mesh.num_faces());
  expect_same_fill("coarser (voxel 4.5 mm, not 3)", p);
}

TEST(FillMetamorphic, ArmsBesideTheHipsDoNotChangeTheFill) {
  const PhantomResult& no_arms =
      test::cached_phantom("dips 8/14 no arms", [] { return test::phantom_options(8, 14, 3.0, /*arms=*/false); });
  const test::PlannedScan& p = test::cached_plan("8/14 no arms", [&] { return no_arms.mesh; });
  ASSERT_LT(p.scan.mesh.num_faces(), reference().scan.mesh.num_faces());  // the arms were there
  expect_same_fill("without arms", p);
  // With arms, every moved vertex is on the body piece (the largest), none on an arm.
  const TargetSurface& surface = reference().geometry.surface;
  const Pieces pieces = connected_pieces(surface.before);
  ASSERT_GE(pieces.area.size(), 3u) << "body and two arms";
  const auto body = static_cast<int>(std::max_element(pieces.area.begin(), pieces.area.end()) - pieces.area.begin());
  long long moved_faces = 0;
  for (Eigen::Index f = 0; f < surface.before.num_faces(); ++f)
    for (int k = 0; k < 3; ++k)
      if (surface.side_of_vertex[static_cast<std::size_t>(surface.before.F(f, k))] != 0) {
        ++moved_faces;
        ASSERT_EQ(pieces.face_piece[static_cast<std::size_t>(f)], body) << "face " << f << " of a moved vertex";
      }
  EXPECT_GT(moved_faces, 100);
}

}  // namespace
}  // namespace contour
