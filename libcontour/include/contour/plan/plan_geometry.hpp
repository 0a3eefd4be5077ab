#pragma once
// The geometry stages end to end: silhouette, landmarks, target curve, target surface, volumes.
#include "contour/import/import_scan.hpp"
#include "contour/silhouette/extract_silhouette.hpp"
#include "contour/silhouette/find_landmarks.hpp"
#include "contour/target/build_target_surface.hpp"
#include "contour/target/fit_target_curve.hpp"
#include "contour/volume/fill_volumes.hpp"

#include <array>
#include <string>
#include <vector>

namespace contour {

struct GeometryOptions {
  SilhouetteOptions silhouette;
  LandmarkOptions landmarks;
  TargetCurveOptions curve;          ///< correction fraction and smoothness
  TargetSurfaceOptions surface;
  FillVolumeOptions volume;
  std::array<LandmarkOverrides, 2> overrides;  ///< [left, right]
  /// Where the overrides came from (the --landmarks file): the first word of their errors.
  std::string overrides_source = "landmarks";
  double method_disagreement_warning = 0.01;   ///< warn above this relative difference (1 %)
};

struct SideGeometry {
  Side side = Side::Left;
  SideLandmarks landmarks;
  TargetCurve curve;       ///< at the requested correction
  SideTarget full;         ///< full-correction fill per silhouette sample (drives the surface)
  double fill_ml = 0;      ///< method A, sum of the side's regions
  double fill_section_ml = 0;  ///< method B
};

struct GeometryResult {
  Silhouette silhouette;
  std::array<SideGeometry, 2> sides;  ///< [left, right]
  TargetSurface surface;
  std::vector<RegionVolume> regions;  ///< left_upper, left_lower, right_upper, right_lower
  double correction = 1.0;
  std::vector<std::string> warnings;
};

/// Checks every numeric option (finite and in its documented range; NaN never passes).
/// Throws InvalidInput "geometry options: <field> must lie in [lo, hi], got <value>".
void validate_geometry_options(const GeometryOptions& options);

/// Runs the geometry stages on an imported scan (canonical frame, mm). The overrides are checked
/// against each other and the scan first (validate_landmark_overrides): InvalidInput
/// "<overrides_source>: left.dip_z_mm = ... " on a bad one.
[[nodiscard]] GeometryResult plan_geometry(const ImportedScan& scan, const GeometryOptions& options = {});

/// Reads landmark overrides from JSON: {"left": {"iliac_z_mm": 980, ...}, "right": {...}}; keys
/// given at the top level apply to both sides. The file is read with read_side_file (regular
/// file, at most side_file_max_bytes). Throws IoError if it cannot be read, InvalidInput naming
/// the file and field for bad contents (not JSON, unknown key, not a finite number, sides given
/// out of order waist > iliac > dip > trochanter > thigh). Heights against the scan are checked
/// by plan_geometry.
[[nodiscard]] std::array<LandmarkOverrides, 2> load_landmark_overrides(const std::string& path);

}  // namespace contour
