#pragma once
// A coarse copy of a triangle list for drawing while the user drags (level of detail): vertex
// clustering on a grid, each cell represented by one of its own vertices.
#include <cstddef>
#include <vector>

namespace contour {

/// The triangles `faces` (3 vertex indices each, into `xyz`: 3 floats per vertex) with every
/// vertex replaced by the representative of its grid cell (cell edge `cell_size`, same units as
/// xyz) — the lowest-indexed vertex of the listed triangles in that cell — and the triangles that
/// collapse (two corners in one cell) or repeat another dropped. Indices still refer to `xyz`, so
/// the coarse triangles draw from the same points and per-point arrays (normals, scalars) as the
/// full ones: no value is interpolated. cell_size <= 0 or not finite returns `faces` unchanged.
[[nodiscard]] std::vector<int> cluster_faces(const float* xyz, std::size_t num_points, const std::vector<int>& faces,
                                             double cell_size);

/// The grid cell edge that leaves about `target_triangles` of a surface of area `area` (the
/// clustered surface has about two triangles per occupied cell): sqrt(2 area / target).
[[nodiscard]] double cluster_cell_for(double area, std::size_t target_triangles);

}  // namespace contour
