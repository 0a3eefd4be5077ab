// clean_mesh and the piece tools on small meshes built in code.
#include "contour/core/errors.hpp"
#include "contour/core/mesh_ops.hpp"
#include "contour/import/clean_mesh.hpp"
#include "contour/import/import_scan.hpp"
#include "test_meshes.hpp"

#include <gtest/gtest.h>

#include <algorithm>

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

TEST(CleanMesh, TheVertexMapSaysWhatEachInputVertexBecame) {
  Mesh m = two_triangles_as_soup();
  // One more vertex that no face uses: dropped.
  m.V.conservativeResize(7, 3);
  m.V.row(6) << 5, 5, 5;
  const CleanResult c = clean_mesh(m, "soup");
  ASSERT_EQ(c.vertex_map.size(), 7u);
  const std::vector<int> expected{0, 1, 2, 0, 2, 3, -1};
  EXPECT_EQ(c.vertex_map, expected);
  for (std::size_t i = 0; i < 6; ++i)
    EXPECT_EQ(c.mesh.V.row(c.vertex_map[i]), m.V.row(static_cast<Eigen::Index>(i))) << "input vertex " << i;
}

TEST(ExtractPieces, TheVertexMapSaysWhereEachVertexWent) {
  // Two separate triangles; keep only the second.
  Mesh m;
  m.V.resize(6, 3);
  m.V << 0, 0, 0, 1, 0, 0, 0, 1, 0, 5, 0, 0, 6, 0, 0, 5, 1, 0;
  m.F.resize(2, 3);
  m.F << 0, 1, 2, 3, 4, 5;
  const Pieces p = connected_pieces(m);
  ASSERT_EQ(p.area.size(), 2u);
  std::vector<bool> keep(2, false);
  keep[static_cast<std::size_t>(p.face_piece[1])] = true;
  std::vector<int> map;
  const Mesh sub = extract_pieces(m, p, keep, &map);
  ASSERT_EQ(sub.num_vertices(), 3);
  const std::vector<int> expected{-1, -1, -1, 0, 1, 2};
  EXPECT_EQ(map, expected);
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

TEST(CleanMesh, ALargeTriangleSoupWeldsBackToTheIndexedMesh) {
  // Every face with its own three corners (as STL stores a mesh), ~37 k faces and ~110 k
  // corners: welding must find each shared corner again, whatever the hash table does.
  const Mesh indexed = test::make_sphere(80.0, Eigen::Vector3d(3, -7, 11), 96, 192);
  Mesh soup;
  soup.V.resize(3 * indexed.num_faces(), 3);
  soup.F.resize(indexed.num_faces(), 3);
  for (Eigen::Index f = 0; f < indexed.num_faces(); ++f)
    for (int k = 0; k < 3; ++k) {
      soup.V.row(3 * f + k) = indexed.V.row(indexed.F(f, k));
      soup.F(f, k) = static_cast<int>(3 * f + k);
    }
  const CleanResult r = clean_mesh(soup, "soup");
  EXPECT_EQ(r.mesh.num_vertices(), indexed.num_vertices());
  EXPECT_EQ(r.mesh.num_faces(), indexed.num_faces());
  EXPECT_EQ(r.report.merged_vertices, soup.num_vertices() - indexed.num_vertices());
  EXPECT_EQ(count_boundary_loops(r.mesh), 0);  // closed again: every edge shared by two faces
  EXPECT_NEAR(enclosed_volume(r.mesh), enclosed_volume(indexed), 1e-9 * enclosed_volume(indexed));
}

TEST(CleanMesh, ADuplicatedSurfaceLosesExactlyItsCopies) {
  // The same sphere twice over the same vertices: every face of the copy is a duplicate.
  const Mesh one = test::make_sphere(40.0, Eigen::Vector3d::Zero(), 24, 48);
  Mesh twice = one;
  twice.F.resize(2 * one.num_faces(), 3);
  twice.F << one.F, one.F.rowwise().reverse();  // same vertex sets, other winding
  const CleanResult r = clean_mesh(twice, "twice");
  EXPECT_EQ(r.report.duplicate_faces, one.num_faces());
  EXPECT_EQ(r.mesh.F, one.F);  // the first occurrence of each face is the one kept
}

TEST(BoundaryLoops, CountsEachHoleAndOpenEndOnce) {
  const Mesh sphere = test::make_sphere(50.0, Eigen::Vector3d::Zero(), 24, 48);
  EXPECT_EQ(count_boundary_loops(sphere), 0);
  // A band cut out by two planes: two open ends.
  EXPECT_EQ(count_boundary_loops(test::crop(sphere, 2, -20.0, 25.0)), 2);
  // Two faces removed far apart: two holes; two neighbouring faces: one hole.
  auto without = [&](std::vector<Eigen::Index> drop) {
    Mesh m = sphere;
    Eigen::Index k = 0;
    for (Eigen::Index f = 0; f < sphere.num_faces(); ++f)
      if (std::find(drop.begin(), drop.end(), f) == drop.end()) m.F.row(k++) = sphere.F.row(f);
    m.F.conservativeResize(k, 3);
    return m;
  };
  const Eigen::Index mid = sphere.num_faces() / 2;
  EXPECT_EQ(count_boundary_loops(without({100, mid + 300})), 2);
  EXPECT_EQ(count_boundary_loops(without({mid, mid + 1})), 1);  // a band's two triangles share an edge
  // Metamorphic: renumbering the vertices does not change the count.
  Mesh band = test::crop(sphere, 2, -20.0, 25.0);
  Mesh renumbered = band;
  const auto n = static_cast<int>(band.num_vertices());
  for (int v = 0; v < n; ++v) renumbered.V.row(n - 1 - v) = band.V.row(v);
  renumbered.F = (n - 1 - band.F.array()).matrix();
  EXPECT_EQ(count_boundary_loops(renumbered), 2);
}

}  // namespace
}  // namespace contour
