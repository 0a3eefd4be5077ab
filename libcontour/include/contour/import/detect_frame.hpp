#pragma once
// Detection of the body pieces, units and orientation of a scan (used by import_scan).
#include "contour/core/mesh.hpp"
#include "contour/import/clean_mesh.hpp"
#include "contour/import/import_scan.hpp"

#include <string>
#include <vector>

namespace contour {

struct PieceSelection {
  std::vector<bool> keep;          ///< per piece
  std::vector<std::string> role;   ///< per piece: "body", "limb", "stray", "helper"
};

/// The largest piece is the body. Other pieces are kept as limbs (e.g. arms that the scanner
/// captured as separate pieces) unless they are small (area below `stray_area_fraction` of the
/// body: "stray") or are shells hugging or enclosing the body (clothing/helper geometry:
/// "helper"). Scale-free: works in any units.
[[nodiscard]] PieceSelection select_body_pieces(const Mesh& mesh, const Pieces& pieces, double stray_area_fraction);

struct FrameDetection {
  FrameTransform transform;   ///< file -> canonical (mm, RAS, z = 0 at the lowest point)
  LengthUnit units = LengthUnit::Millimetre;
  SignedAxis up, front;       ///< nearest file axes
  double yaw_deg = 0;         ///< angle between the file's front axis and the detected anterior
  double crotch_z_mm = 0;
  double front_confidence = 1.0;        ///< [0, 1], see ScanInfo
  std::vector<FrontCue> front_cues;
  double tilt_deg = 0, tilt_forward_deg = 0, tilt_right_deg = 0, tilt_corrected_deg = 0;
  bool full_body = false;               ///< feet found at the bottom (a standing full-body scan)
  std::vector<std::string> notes;       ///< for the plan's warnings
};

/// Detects the up axis (the end without separate legs is superior), the lean of the body's long
/// axis (levelled when it is clear; on a crop the bisector of the thighs' and torso's axes), the
/// units (height in a plausible human range, a full-body scan, recognised by its feet, 1000-2300
/// mm tall; and a plausible hip width), the lateral axis (widest horizontal direction) and the
/// front from several anatomical cues with a confidence (feet point forward, the gluteal cleft
/// notches the back, the buttocks overhang the thighs behind, the nose). Overrides in `options` win. Throws InvalidInput when
/// the mesh is not a standing human body covering the waist to the thigh.
[[nodiscard]] FrameDetection detect_frame(const Mesh& body, const std::string& name, const ImportOptions& options);

}  // namespace contour
