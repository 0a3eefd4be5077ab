#pragma once
// Fill volume between the scan and the target surface, per region, by two independent methods.
#include "contour/target/build_target_surface.hpp"

#include <array>
#include <string>
#include <vector>

namespace contour {

/// A region: one side between two heights (canonical frame, mm).
struct RegionSpec {
  std::string name;   ///< e.g. "right_upper"
  Side side = Side::Right;
  double z_lo_mm = 0, z_hi_mm = 0;
};

struct RegionVolume {
  RegionSpec region;
  double prism_ml = 0;     ///< method A: signed volume of the prisms between the surfaces
  double section_ml = 0;   ///< method B: area between cross-sections, integrated over height
  /// Method A as a cubic in the correction fraction f: V(f) = c1 f + c2 f^2 + c3 f^3 (mL), exact
  /// for the target before + f * displacement; lets a viewer update live without recomputing.
  std::array<double, 3> prism_coefficients{0, 0, 0};
  [[nodiscard]] double disagreement() const;  ///< |A - B| / max(|A|, |B|), 0 if both ~0
};

struct FillVolumeOptions {
  double section_spacing_mm = 0.5;  ///< method B slice spacing, mm
};

/// Computes both methods for every region at correction fraction `correction`.
/// Method A sums, over the faces of a region (by centroid height), the signed volume of the
/// prism between each triangle before and after displacement (three tetrahedra; exact for the
/// piecewise-linear surfaces, as neighbouring prisms share their side walls). Method B slices the displaced patch
/// before and after at `section_spacing_mm` and integrates the area between the cut polylines
/// (midpoint rule). They share no code beyond the meshes.
[[nodiscard]] std::vector<RegionVolume> fill_volumes(const TargetSurface& surface, const std::vector<RegionSpec>& regions,
                                                     double correction, const FillVolumeOptions& options = {});

}  // namespace contour
