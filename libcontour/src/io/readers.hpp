#pragma once
// Per-format readers behind read_mesh(). Each gets the file's bytes and the path for messages.
#include "contour/io/read_mesh.hpp"

#include <string>
#include <string_view>

namespace contour::detail {

void read_ply(const std::string& path, std::string_view data, ReadMeshResult& out);
void read_obj(const std::string& path, std::string_view data, ReadMeshResult& out);
void read_stl(const std::string& path, std::string_view data, ReadMeshResult& out);
/// VTP (XML) and legacy .vtk through VTK's readers, wrapped with our own checks.
void read_vtk_polydata(const std::string& path, std::string_view data, ReadMeshResult& out);

}  // namespace contour::detail
