// clean_mesh and the piece tools on small meshes built in code.
#include "contour/core/errors.hpp"
#include "contour/import/clean_mesh.hpp"
#include "test_meshes.hpp"

#include <gtest/gtest.h>

namespace contour {
namespace {

Mesh two_triangles_as_soup() {
  // A unit square as two triangles with every corner repeated (as STL stores it).
  Mesh m;
  m.V.resize(6, 3);
  m.V << 0, 0, 0, 1, 0, 0, 1, 1, 0,   // triangle 0
         0, 0, 0, 1, 1, 0, 0, 1, 0;   // triangle 1
  m.F.resize(2, 3);
  m.F << 0, 1, 2, 3, 4, 5;
  return m;
}

TEST(CleanMesh, WeldsExactDuplicatesKeepingFirstOccurrenceOrder) {
  const CleanResult c = clean_mesh(two_triangles_as_soup(), "soup");
  EXPECT_EQ(c.report.merged_vertices, 2);
  ASSERT_EQ(c.mesh.num_vertices(), 4);
  Vertices expected(4, 3);
  expected << 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0;
  EXPECT_EQ(c.mesh.V, expected);
  Faces F(2, 3);
  F << 0, 1, 2, 0, 2, 3;
  EXPECT_EQ(c.mesh.F, F);
}

TEST(CleanMesh, MergesWithinTheToleranceOnly) {
  Mesh m = two_triangles_as_soup();
  const double diag = std::sqrt(2.0);
  m.V(3, 0) = 0.1e-9 * diag;  // copy of vertex 0, moved by 1/10 of the default tolerance: merged
  m.V(4, 0) = 1 + 1e-6;       // copy of vertex 2, moved by 1000 times the tolerance: kept apart
  const CleanResult c = clean_mesh(m, "near");
  EXPECT_EQ(c.report.merged_vertices, 1);
  EXPECT_EQ(c.mesh.num_vertices(), 5);
  CleanOptions exact;
  exact.merge_tolerance_fraction = 0;
  EXPECT_EQ(clean_mesh(m, "near", exact).report.merged_vertices, 0);
  EXPECT_EQ(clean_mesh(two_triangles_as_soup(), "soup", exact).report.merged_vertices, 2);
}

TEST(CleanMesh, DropsDegenerateDuplicateAndUnreferencedElements) {
  Mesh m;
  m.V.resize(7, 3);
  m.V << 0, 0, 0, 1, 0, 0, 0, 1, 0, 2, 0, 0, 9, 9, 9,  // 4 = unreferenced
         0.5, 0, 0,                                    // 5 = on the edge 0-1
         0, 0, 1;
  m.F.resize(6, 3);
  m.F << 0, 1, 2,   // kept
         2, 1, 0,   // same three vertices, other winding: duplicate
         0, 1, 2,   // exact duplicate
         0, 0, 2,   // repeated vertex
         0, 5, 1,   // zero area (collinear)
         0, 1, 6;   // kept
  m.face_group = {0, 0, 0, 1, 1, 1};
  m.group_names = {"a", "b"};
  const CleanResult c = clean_mesh(m, "mixed");
  EXPECT_EQ(c.report.duplicate_faces, 2);
  EXPECT_EQ(c.report.degenerate_faces, 2);
  EXPECT_EQ(c.report.unreferenced_vertices, 3);  // 3, 4 and 5
  ASSERT_EQ(c.mesh.num_faces(), 2);
  EXPECT_EQ(c.mesh.face_group, (std::vector<int>{0, 1}));
  EXPECT_EQ(c.mesh.group_names, m.group_names);
  EXPECT_EQ(c.mesh.num_vertices(), 4);
  EXPECT_EQ(c.mesh.V.row(3), Eigen::RowVector3d(0, 0, 1));
}

TEST(CleanMesh, AllDegenerateFacesAreRejectedNamingTheMesh) {
  Mesh m;
  m.V.resize(3, 3);
  m.V << 0, 0, 0, 1, 1, 1, 2, 2, 2;
  m.F.resize(2, 3);
  m.F << 0, 1, 2, 2, 1, 0;
  try {
    (void)clean_mesh(m, "line.ply");
    FAIL() << "no exception";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("line.ply"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("degenerate"), std::string::npos);
  }
}

TEST(CleanMesh, RejectsInMemoryMeshesWithBadIndicesOrCoordinates) {
  Mesh m = two_triangles_as_soup();
  m.F(1, 2) = 6;
  EXPECT_THROW((void)clean_mesh(m, "m"), InvalidInput);
  m.F(1, 2) = -1;
  EXPECT_THROW((void)clean_mesh(m, "m"), InvalidInput);
  m = two_triangles_as_soup();
  m.V(2, 1) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW((void)clean_mesh(m, "m"), InvalidInput);
  m = two_triangles_as_soup();
  m.face_group = {0};
  EXPECT_THROW((void)clean_mesh(m, "m"), InvalidInput);
  Mesh empty;
  EXPECT_THROW((void)clean_mesh(empty, "m"), InvalidInput);
}

TEST(CleanMesh, AClosedMeshComesBackUnchanged) {
  const Mesh body = test::make_body_mesh();
  const CleanResult c = clean_mesh(body, "body");
  EXPECT_EQ(c.mesh.V, body.V);
  EXPECT_EQ(c.mesh.F, body.F);
}

Mesh unit_cube() {
  Mesh m;
  m.V.resize(8, 3);
  m.V << 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1;
  m.F.resize(12, 3);
  m.F << 0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4, 1, 2, 6, 1, 6, 5, 2, 3, 7, 2, 7, 6, 3, 0, 4, 3, 4, 7;
  return m;
}

TEST(ConnectedPieces, CountsFacesAreasAndBoxesPerPiece) {
  const Mesh a = unit_cube();
  const Mesh b = test::transformed(unit_cube(), Eigen::Vector3d(1, 2, 3).asDiagonal(), {10, 0, 0});
  const Mesh both = test::concatenate(a, b);
  const Pieces p = connected_pieces(both);
  ASSERT_EQ(p.area.size(), 2u);
  EXPECT_EQ(p.faces[0], 12);
  EXPECT_EQ(p.faces[1], 12);
  EXPECT_NEAR(p.area[0], 6.0, 1e-12);
  EXPECT_NEAR(p.area[1], 2 * (1 * 2 + 1 * 3 + 2 * 3), 1e-12);  // 1 x 2 x 3 box
  EXPECT_EQ(p.box[1].min, Eigen::Vector3d(10, 0, 0));
  EXPECT_EQ(p.box[1].max, Eigen::Vector3d(11, 2, 3));
  const Mesh only_b = extract_pieces(both, p, {false, true});
  EXPECT_EQ(only_b.V, b.V);
  EXPECT_EQ(only_b.F, b.F);
}

}  // namespace
}  // namespace contour
