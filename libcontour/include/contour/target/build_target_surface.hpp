#pragma once
// The target surface: the scan deformed towards the target silhouettes.
#include "contour/core/mesh.hpp"
#include "contour/silhouette/extract_silhouette.hpp"

#include <array>
#include <vector>

namespace contour {

/// One side's dip window, from the landmarks and the target silhouette.
struct SideTarget {
  bool active = false;             ///< false: no dip, nothing to fill on this side
  std::vector<double> fill_mm;     ///< per silhouette sample: target - silhouette at correction 1
                                   ///< (for reporting; the surface bridges every column itself)
  std::size_t first = 0, last = 0; ///< window (trochanter .. iliac crest), sample indices
  std::size_t dip = 0;             ///< sample index of the dip
};

struct TargetSurfaceOptions {
  double max_edge_mm = 2.5;        ///< refine the fill region until edges are at most this long, mm
  /// Front-to-back half-extent of the fill around the dip, mm. 0 = from the dip's own shape:
  /// the run of columns around the dip whose bridge keeps getting shallower.
  double ap_half_extent_mm = 0.0;
  double surface_tolerance_mm = 5.0;  ///< how far from the body's lateral contour a vertex may lie
};

/// Front-to-back extent of one side's fill.
struct FillExtent {
  double y_centre_mm = 0;   ///< anterior coordinate of the dip's deepest column
  double front_mm = 0;      ///< extent in front of it
  double back_mm = 0;       ///< extent behind it
  std::vector<double> profile_y_mm, profile;  ///< fill at the dip height across y, normalised to 1
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

  /// The target at a correction fraction f in [0, 1]: before + f * displacement.
  [[nodiscard]] Mesh target(double correction) const;
};

/// Builds the target surface (docs/geometry.md, section 5). Every vertical column (fixed
/// anterior coordinate y) of a side's lateral hip surface is bridged over the dip window by its
/// own concave envelope, for the connected run of columns around the dip; the fill is smoothed
/// and tapered to zero at the run's ends and the window's ends. A vertex of the lateral skin at
/// (y, z) moves outwards along +-x by the fill there, so the dent is bridged in height and in
/// depth. Arms beside the hips are not moved: only vertices within surface_tolerance_mm of the
/// body contour are. The fill region is refined first (refine_region).
[[nodiscard]] TargetSurface build_target_surface(const Mesh& canonical, const Silhouette& sil,
                                                 const std::array<SideTarget, 2>& sides,
                                                 const TargetSurfaceOptions& options = {});

}  // namespace contour
