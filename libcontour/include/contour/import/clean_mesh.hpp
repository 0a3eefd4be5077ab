#pragma once
// Mesh validation and cleaning: duplicate vertices, degenerate and unreferenced elements,
// connected pieces.
#include "contour/core/mesh.hpp"

#include <string>
#include <vector>

namespace contour {

struct CleanOptions {
  /// Vertices closer than this fraction of the bounding-box diagonal are merged (0 = exact
  /// duplicates only). STL files repeat every vertex exactly, so exact merging suffices there.
  double merge_tolerance_fraction = 1e-9;
};

struct CleanReport {
  long long merged_vertices = 0;       ///< vertices merged into an earlier duplicate
  long long degenerate_faces = 0;      ///< faces with a repeated vertex or zero area, dropped
  long long duplicate_faces = 0;       ///< faces listed twice (same three vertices), dropped
  long long unreferenced_vertices = 0; ///< vertices used by no face, dropped
};

struct CleanResult {
  Mesh mesh;
  CleanReport report;
  /// Per input vertex, the output vertex it became (merged duplicates share one), or -1 if it
  /// was dropped (used by no surviving face).
  std::vector<int> vertex_map;
};

/// Merges duplicate vertices, drops degenerate, duplicate and unreferenced elements. Face groups
/// are carried along. Surviving vertices and faces keep their original relative order (a merged
/// vertex takes the place of its first occurrence), so a mesh that needs no cleaning comes back
/// unchanged. Throws InvalidInput, with `name` (usually the file path) in the message, for a
/// non-finite coordinate, a face index outside the vertices, a face-group list of the wrong
/// length, no faces, or when no face survives (all degenerate).
[[nodiscard]] CleanResult clean_mesh(const Mesh& mesh, const std::string& name, const CleanOptions& options = {});

/// Connected pieces of a mesh (faces sharing a vertex belong to the same piece).
struct Pieces {
  std::vector<int> face_piece;     ///< #F piece index per face
  std::vector<double> area;        ///< per piece, surface area in the mesh's units squared
  std::vector<long long> faces;    ///< per piece, face count
  std::vector<BoundingBox> box;    ///< per piece
};
[[nodiscard]] Pieces connected_pieces(const Mesh& mesh);

/// The sub-mesh made of the faces whose piece index is flagged in `keep` (unused vertices
/// dropped, groups carried along; vertices and faces keep their original relative order).
/// If `vertex_map` is given it receives, per vertex of `mesh`, its index in the sub-mesh or -1.
[[nodiscard]] Mesh extract_pieces(const Mesh& mesh, const Pieces& pieces, const std::vector<bool>& keep,
                                  std::vector<int>* vertex_map = nullptr);

}  // namespace contour
