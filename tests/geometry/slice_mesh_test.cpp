// slice_mesh against shapes whose sections are known exactly: cylinders (regular polygons),
// a sphere (circles of radius sqrt(r^2 - z^2)), a tube (an outer and an inner loop), and the
// same shapes with open boundaries and holes.
#include "contour/section/slice_mesh.hpp"
#include "test_meshes.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace contour {
namespace {

constexpr double kRadius = 40.0;
constexpr int kSegments = 64;

/// A closed capped cylinder of radius kRadius about the z axis, z in [0, 100], rings every 10.
Mesh cylinder(double radius = kRadius, bool outward = true) {
  test::detail::MeshAccumulator acc;
  acc.cylinder({0, 0}, radius, 0, 100, kSegments, 10);
  Mesh m = acc.mesh();
  if (!outward) m.F.col(1).swap(m.F.col(2));
  return m;
}

/// Area of the regular n-gon inscribed in a circle of radius r: every cut of the cylinder's
/// side walls lies on the chords between ring vertices, so this is exact.
double inscribed_polygon_area(double r, int n) { return 0.5 * n * r * r * std::sin(2 * M_PI / n); }

/// The faces of `m` except those listed.
Mesh without_faces(const Mesh& m, const std::vector<Eigen::Index>& drop) {
  Mesh out = m;
  out.F.resize(m.num_faces() - static_cast<Eigen::Index>(drop.size()), 3);
  Eigen::Index k = 0;
  for (Eigen::Index f = 0; f < m.num_faces(); ++f)
    if (std::find(drop.begin(), drop.end(), f) == drop.end()) out.F.row(k++) = m.F.row(f);
  return out;
}

TEST(SliceMesh, CylinderSectionIsOneClosedCounterClockwiseLoopWithThePolygonArea) {
  const auto sections = slice_mesh(cylinder(), {15.0, 47.3, 88.0});
  ASSERT_EQ(sections.size(), 3u);
  for (const auto& s : sections) {
    SCOPED_TRACE(s.z);
    ASSERT_EQ(s.loops.size(), 1u);
    const SectionLoop& loop = s.loops[0];
    EXPECT_TRUE(loop.closed);
    // Exact up to rounding; and within 0.2 % of the circle (pi r^2) at 64 segments.
    EXPECT_NEAR(loop.signed_area, inscribed_polygon_area(kRadius, kSegments), 1e-9 * kRadius * kRadius);
    EXPECT_NEAR(loop.signed_area, M_PI * kRadius * kRadius, 0.002 * M_PI * kRadius * kRadius);
    EXPECT_NEAR(loop.min.x(), -kRadius, 1e-9);
    EXPECT_NEAR(loop.max.x(), kRadius, 1e-9);
    for (const auto& p : loop.points) {
      EXPECT_LE(p.norm(), kRadius + 1e-9);
      EXPECT_GE(p.norm(), kRadius * std::cos(M_PI / kSegments) - 1e-9);  // not inside the chords
    }
  }
}

TEST(SliceMesh, PlaneThroughARingOfVerticesIsWellDefined) {
  // z = 50 passes exactly through a ring of vertices (rings every 10 mm).
  const auto sections = slice_mesh(cylinder(), {50.0});
  ASSERT_EQ(sections[0].loops.size(), 1u);
  EXPECT_TRUE(sections[0].loops[0].closed);
  EXPECT_NEAR(sections[0].loops[0].signed_area, inscribed_polygon_area(kRadius, kSegments), 1e-9 * kRadius * kRadius);
}

TEST(SliceMesh, SphereSectionAreaMatchesTheCircleAtEachHeight) {
  const double r = 50;
  const Mesh sphere = test::make_sphere(r, Eigen::Vector3d(10, -20, 5), 96, 192);
  const std::vector<double> heights{5.0, 25.0, -30.0, 40.0};
  const auto sections = slice_mesh(sphere, heights);
  for (std::size_t i = 0; i < heights.size(); ++i) {
    SCOPED_TRACE(heights[i]);
    EXPECT_EQ(sections[i].z, heights[i]);  // results come back in the order asked
    ASSERT_EQ(sections[i].loops.size(), 1u);
    const double dz = heights[i] - 5;
    const double expected = M_PI * (r * r - dz * dz);
    // Chords of 192 segments and 96 rings, |z - centre| <= 35 (latitude <= 45 deg): the polygon
    // lies within 0.1 % of the circle's area.
    EXPECT_TRUE(sections[i].loops[0].closed);
    EXPECT_NEAR(sections[i].loops[0].signed_area, expected, 0.001 * expected);
  }
}

TEST(SliceMesh, PlanesMissingTheMeshGiveEmptySections) {
  const auto sections = slice_mesh(cylinder(), {-5.0, 100.5});
  EXPECT_TRUE(sections[0].loops.empty());
  EXPECT_TRUE(sections[1].loops.empty());
}

TEST(SliceMesh, InnerContourOfATubeHasNegativeArea) {
  const Mesh tube = test::concatenate(cylinder(kRadius), cylinder(0.5 * kRadius, /*outward=*/false));
  const auto sections = slice_mesh(tube, {33.0});
  ASSERT_EQ(sections[0].loops.size(), 2u);
  double outer = 0, inner = 0;
  for (const auto& l : sections[0].loops) {
    EXPECT_TRUE(l.closed);
    (l.signed_area > 0 ? outer : inner) = l.signed_area;
  }
  EXPECT_NEAR(outer, inscribed_polygon_area(kRadius, kSegments), 1e-6);
  EXPECT_NEAR(inner, -inscribed_polygon_area(0.5 * kRadius, kSegments), 1e-6);
}

TEST(SliceMesh, CropOpenBoundaryGivesOneOpenPolylineEndingAtTheCut) {
  // A sphere cropped at x <= 25: the section at the equator is an arc whose ends lie on the
  // crop, 86 mm apart, too far to be bridged.
  const double r = 50;
  const Mesh cropped = test::crop(test::make_sphere(r, Eigen::Vector3d::Zero(), 48, 96), 0, -1e9, 25.0);
  std::vector<CrossSection> sections;
  ASSERT_NO_THROW(sections = slice_mesh(cropped, {0.5}));
  ASSERT_EQ(sections[0].loops.size(), 1u);
  const SectionLoop& arc = sections[0].loops[0];
  EXPECT_FALSE(arc.closed);
  ASSERT_GE(arc.points.size(), 10u);
  const double edge = 2 * M_PI * r / 96;  // the crop keeps whole faces: ends within an edge of it
  EXPECT_LE(arc.points.front().x(), 25.0 + 1e-9);
  EXPECT_GE(arc.points.front().x(), 25.0 - 2 * edge);
  EXPECT_LE(arc.points.back().x(), 25.0 + 1e-9);
  EXPECT_GE(arc.points.back().x(), 25.0 - 2 * edge);
  EXPECT_NEAR(arc.min.x(), -r, 0.01 * r);
  // Every point is on the sphere's equator (within the chord sagitta).
  for (const auto& p : arc.points) EXPECT_NEAR(p.norm(), r, 0.01 * r);
}

TEST(SliceMesh, SmallHoleIsBridgedAndFarGapsAreNot) {
  const Mesh intact = cylinder();
  // Drop the two triangles of one wall quad at mid height: a hole one segment (~3.9 mm) wide.
  Eigen::Index quad = -1;
  for (Eigen::Index f = 0; f < intact.num_faces() && quad < 0; ++f) {
    const Eigen::Vector3d c = (intact.V.row(intact.F(f, 0)) + intact.V.row(intact.F(f, 1)) + intact.V.row(intact.F(f, 2))) / 3;
    if (c.z() > 40 && c.z() < 50 && c.x() > 0 && std::abs(c.y()) < 3) quad = f;
  }
  ASSERT_GE(quad, 0);
  const Mesh holed = without_faces(intact, {quad, quad + 1});
  ASSERT_EQ(holed.num_faces(), intact.num_faces() - 2);

  std::vector<CrossSection> bridged, raw;
  ASSERT_NO_THROW(bridged = slice_mesh(holed, {45.0}));
  ASSERT_EQ(bridged[0].loops.size(), 1u);
  EXPECT_TRUE(bridged[0].loops[0].closed);
  // Closing the gap by its chord loses at most the sliver between chord and arc: < 0.1 %.
  const double area = inscribed_polygon_area(kRadius, kSegments);
  EXPECT_NEAR(bridged[0].loops[0].signed_area, area, 0.001 * area);

  SliceOptions no_join;
  no_join.join_gap = 0;
  ASSERT_NO_THROW(raw = slice_mesh(holed, {45.0}, no_join));
  ASSERT_EQ(raw[0].loops.size(), 1u);
  EXPECT_FALSE(raw[0].loops[0].closed);
  // Away from the hole the section is unaffected.
  const auto below = slice_mesh(holed, {25.0});
  ASSERT_EQ(below[0].loops.size(), 1u);
  EXPECT_TRUE(below[0].loops[0].closed);
}

TEST(SliceMesh, ManyHolesAndLooseFacesDoNotThrow) {
  // Every third face removed: the sections are fragments; slicing must still return.
  Mesh m = test::make_sphere(50, Eigen::Vector3d::Zero(), 24, 48);
  std::vector<Eigen::Index> drop;
  for (Eigen::Index f = 0; f < m.num_faces(); f += 3) drop.push_back(f);
  const Mesh holed = without_faces(m, drop);
  std::vector<double> heights;
  for (double z = -49; z < 50; z += 7) heights.push_back(z);
  std::vector<CrossSection> sections;
  ASSERT_NO_THROW(sections = slice_mesh(holed, heights));
  ASSERT_EQ(sections.size(), heights.size());
  for (const auto& s : sections)
    for (const auto& l : s.loops) EXPECT_TRUE(std::isfinite(l.signed_area));
}

TEST(SliceMesh, PolygonAreaIsSignedByOrientation) {
  const std::vector<Eigen::Vector2d> square{{0, 0}, {2, 0}, {2, 3}, {0, 3}};
  EXPECT_DOUBLE_EQ(polygon_area(square), 6.0);
  const std::vector<Eigen::Vector2d> reversed(square.rbegin(), square.rend());
  EXPECT_DOUBLE_EQ(polygon_area(reversed), -6.0);
}

TEST(SliceMesh, ManyFacesAndManyPlanesMatchTheCirclesAndRepeatExactly) {
  // ~150 k faces: cut in several parallel chunks whose segments are joined in a fixed order.
  const double r = 60;
  const Mesh sphere = test::make_sphere(r, Eigen::Vector3d::Zero(), 250, 300);
  ASSERT_GT(sphere.num_faces(), 100000);
  std::vector<double> heights;
  for (double z = -40; z <= 40; z += 0.5) heights.push_back(z);
  const auto a = slice_mesh(sphere, heights);
  const auto b = slice_mesh(sphere, heights);
  for (std::size_t i = 0; i < heights.size(); ++i) {
    SCOPED_TRACE(heights[i]);
    ASSERT_EQ(a[i].loops.size(), 1u);
    EXPECT_NEAR(a[i].loops[0].signed_area, M_PI * (r * r - heights[i] * heights[i]), 0.002 * M_PI * r * r);
    ASSERT_EQ(b[i].loops.size(), 1u);
    EXPECT_EQ(a[i].loops[0].points, b[i].loops[0].points);  // deterministic, bit for bit
  }
}

TEST(SliceMesh, UnevenlySpacedPlanesInAnyOrderAreCutWhereAsked) {
  // Clustered and far-apart planes (the plane index of a vertex is first guessed from the mean
  // spacing, then corrected): each section is still the circle at its own height.
  const double r = 50;
  const Mesh sphere = test::make_sphere(r, Eigen::Vector3d::Zero(), 96, 192);
  const std::vector<double> heights{30.0, -35.0, 0.001, 0.002, 0.0, -0.001, 34.9, 35.0, 12.5};
  const auto sections = slice_mesh(sphere, heights);
  for (std::size_t i = 0; i < heights.size(); ++i) {
    SCOPED_TRACE(heights[i]);
    EXPECT_EQ(sections[i].z, heights[i]);
    ASSERT_EQ(sections[i].loops.size(), 1u);
    EXPECT_NEAR(sections[i].loops[0].signed_area, M_PI * (r * r - heights[i] * heights[i]), 0.002 * M_PI * r * r);
  }
}

TEST(SliceMesh, FacesUsingPartOfALargerVertexArrayGiveTheSameSections) {
  // A patch given as a few faces over a much larger vertex array (as the volume code cuts a
  // hip patch out of a whole scan) is cut exactly like the same patch packed on its own.
  const Mesh sphere = test::make_sphere(50.0, Eigen::Vector3d::Zero(), 96, 192);
  const Mesh packed = test::crop(sphere, 0, 35.0, 60.0);
  Faces patch_faces(0, 3);
  std::vector<Eigen::Index> keep;
  for (Eigen::Index f = 0; f < sphere.num_faces(); ++f) {
    bool in = true;
    for (int k = 0; k < 3; ++k) in = in && sphere.V(sphere.F(f, k), 0) >= 35.0;
    if (in) keep.push_back(f);
  }
  patch_faces.resize(static_cast<Eigen::Index>(keep.size()), 3);
  for (std::size_t i = 0; i < keep.size(); ++i) patch_faces.row(static_cast<Eigen::Index>(i)) = sphere.F.row(keep[i]);
  ASSERT_GT(sphere.num_vertices(), 2 * patch_faces.rows());  // only a few vertices are used
  const std::vector<double> heights{-20.0, 0.0, 15.0};
  const auto a = slice_mesh(sphere.V, patch_faces, heights);
  const auto b = slice_mesh(packed, heights);
  for (std::size_t i = 0; i < heights.size(); ++i) {
    SCOPED_TRACE(heights[i]);
    ASSERT_EQ(a[i].loops.size(), b[i].loops.size());
    ASSERT_FALSE(a[i].loops.empty());
    for (std::size_t l = 0; l < a[i].loops.size(); ++l) {
      EXPECT_FALSE(a[i].loops[l].closed);  // the crop leaves the cut open
      EXPECT_NEAR(a[i].loops[l].signed_area, b[i].loops[l].signed_area, 1e-9);
      EXPECT_EQ(a[i].loops[l].points.size(), b[i].loops[l].points.size());
    }
  }
}

}  // namespace
}  // namespace contour
