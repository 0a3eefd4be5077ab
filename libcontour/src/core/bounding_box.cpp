#include "contour/core/mesh.hpp"

#include <algorithm>

namespace contour {

BoundingBox bounding_box(const Vertices& V) {
  BoundingBox box;
  if (V.rows() == 0) return box;
  // One pass over the rows (the column-wise reductions walk the row-major array six times).
  double lo[3] = {V(0, 0), V(0, 1), V(0, 2)}, hi[3] = {lo[0], lo[1], lo[2]};
  const double* p = V.data();
  const Eigen::Index n = V.rows();
  for (Eigen::Index i = 0; i < n; ++i, p += 3)
    for (int k = 0; k < 3; ++k) {
      lo[k] = std::min(lo[k], p[k]);
      hi[k] = std::max(hi[k], p[k]);
    }
  box.min = Eigen::Vector3d(lo[0], lo[1], lo[2]);
  box.max = Eigen::Vector3d(hi[0], hi[1], hi[2]);
  return box;
}

}  // namespace contour
