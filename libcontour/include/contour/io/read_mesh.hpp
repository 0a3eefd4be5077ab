#pragma once
// Reading triangle meshes from PLY, OBJ, STL, VTP and legacy VTK files.
#include "contour/core/mesh.hpp"

#include <string>

namespace contour {

enum class MeshFormat { Ply, Obj, Stl, Vtp, Vtk };

/// Lower-case name of a format ("ply", "obj", ...).
[[nodiscard]] const char* format_name(MeshFormat format);

/// Format chosen from the file extension (case-insensitive).
/// Throws InvalidInput naming the file if the extension is not one of
/// .ply .obj .stl .vtp .vtk.
[[nodiscard]] MeshFormat format_from_path(const std::string& path);

struct ReadMeshResult {
  Mesh mesh;               ///< triangles; polygons are fan-triangulated; coordinates as in the file
  MeshFormat format{};
  bool binary = false;     ///< binary encoding (PLY, STL, legacy VTK) or appended/binary XML
  std::string encoding;    ///< e.g. "ascii", "binary_little_endian"
};

/// Reads a mesh file. Polygons are fan-triangulated; OBJ groups (`g`, `o`) are kept in
/// Mesh::face_group. Nothing is cleaned here (see clean_mesh).
/// Every count a file declares (PLY elements, STL triangles, VTK points and cells, VTP array
/// sizes and compressed block headers) is checked against the bytes actually present before
/// anything is allocated, so a small corrupt file cannot make the reader allocate gigabytes.
/// Legacy .vtk is read by our own parser (VTK's trusts the counts); .vtp by VTK's XML reader.
/// Throws IoError (missing file, directory, not a regular file, unreadable, not enough memory)
/// or InvalidInput (empty, junk, truncated, header without data, NaN/Inf coordinates, indices
/// out of range, no faces, STL triangle count that disagrees with the file size). Messages
/// start with the path and are one line.
[[nodiscard]] ReadMeshResult read_mesh(const std::string& path);

}  // namespace contour
