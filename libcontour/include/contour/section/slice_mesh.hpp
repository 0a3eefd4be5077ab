#pragma once
// Horizontal cross-sections of a mesh as polylines.
#include "contour/core/mesh.hpp"

#include <vector>

namespace contour {

/// One polyline of a cross-section, in the slicing plane (x, y of the mesh frame).
struct SectionLoop {
  std::vector<Eigen::Vector2d> points;  ///< in order; the first point is not repeated at the end
  bool closed = true;                   ///< false where the cut runs into a hole or open boundary
  /// Signed area (mm^2 in the canonical frame): positive for an outer contour (counter-clockwise
  /// seen from above, as oriented by the outward face normals), negative for an inner one.
  /// Open polylines are closed by their chord for this purpose.
  double signed_area = 0;
  Eigen::Vector2d min{0, 0}, max{0, 0};  ///< 2-D bounding box
};

struct CrossSection {
  double z = 0;                   ///< height of the cutting plane (mesh units)
  std::vector<SectionLoop> loops;
};

struct SliceOptions {
  /// Open chains shorter than this many segments are dropped as noise; set 0 to keep all.
  int min_open_segments = 2;
  /// Try to join open chains whose ends lie closer than this (mesh units), bridging small holes.
  double join_gap = 10.0;
};

/// Cuts the mesh by the planes z = heights[i] (any order). A vertex lying exactly on a plane is
/// treated as just above it, so every cut is well defined. Loops are chained through shared
/// mesh edges, so open boundaries (holes, crops) give open polylines rather than failures.
/// Cost: O(F + total crossings).
[[nodiscard]] std::vector<CrossSection> slice_mesh(const Mesh& mesh, const std::vector<double>& heights,
                                                   const SliceOptions& options = {});
/// The same for a mesh given as vertex and face arrays (e.g. a rotated copy of the vertices
/// sharing another mesh's faces).
[[nodiscard]] std::vector<CrossSection> slice_mesh(const Vertices& V, const Faces& F, const std::vector<double>& heights,
                                                   const SliceOptions& options = {});

/// Signed area of a closed polygon (counter-clockwise positive).
[[nodiscard]] double polygon_area(const std::vector<Eigen::Vector2d>& points);

/// Recomputes a loop's signed area and bounding box from its points (after editing them).
void update_loop_measures(SectionLoop& loop);

/// Mean of a loop's points (the origin for an empty loop).
[[nodiscard]] Eigen::Vector2d loop_point_mean(const SectionLoop& loop);

}  // namespace contour
