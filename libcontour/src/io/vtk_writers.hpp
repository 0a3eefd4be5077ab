#pragma once
#include "contour/io/write_mesh.hpp"

#include <string>

namespace contour::detail {
/// Serialises a mesh as VTK XML PolyData (xml = true) or legacy VTK, in memory.
std::string polydata_bytes(const Mesh& mesh, const WriteMeshOptions& options, bool xml);
}  // namespace contour::detail
