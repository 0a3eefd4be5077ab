#pragma once
// Per-format readers behind read_mesh(). Each gets the file's bytes and the path for messages.
#include "contour/io/read_mesh.hpp"

#include <string>
#include <string_view>

namespace contour::detail {

void read_ply(const std::string& path, std::string_view data, ReadMeshResult& out);
void read_obj(const std::string& path, std::string_view data, ReadMeshResult& out);
void read_stl(const std::string& path, std::string_view data, ReadMeshResult& out);
/// VTP (XML PolyData) through VTK's reader, wrapped with our own checks.
void read_vtk_polydata(const std::string& path, std::string_view data, ReadMeshResult& out);
/// Legacy .vtk POLYDATA (ascii and binary), our own parser.
void read_vtk_legacy(const std::string& path, std::string_view data, ReadMeshResult& out);

}  // namespace contour::detail
