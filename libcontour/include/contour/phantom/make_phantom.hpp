#pragma once
// A parametric female body phantom (knee to lower chest) with hip dips of known volume.
#include "contour/core/mesh.hpp"

namespace contour {

/// One hip dip carved into the phantom: a Gaussian dent pushed radially inwards.
struct PhantomDip {
  double depth_mm = 12.0;    ///< inward depth at the centre, mm (0 = no dip); valid 0-40
  double height_mm = 100.0;  ///< vertical extent, mm (= 4 standard deviations); valid 20-300
  double width_mm = 140.0;   ///< front-to-back extent along the skin, mm (= 4 s.d.); valid 20-300
  double centre_z_mm = -1;   ///< height of the centre above the floor, mm; < 0: midway between
                             ///< the trochanter and iliac-crest levels
};

struct PhantomOptions {
  double stature_mm = 1650.0;     ///< standing height the proportions derive from (ANSUR II ratios)
  double hip_half_width_mm = 180; ///< lateral half-width at the trochanter level, mm
  double waist_half_width_mm = 132; ///< lateral half-width at the waist, mm
  PhantomDip left, right;         ///< patient's left and right dips
  bool arms = true;               ///< arms hanging beside the hips (separate pieces unless arm_gap_mm <= 0)
  double arm_gap_mm = 30.0;       ///< clearance between arm and hip, mm (-30 to 200; <= 0: the arm touches or presses into the hip)
  bool open_ends = true;          ///< leave the cut ends open, as on a cropped scan
  double voxel_mm = 2.5;          ///< sampling of the implicit surface, mm (0.5-10)
  int subdivide = 0;              ///< extra 1-to-4 subdivisions of the output (mesh size x4 each)
};

struct PhantomResult {
  Mesh mesh;                    ///< canonical frame: +x right, +y anterior, +z up, mm, floor z = 0
  double true_fill_left_ml = 0; ///< carved volume of the left dip, by quadrature of the analytic dent
  double true_fill_right_ml = 0;
  double mesh_fill_left_ml = 0; ///< the same measured on the meshes (uncarved minus carved body)
  double mesh_fill_right_ml = 0;
  double trochanter_z_mm = 0, iliac_z_mm = 0, waist_z_mm = 0, crotch_z_mm = 0;
  double dip_left_z_mm = 0, dip_right_z_mm = 0;
};

/// Builds the phantom. Throws InvalidInput when an option is out of its valid range.
[[nodiscard]] PhantomResult make_phantom(const PhantomOptions& options = {});

}  // namespace contour
