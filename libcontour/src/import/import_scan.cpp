#include "contour/import/import_scan.hpp"

#include "contour/core/errors.hpp"
#include "contour/import/body_profile.hpp"
#include "contour/import/detect_frame.hpp"
#include "contour/io/read_mesh.hpp"

#include <tbb/parallel_invoke.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace contour {

const char* unit_name(LengthUnit unit) {
  switch (unit) {
    case LengthUnit::Millimetre: return "mm";
    case LengthUnit::Centimetre: return "cm";
    case LengthUnit::Decimetre: return "dm";
    case LengthUnit::Metre: return "m";
    case LengthUnit::Inch: return "in";
  }
  return "mm";
}

double unit_to_mm(LengthUnit unit) {
  switch (unit) {
    case LengthUnit::Millimetre: return 1.0;
    case LengthUnit::Centimetre: return 10.0;
    case LengthUnit::Decimetre: return 100.0;
    case LengthUnit::Metre: return 1000.0;
    case LengthUnit::Inch: return 25.4;
  }
  return 1.0;
}

LengthUnit parse_unit(const std::string& text) {
  if (text == "mm") return LengthUnit::Millimetre;
  if (text == "cm") return LengthUnit::Centimetre;
  if (text == "dm") return LengthUnit::Decimetre;
  if (text == "m") return LengthUnit::Metre;
  if (text == "in") return LengthUnit::Inch;
  throw InvalidInput("units: expected mm, cm, dm, m or in, got \"" + text + "\"");
}

std::string SignedAxis::name() const { return std::string(sign > 0 ? "+" : "-") + static_cast<char>('x' + axis); }

Eigen::Vector3d SignedAxis::vector() const {
  Eigen::Vector3d v = Eigen::Vector3d::Zero();
  v[axis] = sign;
  return v;
}

SignedAxis parse_axis(const std::string& text) {
  std::string t = text;
  int sign = 1;
  if (!t.empty() && (t[0] == '+' || t[0] == '-')) {
    sign = t[0] == '-' ? -1 : 1;
    t = t.substr(1);
  }
  if (t.size() == 1 && (t[0] == 'x' || t[0] == 'y' || t[0] == 'z' || t[0] == 'X' || t[0] == 'Y' || t[0] == 'Z'))
    return SignedAxis{std::tolower(t[0]) - 'x', sign};
  throw InvalidInput("axis: expected one of +x -x +y -y +z -z, got \"" + text + "\"");
}

Vertices FrameTransform::to_canonical(const Vertices& p) const {
  Vertices out = p;
  apply_to_canonical(out);
  return out;
}

void FrameTransform::apply_to_canonical(Vertices& points) const {
  const Eigen::Matrix3d M = scale * rotation;
  for (Eigen::Index i = 0; i < points.rows(); ++i) points.row(i) = (M * points.row(i).transpose() + translation).transpose();
}

Vertices FrameTransform::to_file(const Vertices& c) const {
  Vertices out = ((c.rowwise() - translation.transpose()) * rotation) / scale;
  return out;
}

long long count_boundary_loops(const Mesh& mesh) {
  // Boundary edges are used by exactly one face; loops are their connected chains. Each edge's
  // higher vertex is filed under its lower one (a counting sort, linear time, reading the faces
  // in order), then counted within each vertex's short list.
  const auto nv = static_cast<std::size_t>(mesh.num_vertices());
  std::vector<int> start(nv + 1, 0);
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f)
    for (int k = 0; k < 3; ++k) ++start[static_cast<std::size_t>(std::min(mesh.F(f, k), mesh.F(f, (k + 1) % 3))) + 1];
  for (std::size_t v = 0; v < nv; ++v) start[v + 1] += start[v];
  std::vector<int> others(static_cast<std::size_t>(start[nv]));
  {
    std::vector<int> cursor(start.begin(), start.end() - 1);
    for (Eigen::Index f = 0; f < mesh.num_faces(); ++f)
      for (int k = 0; k < 3; ++k) {
        const int a = mesh.F(f, k), b = mesh.F(f, (k + 1) % 3);
        others[static_cast<std::size_t>(cursor[static_cast<std::size_t>(std::min(a, b))]++)] = std::max(a, b);
      }
  }
  std::vector<int> parent(nv);
  std::iota(parent.begin(), parent.end(), 0);
  auto root = [&](int i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  std::vector<char> on_boundary(nv, 0);
  for (std::size_t a = 0; a < nv; ++a) {
    const auto first = others.begin() + start[a], last = others.begin() + start[a + 1];
    std::sort(first, last);
    for (auto i = first; i != last;) {
      auto j = i;
      while (j != last && *j == *i) ++j;
      if (j - i == 1) {
        const int b = *i;
        on_boundary[a] = on_boundary[static_cast<std::size_t>(b)] = 1;
        parent[static_cast<std::size_t>(root(static_cast<int>(a)))] = root(b);
      }
      i = j;
    }
  }
  long long loops = 0;
  for (std::size_t v = 0; v < nv; ++v)
    if (on_boundary[v] && root(static_cast<int>(v)) == static_cast<int>(v)) ++loops;
  return loops;
}

ImportedScan import_scan(const std::string& path, const ImportOptions& options) {
  ReadMeshResult raw = read_mesh(path);
  ImportedScan scan = import_mesh(std::move(raw.mesh), path, options);
  scan.info.format = format_name(raw.format);
  scan.info.encoding = raw.encoding;
  return scan;
}

ImportedScan import_mesh(Mesh raw, const std::string& name, const ImportOptions& options) {
  ImportedScan out;
  ScanInfo& info = out.info;
  info.path = name;
  info.file_vertices = raw.num_vertices();
  info.file_faces = raw.num_faces();
  info.file_box = bounding_box(raw.V);

  CleanResult cleaned = clean_mesh(raw, name);
  raw = Mesh();  // the file's arrays are no longer needed
  info.clean = cleaned.report;
  if (cleaned.mesh.num_faces() < options.min_triangles)
    throw InvalidInput(name + ": only " + std::to_string(cleaned.mesh.num_faces()) +
                       " valid triangles; a body surface needs at least " + std::to_string(options.min_triangles));

  // Pieces: keep the body and what belongs to it (separate arms), drop strays and helpers.
  const Pieces pieces = connected_pieces(cleaned.mesh);
  // Winding: consistent across edges and outward, before anything slices the mesh (the section
  // chaining needs a consistent winding: half-reversed faces break the loops).
  info.orientation = orient_faces(cleaned.mesh, pieces);
  const PieceSelection sel = select_body_pieces(cleaned.mesh, pieces, options.stray_area_fraction);
  // The body is one connected surface: a soup of loose triangles or a scan broken into small
  // fragments is not one, however many triangles it has in all.
  for (std::size_t id = 0; id < sel.role.size(); ++id)
    if (sel.role[id] == "body" && pieces.faces[id] < options.min_triangles)
      throw InvalidInput(name + ": not a body surface: its largest connected piece has only " +
                         std::to_string(pieces.faces[id]) + " triangles (of " + std::to_string(cleaned.mesh.num_faces()) +
                         " in " + std::to_string(pieces.faces.size()) + " pieces); a body needs at least " +
                         std::to_string(options.min_triangles) + " in one piece");
  // The group (OBJ g/o) most of each piece's faces belong to, for the report.
  std::vector<std::string> piece_group(pieces.area.size());
  if (!cleaned.mesh.face_group.empty()) {
    std::vector<std::map<int, long long>> votes(pieces.area.size());
    for (std::size_t f = 0; f < pieces.face_piece.size(); ++f)
      ++votes[static_cast<std::size_t>(pieces.face_piece[f])][cleaned.mesh.face_group[f]];
    for (std::size_t id = 0; id < votes.size(); ++id) {
      auto best = std::max_element(votes[id].begin(), votes[id].end(), [](auto& a, auto& b) { return a.second < b.second; });
      if (best != votes[id].end() && best->first >= 0 && best->first < static_cast<int>(cleaned.mesh.group_names.size()))
        piece_group[id] = cleaned.mesh.group_names[static_cast<std::size_t>(best->first)];
    }
  }
  const bool keep_all = std::all_of(sel.keep.begin(), sel.keep.end(), [](bool k) { return k; });
  out.vertex_of_file_vertex = std::move(cleaned.vertex_map);
  Mesh body;
  if (keep_all) {
    body = std::move(cleaned.mesh);
  } else {
    std::vector<int> kept;
    body = extract_pieces(cleaned.mesh, pieces, sel.keep, &kept);
    for (int& v : out.vertex_of_file_vertex)
      if (v >= 0) v = kept[static_cast<std::size_t>(v)];
  }
  cleaned.mesh = Mesh();

  // Orientation and units; meanwhile the holes are counted (on the body as read: a rigid
  // change of frame does not change them).
  FrameDetection frame;
  tbb::parallel_invoke([&] { frame = detect_frame(body, name, options); },
                       [&] { info.boundary_loops = count_boundary_loops(body); });
  out.transform = frame.transform;
  info.units = frame.units;
  info.units_detected = !options.units.has_value();
  info.up = frame.up;
  info.front = frame.front;
  info.up_detected = !options.up.has_value();
  info.front_detected = !options.front.has_value();
  info.yaw_deg = frame.yaw_deg;
  info.crotch_z_mm = frame.crotch_z_mm;
  info.front_confidence = frame.front_confidence;
  info.front_cues = frame.front_cues;
  info.tilt_deg = frame.tilt_deg;
  info.tilt_forward_deg = frame.tilt_forward_deg;
  info.tilt_right_deg = frame.tilt_right_deg;
  info.tilt_corrected_deg = frame.tilt_corrected_deg;
  info.notes = frame.notes;

  out.transform.apply_to_canonical(body.V);
  out.mesh = std::move(body);
  info.vertices = out.mesh.num_vertices();
  info.faces = out.mesh.num_faces();
  info.height_mm = bounding_box(out.mesh.V).extent().z();

  const double area_scale = out.transform.scale * out.transform.scale;
  std::vector<std::size_t> order(pieces.area.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return pieces.area[a] > pieces.area[b]; });
  for (std::size_t id : order) {
    PieceSummary ps;
    ps.faces = pieces.faces[id];
    ps.area_mm2 = pieces.area[id] * area_scale;
    ps.role = sel.role[id];
    ps.group = piece_group[id];
    info.pieces.push_back(ps);
  }
  return out;
}

}  // namespace contour
