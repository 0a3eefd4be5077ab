#pragma once
// register_scans on a surface whose query tree is already built (measure_followup reuses it).
#include "contour/followup/register_scans.hpp"
#include "followup/surface_queries.hpp"

namespace contour::detail {

[[nodiscard]] Registration register_on(const Mesh& pre, const std::vector<char>& use, const SurfaceQueries& post,
                                       const RigidMotion& start, const RegistrationOptions& options);

/// Area per vertex (a third of each incident face's area), mm^2.
[[nodiscard]] std::vector<double> vertex_areas(const Mesh& mesh);
/// Area-weighted vertex normals (unit; zero where the vertex has no area).
[[nodiscard]] Vertices vertex_normals(const Mesh& mesh);

}  // namespace contour::detail
