// STL reading: binary is told from ascii by the size the triangle count implies, not by the
// word "solid" (many binary exporters start their header with it).
#include "contour/core/errors.hpp"
#include "contour/io/read_mesh.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstring>

namespace contour {
namespace {

std::string binary_stl(const std::string& header, const std::vector<std::array<float, 9>>& tris,
                       std::uint32_t declared) {
  std::string out = header;
  out.resize(80, '\0');
  out.append(reinterpret_cast<const char*>(&declared), 4);
  for (const auto& t : tris) {
    const float normal[3] = {0, 0, 1};
    out.append(reinterpret_cast<const char*>(normal), 12);
    out.append(reinterpret_cast<const char*>(t.data()), 36);
    out.append(2, '\0');
  }
  return out;
}

const std::vector<std::array<float, 9>> kTwo{{0, 0, 0, 1, 0, 0, 0, 1, 0}, {1, 0, 0, 1, 1, 0, 0, 1, 0}};

ReadMeshResult read_as(const std::string& name, const std::string& bytes) {
  test::TempDir dir;
  test::write_bytes(dir.file(name), bytes);
  return read_mesh(dir.file(name));
}

std::string error_of(const std::string& name, const std::string& bytes) {
  try {
    (void)read_as(name, bytes);
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "";
}

TEST(ReadStl, BinaryWhoseHeaderStartsWithSolidIsReadAsBinary) {
  const ReadMeshResult r = read_as("s.stl", binary_stl("solid exported by some CAD tool, facet", kTwo, 2));
  EXPECT_TRUE(r.binary);
  EXPECT_EQ(r.mesh.num_faces(), 2);
  EXPECT_EQ(r.mesh.num_vertices(), 6);
  EXPECT_EQ(r.mesh.V.row(4), Eigen::RowVector3d(1, 1, 0));
}

TEST(ReadStl, AsciiWithSeveralSolidsCrLfAndNames) {
  const ReadMeshResult r = read_as("a.stl",
                                   "solid part one\r\n facet normal 0 0 1\r\n  outer loop\r\n   vertex 0 0 0\r\n"
                                   "   vertex 1 0 0\r\n   vertex 0 1 0\r\n  endloop\r\n endfacet\r\nendsolid part one\r\n"
                                   "solid two\n\tfacet normal 0 0 1\n\t\touter loop\n\t\t\tvertex 1 0 0\n\t\t\tvertex 1 1 0\n"
                                   "\t\t\tvertex 0 1 0\n\t\tendloop\n\tendfacet\nendsolid\n");
  EXPECT_FALSE(r.binary);
  ASSERT_EQ(r.mesh.num_faces(), 2);
  EXPECT_EQ(r.mesh.V.row(3), Eigen::RowVector3d(1, 0, 0));
}

TEST(ReadStl, TriangleCountThatDisagreesWithTheSizeIsRejected) {
  for (const std::uint32_t declared : {1u, 3u, 1000u, 0xffffffffu}) {
    SCOPED_TRACE(declared);
    const std::string msg = error_of("lie.stl", binary_stl("binary", kTwo, declared));
    EXPECT_NE(msg.find("lie.stl"), std::string::npos) << msg;
    EXPECT_NE(msg.find("triangle count"), std::string::npos) << msg;
    EXPECT_NE(msg.find(std::to_string(declared)), std::string::npos) << msg;
  }
}

TEST(ReadStl, RejectsZeroTrianglesNaNAndTruncatedAscii) {
  EXPECT_NE(error_of("z.stl", binary_stl("binary", {}, 0)).find("0 triangles"), std::string::npos);
  auto nan_tris = kTwo;
  nan_tris[1][4] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_NE(error_of("n.stl", binary_stl("binary", nan_tris, 2)).find("triangle 1"), std::string::npos);
  auto inf_tris = kTwo;
  inf_tris[0][0] = -std::numeric_limits<float>::infinity();
  EXPECT_NE(error_of("i.stl", binary_stl("binary", inf_tris, 2)).find("non-finite"), std::string::npos);
  const std::string ascii = "solid t\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nvertex 0 1 0\nendloop\n"
                            "endfacet\nendsolid t\n";
  EXPECT_EQ(error_of("ok.stl", ascii), "");
  EXPECT_NE(error_of("t.stl", ascii.substr(0, ascii.find("vertex 0 1"))).find("truncated"), std::string::npos);
  EXPECT_NE(error_of("t.stl", ascii.substr(0, ascii.find("endsolid"))).find("truncated"), std::string::npos);
  EXPECT_NE(error_of("v.stl", "solid t\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0\nvertex 0 1 0\n"
                              "endloop\nendfacet\nendsolid t\n").find("line 5"), std::string::npos);
}

}  // namespace
}  // namespace contour
