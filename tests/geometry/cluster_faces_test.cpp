// The coarse display copy of a triangle list (vertex clustering) on shapes with known area.
#include "contour/core/cluster_faces.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <set>

namespace contour {
namespace {

/// A sphere of radius r as a latitude-longitude grid: n x 2n quads, split in two.
struct Soup {
  std::vector<float> xyz;
  std::vector<int> faces;
};
Soup sphere(double r, int n) {
  Soup s;
  const double pi = std::acos(-1.0);
  for (int i = 0; i <= n; ++i)
    for (int j = 0; j < 2 * n; ++j) {
      const double th = pi * i / n, ph = pi * j / n;
      s.xyz.push_back(static_cast<float>(r * std::sin(th) * std::cos(ph)));
      s.xyz.push_back(static_cast<float>(r * std::sin(th) * std::sin(ph)));
      s.xyz.push_back(static_cast<float>(r * std::cos(th)));
    }
  auto id = [&](int i, int j) { return i * 2 * n + (j % (2 * n)); };
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < 2 * n; ++j) {
      if (i > 0) s.faces.insert(s.faces.end(), {id(i, j), id(i + 1, j), id(i, j + 1)});
      if (i + 1 < n) s.faces.insert(s.faces.end(), {id(i, j + 1), id(i + 1, j), id(i + 1, j + 1)});
    }
  return s;
}

double area(const std::vector<float>& xyz, const std::vector<int>& faces) {
  double a = 0;
  for (std::size_t f = 0; f + 2 < faces.size(); f += 3) {
    const float* p = &xyz[3 * static_cast<std::size_t>(faces[f])];
    const float* q = &xyz[3 * static_cast<std::size_t>(faces[f + 1])];
    const float* w = &xyz[3 * static_cast<std::size_t>(faces[f + 2])];
    const double u[3] = {q[0] - p[0], q[1] - p[1], q[2] - p[2]}, v[3] = {w[0] - p[0], w[1] - p[1], w[2] - p[2]};
    const double c[3] = {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
    a += 0.5 * std::sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
  }
  return a;
}

TEST(ClusterFaces, ASphereKeepsItsAreaWithAboutTheAskedTriangleCount) {
  const double r = 100;  // mm
  const Soup s = sphere(r, 300);  // ~360 000 triangles
  const std::size_t n_full = s.faces.size() / 3;
  const double truth = 4 * std::acos(-1.0) * r * r;
  ASSERT_NEAR(area(s.xyz, s.faces), truth, 0.001 * truth);
  for (std::size_t target : {5000u, 20000u, 60000u}) {
    const double cell = cluster_cell_for(truth, target);
    const std::vector<int> coarse = cluster_faces(s.xyz.data(), s.xyz.size() / 3, s.faces, cell);
    const std::size_t n = coarse.size() / 3;
    EXPECT_LT(n, n_full / 4) << target;
    EXPECT_GT(n, target / 3) << "about the asked count";
    EXPECT_LT(n, target * 3) << "about the asked count";
    // The coarse surface is the same sphere (its vertices are sphere vertices): area within 5 %.
    EXPECT_NEAR(area(s.xyz, coarse), truth, 0.05 * truth) << target;
    std::set<std::array<int, 3>> seen;
    for (std::size_t f = 0; f < n; ++f) {
      std::array<int, 3> t = {coarse[3 * f], coarse[3 * f + 1], coarse[3 * f + 2]};
      EXPECT_TRUE(t[0] != t[1] && t[1] != t[2] && t[0] != t[2]) << "collapsed triangle kept";
      std::sort(t.begin(), t.end());
      EXPECT_TRUE(seen.insert(t).second) << "repeated triangle";
    }
  }
}

TEST(ClusterFaces, IndicesStillReferToTheSamePointsAndTheyAreTheSurfacesOwn) {
  const Soup s = sphere(50, 60);
  std::set<int> used(s.faces.begin(), s.faces.end());
  const std::vector<int> coarse = cluster_faces(s.xyz.data(), s.xyz.size() / 3, s.faces, 8.0);
  ASSERT_FALSE(coarse.empty());
  for (int v : coarse) EXPECT_TRUE(used.count(v)) << v;
  // Without a usable cell size nothing changes.
  EXPECT_EQ(cluster_faces(s.xyz.data(), s.xyz.size() / 3, s.faces, 0.0), s.faces);
  EXPECT_EQ(cluster_faces(s.xyz.data(), s.xyz.size() / 3, s.faces, std::nan("")), s.faces);
  // A cell far smaller than the triangles keeps every triangle.
  EXPECT_EQ(cluster_faces(s.xyz.data(), s.xyz.size() / 3, s.faces, 1e-4).size(), s.faces.size());
  // Metamorphic: moving the surface does not change how many triangles remain beyond a few %.
  Soup moved = s;
  for (std::size_t i = 0; i < moved.xyz.size(); i += 3) moved.xyz[i] += 1234.5f;
  const double n0 = static_cast<double>(coarse.size()), n1 = static_cast<double>(cluster_faces(moved.xyz.data(), moved.xyz.size() / 3, moved.faces, 8.0).size());
  EXPECT_NEAR(n1 / n0, 1.0, 0.1);
  EXPECT_DOUBLE_EQ(cluster_cell_for(0.0, 100), 0.0);
  EXPECT_NEAR(cluster_cell_for(200.0, 100), 2.0, 1e-12);
}

}  // namespace
}  // namespace contour
