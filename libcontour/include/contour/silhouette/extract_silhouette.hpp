#pragma once
// The waist-thigh silhouette of each side in the coronal plane.
#include "contour/core/mesh.hpp"
#include "contour/core/side.hpp"
#include "contour/section/slice_mesh.hpp"

#include <array>
#include <string>
#include <vector>

namespace contour {

struct SilhouetteOptions {
  double spacing_mm = 2.0;          ///< vertical distance between cross-sections, mm (0.5-5)
  double below_crotch_mm = 220.0;   ///< how far below the crotch the window starts, mm
  double above_crotch_mm = 520.0;   ///< how far above the crotch the window may reach, mm
};

/// Per-side lateral extreme of the torso/leg contour at each height (canonical frame, mm).
struct Silhouette {
  std::vector<double> z;          ///< heights above the lowest point, ascending, mm
  std::vector<double> right_x;    ///< x of the right side's extreme (patient's right, +x), mm
  std::vector<double> left_x;     ///< x of the left side's extreme (patient's left, -x), mm
  std::vector<double> right_y, left_y;  ///< anterior coordinate of those extreme points, mm
  std::vector<char> valid;        ///< 0 where no body contour was found at that height
  double crotch_z = 0;            ///< mm
  double scan_top_z = 0;          ///< highest point of the scan, mm (the window may end below it)
  /// Body loops per height (torso above the crotch, legs below), arms and strays removed. Where
  /// an arm touches the body its part of the contour is cut out and bridged straight across.
  std::vector<std::vector<SectionLoop>> body_loops;
  /// Per height: 1 where an arm touching the body was cut out of that side's contour
  /// (index 0 = patient's left, 1 = right).
  std::vector<std::array<char, 2>> arm_cut;
  std::vector<std::string> notes;  ///< human-readable remarks (e.g. where an arm touches the body)

  /// Lateral half-width of `side` at index i: distance of the extreme from the midline x = 0.
  [[nodiscard]] double width(Side side, std::size_t i) const { return side == Side::Right ? right_x[i] : -left_x[i]; }
};

/// Slices the canonical mesh over the window and extracts both silhouettes. Arms and hands
/// beside the hips are told apart from the torso and legs by vertical connectivity: the body
/// is the largest contour just above the crotch (the torso), followed up and down through
/// overlapping contours; arms are small contours beside it that never connect to it. Where an
/// arm touches the body (its contour merges with the torso's), the arm's cross-section is
/// predicted from the nearest heights where it is separate (within 150 mm, moved along its
/// drift) and cut out of the body's contour; such heights are flagged in `arm_cut` and noted.
[[nodiscard]] Silhouette extract_silhouette(const Mesh& canonical, double crotch_z_mm, const SilhouetteOptions& options = {});

}  // namespace contour
