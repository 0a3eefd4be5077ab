#pragma once
// Scan import: read, clean, pick the body, detect units and orientation, and move the mesh
// into the canonical patient frame (docs/frame-and-units.md):
//   +x patient's right, +y anterior, +z superior, millimetres, z = 0 at the lowest point.
#include "contour/core/mesh.hpp"
#include "contour/import/clean_mesh.hpp"
#include "contour/import/orient_faces.hpp"

#include <optional>
#include <string>
#include <vector>

namespace contour {

enum class LengthUnit { Millimetre, Centimetre, Decimetre, Metre, Inch };

/// "mm", "cm", "dm", "m", "in".
[[nodiscard]] const char* unit_name(LengthUnit unit);
/// Millimetres per unit (1, 10, 100, 1000, 25.4).
[[nodiscard]] double unit_to_mm(LengthUnit unit);
/// Parses "mm", "cm", "dm", "m", "in"; throws InvalidInput otherwise.
[[nodiscard]] LengthUnit parse_unit(const std::string& text);

/// A signed coordinate axis of the file: "+x", "-x", "+y", "-y", "+z", "-z".
struct SignedAxis {
  int axis = 2;   ///< 0 = x, 1 = y, 2 = z
  int sign = 1;   ///< +1 or -1
  [[nodiscard]] std::string name() const;
  [[nodiscard]] Eigen::Vector3d vector() const;
};
/// Parses "+x", "x", "-y", ...; throws InvalidInput otherwise.
[[nodiscard]] SignedAxis parse_axis(const std::string& text);

struct ImportOptions {
  std::optional<LengthUnit> units;  ///< overrides unit detection
  std::optional<SignedAxis> up;     ///< overrides up-axis detection (file axis pointing to the head)
  std::optional<SignedAxis> front;  ///< overrides front detection (file axis pointing anteriorly)
  /// Pieces with less than this fraction of the body piece's area are dropped as stray.
  double stray_area_fraction = 0.02;
  /// Fewer triangles than this cannot describe a body surface.
  long long min_triangles = 500;
  /// Minimum extents the scan must cover, mm: above the crotch (torso to the waist) and below
  /// it (thigh), so that the waist-to-thigh window exists.
  double min_torso_above_crotch_mm = 150.0;
  double min_thigh_below_crotch_mm = 80.0;
  /// Plausible width of an adult's hips (widest extent of the section 15 % of the torso above the
  /// crotch), mm: a unit that makes it narrower or wider is passed over when another unit also
  /// gives a plausible height. Women's hip breadth is ~300-450 mm (docs/frame-and-units.md).
  double min_hip_width_mm = 220.0;
  double max_hip_width_mm = 750.0;
  /// The front/back decision with a lower confidence than this gives a "front uncertain" note.
  double front_confidence_warning = 0.25;
  /// A lean of the long axis from the file's up axis above this is levelled, degrees [0, 45].
  double level_above_deg = 2.0;
  /// A lean above this is not trusted to be levelled: the import notes it instead, degrees.
  double level_max_deg = 25.0;
};

struct PieceSummary {
  long long faces = 0;
  double area_mm2 = 0;
  std::string role;   ///< "body", "limb" (kept separate piece, e.g. an arm), "stray", "helper"
  std::string group;  ///< OBJ group of most of its faces, if any
};

/// One anatomical cue of the front/back decision (docs/frame-and-units.md).
struct FrontCue {
  std::string name;    ///< "feet", "buttocks", "face", "cleft" (gluteal), or "override"
  double vote = 0;     ///< [-1, 1]: +1 = clearly agrees with the chosen front, -1 = clearly against
  double weight = 0;   ///< how much the cue counts (0 when it could not be measured)
  std::string detail;  ///< what was measured, mm
};

struct ScanInfo {
  std::string path;
  std::string format;       ///< "ply", "obj", ...
  std::string encoding;     ///< "ascii", "binary_little_endian", ...
  long long file_vertices = 0, file_faces = 0;  ///< as read (after triangulation)
  BoundingBox file_box;     ///< in file units and axes
  LengthUnit units = LengthUnit::Millimetre;
  bool units_detected = true;
  SignedAxis up, front;     ///< file axes nearest to superior and anterior
  bool up_detected = true, front_detected = true;
  double yaw_deg = 0;       ///< rotation about the up axis between the file's front axis and anterior
  /// Confidence of the front/back decision, [0, 1] (1 when --front is given); below
  /// `ImportOptions::front_confidence_warning` the plan warns.
  double front_confidence = 1.0;
  std::vector<FrontCue> front_cues;
  /// Lean of the body's long axis from the file's up axis, degrees: total, and its components
  /// towards the front (+ = leaning forward) and towards the patient's right.
  double tilt_deg = 0, tilt_forward_deg = 0, tilt_right_deg = 0;
  double tilt_corrected_deg = 0;     ///< rotation applied to level the body (0 = none)
  CleanReport clean;
  OrientReport orientation;          ///< faces and patches reversed to make the winding outward
  /// Import notes that the plan repeats as warnings (front uncertain, tilt, ambiguous units).
  std::vector<std::string> notes;
  std::vector<PieceSummary> pieces;  ///< every connected piece, largest first
  long long boundary_loops = 0;      ///< open boundary loops (holes and cut ends) of the kept mesh
  double height_mm = 0;              ///< extent of the kept mesh along the up axis
  double crotch_z_mm = 0;            ///< crotch height above the lowest point, canonical frame
  long long vertices = 0, faces = 0; ///< of the kept, cleaned mesh
};

/// Canonical = scale * rotation * file + translation (canonical in mm).
struct FrameTransform {
  Eigen::Matrix3d rotation = Eigen::Matrix3d::Identity();
  double scale = 1.0;
  Eigen::Vector3d translation = Eigen::Vector3d::Zero();
  [[nodiscard]] Vertices to_canonical(const Vertices& file_points) const;
  /// The same in place (no copy of a large vertex array).
  void apply_to_canonical(Vertices& points) const;
  [[nodiscard]] Vertices to_file(const Vertices& canonical_points) const;
};

struct ImportedScan {
  Mesh mesh;                 ///< cleaned body in the canonical frame, mm
  ScanInfo info;
  FrameTransform transform;  ///< file -> canonical
  /// Per vertex of the file as read (info.file_vertices of them, in the file's order), the
  /// vertex of `mesh` it became, or -1 if the import dropped it (unused, or on a stray piece).
  /// Duplicates merged by the cleaning map to the same vertex.
  std::vector<int> vertex_of_file_vertex;
};

/// Reads and imports a scan file. Throws IoError / InvalidInput with the path in the message.
[[nodiscard]] ImportedScan import_scan(const std::string& path, const ImportOptions& options = {});

/// Imports a mesh already in memory (`name` is used in messages). Pass an rvalue to let the
/// import reuse and free the mesh's arrays as it goes (a 1 M-triangle scan holds ~26 MB).
[[nodiscard]] ImportedScan import_mesh(Mesh raw, const std::string& name, const ImportOptions& options = {});

/// Number of open boundary loops (chains of edges used by one face only).
[[nodiscard]] long long count_boundary_loops(const Mesh& mesh);

}  // namespace contour
