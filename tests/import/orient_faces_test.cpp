// Face orientation at import: inward-faced and partly reversed copies of a body come back with
// the winding of the original (outward), and soups that cannot be oriented do not fail.
#include "contour/import/import_scan.hpp"
#include "contour/import/orient_faces.hpp"
#include "contour/io/read_mesh.hpp"
#include "test_meshes.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace contour {
namespace {

const std::string kPhantom = std::string(CONTOUR_TEST_DATA_DIR) + "/samples/phantom_asymmetric.ply";
const std::string kMakeHuman = std::string(CONTOUR_TEST_DATA_DIR) + "/makehuman/mh_female_young_avg.obj";

double signed_volume(const Mesh& m) {
  double v = 0;
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
    const Eigen::Vector3d a = m.V.row(m.F(f, 0)), b = m.V.row(m.F(f, 1)), c = m.V.row(m.F(f, 2));
    v += a.dot(b.cross(c)) / 6.0;
  }
  return v;
}

Mesh reversed(Mesh m, double fraction, unsigned seed) {
  std::mt19937 rng(seed);
  std::bernoulli_distribution pick(fraction);
  for (Eigen::Index f = 0; f < m.num_faces(); ++f)
    if (fraction >= 1.0 || pick(rng)) std::swap(m.F(f, 1), m.F(f, 2));
  return m;
}

TEST(OrientFaces, ClosedInwardSphereBecomesOutward) {
  Mesh m = test::make_sphere(50.0, Eigen::Vector3d(300, -20, 7));
  const double v0 = signed_volume(m);
  ASSERT_GT(v0, 0);
  Mesh inward = reversed(m, 1.0, 1);
  const OrientReport r = orient_faces(inward, connected_pieces(inward));
  EXPECT_EQ(r.faces_flipped, m.num_faces());
  EXPECT_EQ(r.patches_flipped, 1);
  EXPECT_EQ(r.pieces_reoriented, 1);
  EXPECT_TRUE(inward.F == m.F);
  EXPECT_NEAR(signed_volume(inward), v0, 1e-9 * v0);
}

TEST(OrientFaces, OpenCroppedBodyPartlyReversedBecomesOutward) {
  // A cropped body: open at both cut ends, so it encloses no volume of its own.
  const Mesh body = test::crop(test::make_body_mesh(), 2, 200.0, 1100.0);
  for (double fraction : {0.5, 0.1, 0.9, 1.0}) {
    Mesh m = reversed(body, fraction, 7);
    const OrientReport r = orient_faces(m, connected_pieces(m));
    SCOPED_TRACE(fraction);
    EXPECT_GT(r.faces_flipped, 0);
    EXPECT_TRUE(m.F == body.F);
  }
  Mesh untouched = body;
  EXPECT_EQ(orient_faces(untouched, connected_pieces(untouched)).faces_flipped, 0);
}

TEST(OrientFaces, NonManifoldSoupDoesNotFail) {
  // Three triangles on one edge, a lone triangle and a Moebius-like strip of two triangles
  // sharing an edge both ways round.
  Mesh m;
  m.V.resize(7, 3);
  m.V << 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 5, 5, 5, 6, 5, 5;
  m.F.resize(5, 3);
  m.F << 0, 1, 2, 1, 0, 3, 0, 1, 4, 5, 6, 0, 6, 5, 1;
  const OrientReport r = orient_faces(m, connected_pieces(m));
  EXPECT_EQ(r.nonmanifold_edges, 1);
  EXPECT_GE(r.patches, 3);
}

TEST(OrientFaces, ReversedScansImportToTheSameCanonicalMesh) {
  for (const std::string& path : {kPhantom, kMakeHuman}) {
    SCOPED_TRACE(path);
    const Mesh file = read_mesh(path).mesh;
    const ImportedScan ref = import_mesh(file, "reference");
    EXPECT_EQ(ref.info.orientation.faces_flipped, 0) << "a kind scan needs no reorientation";
    for (double fraction : {1.0, 0.5}) {
      SCOPED_TRACE(fraction);
      const ImportedScan got = import_mesh(reversed(file, fraction, 11), "reversed");
      EXPECT_GT(got.info.orientation.faces_flipped, 0);
      EXPECT_GE(got.info.orientation.pieces_reoriented, 1);
      ASSERT_EQ(got.mesh.num_faces(), ref.mesh.num_faces());
      EXPECT_TRUE(got.mesh.F == ref.mesh.F);
      ASSERT_EQ(got.mesh.num_vertices(), ref.mesh.num_vertices());
      EXPECT_LT((got.mesh.V - ref.mesh.V).cwiseAbs().maxCoeff(), 1e-9);
      EXPECT_EQ(got.info.front.name(), ref.info.front.name());
    }
  }
}

}  // namespace
}  // namespace contour
