// Write a mesh in every supported format and read it back: same vertices (exactly where the
// format stores doubles, to float precision for STL), same triangles in the same order and
// winding; STL repeats vertices per triangle and clean_mesh must weld them back.
#include "contour/core/errors.hpp"
#include "contour/import/clean_mesh.hpp"
#include "contour/io/read_mesh.hpp"
#include "contour/io/write_mesh.hpp"
#include "temp_dir.hpp"
#include "test_meshes.hpp"

#include <gtest/gtest.h>

#include <map>
#include <tuple>

namespace contour {
namespace {

// A small closed mesh with coordinates that are not round numbers in any base.
Mesh sample_mesh() {
  Mesh m = test::make_sphere(123.456789, Eigen::Vector3d(1.0 / 3.0, -7.25, 1e3 / 7.0), 8, 16);
  return m;
}

struct Format {
  const char* file;
  bool binary;
  double tolerance;  ///< largest coordinate error allowed, relative to the largest |coordinate|
  const char* encoding;
};

class RoundTrip : public ::testing::TestWithParam<Format> {};

TEST_P(RoundTrip, ReadsBackTheSameVerticesAndTriangles) {
  const Format fmt = GetParam();
  test::TempDir dir;
  const Mesh m = sample_mesh();
  const std::string path = dir.file(fmt.file);
  WriteMeshOptions opt;
  opt.binary = fmt.binary;
  write_mesh(path, m, opt);
  const ReadMeshResult r = read_mesh(path);
  EXPECT_EQ(r.encoding, fmt.encoding);
  EXPECT_EQ(r.format, format_from_path(path));
  ASSERT_EQ(r.mesh.num_vertices(), m.num_vertices());
  ASSERT_EQ(r.mesh.num_faces(), m.num_faces());
  EXPECT_EQ(r.mesh.F, m.F);
  const double scale = m.V.cwiseAbs().maxCoeff();
  EXPECT_LE((r.mesh.V - m.V).cwiseAbs().maxCoeff(), fmt.tolerance * scale);
  // Nothing is left behind next to the file (the write goes through a temporary file).
  EXPECT_EQ(dir.entries(), std::set<std::string>{fmt.file});
}

// PLY and OBJ store doubles with 17 significant digits, VTP and binary VTK store the doubles
// themselves: exact. VTK's legacy ascii writer keeps 11 significant digits (1e-8 mm at 1 m).
INSTANTIATE_TEST_SUITE_P(Formats, RoundTrip,
                         ::testing::Values(Format{"m.ply", true, 0.0, "binary_little_endian"},
                                           Format{"m.ply", false, 0.0, "ascii"},
                                           Format{"m.obj", false, 0.0, "ascii"},
                                           Format{"m.vtp", true, 0.0, "appended"},
                                           Format{"m.vtp", false, 1e-15, "ascii"},
                                           Format{"m.vtk", true, 0.0, "binary"},
                                           Format{"m.vtk", false, 1e-10, "ascii"}),
                         [](const auto& info) {
                           std::string n = std::string(info.param.file).substr(2) + (info.param.binary ? "_binary" : "_ascii");
                           return n;
                         });

class StlRoundTrip : public ::testing::TestWithParam<bool> {};

TEST_P(StlRoundTrip, CleaningWeldsTheRepeatedVerticesBackToTheOriginalMesh) {
  const bool binary = GetParam();
  test::TempDir dir;
  const Mesh m = sample_mesh();
  const std::string path = dir.file("m.stl");
  WriteMeshOptions opt;
  opt.binary = binary;
  write_mesh(path, m, opt);
  const ReadMeshResult r = read_mesh(path);
  EXPECT_EQ(r.encoding, binary ? "binary" : "ascii");
  EXPECT_EQ(r.mesh.num_vertices(), 3 * m.num_faces());  // STL repeats every corner
  ASSERT_EQ(r.mesh.num_faces(), m.num_faces());

  const CleanResult c = clean_mesh(r.mesh, path);
  EXPECT_EQ(c.mesh.num_vertices(), m.num_vertices());
  EXPECT_EQ(c.report.merged_vertices, 3 * m.num_faces() - m.num_vertices());
  EXPECT_EQ(c.report.degenerate_faces, 0);
  ASSERT_EQ(c.mesh.num_faces(), m.num_faces());
  // Match welded vertices to the originals by their float-rounded position (STL stores
  // float32: the error is at most half a float ulp, 2^-24 relative).
  std::map<std::tuple<float, float, float>, int> original;
  for (Eigen::Index i = 0; i < m.num_vertices(); ++i)
    original.emplace(std::make_tuple(static_cast<float>(m.V(i, 0)), static_cast<float>(m.V(i, 1)),
                                     static_cast<float>(m.V(i, 2))), static_cast<int>(i));
  ASSERT_EQ(original.size(), static_cast<std::size_t>(m.num_vertices()));
  std::vector<int> to_original(static_cast<std::size_t>(c.mesh.num_vertices()), -1);
  for (Eigen::Index i = 0; i < c.mesh.num_vertices(); ++i) {
    const auto it = original.find(std::make_tuple(static_cast<float>(c.mesh.V(i, 0)), static_cast<float>(c.mesh.V(i, 1)),
                                                  static_cast<float>(c.mesh.V(i, 2))));
    ASSERT_NE(it, original.end()) << "vertex " << i;
    to_original[static_cast<std::size_t>(i)] = it->second;
    const Eigen::Vector3d d = c.mesh.V.row(i) - m.V.row(it->second);
    EXPECT_LE(d.cwiseAbs().maxCoeff(), 0x1p-24 * m.V.row(it->second).cwiseAbs().maxCoeff());
  }
  for (Eigen::Index f = 0; f < m.num_faces(); ++f)
    for (int k = 0; k < 3; ++k) EXPECT_EQ(to_original[static_cast<std::size_t>(c.mesh.F(f, k))], m.F(f, k)) << "face " << f;
}

INSTANTIATE_TEST_SUITE_P(Encodings, StlRoundTrip, ::testing::Values(true, false),
                         [](const auto& info) { return std::string(info.param ? "binary" : "ascii"); });

TEST(WriteMesh, PerVertexScalarIsWrittenAndIgnoredByTheReader) {
  test::TempDir dir;
  const Mesh m = sample_mesh();
  WriteMeshOptions opt;
  opt.vertex_scalar.assign(static_cast<std::size_t>(m.num_vertices()), 2.5);
  for (const char* name : {"s.ply", "s.vtp", "s.vtk"}) {
    for (bool binary : {true, false}) {
      SCOPED_TRACE(std::string(name) + (binary ? " binary" : " ascii"));
      opt.binary = binary;
      write_mesh(dir.file(name), m, opt);
      EXPECT_NE(test::read_bytes(dir.file(name)).find("fill_mm"), std::string::npos);
      const ReadMeshResult r = read_mesh(dir.file(name));
      EXPECT_EQ(r.mesh.F, m.F);
      EXPECT_LE((r.mesh.V - m.V).cwiseAbs().maxCoeff(), 1e-10 * m.V.cwiseAbs().maxCoeff());
    }
  }
}

TEST(WriteMesh, RejectsAScalarOfTheWrongLengthAndWritesNothing) {
  test::TempDir dir;
  WriteMeshOptions opt;
  opt.vertex_scalar = {1.0, 2.0};
  EXPECT_THROW(write_mesh(dir.file("s.ply"), sample_mesh(), opt), InvalidInput);
  EXPECT_TRUE(dir.entries().empty());
}

TEST(WriteMesh, RejectsAnUnsupportedExtension) {
  test::TempDir dir;
  try {
    write_mesh(dir.file("m.dae"), sample_mesh());
    FAIL() << "no exception";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find(dir.file("m.dae")), std::string::npos) << e.what();
  }
  EXPECT_TRUE(dir.entries().empty());
}

TEST(WriteMesh, MissingFolderIsAnIoErrorNamingThePath) {
  test::TempDir dir;
  const std::string path = dir.file("no/such/folder/m.ply");
  try {
    write_mesh(path, sample_mesh());
    FAIL() << "no exception";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  EXPECT_TRUE(dir.entries().empty());
}

TEST(WriteMesh, FailedWriteLeavesTheExistingFileUntouched) {
  test::TempDir dir;
  const std::string path = dir.file("m.ply");
  test::write_bytes(path, "previous contents");
  // A write callback that fails half way: the target must keep its old contents.
  EXPECT_THROW(write_file_atomically(path, [](std::ostream& o) {
                 o << "partial";
                 throw IoError("simulated failure");
               }),
               IoError);
  EXPECT_EQ(test::read_bytes(path), "previous contents");
  EXPECT_EQ(dir.entries(), std::set<std::string>{"m.ply"});
}

TEST(FormatFromPath, IsCaseInsensitiveAndRejectsOthers) {
  EXPECT_EQ(format_from_path("a/B.PLY"), MeshFormat::Ply);
  EXPECT_EQ(format_from_path("x.Obj"), MeshFormat::Obj);
  EXPECT_EQ(format_from_path("x.sTl"), MeshFormat::Stl);
  EXPECT_EQ(format_from_path("x.VTP"), MeshFormat::Vtp);
  EXPECT_EQ(format_from_path("x.vtk"), MeshFormat::Vtk);
  EXPECT_THROW((void)format_from_path("x.off"), InvalidInput);
  EXPECT_THROW((void)format_from_path("ply"), InvalidInput);
  EXPECT_THROW((void)format_from_path("x.ply.gz"), InvalidInput);
}

}  // namespace
}  // namespace contour
