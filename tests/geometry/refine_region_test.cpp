// refine_region: local longest-edge bisection must resolve the region to the edge limit while
// leaving the surface itself unchanged (planar splits: same area, same enclosed volume, still
// closed and conforming), keep the input's vertex numbering, and touch nothing far away.
#include "contour/core/mesh_ops.hpp"
#include "contour/import/import_scan.hpp"
#include "contour/target/refine_region.hpp"
#include "test_meshes.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace contour {
namespace {

double longest_edge(const Mesh& m, Eigen::Index f) {
  double l = 0;
  for (int k = 0; k < 3; ++k) l = std::max(l, (m.V.row(m.F(f, k)) - m.V.row(m.F(f, (k + 1) % 3))).norm());
  return l;
}

Eigen::Vector3d centroid(const Mesh& m, Eigen::Index f) {
  return (m.V.row(m.F(f, 0)) + m.V.row(m.F(f, 1)) + m.V.row(m.F(f, 2))).transpose() / 3.0;
}

TEST(RefineRegion, ResolvesTheRegionAndKeepsTheSurface) {
  // A coarse sphere of radius 100 mm (edges ~13-26 mm); refine the cap x > 40 mm to 4 mm.
  const Mesh coarse = test::make_sphere(100.0, Eigen::Vector3d::Zero(), 24, 48);
  auto in_region = [](const Eigen::Vector3d& c) { return c.x() > 40.0; };
  const Mesh fine = refine_region(coarse, 4.0, in_region);

  ASSERT_GT(fine.num_faces(), 4 * coarse.num_faces() / 3);  // it did refine
  // The input's vertices keep their numbers and positions; new ones are appended.
  EXPECT_TRUE(fine.V.topRows(coarse.num_vertices()).isApprox(coarse.V, 0.0));
  // Splitting flat triangles at edge midpoints changes neither the area nor the volume, and a
  // conforming refinement leaves no cracks (no boundary loops) in the closed sphere.
  EXPECT_NEAR(surface_area(fine), surface_area(coarse), 1e-9 * surface_area(coarse));
  EXPECT_NEAR(enclosed_volume(fine), enclosed_volume(coarse), 1e-9 * enclosed_volume(coarse));
  EXPECT_EQ(count_boundary_loops(fine), 0);
  // Every face well inside the region meets the limit; faces far outside are untouched.
  long long far_faces = 0;
  for (Eigen::Index f = 0; f < fine.num_faces(); ++f) {
    const Eigen::Vector3d c = centroid(fine, f);
    if (c.x() > 60.0) EXPECT_LE(longest_edge(fine, f), 4.0 + 1e-9) << "face " << f;
    if (c.x() < 0.0) ++far_faces;
  }
  long long far_before = 0;
  for (Eigen::Index f = 0; f < coarse.num_faces(); ++f) far_before += centroid(coarse, f).x() < 0.0 ? 1 : 0;
  EXPECT_EQ(far_faces, far_before);
}

TEST(RefineRegion, AnEmptyRegionOrAFineMeshIsReturnedUnchanged) {
  const Mesh m = test::make_sphere(50.0, Eigen::Vector3d::Zero(), 12, 24);
  const Mesh none = refine_region(m, 1.0, [](const Eigen::Vector3d&) { return false; });
  EXPECT_EQ(none.V, m.V);
  EXPECT_EQ(none.F, m.F);
  const Mesh fine_enough = refine_region(m, 1000.0, [](const Eigen::Vector3d&) { return true; });
  EXPECT_EQ(fine_enough.F, m.F);
}

TEST(RefineRegion, ResultDoesNotDependOnWhereTheMeshSits) {
  // Metamorphic: refining a translated sphere resolves the same region to the same limit with
  // the same surface. (Which of two equally long edges is split can differ by rounding once the
  // coordinates are large, so the triangulations need not be identical; their counts are close.)
  const Mesh m = test::make_sphere(80.0, Eigen::Vector3d::Zero(), 16, 32);
  const Eigen::Vector3d t(250, -1200, 900);
  const Mesh a = refine_region(m, 5.0, [](const Eigen::Vector3d& c) { return c.z() > 20.0; });
  const Mesh moved = test::transformed(m, Eigen::Matrix3d::Identity(), t);
  const Mesh b = refine_region(moved, 5.0, [&](const Eigen::Vector3d& c) { return c.z() - t.z() > 20.0; });
  EXPECT_NEAR(static_cast<double>(b.num_faces()), static_cast<double>(a.num_faces()), 0.02 * a.num_faces());
  EXPECT_NEAR(surface_area(b), surface_area(a), 1e-9 * surface_area(a));
  EXPECT_NEAR(enclosed_volume(b), enclosed_volume(a), 1e-7 * enclosed_volume(a));
  EXPECT_EQ(count_boundary_loops(b), 0);
  for (Eigen::Index f = 0; f < b.num_faces(); ++f)
    if (centroid(b, f).z() - t.z() > 30.0) EXPECT_LE(longest_edge(b, f), 5.0 + 1e-9);
}

}  // namespace
}  // namespace contour
