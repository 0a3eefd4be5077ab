#pragma once
// Closest-point and line queries on a triangle mesh (CGAL's AABB tree, confined to
// surface_queries.cpp so that CGAL's headers are compiled once).
#include "contour/core/mesh.hpp"

#include <memory>
#include <optional>

namespace contour::detail {

struct ClosestPoint {
  Eigen::Vector3d point;
  Eigen::Vector3d normal;  ///< unit normal of the face the point lies on (outward winding)
  double distance = 0;
};

class SurfaceQueries {
 public:
  /// Builds the tree over the mesh's faces (degenerate faces are skipped). The mesh is copied.
  explicit SurfaceQueries(const Mesh& mesh);
  ~SurfaceQueries();
  SurfaceQueries(const SurfaceQueries&) = delete;
  SurfaceQueries& operator=(const SurfaceQueries&) = delete;

  [[nodiscard]] bool empty() const;
  /// Nearest point of the surface to p. Thread-safe after construction.
  [[nodiscard]] ClosestPoint closest(const Eigen::Vector3d& p) const;
  /// Of the crossings of the segment p + t u, t in [-reach, reach] (u unit), through faces whose
  /// normal points along u, the one with the smallest |t|; nullopt when there is none. Thread-safe.
  [[nodiscard]] std::optional<double> nearest_crossing(const Eigen::Vector3d& p, const Eigen::Vector3d& u,
                                                      double reach) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace contour::detail
