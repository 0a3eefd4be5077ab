#pragma once
// Consistent, outward face orientation (winding) of every connected piece of a mesh.
#include "contour/core/mesh.hpp"
#include "contour/import/clean_mesh.hpp"

#include <vector>

namespace contour {

struct OrientReport {
  long long faces_flipped = 0;        ///< faces whose winding was reversed
  long long patches = 0;              ///< consistently orientable patches found (>= pieces)
  long long patches_flipped = 0;      ///< patches reversed as a whole (they pointed inward)
  long long pieces_reoriented = 0;    ///< pieces in which at least one face was reversed
  long long nonmanifold_edges = 0;    ///< edges shared by more than two faces (not crossed)
  long long inconsistent_edges = 0;   ///< edges left inconsistent (a non-orientable patch)
};

/// Reorients the faces of `mesh` in place. Faces are grouped into patches that can be crossed
/// edge to edge (edges used by exactly two faces); within a patch every face is given the
/// winding of its neighbours (breadth first), then the patch is reversed as a whole if it
/// points inward: if the signed volume of the cones from the centre of its piece's bounding box
/// to its faces is negative (the enclosed volume for a closed piece; it stays positive for an
/// outward cropped body, open at its cut ends). Non-manifold edges are not crossed; non-manifold soups do not fail.
/// Linear time and memory in the face count; vertices are not touched or copied.
[[nodiscard]] OrientReport orient_faces(Mesh& mesh, const Pieces& pieces);

/// The same in two steps, so that the search (read-only) can run beside other work.
struct FaceFlips {
  std::vector<char> reverse;  ///< #F, 1 = reverse that face (empty when none is)
  OrientReport report;
};
[[nodiscard]] FaceFlips find_face_flips(const Mesh& mesh, const Pieces& pieces);
void apply_face_flips(Mesh& mesh, const FaceFlips& flips);

}  // namespace contour
