// The synthetic body used across the tests is itself a valid, closed, importable body.
#include "contour/import/clean_mesh.hpp"
#include "contour/import/import_scan.hpp"
#include "test_meshes.hpp"

#include <gtest/gtest.h>

#include <map>
#include <utility>

namespace contour {
namespace {

TEST(SyntheticBody, IsClosedManifoldAndConsistentlyOriented) {
  const Mesh body = test::make_body_mesh();
  EXPECT_EQ(count_boundary_loops(body), 0);
  // Every directed edge appears once and its reverse once: closed, manifold, oriented.
  std::map<std::pair<int, int>, int> directed;
  for (Eigen::Index f = 0; f < body.num_faces(); ++f)
    for (int k = 0; k < 3; ++k) ++directed[{body.F(f, k), body.F(f, (k + 1) % 3)}];
  for (const auto& [e, n] : directed) {
    EXPECT_EQ(n, 1) << e.first << "->" << e.second;
    EXPECT_EQ(directed.count({e.second, e.first}), 1u) << e.first << "->" << e.second;
  }
  const CleanResult c = clean_mesh(body, "body");
  EXPECT_EQ(c.report.merged_vertices, 0);
  EXPECT_EQ(c.report.degenerate_faces, 0);
  EXPECT_EQ(c.report.duplicate_faces, 0);
  EXPECT_EQ(c.report.unreferenced_vertices, 0);
  // Outward normals: the divergence theorem gives a positive enclosed volume.
  double volume = 0;
  for (Eigen::Index f = 0; f < body.num_faces(); ++f) {
    const Eigen::Vector3d a = body.V.row(body.F(f, 0)), b = body.V.row(body.F(f, 1)), c2 = body.V.row(body.F(f, 2));
    volume += a.dot(b.cross(c2)) / 6.0;
  }
  EXPECT_GT(volume, 0);
}

TEST(SyntheticBody, ImportsAsAStandingBodyInItsOwnFrame) {
  const ImportedScan scan = import_mesh(test::make_body_mesh(), "body");
  EXPECT_EQ(scan.info.units, LengthUnit::Millimetre);
  EXPECT_EQ(scan.info.up.name(), "+z");
  EXPECT_EQ(scan.info.front.name(), "+y");
  EXPECT_NEAR(scan.info.height_mm, 780 + 650, 1e-6);
  EXPECT_NEAR(scan.info.crotch_z_mm, 780, 40);
}

}  // namespace
}  // namespace contour
