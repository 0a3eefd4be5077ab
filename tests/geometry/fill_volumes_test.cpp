// Both fill-volume methods on an analytic case: a flat lateral patch of skin whose inner nodes
// are pushed outwards by a known thickness. The volume between the two piecewise-linear
// surfaces is the integral of the linearly interpolated thickness, which on a regular grid of
// spacing h is exactly  thickness * h^2 * (number of displaced nodes)  (each node's hat
// function integrates to h^2).
#include "contour/volume/fill_volumes.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace contour {
namespace {

constexpr double kGridMm = 5.0;
constexpr double kRightThicknessMm = 8.0, kLeftThicknessMm = 5.0;
constexpr double kDipZ = 950.0;

struct Patch {
  TargetSurface surface;
  int displaced_nodes[2] = {0, 0};  // [left, right]
};

/// Two vertical grids on the planes x = -200 (left hip, normal -x) and x = +200 (right hip,
/// normal +x), y in [-60, 60], z in [900, 1000]. Nodes with |y| <= 30 and |z - 950| <= 25 are
/// displaced outwards; the rest (including every boundary node) stay put.
Patch two_flat_hips() {
  Patch p;
  std::vector<Eigen::Vector3d> v;
  std::vector<Eigen::Vector3i> f;
  std::vector<Eigen::Vector3d> d;
  std::vector<char> side;
  const int ny = 24, nz = 20;  // cells
  for (int s = 0; s < 2; ++s) {
    const double sign = s == 1 ? 1.0 : -1.0;
    const double thickness = s == 1 ? kRightThicknessMm : kLeftThicknessMm;
    const int base = static_cast<int>(v.size());
    for (int k = 0; k <= nz; ++k)
      for (int j = 0; j <= ny; ++j) {
        const double y = -60 + j * kGridMm, z = 900 + k * kGridMm;
        v.emplace_back(sign * 200, y, z);
        const bool moved = std::abs(y) <= 30 + 1e-9 && std::abs(z - kDipZ) <= 25 + 1e-9;
        d.emplace_back(moved ? sign * thickness : 0.0, 0, 0);
        side.push_back(moved ? static_cast<char>(s + 1) : 0);
        p.displaced_nodes[s] += moved ? 1 : 0;
      }
    auto id = [&](int j, int k) { return base + k * (ny + 1) + j; };
    for (int k = 0; k < nz; ++k)
      for (int j = 0; j < ny; ++j) {
        const int a = id(j, k), b = id(j + 1, k), c = id(j + 1, k + 1), e = id(j, k + 1);
        // Counter-clockwise seen from outside (+x on the right, -x on the left).
        if (s == 1) f.emplace_back(a, b, c), f.emplace_back(a, c, e);
        else f.emplace_back(a, c, b), f.emplace_back(a, e, c);
      }
  }
  TargetSurface& t = p.surface;
  t.before.V.resize(static_cast<Eigen::Index>(v.size()), 3);
  t.displacement.resize(static_cast<Eigen::Index>(v.size()), 3);
  for (std::size_t i = 0; i < v.size(); ++i) {
    t.before.V.row(static_cast<Eigen::Index>(i)) = v[i];
    t.displacement.row(static_cast<Eigen::Index>(i)) = d[i];
    t.fill_mm.push_back(std::abs(d[i].x()));
  }
  t.before.F.resize(static_cast<Eigen::Index>(f.size()), 3);
  for (std::size_t i = 0; i < f.size(); ++i) t.before.F.row(static_cast<Eigen::Index>(i)) = f[i];
  t.side_of_vertex = side;
  return p;
}

std::vector<RegionSpec> regions() {
  return {{"left_upper", Side::Left, kDipZ, 1010}, {"left_lower", Side::Left, 890, kDipZ},
          {"right_upper", Side::Right, kDipZ, 1010}, {"right_lower", Side::Right, 890, kDipZ}};
}

TEST(FillVolumes, FlatPatchPushedOutGivesThicknessTimesAreaByBothMethods) {
  const Patch p = two_flat_hips();
  ASSERT_EQ(p.displaced_nodes[0], 13 * 11);
  const double h2 = kGridMm * kGridMm;
  const double expected_ml[2] = {kLeftThicknessMm * h2 * p.displaced_nodes[0] / 1000.0,
                                 kRightThicknessMm * h2 * p.displaced_nodes[1] / 1000.0};  // 17.875, 28.6 mL
  const auto vols = fill_volumes(p.surface, regions(), 1.0);
  ASSERT_EQ(vols.size(), 4u);
  for (int s = 0; s < 2; ++s) {
    SCOPED_TRACE(s == 0 ? "left" : "right");
    const RegionVolume& upper = vols[2 * s];
    const RegionVolume& lower = vols[2 * s + 1];
    // Method A is exact for piecewise-linear surfaces: only rounding.
    EXPECT_NEAR(upper.prism_ml + lower.prism_ml, expected_ml[s], 1e-9 * expected_ml[s]);
    // The grid is symmetric about z = 950, a row of mesh edges: each half holds half.
    EXPECT_NEAR(upper.prism_ml, 0.5 * expected_ml[s], 1e-9 * expected_ml[s]);
    EXPECT_NEAR(lower.prism_ml, 0.5 * expected_ml[s], 1e-9 * expected_ml[s]);
    // Method B integrates sections 0.5 mm apart by the midpoint rule: within 0.1 %.
    EXPECT_NEAR(upper.section_ml + lower.section_ml, expected_ml[s], 1e-3 * expected_ml[s]);
    EXPECT_NEAR(upper.section_ml, 0.5 * expected_ml[s], 1e-3 * expected_ml[s]);
    EXPECT_LT(upper.disagreement(), 1e-3);
    EXPECT_LT(lower.disagreement(), 1e-3);
  }
}

TEST(FillVolumes, FlatPatchVolumeIsLinearInTheCorrectionFraction) {
  const Patch p = two_flat_hips();
  const auto full = fill_volumes(p.surface, regions(), 1.0);
  for (double f : {0.0, 0.3, 0.5}) {
    SCOPED_TRACE(f);
    const auto part = fill_volumes(p.surface, regions(), f);
    for (std::size_t r = 0; r < full.size(); ++r) {
      EXPECT_NEAR(part[r].prism_ml, f * full[r].prism_ml, 1e-9 * std::abs(full[r].prism_ml));
      EXPECT_NEAR(part[r].section_ml, f * full[r].section_ml, 1e-3 * std::abs(full[r].section_ml));
      // Displacement along the normal of a flat patch: no quadratic or cubic term.
      EXPECT_NEAR(part[r].prism_coefficients[1], 0.0, 1e-9);
      EXPECT_NEAR(part[r].prism_coefficients[2], 0.0, 1e-9);
      EXPECT_NEAR(part[r].prism_coefficients[0], full[r].prism_ml, 1e-9);
    }
  }
}

TEST(FillVolumes, VolumeDoesNotDependOnWhereTheBodyIs) {
  // Moving both surfaces together changes neither method (translation invariance).
  Patch p = two_flat_hips();
  const auto ref = fill_volumes(p.surface, regions(), 1.0);
  p.surface.before.V.rowwise() += Eigen::RowVector3d(30, -1200, 0);
  const auto moved = fill_volumes(p.surface, regions(), 1.0);
  for (std::size_t r = 0; r < ref.size(); ++r) {
    EXPECT_NEAR(moved[r].prism_ml, ref[r].prism_ml, 1e-9 * std::abs(ref[r].prism_ml));
    EXPECT_NEAR(moved[r].section_ml, ref[r].section_ml, 1e-6 * std::abs(ref[r].section_ml));
  }
}

TEST(FillVolumes, InwardDisplacementIsNegative) {
  // A target inside the skin (not produced by the default fill mode) is a removal: negative.
  Patch p = two_flat_hips();
  p.surface.displacement = -p.surface.displacement;
  const auto vols = fill_volumes(p.surface, regions(), 1.0);
  for (const auto& v : vols) {
    EXPECT_LT(v.prism_ml, 0.0) << v.region.name;
    EXPECT_LT(v.section_ml, 0.0) << v.region.name;
  }
}

}  // namespace
}  // namespace contour
