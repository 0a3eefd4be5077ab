#pragma once
// Plain triangle-mesh data shared by every pipeline stage.
#include <Eigen/Core>
#include <Eigen/Geometry>

#include <cstdint>
#include <string>
#include <vector>

namespace contour {

/// #V by 3 vertex positions (row-major so a row is one point in memory).
using Vertices = Eigen::Matrix<double, Eigen::Dynamic, 3, Eigen::RowMajor>;
/// #F by 3 vertex indices (0-based) of triangles, counter-clockwise seen from outside.
using Faces = Eigen::Matrix<int, Eigen::Dynamic, 3, Eigen::RowMajor>;

/// A triangle mesh. Units and frame are whatever the producer says: after import
/// (contour/import/import_scan.hpp) they are millimetres in the canonical patient frame
/// (docs/frame-and-units.md: +x patient's right, +y anterior, +z superior).
struct Mesh {
  Vertices V;
  Faces F;

  /// Optional per-face group index into `group_names` (OBJ `g`/`o`), empty if the file had none.
  std::vector<int> face_group;
  std::vector<std::string> group_names;

  [[nodiscard]] Eigen::Index num_vertices() const { return V.rows(); }
  [[nodiscard]] Eigen::Index num_faces() const { return F.rows(); }
};

/// Axis-aligned bounding box (min and max corners). Empty mesh -> min > max.
struct BoundingBox {
  Eigen::Vector3d min{Eigen::Vector3d::Constant(1e300)};
  Eigen::Vector3d max{Eigen::Vector3d::Constant(-1e300)};
  [[nodiscard]] Eigen::Vector3d extent() const { return max - min; }
};

[[nodiscard]] BoundingBox bounding_box(const Vertices& V);

}  // namespace contour
