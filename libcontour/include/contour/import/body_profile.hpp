#pragma once
// A coarse vertical profile of a body (z up): where the legs are separate and where the torso is.
#include "contour/core/mesh.hpp"
#include "contour/section/slice_mesh.hpp"

#include <vector>

namespace contour {

struct ProfileLevel {
  double z = 0;
  int big_loops = 0;       ///< loops of at least 15 % of the largest loop's area in this slice
  bool two_legs = false;   ///< two similar big loops side by side (legs apart)
  /// Thighs (or knees) that touch: one contour with two lobes side by side (a deep notch in
  /// front and behind between them), or two similar big loops that overlap a little. Counted
  /// as legs for the crotch, which is where the legs part (the perineum).
  bool legs_touching = false;
  [[nodiscard]] bool legs() const { return two_legs || legs_touching; }
  double area = 0;         ///< |area| of the largest loop
};

struct BodyProfile {
  std::vector<ProfileLevel> levels;  ///< bottom to top
  double legs_score_bottom = 0;      ///< fraction of two-leg levels in the lowest 30 %
  double legs_score_top = 0;         ///< same for the highest 30 %
  bool has_crotch = false;
  /// Top of the lowest continuous run of leg levels (apart or touching; where they touch up to
  /// its top, refined by slices 1 % of the height apart): where the legs part, also when the
  /// thighs touch up to the groin.
  double crotch_z = 0;
  double legs_below = 0;             ///< extent of that run below the crotch
  double torso_above = 0;            ///< extent above the crotch with no leg levels
};

/// True when a closed loop has two lobes side by side: along its long axis, the chord across
/// the middle is at most 65 % of each lobe's largest chord and both long sides are notched
/// there by at least 10 % of it (touching thighs; a torso's section is convex at least in front).
[[nodiscard]] bool loop_has_two_lobes(const SectionLoop& loop);

/// Profiles a mesh whose +z is (a candidate) up, with `levels` horizontal slices.
[[nodiscard]] BodyProfile profile_body(const Mesh& mesh, int levels = 60);
/// The same for vertex and face arrays (e.g. rotated vertices sharing another mesh's faces).
[[nodiscard]] BodyProfile profile_body(const Vertices& V, const Faces& F, int levels = 60);

}  // namespace contour
