#pragma once
// Landmarks of one side's silhouette: waist, iliac crest level, dip, trochanter level, thigh.
#include "contour/silhouette/extract_silhouette.hpp"

#include <optional>
#include <string>
#include <vector>

namespace contour {

/// Landmark heights, mm above the lowest point of the scan (canonical frame).
struct Landmarks {
  double waist_z_mm = 0;       ///< narrowest point above the hips
  double iliac_z_mm = 0;       ///< upper hip prominence: upper end of the dip window
  double dip_z_mm = 0;         ///< deepest point of the depression
  double trochanter_z_mm = 0;  ///< lower hip prominence: lower end of the dip window
  double thigh_z_mm = 0;       ///< lower end of the search window, on the thigh
};

/// Landmarks given by the user (any subset), e.g. from --landmarks FILE.json.
struct LandmarkOverrides {
  std::optional<double> waist_z_mm, iliac_z_mm, dip_z_mm, trochanter_z_mm, thigh_z_mm;
};

struct LandmarkOptions {
  double smoothing_mm = 3.0;      ///< Gaussian smoothing of the silhouette for detection, mm
  double min_dip_depth_mm = 1.0;  ///< shallower depressions are reported as "no dip", mm
  double thigh_below_crotch_mm = 100.0;  ///< thigh end of the window below the crotch, mm
  double waist_min_above_crotch_mm = 150.0;  ///< the waist is searched above this, mm
  /// The waist is the middle of the heights whose half-width is within this of the narrowest
  /// (a natural waist is a broad minimum; its arg-min alone jumps between its ends), mm.
  double waist_plateau_mm = 1.5;
  /// When the scan goes on above the silhouette window (whose top is then near the armpit), the
  /// waist is searched up to this fraction of the way from the crotch to the window top: the
  /// under-bust (ANSUR II women, medians, fractions of stature: crotch ~0.455, waist ~0.635,
  /// under-bust ~0.70, axilla ~0.74; (0.70 - 0.455) / (0.74 - 0.455) = 0.86).
  double waist_max_fraction = 0.86;
  /// The scan ends at the waist when its top is within this of the narrowest height, mm.
  double scan_top_margin_mm = 30.0;
  /// Left and right iliac crest or trochanter levels further apart than this are reported
  /// (a symmetric body's differ by a few mm; a tilted scan or a real asymmetry shows more), mm.
  double max_side_difference_mm = 30.0;  /// Plausible bands for the dip window's ends, as fractions of the crotch-to-waist span (the
  /// waist being the narrowest torso level). Sources and how they were set: docs/geometry.md
  /// "Landmark bands" (ANSUR II women: trochanter 844 mm and iliac crest 993 mm, 150 mm apart;
  /// MakeHuman's base body: trochanter 0.22 and iliac crest 0.65 of its crotch-waist span).
  double trochanter_band[2] = {0.05, 0.40};
  double iliac_band[2] = {0.50, 0.95};
  /// Levels used when no prominences are found, same fractions (MakeHuman base body; the
  /// 0.43-span separation is ANSUR II's 150 mm for a 350 mm crotch-waist span).
  double trochanter_fraction = 0.22;
  double iliac_fraction = 0.65;
};

struct SideLandmarks {
  Landmarks z;
  bool has_dip = false;       ///< false: no depression deeper than min_dip_depth_mm
  double dip_depth_mm = 0;    ///< max distance between the concave envelope and the silhouette
  bool estimated = false;     ///< iliac/trochanter estimated from proportions (no dip found)
  std::vector<std::string> notes;  ///< human-readable remarks (what was estimated or overridden)
};

/// Checks user-given landmark heights against each other and against the silhouette: each
/// finite, inside the scan's height [0, height_mm] and inside the silhouette window
/// [sil.z.front(), sil.z.back()]; where given, strictly ordered waist > iliac > dip > trochanter >
/// thigh; waist, iliac, dip and trochanter above the crotch (the hip lies above it), thigh below
/// the waist. Throws InvalidInput "<where><field>: ..." naming the value and the bound, e.g.
/// where = "L.json: left." gives "L.json: left.dip_z_mm = 700 mm lies ...".
void validate_landmark_overrides(const LandmarkOverrides& overrides, const Silhouette& sil, double height_mm,
                                 const std::string& where);

/// Finds the landmarks of one side. The dip window is the largest bridge of the silhouette's
/// concave envelope (least concave majorant of half-width over height) that lies strictly
/// between the thigh end and the waist; its ends are the trochanter (lower) and iliac crest
/// (upper) levels and the dip is its deepest point. The waist's own inward curve touches the
/// window end and is never taken for a dip. Overrides are checked with
/// validate_landmark_overrides first (InvalidInput, never an out-of-range index); the result
/// always has thigh <= trochanter < dip < iliac <= waist as silhouette indices.
[[nodiscard]] SideLandmarks find_landmarks(const Silhouette& sil, Side side, const LandmarkOptions& options = {},
                                           const LandmarkOverrides& overrides = {});

/// Remarks when the two sides' levels disagree by more than options.max_side_difference_mm
/// (iliac crest or trochanter; not for levels given by the user); empty when they agree.
[[nodiscard]] std::vector<std::string> side_agreement_notes(const SideLandmarks& left, const SideLandmarks& right,
                                                            const LandmarkOptions& options = {});

/// Least concave majorant ("upper hull") of samples (z ascending): indices of the hull vertices.
[[nodiscard]] std::vector<std::size_t> upper_hull(const std::vector<double>& z, const std::vector<double>& w,
                                                  std::size_t first, std::size_t last);

/// Index of the sample of `z` (ascending) nearest to zq; the ends for zq outside the range.
[[nodiscard]] std::size_t nearest_index(const std::vector<double>& z, double zq);

/// Gaussian smoothing of equally spaced samples with standard deviation `sigma_samples`.
[[nodiscard]] std::vector<double> smooth_samples(const std::vector<double>& w, double sigma_samples);

}  // namespace contour
