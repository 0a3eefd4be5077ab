// --units, --up and --front (ImportOptions) win over detection, and are reported as given.
#include "contour/core/errors.hpp"
#include "contour/import/import_scan.hpp"
#include "contour/io/read_mesh.hpp"
#include "test_meshes.hpp"

#include <gtest/gtest.h>

namespace contour {
namespace {

Mesh makehuman_avg() {
  return read_mesh(std::string(CONTOUR_TEST_DATA_DIR) + "/makehuman/mh_female_young_avg.obj").mesh;
}

TEST(ImportOverrides, UnitsOverrideSetsTheScale) {
  const Mesh m = makehuman_avg();
  const ImportedScan detected = import_mesh(m, "mh");
  ImportOptions o;
  o.units = LengthUnit::Metre;  // wrong on purpose: the file is in dm
  const ImportedScan given = import_mesh(m, "mh", o);
  EXPECT_EQ(given.info.units, LengthUnit::Metre);
  EXPECT_FALSE(given.info.units_detected);
  EXPECT_TRUE(detected.info.units_detected);
  EXPECT_DOUBLE_EQ(given.transform.scale, 1000.0);
  EXPECT_NEAR(given.info.height_mm, 10.0 * detected.info.height_mm, 1e-6);
  // The same canonical shape, ten times larger, up to where the x/y origin falls (the pelvis
  // is sliced at a fixed height in mm above the crotch, a different place on a body 10x larger).
  const Vertices diff = given.mesh.V - 10.0 * detected.mesh.V;
  EXPECT_LE((diff.rowwise() - diff.row(0)).cwiseAbs().maxCoeff(), 1e-6);
  EXPECT_NEAR(diff(0, 2), 0.0, 1e-6);
}

TEST(ImportOverrides, UnitsOverrideThatMakesTheBodyTooSmallIsRejected) {
  ImportOptions o;
  o.units = LengthUnit::Millimetre;  // a 1.6 mm "body": no thigh of 80 mm
  EXPECT_THROW((void)import_mesh(makehuman_avg(), "mh", o), InvalidInput);
}

TEST(ImportOverrides, FrontOverrideTurnsTheCanonicalMeshHalfAround) {
  const Mesh m = makehuman_avg();
  const ImportedScan detected = import_mesh(m, "mh");
  ImportOptions o;
  o.front = parse_axis("-z");  // claim the back is the front
  const ImportedScan given = import_mesh(m, "mh", o);
  EXPECT_EQ(given.info.front.name(), "-z");
  EXPECT_FALSE(given.info.front_detected);
  EXPECT_TRUE(given.info.up_detected);
  // Anterior and right both flip: a half turn about the vertical axis (still a proper rotation).
  Vertices expected = detected.mesh.V;
  expected.col(0) *= -1;
  expected.col(1) *= -1;
  EXPECT_LE((given.mesh.V - expected).cwiseAbs().maxCoeff(), 0.5);
  EXPECT_NEAR(given.transform.rotation.determinant(), 1.0, 1e-12);
}

TEST(ImportOverrides, UpAndFrontOverridesOnARotatedScanGiveTheDetectedResult) {
  // MakeHuman turned to z-up with its front along -y; the overrides say so explicitly.
  const Mesh m = makehuman_avg();
  const Eigen::Matrix3d to_z_up = test::rotation_deg(90, Eigen::Vector3d::UnitX());  // +y -> +z, +z -> -y
  const Mesh rotated = test::transformed(m, to_z_up);
  const ImportedScan reference = import_mesh(m, "mh");
  ImportOptions o;
  o.up = parse_axis("+z");
  o.front = parse_axis("-y");
  const ImportedScan given = import_mesh(rotated, "rotated", o);
  EXPECT_EQ(given.info.up.name(), "+z");
  EXPECT_EQ(given.info.front.name(), "-y");
  EXPECT_FALSE(given.info.up_detected);
  EXPECT_FALSE(given.info.front_detected);
  EXPECT_LE((given.mesh.V - reference.mesh.V).cwiseAbs().maxCoeff(), 0.5);
  // Detection alone agrees with the overrides.
  const ImportedScan detected = import_mesh(rotated, "rotated");
  EXPECT_EQ(detected.info.up.name(), "+z");
  EXPECT_EQ(detected.info.front.name(), "-y");
}

TEST(ImportOverrides, UpOverrideIsHonouredEvenWhenWrong) {
  // Up given as the body's front-back axis: no standing body along it, so a clear rejection.
  ImportOptions o;
  o.up = parse_axis("+z");
  try {
    (void)import_mesh(makehuman_avg(), "mh", o);
    FAIL() << "accepted a body lying on its back";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(std::string(e.what()).rfind("mh: ", 0), 0u) << e.what();
  }
}

TEST(ImportOverrides, FrontParallelToUpIsRejected) {
  ImportOptions o;
  o.up = parse_axis("+y");
  o.front = parse_axis("-y");
  EXPECT_THROW((void)import_mesh(makehuman_avg(), "mh", o), InvalidInput);
}

TEST(ImportOverrides, ParsersAcceptTheDocumentedSpellingsOnly) {
  EXPECT_EQ(parse_unit("mm"), LengthUnit::Millimetre);
  EXPECT_EQ(parse_unit("cm"), LengthUnit::Centimetre);
  EXPECT_EQ(parse_unit("dm"), LengthUnit::Decimetre);
  EXPECT_EQ(parse_unit("m"), LengthUnit::Metre);
  for (const char* bad : {"", "M", "km", "inch", "mm "}) EXPECT_THROW((void)parse_unit(bad), InvalidInput) << bad;
  EXPECT_EQ(parse_axis("x").name(), "+x");
  EXPECT_EQ(parse_axis("-Y").name(), "-y");
  EXPECT_EQ(parse_axis("+z").vector(), Eigen::Vector3d(0, 0, 1));
  for (const char* bad : {"", "+", "w", "+xy", "--x"}) EXPECT_THROW((void)parse_axis(bad), InvalidInput) << bad;
}

}  // namespace
}  // namespace contour
