// A leaning scan is levelled at import, so the plan's fills do not depend on the lean: the
// MakeHuman body and the asymmetric phantom leaning 5-20 deg forward and sideways give fills
// within 3 % of the upright scan's, with no warning.
#include "test_scale.hpp"
#include "contour/io/read_mesh.hpp"
#include "contour/plan/plan_geometry.hpp"

#include <Eigen/Geometry>
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

namespace contour {
namespace {

struct Case {
  std::string file;
  Eigen::Vector3d up, front;
};

TEST(TiltedScan, FillsWithinThreePercentOfTheUprightScan) {
  const Eigen::Vector3d Y = Eigen::Vector3d::UnitY(), Z = Eigen::Vector3d::UnitZ();
  for (const Case& c : {Case{"makehuman/mh_female_young_avg.obj", Y, Z}, Case{"samples/phantom_asymmetric.ply", Z, Y}}) {
    const std::string path = std::string(CONTOUR_TEST_DATA_DIR) + "/" + c.file;
    const Mesh file = read_mesh(path).mesh;
    const GeometryResult ref = plan_geometry(import_mesh(file, path));
    const Eigen::Vector3d lateral = c.up.cross(c.front);
    // Reduced run (sanitizer build): 10 and 20 degrees only.
    const std::vector<double> tilts = test::reduced_run() ? std::vector<double>{10.0, 20.0} : std::vector<double>{5.0, 10.0, 15.0, 20.0};
    for (double deg : tilts)
      for (bool forward : {true, false}) {
        const Eigen::Matrix3d A = Eigen::AngleAxisd(deg * M_PI / 180, forward ? lateral : c.front).toRotationMatrix();
        Mesh m = file;
        m.V = file.V * A.transpose();
        const ImportedScan scan = import_mesh(std::move(m), path);
        const GeometryResult g = plan_geometry(scan);
        SCOPED_TRACE(c.file + " " + std::to_string(deg) + (forward ? " forward" : " sideways"));
        for (int s = 0; s < 2; ++s) {
          std::printf("[ tilt %4.0f %-8s ] %s side %d fill %7.2f mL (upright %7.2f mL, %+5.2f %%)\n", deg,
                      forward ? "forward" : "sideways", c.file.c_str(), s, g.sides[s].fill_ml, ref.sides[s].fill_ml,
                      100 * (g.sides[s].fill_ml / ref.sides[s].fill_ml - 1));
          EXPECT_NEAR(g.sides[s].fill_ml, ref.sides[s].fill_ml, 0.03 * ref.sides[s].fill_ml);
        }
        EXPECT_EQ(g.warnings.size(), ref.warnings.size());
      }
  }
}

TEST(TiltedScan, ImportNotesBecomePlanWarnings) {
  // A lean the import will not level (limit lowered to 8 deg for a scan leaning 12 deg) must
  // reach the plan's warnings, so that it is never planned silently.
  const std::string path = std::string(CONTOUR_TEST_DATA_DIR) + "/makehuman/mh_female_young_avg.obj";
  Mesh m = read_mesh(path).mesh;
  m.V = m.V * Eigen::AngleAxisd(12 * M_PI / 180, Eigen::Vector3d::UnitX()).toRotationMatrix().transpose();
  ImportOptions o;
  o.level_max_deg = 8.0;
  const GeometryResult g = plan_geometry(import_mesh(std::move(m), path, o));
  bool found = false;
  for (const auto& w : g.warnings) found = found || w.rfind("scan leans", 0) == 0;
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace contour
