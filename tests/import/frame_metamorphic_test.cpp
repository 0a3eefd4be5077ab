// Metamorphic tests of the canonical frame: rotating a scan to another up axis, turning it
// about the vertical, moving it, changing its units or mirroring it must give the same
// canonical mesh, vertex by vertex (the topology is unchanged, so vertex i stays vertex i).
#include "contour/import/import_scan.hpp"
#include "contour/io/read_mesh.hpp"
#include "test_meshes.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace contour {
namespace {

// A canonical vertex may move by at most this much between equivalent inputs. The frame is
// fixed by slices of the body (crotch height, pelvis centre), so it is exact up to rounding.
constexpr double kSameMeshMm = 0.5;

struct Case {
  std::string name;
  Eigen::Matrix3d A;                         ///< file' = A * file + t (A includes the unit change)
  Eigen::Vector3d t = Eigen::Vector3d::Zero();
};

/// Largest distance between vertex i of `a` and vertex i of `b` (same faces required).
double max_vertex_distance(const Mesh& a, const Mesh& b) {
  EXPECT_EQ(a.num_vertices(), b.num_vertices());
  EXPECT_EQ(a.num_faces(), b.num_faces());
  if (a.num_vertices() != b.num_vertices() || a.num_faces() != b.num_faces()) return 1e300;
  EXPECT_TRUE(a.F == b.F || a.F == [&] { Faces f = b.F; f.col(1).swap(f.col(2)); return f; }());
  return (a.V - b.V).rowwise().norm().maxCoeff();
}

Eigen::Matrix3d diag(double x, double y, double z) { return Eigen::Vector3d(x, y, z).asDiagonal(); }

/// Rigid, unit and axis changes of a scan whose up axis is `up`; `unit_factors` rescale the
/// file into each of the other plausible units (e.g. dm -> mm, cm, m: 100, 10, 0.1).
std::vector<Case> proper_cases(const Eigen::Vector3d& up, const std::vector<double>& unit_factors) {
  const Eigen::Vector3d X = Eigen::Vector3d::UnitX(), Y = Eigen::Vector3d::UnitY(), Z = Eigen::Vector3d::UnitZ();
  // Rotations taking the scan's up axis to each other signed axis.
  auto to_axis = [&](const Eigen::Vector3d& target) -> Eigen::Matrix3d {
    return Eigen::Quaterniond::FromTwoVectors(up, target).toRotationMatrix();
  };
  std::vector<Case> cases;
  for (double deg : {17.0, 90.0, 180.0, -63.0}) cases.push_back({"yaw " + std::to_string(deg), test::rotation_deg(deg, up)});
  cases.push_back({"up to +z", to_axis(Z)});
  cases.push_back({"up to +x", to_axis(X)});
  cases.push_back({"up to -y", to_axis(-Y)});
  cases.push_back({"up to -z, yaw 33", to_axis(-Z) * test::rotation_deg(33, up)});
  cases.push_back({"translated", Eigen::Matrix3d::Identity(), Eigen::Vector3d(1234.5, -50.25, 7.0)});
  for (double k : unit_factors) cases.push_back({"units x" + std::to_string(k), k * Eigen::Matrix3d::Identity()});
  cases.push_back({"up to +z, yaw 17, rescaled, moved", unit_factors.front() * to_axis(Z) * test::rotation_deg(17, up),
                   Eigen::Vector3d(-300, 42, 5000)});
  return cases;
}

void expect_same_canonical_mesh(const Mesh& file_mesh, const std::vector<Case>& cases) {
  const ImportedScan ref = import_mesh(file_mesh, "reference");
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Mesh moved = test::transformed(file_mesh, c.A, c.t);
    ImportedScan scan;
    ASSERT_NO_THROW(scan = import_mesh(moved, c.name));
    EXPECT_LE(max_vertex_distance(scan.mesh, ref.mesh), kSameMeshMm);
    EXPECT_NEAR(scan.info.height_mm, ref.info.height_mm, kSameMeshMm);
    // The transform maps every file point (kept or not) where the reference's maps the same
    // point, and back to the file frame reproduces the file's own coordinates.
    const Vertices canonical = scan.transform.to_canonical(moved.V);
    EXPECT_LE((canonical - ref.transform.to_canonical(file_mesh.V)).cwiseAbs().maxCoeff(), kSameMeshMm);
    const double file_scale = moved.V.cwiseAbs().maxCoeff();
    EXPECT_LE((scan.transform.to_file(canonical) - moved.V).cwiseAbs().maxCoeff(), 1e-9 * file_scale);
  }
}

void expect_mirror_negates_x(const Mesh& file_mesh, int lateral_axis) {
  const ImportedScan ref = import_mesh(file_mesh, "reference");
  for (bool keep_orientation : {true, false}) {
    SCOPED_TRACE(keep_orientation ? "mirrored, faces flipped" : "mirrored, faces as they were");
    Eigen::Matrix3d A = Eigen::Matrix3d::Identity();
    A(lateral_axis, lateral_axis) = -1;
    const Mesh mirrored = test::transformed(file_mesh, A, Eigen::Vector3d::Zero(), keep_orientation);
    ImportedScan scan;
    ASSERT_NO_THROW(scan = import_mesh(mirrored, "mirrored"));
    Mesh expected = ref.mesh;
    expected.V.col(0) *= -1;
    EXPECT_LE(max_vertex_distance(scan.mesh, expected), kSameMeshMm);
    EXPECT_EQ(scan.info.up.name(), ref.info.up.name());
    EXPECT_EQ(scan.info.front.name(), ref.info.front.name());
  }
}

Mesh makehuman(const std::string& name) {
  return read_mesh(std::string(CONTOUR_TEST_DATA_DIR) + "/makehuman/" + name).mesh;
}

TEST(FrameMetamorphic, MakeHumanCanonicalMeshIsInvariantToAxesYawTranslationAndUnits) {
  expect_same_canonical_mesh(makehuman("mh_female_young_avg.obj"), proper_cases(Eigen::Vector3d::UnitY(), {100, 10, 0.1}));
}

TEST(FrameMetamorphic, MakeHumanMaxWeightCanonicalMeshIsInvariantToAxesYawTranslationAndUnits) {
  expect_same_canonical_mesh(makehuman("mh_female_young_maxweight.obj"), proper_cases(Eigen::Vector3d::UnitY(), {100, 10, 0.1}));
}

TEST(FrameMetamorphic, MakeHumanMirroredLeftRightGivesCanonicalMeshWithXNegated) {
  expect_mirror_negates_x(makehuman("mh_female_young_avg.obj"), 0);
}

TEST(FrameMetamorphic, SyntheticBodyCanonicalMeshIsInvariantToAxesYawTranslationAndUnits) {
  test::BodyShape shape;
  shape.right_hip_extra = 0.12;  // asymmetric, so that a mirror is not the identity
  expect_same_canonical_mesh(test::make_body_mesh(shape), proper_cases(Eigen::Vector3d::UnitZ(), {0.1, 0.01, 0.001}));
}

TEST(FrameMetamorphic, SyntheticBodyMirroredLeftRightGivesCanonicalMeshWithXNegated) {
  test::BodyShape shape;
  shape.right_hip_extra = 0.12;
  expect_mirror_negates_x(test::make_body_mesh(shape), 0);
}

TEST(FrameMetamorphic, PhantomSampleCanonicalMeshIsInvariantAndMirrorNegatesX) {
  // The shipped waist-to-knee phantom (mm, z-up): a partial body, as most scans are.
  const Mesh phantom = read_mesh(std::string(CONTOUR_TEST_DATA_DIR) + "/samples/phantom_asymmetric.ply").mesh;
  expect_same_canonical_mesh(phantom, proper_cases(Eigen::Vector3d::UnitZ(), {0.1, 0.01, 0.001}));
  expect_mirror_negates_x(phantom, 0);
}

TEST(FrameMetamorphic, ToFileInvertsToCanonical) {
  const Mesh file_mesh = test::transformed(makehuman("mh_female_young_avg.obj"), 10 * test::rotation_deg(17, Eigen::Vector3d::UnitY()),
                                           Eigen::Vector3d(5, 6, 7));
  const ImportedScan scan = import_mesh(file_mesh, "scan");
  const FrameTransform& T = scan.transform;
  EXPECT_NEAR(T.rotation.determinant(), 1.0, 1e-12);
  EXPECT_LE((T.rotation * T.rotation.transpose() - Eigen::Matrix3d::Identity()).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_DOUBLE_EQ(T.scale, 10.0);  // cm -> mm
  EXPECT_LE((T.to_file(T.to_canonical(file_mesh.V)) - file_mesh.V).cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_LE((T.to_canonical(file_mesh.V) - scan.mesh.V).cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_NEAR(scan.info.yaw_deg, 17.0, 2.0);
}

}  // namespace
}  // namespace contour
