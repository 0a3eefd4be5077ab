#pragma once
// The body zoo: varied female bodies made from MakeHuman's CC0 base mesh and shape targets
// (../shared/data/makehuman, see its README), each with the truth of its construction (frame,
// units, crop, crotch and hip levels), for testing import, silhouette and landmarks on bodies
// that are not "kind" (touching thighs, heavy, old, cropped, turned, tilted, inches, inward
// faces). Method and vertex indices: docs/body-zoo.md.
#include "contour/core/mesh.hpp"

#include <Eigen/Core>

#include <array>
#include <string>
#include <vector>

namespace contour::test {

struct ZooBody {
  std::string name;       ///< e.g. "zoo_017_pear_old_heavy_thighs"; unique per index
  /// Body faces only (helper geometry dropped), triangulated, mm, canonical frame (+x patient's
  /// right, +y front, +z up, z = 0 at the lowest point of the cropped body), outward faces.
  Mesh canonical;
  /// The same body in the file frame: file = (file_to_canonical_rotation^T * canonical) /
  /// mm_per_unit + offset, with some faces reversed when `reversed_faces`.
  Mesh file;
  std::string unit;       ///< "mm", "cm", "m", "in" (file units)
  Eigen::Matrix3d file_to_canonical_rotation = Eigen::Matrix3d::Identity();
  double mm_per_unit = 1;
  std::string crop;       ///< "full", "chest_to_knee", "waist_to_knee"
  bool reversed_faces = false;  ///< all or half of the faces reversed in `file`
  /// Truth levels, mm above the lowest point of the cropped canonical body; the hip levels are
  /// the mean of the two sides.
  double crotch_z_mm = 0, trochanter_z_mm = 0, iliac_z_mm = 0, waist_z_mm = 0;
  /// Per side (index 0 = patient's left = -x in canonical, 1 = right).
  std::array<double, 2> trochanter_side_z_mm{}, iliac_side_z_mm{}, waist_side_z_mm{};

  // What the body was made of (for messages and subsets).
  std::string format;         ///< file format the test should write: "ply", "obj", "stl", "vtp", "vtk"
  double reversed_fraction = 0;  ///< 0, 0.5 or 1
  double tilt_deg = 0;        ///< angle between the file's up axis and the body's up
  bool front_on_axis = true;  ///< the body's front lies along a file axis (yaw a multiple of 90 deg)
  Eigen::Vector3d file_up = Eigen::Vector3d::UnitY();    ///< the body's up in file axes (unit)
  Eigen::Vector3d file_front = Eigen::Vector3d::UnitZ(); ///< the body's front in file axes (unit)
  std::string shape;          ///< MakeHuman bodyshape target used ("pear" = triangle, ...)
  double age = 0, muscle = 0.5, weight = 0.5;  ///< MakeHuman macro values in [0, 1] (age: young..old)
  double thigh_fat = 0;       ///< weight of the upper-leg fat target (both sides)
  double asymmetry = 0;       ///< signed weight of the trunk asymmetry target (+ left, - right)
  /// The thighs touch below the crotch: their surfaces met, and the faces of each inside the other
  /// were removed so that a cross-section there is one contour around both (as a scanner sees it).
  bool thighs_touch = false;
  double height_mm = 0;       ///< canonical extent along z (of the cropped body)
};

/// True when the shared MakeHuman data (base mesh and targets) is present.
[[nodiscard]] bool body_zoo_available();
/// The folder the zoo reads (CONTOUR_SHARED_DATA_DIR "/makehuman").
[[nodiscard]] std::string body_zoo_data_dir();

/// `count` bodies, indices 0..count-1; deterministic in (index, seed). Throws std::runtime_error
/// when the shared data is missing.
[[nodiscard]] std::vector<ZooBody> make_body_zoo(int count, unsigned seed);
/// One body of the zoo (the same as make_body_zoo(n, seed)[index]).
[[nodiscard]] ZooBody make_zoo_body(int index, unsigned seed);

/// Writes `body.file` to `folder/<name>.<format>` with the project's writers; returns the path.
std::string write_zoo_body(const ZooBody& body, const std::string& folder);

}  // namespace contour::test
