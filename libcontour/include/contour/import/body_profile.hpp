#pragma once
// A coarse vertical profile of a body (z up): where the legs are separate and where the torso is.
#include "contour/core/mesh.hpp"

#include <vector>

namespace contour {

struct ProfileLevel {
  double z = 0;
  int big_loops = 0;       ///< loops of at least 15 % of the largest loop's area in this slice
  bool two_legs = false;   ///< two similar big loops side by side (legs)
  double area = 0;         ///< |area| of the largest loop
};

struct BodyProfile {
  std::vector<ProfileLevel> levels;  ///< bottom to top
  double legs_score_bottom = 0;      ///< fraction of two-leg levels in the lowest 30 %
  double legs_score_top = 0;         ///< same for the highest 30 %
  bool has_crotch = false;
  double crotch_z = 0;               ///< top of the lowest continuous two-leg run
  double legs_below = 0;             ///< extent of that run below the crotch
  double torso_above = 0;            ///< extent above the crotch with a single big loop
};

/// Profiles a mesh whose +z is (a candidate) up, with `levels` horizontal slices.
[[nodiscard]] BodyProfile profile_body(const Mesh& mesh, int levels = 60);
/// The same for vertex and face arrays (e.g. rotated vertices sharing another mesh's faces).
[[nodiscard]] BodyProfile profile_body(const Vertices& V, const Faces& F, int levels = 60);

}  // namespace contour
