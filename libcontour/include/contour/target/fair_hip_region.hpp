#pragma once
// The target skin over one side's hip: the smoothest surface that meets the surrounding skin with
// matching position and tangent, held on or outside the skin (bi-Laplacian fairing, fill only).
#include "contour/silhouette/extract_silhouette.hpp"

#include <cstddef>
#include <vector>

namespace contour {

struct HipFairingOptions {
  /// How far the faired region reaches below the trochanter level and above the iliac crest
  /// level, mm (>= 4). The target meets the skin with matching tangent at the region's edge.
  double margin_mm = 24.0;
  /// Angular half-extent of the region around the side, from the lateral direction, degrees
  /// (10-85). The region wraps front and back around the hip by this angle.
  double half_angle_deg = 60.0;
  /// A fill component is kept only where it reaches the dip window (between the trochanter and
  /// iliac crest levels) within this angle of the lateral direction, degrees (<= half_angle_deg);
  /// other concavities in the region (a crease above the crest, the groin) are held to the skin.
  double core_half_angle_deg = 40.0;
  /// Arc-length spacing of the fairing grid around the side, mm (0.5-10). The height spacing is
  /// that of the silhouette's cross-sections.
  double arc_spacing_mm = 2.5;
  /// Rings of grid nodes held at the skin along the region's edge: 1 = position only (the
  /// target may leave the skin at the edge with a kink), 2 = position and tangent (C1).
  int edge_rings = 2;
  /// A column's end is the outer edge of the skin's plateau (radius within this of the column's
  /// maximum near the window's end), mm.
  double plateau_mm = 0.3;
  /// A column whose fill next to its end is thicker than this is extended to the next
  /// prominence outwards (a dent reaching past the crest or the trochanter), mm; 0 = never.
  double end_touch_mm = 0.5;
  /// Stiffness of bending around the side relative to bending along the height (0-1).
  double around_weight = 0.0;
  /// Gaussian smoothing of the skin the target rests on, mm (0-10): the target must not rest on
  /// the crests of scan noise or marching-cubes facets, which would fill their troughs.
  double skin_smoothing_mm = 3.0;
  /// A grid node whose faired radius lies more than this inside the skin is held to it, mm.
  double hold_tolerance_mm = 0.01;
  int max_iterations = 80;  ///< active-set iterations (each one a sparse factorization)
};

/// The faired target of one side on a grid in cylindrical coordinates about a vertical axis
/// through (centre_x_mm, centre_y_mm): row j is the silhouette's cross-section first_row + j
/// (height sil.z[first_row + j]), column k the direction at angle theta_k = theta0 + k dtheta from
/// the side's lateral direction (positive towards the front, on both sides). A node's value is
/// the radius from the axis, mm.
struct HipFairing {
  bool valid = false;
  Side side = Side::Right;
  double centre_x_mm = 0, centre_y_mm = 0;
  double theta0_rad = 0, dtheta_rad = 0;
  std::size_t first_row = 0, rows = 0, cols = 0;
  std::vector<double> skin_mm;      ///< rows*cols, row-major; NaN where the ray meets no skin
  /// rows*cols: the skin smoothed (Gaussian, skin_smoothing_mm), what the target is held on:
  /// scan noise and faceting are not hollows to fill. NaN where the skin is unknown.
  std::vector<double> obstacle_mm;
  /// rows*cols: faired radius, >= obstacle where the skin is known. The fill of a node is
  /// target - obstacle: the thickness the skin there is moved out by.
  std::vector<double> target_mm;
  std::vector<char> held;         ///< rows*cols: 1 where the target is held to the skin or fixed
  int iterations = 0;             ///< active-set iterations used

  /// Direction (unit, horizontal) of column angle theta for this side.
  [[nodiscard]] Eigen::Vector2d direction(double theta_rad) const;
  /// Angle and radius of a horizontal point about the axis (angle from the lateral direction).
  [[nodiscard]] Eigen::Vector2d polar(const Eigen::Vector2d& xy) const;
  /// Bilinear interpolation of a node field at (theta, height); NaN outside the grid or where a
  /// corner is NaN.
  [[nodiscard]] double sample(const std::vector<double>& field, double theta_rad, double z_mm,
                              const std::vector<double>& sil_z) const;
};

/// Fairs one side's hip between heights z_lo_mm and z_hi_mm (the dip window widened by
/// options.margin_mm on each side, clamped to the silhouette). The skin radius of every grid
/// node is the outermost crossing of its ray with the side's body loops (arms excluded). The two
/// outer rings of nodes are fixed at the skin (C1 continuity); the rest minimise the discrete
/// bending energy sum (d2u/dz2)^2 + around_weight (d2u/ds2)^2 subject to u >= skin, solved by a primal-dual active set
/// (Eigen sparse Cholesky). Fill components that do not reach the window's core are then held
/// to the skin too. A dent inside the region lowers the skin where the target is free and so
/// changes the target by nothing: the fill grows by exactly the dent.
/// `window_lo_mm`/`window_hi_mm` are the trochanter and iliac crest levels. Returns valid=false
/// when the window has too few cross-sections with skin. Throws InvalidInput on bad options and
/// SolverError if the factorization fails.
[[nodiscard]] HipFairing fair_hip_region(const Silhouette& sil, Side side, double window_lo_mm, double window_hi_mm,
                                         const HipFairingOptions& options = {});

/// Throws InvalidInput naming the field when an option is out of its range (or NaN).
void validate(const HipFairingOptions& options);

}  // namespace contour
