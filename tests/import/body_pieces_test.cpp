// Which pieces of a scan are kept: the body, and arms that a scanner captured as separate
// pieces; not small debris, and not shells wrapped around the body (clothing, helpers).
#include "contour/import/import_scan.hpp"
#include "test_meshes.hpp"

#include <gtest/gtest.h>

namespace contour {
namespace {

long long count_role(const ScanInfo& i, const std::string& role) {
  long long n = 0;
  for (const auto& p : i.pieces) n += p.role == role;
  return n;
}

TEST(BodyPieces, SeparateArmsAreKeptAsLimbs) {
  test::BodyShape shape;
  shape.separate_arms = true;
  const Mesh m = test::make_body_mesh(shape);
  const ImportedScan scan = import_mesh(m, "arms");
  EXPECT_EQ(scan.info.pieces.size(), 3u);
  EXPECT_EQ(count_role(scan.info, "body"), 1);
  EXPECT_EQ(count_role(scan.info, "limb"), 2);
  EXPECT_EQ(scan.mesh.num_faces(), m.num_faces());
  // The arms do not change the frame: same canonical body as without them, to rounding.
  const ImportedScan bare = import_mesh(test::make_body_mesh(), "bare");
  EXPECT_NEAR(scan.info.crotch_z_mm, bare.info.crotch_z_mm, 1e-6);
  EXPECT_LE((scan.mesh.V.topRows(bare.mesh.num_vertices()) - bare.mesh.V).cwiseAbs().maxCoeff(), 1.0);
}

TEST(BodyPieces, SmallDebrisIsDroppedAsStray) {
  Mesh m = test::make_body_mesh();
  const long long body_faces = m.num_faces();
  // Three small closed blobs floating near the body (1 % of its area or less).
  for (int k = 0; k < 3; ++k)
    m = test::concatenate(m, test::make_sphere(20.0 + 5 * k, Eigen::Vector3d(400 + 60 * k, 0, 900), 6, 12));
  const ImportedScan scan = import_mesh(m, "debris");
  EXPECT_EQ(count_role(scan.info, "stray"), 3);
  EXPECT_EQ(scan.mesh.num_faces(), body_faces);
}

TEST(BodyPieces, AShellAroundTheHipsIsDroppedAsHelper) {
  Mesh m = test::make_body_mesh();
  const long long body_faces = m.num_faces();
  // A loose box enclosing the hips, like a skirt or tights exported with the skin.
  m = test::concatenate(m, test::transformed(test::make_box({230, 160, 200}, 12, 24), Eigen::Matrix3d::Identity(),
                                             {0, -10, 900}));
  const ImportedScan scan = import_mesh(m, "shell");
  EXPECT_EQ(count_role(scan.info, "helper"), 1);
  EXPECT_EQ(scan.mesh.num_faces(), body_faces);
}

TEST(BodyPieces, CleaningIsReportedForAnStlLikeSoup) {
  // Every triangle with its own three corners, plus a duplicate and a degenerate face.
  const Mesh body = test::make_body_mesh();
  Mesh soup;
  soup.V.resize(3 * body.num_faces() + 3, 3);
  soup.F.resize(body.num_faces() + 2, 3);
  for (Eigen::Index f = 0; f < body.num_faces(); ++f)
    for (int k = 0; k < 3; ++k) {
      soup.V.row(3 * f + k) = body.V.row(body.F(f, k));
      soup.F(f, k) = static_cast<int>(3 * f + k);
    }
  soup.F.row(body.num_faces()) = soup.F.row(0);                    // duplicate
  soup.V.bottomRows(3) << 0, 0, 0, 1, 1, 1, 2, 2, 2;               // a collinear triangle
  soup.F.row(body.num_faces() + 1) << static_cast<int>(3 * body.num_faces()), static_cast<int>(3 * body.num_faces() + 1),
      static_cast<int>(3 * body.num_faces() + 2);
  const ImportedScan scan = import_mesh(soup, "soup");
  EXPECT_EQ(scan.info.clean.merged_vertices, 3 * body.num_faces() - body.num_vertices());
  EXPECT_EQ(scan.info.clean.duplicate_faces, 1);
  EXPECT_EQ(scan.info.clean.degenerate_faces, 1);
  EXPECT_EQ(scan.info.clean.unreferenced_vertices, 3);
  EXPECT_EQ(scan.info.faces, body.num_faces());
  EXPECT_EQ(scan.info.vertices, body.num_vertices());
  EXPECT_EQ(scan.info.boundary_loops, 0);
}

TEST(BodyPieces, OpenEndsOfACroppedScanAreCountedAsBoundaryLoops) {
  // Cut through both legs and through the chest: three open ends.
  const Mesh cropped = test::crop(test::make_body_mesh(), 2, 300, 1300);
  const ImportedScan scan = import_mesh(cropped, "cropped");
  EXPECT_EQ(scan.info.boundary_loops, 3);
}

}  // namespace
}  // namespace contour
