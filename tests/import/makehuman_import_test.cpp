// Import of the bundled MakeHuman meshes (CC0; decimetres, +y up, +z front): the importer must
// find the units and axes on its own and keep the skin without the helper geometry.
#include "contour/import/import_scan.hpp"
#include "contour/io/read_mesh.hpp"

#include <gtest/gtest.h>

#include <string>

namespace contour {
namespace {

std::string mh(const std::string& name) { return std::string(CONTOUR_TEST_DATA_DIR) + "/makehuman/" + name; }

constexpr long long kBodyTriangles = 26756;  // the body group of the hm08 base mesh, triangulated

class MakeHumanImport : public ::testing::TestWithParam<const char*> {};

TEST_P(MakeHumanImport, FindsDecimetresYUpZFrontAndAPlausibleHeight) {
  const ImportedScan scan = import_scan(mh(GetParam()));
  const ScanInfo& i = scan.info;
  EXPECT_EQ(i.format, "obj");
  EXPECT_EQ(i.units, LengthUnit::Decimetre);
  EXPECT_TRUE(i.units_detected);
  EXPECT_EQ(i.up.name(), "+y");
  EXPECT_EQ(i.front.name(), "+z");
  EXPECT_NEAR(i.yaw_deg, 0.0, 5.0);
  EXPECT_GE(i.height_mm, 1500.0);
  EXPECT_LE(i.height_mm, 1900.0);
  EXPECT_EQ(i.faces, kBodyTriangles);
  EXPECT_EQ(i.boundary_loops, 0);  // the skin is watertight
  // Canonical frame: mm, z = 0 at the lowest point, the crotch a little below mid-height.
  const BoundingBox box = bounding_box(scan.mesh.V);
  EXPECT_NEAR(box.min.z(), 0.0, 1e-9);
  EXPECT_NEAR(box.max.z(), i.height_mm, 1e-9);
  EXPECT_GT(i.crotch_z_mm, 0.40 * i.height_mm);
  EXPECT_LT(i.crotch_z_mm, 0.52 * i.height_mm);
  // The rotation is proper (no mirror) and the scale is dm -> mm.
  EXPECT_NEAR(scan.transform.rotation.determinant(), 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(scan.transform.scale, 100.0);
  // Anatomy confirms the front: the toes point anterior (+y) of the heels' pelvis centre, and
  // the x/y origin is the pelvis centre, within a few cm of the body's left-right midline.
  double toes_y = -1e300, heels_y = 1e300;
  for (Eigen::Index v = 0; v < scan.mesh.num_vertices(); ++v) {
    if (scan.mesh.V(v, 2) > 40.0) continue;
    toes_y = std::max(toes_y, scan.mesh.V(v, 1));
    heels_y = std::min(heels_y, scan.mesh.V(v, 1));
  }
  EXPECT_GT(toes_y, 100.0);
  EXPECT_GT(toes_y, -heels_y + 50.0);
  EXPECT_NEAR(0.5 * (box.min.x() + box.max.x()), 0.0, 30.0);
}

INSTANTIATE_TEST_SUITE_P(Meshes, MakeHumanImport,
                         ::testing::Values("base.obj", "mh_female_young_avg.obj", "mh_female_young_minweight.obj",
                                           "mh_female_young_maxweight.obj"),
                         [](const auto& info) {
                           std::string n = info.param;
                           return n.substr(0, n.find('.'));
                         });

TEST(MakeHumanImport, BaseMeshKeepsTheBodyGroupAndDropsEveryHelperPiece) {
  const ReadMeshResult raw = read_mesh(mh("base.obj"));
  ASSERT_FALSE(raw.mesh.group_names.empty());
  const ImportedScan scan = import_scan(mh("base.obj"));
  const ScanInfo& i = scan.info;
  EXPECT_GT(i.file_faces, kBodyTriangles);  // helpers present in the file
  EXPECT_EQ(i.faces, kBodyTriangles);       // and gone from the kept mesh
  // Every kept face is from the skin group; the body piece is named "body".
  ASSERT_EQ(scan.mesh.face_group.size(), static_cast<std::size_t>(scan.mesh.num_faces()));
  for (int g : scan.mesh.face_group) ASSERT_EQ(scan.mesh.group_names.at(static_cast<std::size_t>(g)), "body");
  ASSERT_FALSE(i.pieces.empty());
  EXPECT_EQ(i.pieces.front().role, "body");
  EXPECT_EQ(i.pieces.front().group, "body");
  long long body_pieces = 0, helper_pieces = 0, stray_pieces = 0;
  for (const PieceSummary& p : i.pieces) {
    body_pieces += p.role == "body";
    helper_pieces += p.role == "helper";
    stray_pieces += p.role == "stray";
    if (p.role != "body") {
      EXPECT_NE(p.role, "limb") << p.group;  // nothing in this file is a separate arm
      EXPECT_NE(p.group, "body");
    }
  }
  EXPECT_EQ(body_pieces, 1);
  EXPECT_EQ(body_pieces + helper_pieces + stray_pieces, static_cast<long long>(i.pieces.size()));
  // Same skin as the body-only derivative (identical topology, morphed shape).
  const ImportedScan avg = import_scan(mh("mh_female_young_avg.obj"));
  EXPECT_EQ(scan.mesh.num_vertices(), avg.mesh.num_vertices());
  EXPECT_EQ(scan.mesh.F, avg.mesh.F);
}

}  // namespace
}  // namespace contour
