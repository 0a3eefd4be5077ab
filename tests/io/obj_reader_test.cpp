// OBJ reading: polygons are fan-triangulated, every index form is understood, groups are kept.
#include "contour/core/errors.hpp"
#include "contour/io/read_mesh.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

namespace contour {
namespace {

ReadMeshResult read_text(const std::string& name, const std::string& text) {
  test::TempDir dir;
  test::write_bytes(dir.file(name), text);
  return read_mesh(dir.file(name));
}

Faces faces(std::initializer_list<std::array<int, 3>> rows) {
  Faces F(static_cast<Eigen::Index>(rows.size()), 3);
  Eigen::Index i = 0;
  for (const auto& r : rows) F.row(i++) << r[0], r[1], r[2];
  return F;
}

TEST(ReadObj, QuadsAndPolygonsAreFanTriangulatedKeepingTheirWinding) {
  const ReadMeshResult r = read_text("p.obj",
                                     "# a quad, a pentagon and a triangle\n"
                                     "v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nv 2 0 0\nv 3 1 0\nv 2 2 0\n"
                                     "f 1 2 3 4\n"
                                     "f 2 5 6 7 3\n"
                                     "f 1 2 4\n");
  EXPECT_EQ(r.format, MeshFormat::Obj);
  EXPECT_EQ(r.mesh.num_vertices(), 7);
  EXPECT_EQ(r.mesh.F, faces({{0, 1, 2}, {0, 2, 3}, {1, 4, 5}, {1, 5, 6}, {1, 6, 2}, {0, 1, 3}}));
  EXPECT_TRUE(r.mesh.face_group.empty());
}

TEST(ReadObj, AllIndexFormsGiveTheSameTriangles) {
  const std::string verts = "v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nvt 0 0\nvt 1 0\nvt 1 1\nvt 0 1\nvn 0 0 1\n";
  const Faces expected = faces({{0, 1, 2}, {0, 2, 3}});
  for (const std::string f : {"f 1 2 3 4\n", "f 1/1 2/2 3/3 4/4\n", "f 1//1 2//1 3//1 4//1\n", "f 1/1/1 2/2/1 3/3/1 4/4/1\n",
                              "f -4 -3 -2 -1\n", "f -4/-4/-1 -3/-3/-1 -2/-2/-1 -1/-1/-1\n", "f\t1 2  3\t4 \r\n"}) {
    SCOPED_TRACE(f);
    EXPECT_EQ(read_text("i.obj", verts + f).mesh.F, expected);
  }
}

TEST(ReadObj, NegativeIndicesCountBackFromTheLatestVertex) {
  // Two triangles, each defined right after its own vertices with relative indices.
  const ReadMeshResult r = read_text("n.obj",
                                     "v 0 0 0\nv 1 0 0\nv 0 1 0\nf -3 -2 -1\n"
                                     "v 5 0 0\nv 6 0 0\nv 5 1 0\nf -3 -2 -1\nf 1 -3 -1\n");
  EXPECT_EQ(r.mesh.F, faces({{0, 1, 2}, {3, 4, 5}, {0, 3, 5}}));
}

TEST(ReadObj, GroupsAndObjectsNameTheFacesThatFollow) {
  const ReadMeshResult r = read_text("g.obj",
                                     "mtllib x.mtl\nv 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\n"
                                     "f 1 2 3\n"           // before any group
                                     "g body\nusemtl skin\ns 1\nf 1 2 3 4\n"
                                     "o helper-eyes\nf 2 3 4\n"
                                     "g body\nf 1 3 4\n"   // back to an earlier group
                                     "g\nf 1 2 4\n");      // unnamed group
  ASSERT_EQ(r.mesh.num_faces(), 6);
  ASSERT_EQ(r.mesh.face_group.size(), 6u);
  const std::vector<std::string> expected_names{"body", "helper-eyes", "default"};
  EXPECT_EQ(r.mesh.group_names, expected_names);
  EXPECT_EQ(r.mesh.face_group, (std::vector<int>{-1, 0, 0, 1, 0, 2}));
}

TEST(ReadObj, ForwardReferencesAndCrLfAreAccepted) {
  const ReadMeshResult r = read_text("fw.obj", "f 1 2 3\r\nv 0 0 0\r\nv 1 0 0\r\nv 0 1 0\r\n");
  EXPECT_EQ(r.mesh.F, faces({{0, 1, 2}}));
}

TEST(ReadObj, ExtraVertexComponentsAreIgnored) {
  // "v x y z w" and "v x y z r g b" (vertex colours) are both found in the wild.
  const ReadMeshResult r = read_text("c.obj", "v 0 0 0 1\nv 1 0 0 0.5 0.5 0.5\nv 0 1 0\nf 1 2 3\n");
  EXPECT_EQ(r.mesh.V.row(1), Eigen::RowVector3d(1, 0, 0));
}

TEST(ReadObj, RejectsBadIndicesWithTheLineNumber) {
  for (const auto& [text, what] : std::vector<std::pair<std::string, std::string>>{
           {"v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 4\n", "vertex 3"},
           {"v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 0\n", "line 4"},
           {"v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 -4\n", "line 4"},
           {"v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 x\n", "line 4"},
           {"v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2\n", "line 4"},
           {"v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 99999999999\n", "line 4"},
           {"v 0 0 0\nv 1 0\nv 0 1 0\nf 1 2 3\n", "line 2"},
           {"v 0 0 0\nv 1 nan 0\nv 0 1 0\nf 1 2 3\n", "line 2"},
           {"v 0 0 0\nv 1 0 0\nv 0 1 inf\nf 1 2 3\n", "line 3"}}) {
    SCOPED_TRACE(text);
    try {
      (void)read_text("bad.obj", text);
      ADD_FAILURE() << "no exception";
    } catch (const InvalidInput& e) {
      EXPECT_NE(std::string(e.what()).find("bad.obj"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace contour
