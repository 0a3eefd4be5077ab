// `contour info` on bad input: every kind of bad scan listed in issue 2 exits with code 1,
// prints exactly one line on stderr that names the file and says why, prints nothing on
// stdout and leaves no file behind. Usage errors exit with code 2. Never a crash or a hang.
#include "contour/io/read_mesh.hpp"
#include "contour/io/write_mesh.hpp"
#include "run_cli.hpp"
#include "temp_dir.hpp"
#include "test_meshes.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <functional>
#include <random>
#include <sys/stat.h>

namespace contour {
namespace {

using test::TempDir;

/// Runs `contour info path` and checks the contract for a rejected scan; one of `reasons` must
/// appear in the message (case-sensitive), after the path.
void expect_rejected_for(const TempDir& dir, const std::string& path, const std::vector<std::string>& reasons) {
  SCOPED_TRACE(path);
  const std::set<std::string> before = dir.entries();
  const test::CliRun run = test::run_cli({"info", path});
  EXPECT_FALSE(run.timed_out) << "hang";
  EXPECT_EQ(run.signal, 0) << "killed by signal " << run.signal << "\n" << run.err;
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(test::count_lines(run.err), 1) << run.err;
  EXPECT_FALSE(run.err.empty() || run.err.back() != '\n') << run.err;
  EXPECT_EQ(run.err.rfind("error: ", 0), 0u) << run.err;
  const std::size_t at = run.err.find(path);
  EXPECT_NE(at, std::string::npos) << "the message does not name the file: " << run.err;
  if (at != std::string::npos && !reasons.empty()) {
    bool found = false;
    for (const auto& r : reasons) found = found || run.err.find(r, at + path.size()) != std::string::npos;
    EXPECT_TRUE(found) << "expected \"" << reasons.front() << "\" in: " << run.err;
  }
  EXPECT_TRUE(run.out.empty()) << run.out;
  EXPECT_EQ(dir.entries(), before) << "a file was created or removed";
}

void expect_rejected(const TempDir& dir, const std::string& path, const std::string& reason) {
  expect_rejected_for(dir, path, reason.empty() ? std::vector<std::string>{} : std::vector<std::string>{reason});
}

void write_mesh_file(const std::string& path, const Mesh& m, bool binary = true) {
  WriteMeshOptions opt;
  opt.binary = binary;
  write_mesh(path, m, opt);
}

std::string random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

const std::vector<std::string> kExtensions{"ply", "obj", "stl", "vtp", "vtk"};

// ----------------------------------------------------------------------------------------
// The file itself

TEST(InfoRejects, MissingFile) {
  TempDir dir;
  expect_rejected(dir, dir.file("no such scan (1).ply"), "no such file");
}

TEST(InfoRejects, ADirectory) {
  TempDir dir;
  std::filesystem::create_directory(dir.file("folder.ply"));
  expect_rejected(dir, dir.file("folder.ply"), "directory");
}

TEST(InfoRejects, NotARegularFile) {
  TempDir dir;
  ASSERT_EQ(::mkfifo(dir.file("pipe.ply").c_str(), 0600), 0);  // opening it would block
  expect_rejected(dir, dir.file("pipe.ply"), "not a regular file");
}

TEST(InfoRejects, UnsupportedExtension) {
  TempDir dir;
  write_mesh_file(dir.file("body.ply"), test::make_body_mesh());
  std::filesystem::copy_file(dir.file("body.ply"), dir.file("body.off"));
  std::filesystem::copy_file(dir.file("body.ply"), dir.file("body"));
  expect_rejected(dir, dir.file("body.off"), "unsupported file extension");
  expect_rejected(dir, dir.file("body"), "unsupported file extension");
}

TEST(InfoRejects, EmptyFileOfEachFormat) {
  TempDir dir;
  for (const auto& ext : kExtensions) {
    test::write_bytes(dir.file("empty." + ext), "");
    expect_rejected(dir, dir.file("empty." + ext), "empty");
  }
}

TEST(InfoRejects, BinaryJunkOfEachFormat) {
  TempDir dir;
  unsigned seed = 1;
  for (const auto& ext : kExtensions) {
    for (const std::size_t size : {1u, 83u, 84u, 4096u, 100000u}) {
      const std::string name = "junk" + std::to_string(size) + "." + ext;
      test::write_bytes(dir.file(name), random_bytes(size, seed++));
      expect_rejected(dir, dir.file(name), "");
    }
  }
}

TEST(InfoRejects, TextThatIsNotAMesh) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 300; ++i) text += "Lorem ipsum dolor sit amet, line " + std::to_string(i) + "\n";
  for (const auto& ext : kExtensions) {
    test::write_bytes(dir.file("text." + ext), text);
    expect_rejected(dir, dir.file("text." + ext), "");
  }
}

// ----------------------------------------------------------------------------------------
// Truncated files and headers without data. What "truncated" means depends on the format:
// PLY, binary STL and VTK declare their counts, so any cut is detected; an ascii STL must end
// with endsolid; OBJ declares nothing, so a cut can only be caught by what is left (a broken
// record, vertices without faces, or a partial body that is not a body).

TEST(InfoRejects, TruncatedPlyBinaryAndAscii) {
  TempDir dir;
  const Mesh body = test::make_body_mesh();
  for (const bool binary : {true, false}) {
    const std::string full = dir.file(std::string("full_") + (binary ? "bin" : "ascii") + ".ply");
    write_mesh_file(full, body, binary);
    const std::string bytes = test::read_bytes(full);
    std::filesystem::remove(full);
    for (const double keep : {0.3, 0.9, 0.999}) {
      const std::string name = dir.file(std::string("cut_") + (binary ? "bin_" : "ascii_") + std::to_string(keep) + ".ply");
      test::write_bytes(name, bytes.substr(0, static_cast<std::size_t>(keep * static_cast<double>(bytes.size()))));
      expect_rejected(dir, name, "truncated");
    }
  }
}

TEST(InfoRejects, TruncatedStlBinaryAndAscii) {
  TempDir dir;
  const Mesh body = test::make_body_mesh();
  write_mesh_file(dir.file("full.stl"), body, true);
  std::string bytes = test::read_bytes(dir.file("full.stl"));
  test::write_bytes(dir.file("cut_bin.stl"), bytes.substr(0, bytes.size() / 2 + 7));
  test::write_bytes(dir.file("cut_bin_record.stl"), bytes.substr(0, bytes.size() - 50));
  write_mesh_file(dir.file("full_ascii.stl"), body, false);
  bytes = test::read_bytes(dir.file("full_ascii.stl"));
  test::write_bytes(dir.file("cut_ascii.stl"), bytes.substr(0, bytes.size() / 2));
  test::write_bytes(dir.file("cut_ascii_end.stl"), bytes.substr(0, bytes.rfind("endsolid")));
  std::filesystem::remove(dir.file("full.stl"));
  std::filesystem::remove(dir.file("full_ascii.stl"));
  expect_rejected(dir, dir.file("cut_bin.stl"), "triangle count does not match");
  expect_rejected(dir, dir.file("cut_bin_record.stl"), "triangle count does not match");
  expect_rejected(dir, dir.file("cut_ascii.stl"), "truncated");
  expect_rejected(dir, dir.file("cut_ascii_end.stl"), "truncated");
}

TEST(InfoRejects, TruncatedObj) {
  TempDir dir;
  write_mesh_file(dir.file("full.obj"), test::make_body_mesh());
  const std::string bytes = test::read_bytes(dir.file("full.obj"));
  std::filesystem::remove(dir.file("full.obj"));
  // Cut inside a vertex record: "v 12.5" with its other coordinates missing.
  const std::size_t v_line = bytes.find("\nv ", bytes.size() / 10);
  test::write_bytes(dir.file("cut_in_vertex.obj"), bytes.substr(0, bytes.find(' ', v_line + 3)));
  // Cut after the vertices: a point cloud.
  test::write_bytes(dir.file("cut_before_faces.obj"), bytes.substr(0, bytes.find("\nf ") + 1));
  // Cut half way through the faces: what is left is not a whole body.
  const std::size_t first_f = bytes.find("\nf ");
  test::write_bytes(dir.file("cut_in_faces.obj"), bytes.substr(0, first_f + (bytes.size() - first_f) / 3));
  expect_rejected(dir, dir.file("cut_in_vertex.obj"), "line");
  expect_rejected(dir, dir.file("cut_before_faces.obj"), "no faces");
  expect_rejected(dir, dir.file("cut_in_faces.obj"), "");
}

TEST(InfoRejects, TruncatedVtkAndVtp) {
  TempDir dir;
  const Mesh body = test::make_body_mesh();
  for (const char* name : {"full_bin.vtk", "full_ascii.vtk", "full_bin.vtp", "full_ascii.vtp"}) {
    write_mesh_file(dir.file(name), body, std::strstr(name, "bin") != nullptr);
    const std::string bytes = test::read_bytes(dir.file(name));
    std::filesystem::remove(dir.file(name));
    const std::string cut = dir.file(std::string("cut_") + name);
    test::write_bytes(cut, bytes.substr(0, bytes.size() / 2));
    expect_rejected(dir, cut, "");
  }
}

TEST(InfoRejects, HeaderWithoutData) {
  TempDir dir;
  const std::string ply_header = "element vertex 5000\nproperty float x\nproperty float y\nproperty float z\n"
                                 "element face 9000\nproperty list uchar int vertex_indices\nend_header\n";
  test::write_bytes(dir.file("header_bin.ply"), "ply\nformat binary_little_endian 1.0\n" + ply_header);
  test::write_bytes(dir.file("header_ascii.ply"), "ply\nformat ascii 1.0\n" + ply_header);
  test::write_bytes(dir.file("header_no_end.ply"), "ply\nformat ascii 1.0\nelement vertex 5000\n");
  std::string stl(80, ' ');
  const std::uint32_t n = 9000;
  stl.append(reinterpret_cast<const char*>(&n), 4);
  test::write_bytes(dir.file("header.stl"), stl);
  test::write_bytes(dir.file("header.vtk"), "# vtk DataFile Version 3.0\nscan\nASCII\nDATASET POLYDATA\nPOINTS 5000 float\n");
  test::write_bytes(dir.file("header_only.vtk"), "# vtk DataFile Version 3.0\nscan\nBINARY\nDATASET POLYDATA\n");
  test::write_bytes(dir.file("header.vtp"),
                    "<?xml version=\"1.0\"?>\n<VTKFile type=\"PolyData\" version=\"0.1\" byte_order=\"LittleEndian\">\n"
                    "<PolyData>\n<Piece NumberOfPoints=\"5000\" NumberOfPolys=\"9000\">\n");
  expect_rejected(dir, dir.file("header_bin.ply"), "ends after the header");
  expect_rejected(dir, dir.file("header_ascii.ply"), "ends after the header");
  expect_rejected(dir, dir.file("header_no_end.ply"), "end_header");
  expect_rejected(dir, dir.file("header.stl"), "triangle count does not match");
  expect_rejected(dir, dir.file("header.vtk"), "truncated");
  expect_rejected(dir, dir.file("header_only.vtk"), "no POINTS");
  expect_rejected(dir, dir.file("header.vtp"), "");
}

TEST(InfoRejects, GiganticCountsInTinyFiles) {
  // Tiny files whose headers declare billions of elements: rejected quickly, without trying to
  // allocate what the header promises.
  TempDir dir;
  test::write_bytes(dir.file("huge.ply"), "ply\nformat binary_little_endian 1.0\nelement vertex 4000000000\n"
                                          "property float x\nproperty float y\nproperty float z\nelement face 1\n"
                                          "property list uchar int vertex_indices\nend_header\n" + std::string(64, '\0'));
  test::write_bytes(dir.file("huge_cells.vtk"), "# vtk DataFile Version 3.0\nx\nASCII\nDATASET POLYDATA\nPOINTS 3 float\n"
                                                "0 0 0 1 0 0 0 1 0\nPOLYGONS 1 2000000000\n3 0 1 2\n");
  test::write_bytes(dir.file("huge_cell.vtk"), "# vtk DataFile Version 3.0\nx\nASCII\nDATASET POLYDATA\nPOINTS 3 float\n"
                                               "0 0 0 1 0 0 0 1 0\nPOLYGONS 1 4\n1000000000 0 1 2\n");
  test::write_bytes(dir.file("huge_points.vtk"), "# vtk DataFile Version 3.0\nx\nBINARY\nDATASET POLYDATA\n"
                                                 "POINTS 400000000000 float\n" + std::string(12, '\0'));
  test::write_bytes(dir.file("huge.vtp"),
                    "<?xml version=\"1.0\"?>\n<VTKFile type=\"PolyData\" version=\"0.1\" byte_order=\"LittleEndian\">\n"
                    "<PolyData><Piece NumberOfPoints=\"4000000000\" NumberOfPolys=\"1\"><Points>\n"
                    "<DataArray type=\"Float32\" NumberOfComponents=\"3\" format=\"ascii\">0 0 0 1 0 0 0 1 0</DataArray>\n"
                    "</Points><Polys><DataArray type=\"Int64\" Name=\"connectivity\" format=\"ascii\">0 1 2</DataArray>\n"
                    "<DataArray type=\"Int64\" Name=\"offsets\" format=\"ascii\">3</DataArray></Polys></Piece></PolyData>\n"
                    "</VTKFile>\n");
  // Raw appended VTP whose points block claims 2 GB (VTK's reader would allocate that).
  std::string raw = "<?xml version=\"1.0\"?>\n<VTKFile type=\"PolyData\" version=\"0.1\" byte_order=\"LittleEndian\" "
                    "header_type=\"UInt32\">\n<PolyData><Piece NumberOfPoints=\"3\" NumberOfPolys=\"1\"><Points>"
                    "<DataArray type=\"Float32\" NumberOfComponents=\"3\" format=\"appended\" offset=\"0\"/></Points>"
                    "<Polys><DataArray type=\"Int32\" Name=\"connectivity\" format=\"appended\" offset=\"40\"/>"
                    "<DataArray type=\"Int32\" Name=\"offsets\" format=\"appended\" offset=\"56\"/></Polys></Piece>"
                    "</PolyData>\n<AppendedData encoding=\"raw\">_";
  const std::uint32_t block_bytes[3] = {0x7fffffffu, 12u, 4u};
  raw.append(reinterpret_cast<const char*>(&block_bytes[0]), 4);
  raw.append(36, '\0');
  raw.append(reinterpret_cast<const char*>(&block_bytes[1]), 4);
  raw.append(12, '\0');
  raw.append(reinterpret_cast<const char*>(&block_bytes[2]), 4);
  raw.append(4, '\0');
  raw += "\n</AppendedData>\n</VTKFile>\n";
  test::write_bytes(dir.file("huge_block.vtp"), raw);
  std::string stl(80, ' ');
  const std::uint32_t n = 0xffffffffu;
  stl.append(reinterpret_cast<const char*>(&n), 4);
  stl.append(100, '\0');
  test::write_bytes(dir.file("huge.stl"), stl);
  for (const char* name : {"huge.ply", "huge_cells.vtk", "huge_cell.vtk", "huge_points.vtk", "huge.vtp", "huge_block.vtp",
                           "huge.stl"}) {
    const auto t0 = std::chrono::steady_clock::now();
    expect_rejected(dir, dir.file(name), "");
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 30.0) << name;
  }
}

// ----------------------------------------------------------------------------------------
// Contents that no reader can accept

TEST(InfoRejects, NanAndInfCoordinates) {
  TempDir dir;
  Mesh body = test::make_body_mesh();
  Mesh with_nan = body;
  with_nan.V(17, 1) = std::numeric_limits<double>::quiet_NaN();
  Mesh with_inf = body;
  with_inf.V(3, 2) = -std::numeric_limits<double>::infinity();
  write_mesh_file(dir.file("nan_bin.ply"), with_nan, true);
  write_mesh_file(dir.file("inf_ascii.ply"), with_inf, false);
  write_mesh_file(dir.file("nan.obj"), with_nan);
  write_mesh_file(dir.file("inf.stl"), with_inf, true);
  write_mesh_file(dir.file("nan_ascii.stl"), with_nan, false);
  write_mesh_file(dir.file("nan.vtk"), with_nan, false);
  write_mesh_file(dir.file("inf_bin.vtk"), with_inf, true);
  write_mesh_file(dir.file("nan.vtp"), with_nan, true);
  for (const char* name : {"nan_bin.ply", "inf_ascii.ply", "nan.obj", "inf.stl", "nan_ascii.stl", "nan.vtk", "inf_bin.vtk",
                           "nan.vtp"})
    expect_rejected(dir, dir.file(name), "non-finite");
}

TEST(InfoRejects, FaceIndicesOutOfRange) {
  TempDir dir;
  Mesh bad = test::make_body_mesh();
  bad.F(100, 2) = static_cast<int>(bad.num_vertices());  // one past the end
  write_mesh_file(dir.file("range_bin.ply"), bad, true);
  write_mesh_file(dir.file("range_ascii.ply"), bad, false);
  write_mesh_file(dir.file("range.obj"), bad);
  write_mesh_file(dir.file("range.vtk"), bad, false);
  write_mesh_file(dir.file("range_bin.vtk"), bad, true);
  write_mesh_file(dir.file("range.vtp"), bad, false);
  test::write_bytes(dir.file("negative.obj"), "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 -4\n");
  test::write_bytes(dir.file("negative.ply"), "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
                                              "property float z\nelement face 1\nproperty list uchar int vertex_indices\n"
                                              "end_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 -1\n");
  for (const char* name : {"range_bin.ply", "range_ascii.ply", "range.obj", "range.vtk", "range_bin.vtk", "range.vtp"})
    expect_rejected(dir, dir.file(name), std::to_string(bad.num_vertices()));
  expect_rejected(dir, dir.file("negative.obj"), "line 4");
  expect_rejected(dir, dir.file("negative.ply"), "out of range");
}

TEST(InfoRejects, PointCloudWithoutFaces) {
  TempDir dir;
  const Mesh body = test::make_body_mesh();
  std::string obj, ply = "ply\nformat ascii 1.0\nelement vertex " + std::to_string(body.num_vertices()) +
                         "\nproperty double x\nproperty double y\nproperty double z\nend_header\n";
  std::string vtk = "# vtk DataFile Version 3.0\ncloud\nASCII\nDATASET POLYDATA\nPOINTS " +
                    std::to_string(body.num_vertices()) + " double\n";
  for (Eigen::Index i = 0; i < body.num_vertices(); ++i) {
    const std::string xyz = std::to_string(body.V(i, 0)) + " " + std::to_string(body.V(i, 1)) + " " +
                            std::to_string(body.V(i, 2)) + "\n";
    obj += "v " + xyz;
    ply += xyz;
    vtk += xyz;
  }
  test::write_bytes(dir.file("cloud.obj"), obj);
  test::write_bytes(dir.file("cloud.ply"), ply);
  test::write_bytes(dir.file("cloud.vtk"), vtk);
  test::write_bytes(dir.file("cloud_face0.ply"),
                    "ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\n"
                    "element face 0\nproperty list uchar int vertex_indices\nend_header\n1 2 3\n");
  for (const char* name : {"cloud.obj", "cloud.ply", "cloud.vtk", "cloud_face0.ply"})
    expect_rejected(dir, dir.file(name), "no faces");
}

TEST(InfoRejects, TooFewTriangles) {
  TempDir dir;
  Mesh tetra;
  tetra.V.resize(4, 3);
  tetra.V << 0, 0, 0, 1000, 0, 0, 0, 1000, 0, 0, 0, 1700;
  tetra.F.resize(4, 3);
  tetra.F << 0, 2, 1, 0, 1, 3, 1, 2, 3, 0, 3, 2;
  write_mesh_file(dir.file("tetra.ply"), tetra);
  write_mesh_file(dir.file("small_sphere.stl"), test::make_sphere(800, Eigen::Vector3d::Zero(), 8, 16));
  expect_rejected(dir, dir.file("tetra.ply"), "only 4 valid triangles");
  expect_rejected(dir, dir.file("small_sphere.stl"), "valid triangles");
}

TEST(InfoRejects, StlWhoseTriangleCountLies) {
  TempDir dir;
  write_mesh_file(dir.file("body.stl"), test::make_body_mesh());
  const std::string bytes = test::read_bytes(dir.file("body.stl"));
  std::filesystem::remove(dir.file("body.stl"));
  std::uint32_t n;
  std::memcpy(&n, bytes.data() + 80, 4);
  for (const std::uint32_t lie : {n + 1, n - 1, 2 * n, 1u}) {
    std::string b = bytes;
    std::memcpy(b.data() + 80, &lie, 4);
    const std::string name = dir.file("lie" + std::to_string(lie) + ".stl");
    test::write_bytes(name, b);
    expect_rejected(dir, name, "triangle count does not match");
  }
}

TEST(InfoRejects, AllFacesDegenerate) {
  TempDir dir;
  Mesh flat = test::make_body_mesh();
  // Every vertex on one line: every triangle has zero area.
  for (Eigen::Index i = 0; i < flat.num_vertices(); ++i) flat.V.row(i) = Eigen::RowVector3d(0, 0, 1.0 * static_cast<double>(i));
  write_mesh_file(dir.file("collinear.ply"), flat);
  Mesh repeated = test::make_body_mesh();
  repeated.F.col(1) = repeated.F.col(0);  // every triangle repeats a vertex
  write_mesh_file(dir.file("repeated.obj"), repeated);
  Mesh point = test::make_body_mesh();
  point.V.setConstant(5.0);  // every vertex in the same place
  write_mesh_file(dir.file("point.stl"), point);
  expect_rejected(dir, dir.file("collinear.ply"), "degenerate");
  expect_rejected(dir, dir.file("repeated.obj"), "degenerate");
  expect_rejected(dir, dir.file("point.stl"), "degenerate");
}

// ----------------------------------------------------------------------------------------
// Surfaces that are not a standing human body covering the waist to the thighs

TEST(InfoRejects, ATriangleSoup) {
  // Loose triangles scattered over a body-sized box: many triangles, but no surface.
  TempDir dir;
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(-1, 1);
  Mesh soup;
  soup.V.resize(3 * 2000, 3);
  soup.F.resize(2000, 3);
  for (int t = 0; t < 2000; ++t) {
    const Eigen::RowVector3d c(200 * u(rng), 150 * u(rng), 850 + 850 * u(rng));
    for (int k = 0; k < 3; ++k) {
      soup.V.row(3 * t + k) = c + Eigen::RowVector3d(30 * u(rng), 30 * u(rng), 30 * u(rng));
      soup.F(t, k) = 3 * t + k;
    }
  }
  write_mesh_file(dir.file("soup.stl"), soup);
  expect_rejected(dir, dir.file("soup.stl"), "not a body surface");
}

TEST(InfoRejects, ASphere) {
  TempDir dir;
  write_mesh_file(dir.file("sphere.ply"), test::make_sphere(800));
  write_mesh_file(dir.file("sphere_m.obj"), test::make_sphere(0.8));
  expect_rejected(dir, dir.file("sphere.ply"), "not a standing human body");
  expect_rejected(dir, dir.file("sphere_m.obj"), "not a standing human body");
}

TEST(InfoRejects, ABox) {
  TempDir dir;
  write_mesh_file(dir.file("box.ply"), test::make_box({200, 150, 800}));
  write_mesh_file(dir.file("cube.stl"), test::make_box({500, 500, 500}));
  expect_rejected(dir, dir.file("box.ply"), "not a standing human body");
  expect_rejected(dir, dir.file("cube.stl"), "not a standing human body");
}

TEST(InfoRejects, SyntheticBodyCutAboveTheCrotchOrBelowIt) {
  TempDir dir;
  const test::BodyShape shape;
  const Mesh body = test::make_body_mesh(shape);
  const double zc = shape.crotch_height_mm;
  write_mesh_file(dir.file("torso_only.ply"), test::crop(body, 2, zc + 30, 1e9));
  write_mesh_file(dir.file("legs_only.ply"), test::crop(body, 2, -1, zc - 30));
  write_mesh_file(dir.file("hips_only.ply"), test::crop(body, 2, zc - 50, zc + 400));  // 5 cm of thigh
  write_mesh_file(dir.file("legs_and_pelvis.ply"), test::crop(body, 2, -1, zc + 100));  // 10 cm above the crotch
  // Without legs, the hips and chest seen from the side can pass for two short legs along the
  // lateral axis; either way the scan is rejected for lacking thighs.
  expect_rejected_for(dir, dir.file("torso_only.ply"), {"not a standing human body", "does not cover the thighs"});
  expect_rejected(dir, dir.file("legs_only.ply"), "does not cover the hips and waist");
  expect_rejected(dir, dir.file("hips_only.ply"), "does not cover the thighs");
  expect_rejected(dir, dir.file("legs_and_pelvis.ply"), "does not cover the hips and waist");
}

TEST(InfoRejects, MakeHumanCutAboveTheCrotchOrBelowIt) {
  // MakeHuman: decimetres, +y up; crotch about 7.4 dm above the soles.
  TempDir dir;
  const Mesh mh = read_mesh(std::string(CONTOUR_TEST_DATA_DIR) + "/makehuman/mh_female_young_avg.obj").mesh;
  const double floor_y = mh.V.col(1).minCoeff(), crotch_y = floor_y + 7.36;
  write_mesh_file(dir.file("mh_torso.obj"), test::crop(mh, 1, crotch_y + 0.4, 1e9));
  write_mesh_file(dir.file("mh_legs.obj"), test::crop(mh, 1, -1e9, crotch_y - 0.4));
  expect_rejected_for(dir, dir.file("mh_torso.obj"), {"not a standing human body", "does not cover the thighs"});
  expect_rejected(dir, dir.file("mh_legs.obj"), "does not cover the hips and waist");
}

// ----------------------------------------------------------------------------------------
// The same scans are accepted when whole (so the rejections above are about the defects).

TEST(InfoAccepts, TheWholeSyntheticBodyInEveryFormat) {
  TempDir dir;
  const Mesh body = test::make_body_mesh();
  for (const char* name : {"b.ply", "b.obj", "b.stl", "b.vtp", "b.vtk"}) {
    write_mesh_file(dir.file(name), body);
    const test::CliRun run = test::run_cli({"info", dir.file(name)});
    EXPECT_EQ(run.exit_code, 0) << name << ": " << run.err;
    EXPECT_TRUE(run.err.empty()) << run.err;
    EXPECT_NE(run.out.find("height        1430.0 mm"), std::string::npos) << run.out;
  }
}

// ----------------------------------------------------------------------------------------
// Usage errors: exit code 2

TEST(InfoUsage, BadArgumentsExitWithCode2) {
  TempDir dir;
  write_mesh_file(dir.file("body.ply"), test::make_body_mesh());
  const std::string scan = dir.file("body.ply");
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {},
           {"info"},
           {"no-such-command", scan},
           {"info", scan, "--bogus"},
           {"info", scan, "--units", "furlong"},
           {"info", scan, "--units"},
           {"info", scan, "--up", "w"},
           {"info", scan, "--front", "+q"},
           {"info", scan, "--up", "+y", "--front", "-y"},  // front along up
           {"info", scan, "--front", "z", "--up", "+z"},
           {"plan", scan, "--up", "-x", "--front", "x"},
           {"info", scan, scan}}) {
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    SCOPED_TRACE(joined);
    const test::CliRun run = test::run_cli(args);
    EXPECT_EQ(run.signal, 0);
    EXPECT_EQ(run.exit_code, 2) << run.err;
    EXPECT_EQ(test::count_lines(run.err), 1) << run.err;
    EXPECT_EQ(run.err.rfind("error: ", 0), 0u) << run.err;
  }
}

TEST(InfoUsage, HelpAndVersionExitWithCode0) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{{"--help"}, {"info", "--help"}, {"--version"}}) {
    const test::CliRun run = test::run_cli(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_FALSE(run.out.empty());
  }
}

}  // namespace
}  // namespace contour
