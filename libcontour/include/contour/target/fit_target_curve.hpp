#pragma once
// The smooth target silhouette that fills a dip.
#include <vector>

namespace contour {

struct TargetCurveOptions {
  /// Smoothness length, mm (1-50): weight of the curvature penalty relative to following the
  /// concave envelope. Larger = rounder target.
  double smoothness_mm = 12.0;
  /// Correction fraction, 0 (unchanged) to 1 (full correction to the envelope-based target).
  double correction = 1.0;
};

/// A target half-width per silhouette sample; equal to the silhouette outside the window.
struct TargetCurve {
  std::vector<double> target;     ///< same length as the silhouette, mm
  std::vector<double> fill_mm;    ///< target - silhouette (>= 0), mm
  std::size_t first = 0, last = 0;  ///< window (inclusive sample indices)
  int solver_iterations = 0;
};

/// Fits the target over samples [first, last] of an equally spaced silhouette `w` (half-width in
/// mm at heights `z`) by the bound-constrained quadratic programme
///     minimise   sum_i (t_i - e_i)^2 + (L/h)^4 sum_i (t_{i-1} - 2 t_i + t_{i+1})^2
///     subject to t_i >= w_i inside the window,  t_i = w_i outside it,
/// where e is the concave envelope (least concave majorant) of w over the window, L the
/// smoothness length and h the spacing. Fixing two samples beyond each end makes the target
/// meet the silhouette with matching position and slope; the curvature term keeps it smooth (a
/// discrete C2 spline). Solved exactly by a primal active-set method on the banded system.
/// The correction fraction f then scales the departure: t_f = w + f (t - w) >= w.
/// Throws SolverError if the active-set iteration does not converge.
[[nodiscard]] TargetCurve fit_target_curve(const std::vector<double>& z, const std::vector<double>& w, std::size_t first,
                                           std::size_t last, const TargetCurveOptions& options = {});

}  // namespace contour
