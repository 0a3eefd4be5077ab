#pragma once
// Small whole-mesh operations shared by several stages.
#include "contour/core/mesh.hpp"

namespace contour {

/// Volume enclosed by a closed, outward-oriented triangle mesh (mesh units cubed). On an open
/// mesh the value depends on the origin; use differences between meshes that share their
/// boundary instead.
[[nodiscard]] double enclosed_volume(const Mesh& mesh);

/// Total surface area (mesh units squared).
[[nodiscard]] double surface_area(const Mesh& mesh);

/// 1-to-4 midpoint subdivision with shared edge midpoints (conforming; the shape is unchanged).
[[nodiscard]] Mesh subdivide_midpoint(const Mesh& mesh);

}  // namespace contour
