// PLY reading: ascii and both binary byte orders, any property layout, list types and
// polygons; counts in the header are checked against the data before anything is allocated.
#include "contour/core/errors.hpp"
#include "contour/io/read_mesh.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>

namespace contour {
namespace {

template <typename T>
void put_be(std::string& out, T value) {
  char b[sizeof(T)];
  std::memcpy(b, &value, sizeof(T));
  for (std::size_t i = 0; i < sizeof(T); ++i) out.push_back(b[sizeof(T) - 1 - i]);  // host is little-endian
}
template <typename T>
void put_le(std::string& out, T value) {
  char b[sizeof(T)];
  std::memcpy(b, &value, sizeof(T));
  out.append(b, sizeof(T));
}

ReadMeshResult read_bytes_as(const std::string& name, const std::string& bytes) {
  test::TempDir dir;
  test::write_bytes(dir.file(name), bytes);
  return read_mesh(dir.file(name));
}

const float kSquare[4][3] = {{0.5f, -1.25f, 3.0f}, {10.0f, 0.0f, -2.5f}, {10.0f, 7.75f, 0.0f}, {0.0f, 7.75f, 1e-3f}};

TEST(ReadPly, BigEndianBinaryWithExtraPropertiesAndAQuad) {
  static_assert(sizeof(float) == 4);
  const std::uint16_t one = 1;
  unsigned char first;
  std::memcpy(&first, &one, 1);
  ASSERT_EQ(first, 1) << "the test writes big-endian bytes by hand assuming a little-endian host";

  std::string f =
      "ply\nformat binary_big_endian 1.0\ncomment hand written\n"
      "element vertex 4\nproperty float x\nproperty uchar red\nproperty float y\nproperty float z\nproperty short flags\n"
      "element face 2\nproperty uchar intensity\nproperty list uchar int vertex_indices\n"
      "element edge 1\nproperty int vertex1\nproperty int vertex2\n"
      "end_header\n";
  for (const auto& p : kSquare) {
    put_be<float>(f, p[0]);
    put_be<std::uint8_t>(f, 200);
    put_be<float>(f, p[1]);
    put_be<float>(f, p[2]);
    put_be<std::int16_t>(f, -7);
  }
  put_be<std::uint8_t>(f, 9);
  put_be<std::uint8_t>(f, 4);
  for (int i : {0, 1, 2, 3}) put_be<std::int32_t>(f, i);
  put_be<std::uint8_t>(f, 9);
  put_be<std::uint8_t>(f, 3);
  for (int i : {0, 2, 1}) put_be<std::int32_t>(f, i);
  put_be<std::int32_t>(f, 0);
  put_be<std::int32_t>(f, 1);

  const ReadMeshResult r = read_bytes_as("be.ply", f);
  EXPECT_TRUE(r.binary);
  EXPECT_EQ(r.encoding, "binary_big_endian");
  ASSERT_EQ(r.mesh.num_vertices(), 4);
  for (int i = 0; i < 4; ++i)
    for (int k = 0; k < 3; ++k) EXPECT_EQ(r.mesh.V(i, k), static_cast<double>(kSquare[i][k]));
  ASSERT_EQ(r.mesh.num_faces(), 3);
  EXPECT_EQ(r.mesh.F.row(0), Eigen::RowVector3i(0, 1, 2));
  EXPECT_EQ(r.mesh.F.row(1), Eigen::RowVector3i(0, 2, 3));
  EXPECT_EQ(r.mesh.F.row(2), Eigen::RowVector3i(0, 2, 1));
}

TEST(ReadPly, LittleEndianDoublesWithUintIndicesAndVertexIndexName) {
  std::string f =
      "ply\r\nformat binary_little_endian 1.0\r\nelement vertex 3\r\nproperty double x\r\nproperty double y\r\n"
      "property double z\r\nelement face 1\r\nproperty list uint8 uint32 vertex_index\r\nend_header\n";
  for (const double p : {0.1, 0.2, 0.3, 1.1, 1.2, 1.3, 2.1, 2.2, 2.3}) put_le<double>(f, p);
  put_le<std::uint8_t>(f, 3);
  for (std::uint32_t i : {2u, 1u, 0u}) put_le<std::uint32_t>(f, i);
  const ReadMeshResult r = read_bytes_as("le.ply", f);
  EXPECT_EQ(r.encoding, "binary_little_endian");
  EXPECT_EQ(r.mesh.V(2, 1), 2.2);
  EXPECT_EQ(r.mesh.F.row(0), Eigen::RowVector3i(2, 1, 0));
}

TEST(ReadPly, AsciiWithCommentsNormalsAndPolygons) {
  const ReadMeshResult r = read_bytes_as("a.ply",
                                         "ply\nformat ascii 1.0\ncomment made by hand\nobj_info nothing\n"
                                         "element vertex 5\nproperty float nx\nproperty float x\nproperty float y\n"
                                         "property float z\nelement face 2\nproperty list uchar int vertex_indices\n"
                                         "property uchar red\nend_header\n"
                                         "0 0 0 0\n0 1 0 0\n0 1 1 0\n0 0 1 0\n\n0 0.5 2 -1e-3\n"
                                         "4 0 1 2 3 255\n3 3 2 4 7\n");
  EXPECT_EQ(r.encoding, "ascii");
  EXPECT_EQ(r.mesh.num_vertices(), 5);
  EXPECT_EQ(r.mesh.V.row(4), Eigen::RowVector3d(0.5, 2, -1e-3));
  ASSERT_EQ(r.mesh.num_faces(), 3);
  EXPECT_EQ(r.mesh.F.row(2), Eigen::RowVector3i(3, 2, 4));
}

TEST(ReadPly, GiganticCountsInATinyHeaderAreRejectedWithoutAllocating) {
  // Each of these would need gigabytes if the header were believed.
  const std::vector<std::string> headers{
      "ply\nformat binary_little_endian 1.0\nelement vertex 4000000000\nproperty float x\nproperty float y\n"
      "property float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n",
      "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
      "element face 9000000000000000000\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n",
      "ply\nformat binary_little_endian 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
      "element face 1\nproperty list uint int vertex_indices\nend_header\n" + std::string(36, '\0') + "\xff\xff\xff\x7f",
      // An element without properties takes no bytes: its count must not make the reader spin.
      "ply\nformat binary_little_endian 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
      "element nothing 9000000000000000000\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n" +
          std::string(36, '\0') + std::string("\x03\0\0\0\0\x01\0\0\0\x02\0\0\0", 13),
  };
  for (const std::string& h : headers) {
    SCOPED_TRACE(h.substr(0, 120));
    const auto t0 = std::chrono::steady_clock::now();
    try {
      const ReadMeshResult r = read_bytes_as("huge.ply", h);
      // Only the element without properties may be read at all, and then as the 1 triangle.
      EXPECT_EQ(r.mesh.num_faces(), 1);
    } catch (const InvalidInput& e) {
      EXPECT_NE(std::string(e.what()).find("huge.ply"), std::string::npos) << e.what();
    }
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 2.0);
  }
}

TEST(ReadPly, RejectsMalformedHeadersNamingTheLine) {
  const std::string tail = "element vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
                           "element face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n";
  for (const auto& [text, what] : std::vector<std::pair<std::string, std::string>>{
           {"ply\nformat ascii 1.0\n" + tail, ""},  // the valid reference
           {"ply\nformat ebcdic 1.0\n" + tail, "header line 2"},
           {"ply\n" + tail, "no format"},
           {"ply\nformat ascii 1.0\nproperty float x\n" + tail, "header line 3"},
           {"ply\nformat ascii 1.0\nelement vertex -3\n" + tail, "header line 3"},
           {"ply\nformat ascii 1.0\nelement vertex 3\nproperty float128 x\n" + tail, "header line 4"},
           {"ply\nformat ascii 1.0\nbogus\n" + tail, "header line 3"},
           {"ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nelement face 1\n"
            "property list uchar int vertex_indices\nend_header\n0 0\n1 0\n0 1\n3 0 1 2\n", "x, y, z"},
           {"ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
            "element face 1\nproperty uchar n\nend_header\n0 0 0\n1 0 0\n0 1 0\n3\n", "vertex_indices"}}) {
    SCOPED_TRACE(text);
    if (what.empty()) {
      EXPECT_EQ(read_bytes_as("h.ply", text).mesh.num_faces(), 1);
      continue;
    }
    try {
      (void)read_bytes_as("h.ply", text);
      ADD_FAILURE() << "no exception";
    } catch (const InvalidInput& e) {
      EXPECT_NE(std::string(e.what()).find("h.ply"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace contour
