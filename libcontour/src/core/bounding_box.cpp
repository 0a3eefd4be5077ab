#include "contour/core/mesh.hpp"

namespace contour {

BoundingBox bounding_box(const Vertices& V) {
  BoundingBox box;
  if (V.rows() == 0) return box;
  box.min = V.colwise().minCoeff().transpose();
  box.max = V.colwise().maxCoeff().transpose();
  return box;
}

}  // namespace contour
