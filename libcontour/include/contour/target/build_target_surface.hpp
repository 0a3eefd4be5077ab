#pragma once
// The target surface: the scan deformed towards the target silhouettes.
#include "contour/core/mesh.hpp"
#include "contour/silhouette/extract_silhouette.hpp"
#include "contour/target/fair_hip_region.hpp"

#include <array>
#include <vector>

namespace contour {

/// One side's dip window, from the landmarks.
struct SideTarget {
  bool active = false;             ///< false: nothing to fill on this side (no window)
  std::vector<double> fill_mm;     ///< per silhouette sample: target silhouette - silhouette at
                                   ///< correction 1 (output: filled in from the faired surface)
  std::size_t first = 0, last = 0; ///< window (trochanter .. iliac crest), sample indices
  std::size_t dip = 0;             ///< sample index of the dip
};

struct TargetSurfaceOptions {
  double max_edge_mm = 2.5;        ///< refine the fill region until edges are at most this long, mm (0.5-20)
  /// Front-to-back half-extent of the faired region around the side, as arc length at the hip,
  /// mm. 0 = fairing.half_angle_deg. Otherwise it replaces that angle (clamped to 10-85 deg).
  double ap_half_extent_mm = 0.0;
  /// How far a vertex may lie from the skin the fairing saw (the body loops, arms removed) and
  /// still be moved, mm (0.5-20): vertices of an arm beside the hip lie further out.
  double surface_tolerance_mm = 5.0;
  HipFairingOptions fairing;       ///< the faired region and its solver
};

/// Throws InvalidInput naming the field when an option is out of range (or NaN).
void validate(const TargetSurfaceOptions& options);

/// Extent of one side's fill around the hip.
struct FillExtent {
  double y_centre_mm = 0;   ///< anterior coordinate of the point of thickest fill
  double front_mm = 0;      ///< arc length of the fill in front of the lateral direction, mm
  double back_mm = 0;       ///< arc length of the fill behind it, mm
  /// Fill at the dip height along the arc around the side (mm from the lateral direction,
  /// positive in front), normalised to 1 at its maximum.
  std::vector<double> profile_y_mm, profile;
  /// Half-width of the target surface's silhouette (contour + fill, outermost) at full
  /// correction, per silhouette sample of the window (first .. last), mm.
  std::vector<double> silhouette_target_mm;
};

struct TargetSurface {
  Mesh before;                        ///< the scan, refined in the fill region (same shape)
  Vertices displacement;              ///< per vertex, at full correction, mm
  std::vector<double> fill_mm;        ///< per vertex fill thickness at full correction, mm
  std::vector<char> side_of_vertex;   ///< 0 none, 1 left, 2 right
  std::array<FillExtent, 2> extent;   ///< [left, right]
  std::array<HipFairing, 2> fairing;  ///< [left, right]: the faired target of each side's hip

  /// The target at a correction fraction f in [0, 1]: before + f * displacement.
  [[nodiscard]] Mesh target(double correction) const;
};

/// Builds the target surface (docs/geometry.md, section 5). Each active side's hip, from below
/// the trochanter to above the iliac crest and around the side, is faired (fair_hip_region):
/// the smoothest surface meeting the surrounding skin with matching position and tangent, held
/// on or outside the skin. The fill region is refined first (refine_region), then every vertex
/// of the skin there moves outwards along its ray from the fairing's axis onto the faired
/// surface, so before and target share vertices and faces. Arms beside the hips are not moved:
/// only vertices within surface_tolerance_mm of the skin the fairing saw are.
[[nodiscard]] TargetSurface build_target_surface(const Mesh& canonical, const Silhouette& sil,
                                                 const std::array<SideTarget, 2>& sides,
                                                 const TargetSurfaceOptions& options = {});

}  // namespace contour
