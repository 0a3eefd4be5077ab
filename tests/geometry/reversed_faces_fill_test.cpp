// Inward-faced scans plan like the original: a fully reversed and a randomly half-reversed copy
// of the asymmetric phantom give the same fills (0.1 %) through plan_geometry, never negative.
#include "contour/core/errors.hpp"
#include "contour/plan/plan_geometry.hpp"
#include "contour/io/read_mesh.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

namespace contour {
namespace {

TEST(ReversedFaces, FullyAndHalfReversedPhantomGiveTheSameFills) {
  const std::string path = std::string(CONTOUR_TEST_DATA_DIR) + "/samples/phantom_asymmetric.ply";
  const Mesh file = read_mesh(path).mesh;
  const GeometryResult ref = plan_geometry(import_mesh(file, path));
  for (double fraction : {1.0, 0.5}) {
    SCOPED_TRACE(fraction);
    Mesh m = file;
    std::mt19937 rng(3);
    std::bernoulli_distribution pick(fraction);
    for (Eigen::Index f = 0; f < m.num_faces(); ++f)
      if (fraction >= 1.0 || pick(rng)) std::swap(m.F(f, 1), m.F(f, 2));
    const GeometryResult got = plan_geometry(import_mesh(std::move(m), path));
    for (int s = 0; s < 2; ++s) {
      std::printf("[ reversed %.1f ] side %d fill %.3f mL (original %.3f mL)\n", fraction, s, got.sides[s].fill_ml,
                  ref.sides[s].fill_ml);
      EXPECT_GT(ref.sides[s].fill_ml, 1.0);
      EXPECT_NEAR(got.sides[s].fill_ml, ref.sides[s].fill_ml, 1e-3 * ref.sides[s].fill_ml);
      EXPECT_NEAR(got.sides[s].fill_section_ml, ref.sides[s].fill_section_ml, 1e-3 * ref.sides[s].fill_section_ml);
    }
  }
}

TEST(ReversedFaces, NegativeFillIsAnInternalErrorNotAResult) {
  // Reverse the faces after import (as a bug upstream would): the plan must refuse, not report.
  const std::string path = std::string(CONTOUR_TEST_DATA_DIR) + "/samples/phantom_asymmetric.ply";
  ImportedScan scan = import_scan(path);
  scan.mesh.F.col(1).swap(scan.mesh.F.col(2));
  EXPECT_THROW((void)plan_geometry(scan), InternalError);
}

}  // namespace
}  // namespace contour
