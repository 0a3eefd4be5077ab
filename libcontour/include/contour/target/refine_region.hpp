#pragma once
// Local refinement so that a deformation is resolved whatever the scan's triangulation.
#include "contour/core/mesh.hpp"

#include <functional>

namespace contour {

/// Splits edges longer than `max_edge_mm` (longest-edge bisection, conforming: a split edge is
/// split in both of its triangles) in the faces for which `in_region(face centroid)` holds,
/// until none is left or `max_passes` passes are done. Original vertices keep their indices;
/// new ones are appended, so data on the input vertices stays valid. `in_region` may be called
/// from several threads at once.
[[nodiscard]] Mesh refine_region(const Mesh& mesh, double max_edge_mm,
                                 const std::function<bool(const Eigen::Vector3d&)>& in_region, int max_passes = 12);

}  // namespace contour
