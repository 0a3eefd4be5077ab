#pragma once
// Writing triangle meshes; every write goes to a temporary file that is renamed into place,
// so a failure never leaves a partial file under the requested name.
#include "contour/core/mesh.hpp"
#include "contour/io/read_mesh.hpp"

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace contour {

struct WriteMeshOptions {
  bool binary = true;  ///< binary PLY/STL/VTP when true, ascii otherwise (OBJ is always ascii)
  /// Optional per-vertex scalar written as a point array (PLY property / VTP array), e.g.
  /// fill thickness in mm. Must be empty or have one value per vertex.
  std::vector<double> vertex_scalar;
  std::string vertex_scalar_name = "fill_mm";
};

/// Writes `mesh` in the format given by the path's extension. Throws InvalidInput for an
/// unsupported extension and IoError when the file cannot be written.
void write_mesh(const std::string& path, const Mesh& mesh, const WriteMeshOptions& options = {});

/// Writes `mesh` in `format` to a stream (opened in binary mode). Throws InvalidInput if the
/// vertex scalar has the wrong size.
void write_mesh(std::ostream& out, MeshFormat format, const Mesh& mesh, const WriteMeshOptions& options = {});

/// Writes a file atomically: `write` fills a stream for a temporary file next to the file (a
/// symlink is followed and its target replaced), which is renamed into place only if everything
/// succeeded; an existing character device or FIFO is written directly, never renamed over (see
/// contour/io/output_files.hpp). Throws IoError otherwise.
void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write,
                           bool binary = false);

}  // namespace contour
