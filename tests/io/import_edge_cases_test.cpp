// Issue 12, import edge cases: an unused vertex far away never changes which faces are kept
// (the welding grid comes from the vertices the faces use); a UTF-8 byte order mark before the
// first OBJ line; ASCII STL in upper case.
#include "contour/core/errors.hpp"
#include "contour/import/clean_mesh.hpp"
#include "contour/io/read_mesh.hpp"
#include "contour/io/write_mesh.hpp"
#include "temp_dir.hpp"
#include "test_meshes.hpp"

#include <gtest/gtest.h>

#include <cctype>

namespace contour {
namespace {

Mesh with_unused_vertex(const Mesh& m, double at) {
  Mesh out = m;
  out.V.conservativeResize(m.V.rows() + 1, 3);
  out.V.row(m.V.rows()) << at, -at, at;
  return out;
}

TEST(CleanMesh, AnUnusedFarVertexNeverChangesTheKeptFaces) {
  const Mesh body = test::make_body_mesh();
  const CleanResult plain = clean_mesh(body, "body");
  for (double at : {1e3, 1e5, 1e8, 1e15, -1e300}) {
    SCOPED_TRACE(at);
    const CleanResult r = clean_mesh(with_unused_vertex(body, at), "body");
    EXPECT_EQ(r.mesh.num_faces(), plain.mesh.num_faces());
    EXPECT_EQ(r.report.degenerate_faces, plain.report.degenerate_faces);
    EXPECT_EQ(r.report.merged_vertices, plain.report.merged_vertices);
    EXPECT_EQ(r.report.unreferenced_vertices, plain.report.unreferenced_vertices + 1);
    EXPECT_TRUE(r.mesh.F == plain.mesh.F);
    EXPECT_TRUE(r.mesh.V == plain.mesh.V);
  }
}

TEST(ReadObj, AByteOrderMarkBeforeTheFirstLineIsIgnored) {
  test::TempDir dir;
  const Mesh box = test::make_box(Eigen::Vector3d(10, 20, 30), 6, 8);
  const std::string plain = dir.file("plain.obj");
  write_mesh(plain, box);
  // The first line is a vertex line ("v ..."), which the BOM would otherwise turn into junk.
  const std::string text = test::read_bytes(plain);
  const std::string first_v = text.substr(text.find("v "));
  const std::string bom = dir.file("bom.obj");
  test::write_bytes(bom, "\xEF\xBB\xBF" + first_v);
  const ReadMeshResult a = read_mesh(plain), b = read_mesh(bom);
  EXPECT_EQ(b.mesh.num_vertices(), a.mesh.num_vertices());
  EXPECT_EQ(b.mesh.num_faces(), a.mesh.num_faces());
  EXPECT_TRUE(b.mesh.V == a.mesh.V);
}

TEST(ReadStl, UpperCaseAsciiIsReadLikeLowerCase) {
  test::TempDir dir;
  const Mesh box = test::make_box(Eigen::Vector3d(10, 20, 30), 6, 8);
  const std::string lower = dir.file("lower.stl");
  WriteMeshOptions ascii;
  ascii.binary = false;
  write_mesh(lower, box, ascii);
  std::string text = test::read_bytes(lower);
  ASSERT_EQ(text.rfind("solid", 0), 0u);
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string upper = dir.file("upper.stl");
  test::write_bytes(upper, text);
  const ReadMeshResult a = read_mesh(lower), b = read_mesh(upper);
  EXPECT_EQ(b.encoding, "ascii");
  EXPECT_EQ(b.mesh.num_faces(), a.mesh.num_faces());
  EXPECT_TRUE(b.mesh.V.isApprox(a.mesh.V));
  // Mixed case too ("Solid", "Facet Normal", "Outer Loop").
  std::string mixed = test::read_bytes(lower);
  for (std::size_t i = 0; i < mixed.size(); ++i)
    if (i == 0 || !std::isalpha(static_cast<unsigned char>(mixed[i - 1])))
      mixed[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(mixed[i])));
  const std::string mixed_path = dir.file("mixed.stl");
  test::write_bytes(mixed_path, mixed);
  EXPECT_EQ(read_mesh(mixed_path).mesh.num_faces(), a.mesh.num_faces());
}

}  // namespace
}  // namespace contour
