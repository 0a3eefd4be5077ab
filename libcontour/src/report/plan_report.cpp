#include "contour/report/plan_report.hpp"

#include "contour/graft/format_graft_csv.hpp"
#include "contour/graft/format_graft_report.hpp"
#include "contour/core/errors.hpp"
#include "contour/io/write_mesh.hpp"
#include "core/csv_field.hpp"
#include "graft/graft_json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

namespace contour {
namespace {

/// v rounded to a multiple of q = 10^-d, as the double nearest that decimal (so it prints as
/// 52.91, not 52.910000000000004: dividing by the exact power of ten, not multiplying by q).
double round_to(double v, double q) {
  const double inv = std::round(1.0 / q);
  return inv >= 1.0 ? std::round(v * inv) / inv : std::round(v / q) * q;
}

/// Decimals a number keeps, by what it means (its key): volumes 0.01 mL, lengths 0.01 mm,
/// percentages and angles 0.1, BMI 0.1, other fractions (resorption, yield, votes) 0.0001.
double quantum_for_key(const std::string& key) {
  if (key.find("_ml") != std::string::npos) return 0.01;
  if (key.find("_mm") != std::string::npos) return 0.01;
  if (key.find("_pct") != std::string::npos || key.find("_deg") != std::string::npos) return 0.1;
  if (key.find("kg_m2") != std::string::npos) return 0.1;
  return 0.0001;
}

/// Rounds every floating-point number in `j` by the key it stands under (arrays take their
/// key's); integers and text are left alone.
void round_numbers(nlohmann::json& j, const std::string& key) {
  if (j.is_number_float()) {
    if (std::isfinite(j.get<double>())) j = round_to(j.get<double>(), quantum_for_key(key));
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) round_numbers(it.value(), it.key());
  } else if (j.is_array()) {
    for (auto& e : j) round_numbers(e, key);
  }
}

nlohmann::json side_json(const SideGeometry& sg, const FillExtent& ext) {
  const Landmarks& z = sg.landmarks.z;
  return {{"landmarks",
           {{"waist_z_mm", round_to(z.waist_z_mm, 0.1)},
            {"iliac_z_mm", round_to(z.iliac_z_mm, 0.1)},
            {"dip_z_mm", round_to(z.dip_z_mm, 0.1)},
            {"trochanter_z_mm", round_to(z.trochanter_z_mm, 0.1)},
            {"thigh_z_mm", round_to(z.thigh_z_mm, 0.1)}}},
          {"landmarks_estimated", sg.landmarks.estimated},
          {"has_dip", sg.landmarks.has_dip},
          {"dip_depth_mm", round_to(sg.landmarks.dip_depth_mm, 0.01)},
          {"fill_ml", round_to(sg.fill_ml, 0.01)},
          {"fill_section_ml", round_to(sg.fill_section_ml, 0.01)},
          {"fill_extent_mm", {{"front", ext.front_mm}, {"back", ext.back_mm}, {"y_centre", ext.y_centre_mm}}},
          {"notes", sg.landmarks.notes}};
}

}  // namespace

std::string plan_to_json_text(const PlanResult& p) { return plan_to_json_text(p, PatientIdentity{}); }

std::string plan_to_json_text(const PlanResult& p, const PatientIdentity& patient) {
  const ScanInfo& i = p.scan.info;
  const GeometryResult& g = p.geometry;
  nlohmann::json j;
  j["schema"] = "libcontour.plan/1";
  j["units"] = {{"length", "mm"}, {"volume", "mL"},
                {"frame", "canonical: +x patient's right, +y anterior, +z superior; heights above the lowest point"}};
  j["scan"] = {{"path", i.path},
               {"format", i.format},
               {"encoding", i.encoding},
               {"file_units", unit_name(i.units)},
               {"file_units_detected", i.units_detected},
               {"up_axis", i.up.name()},
               {"front_axis", i.front.name()},
               {"height_mm", round_to(i.height_mm, 0.1)},
               {"crotch_z_mm", round_to(i.crotch_z_mm, 0.1)},
               {"vertices", i.vertices},
               {"faces", i.faces},
               {"boundary_loops", i.boundary_loops},
               {"pieces", i.pieces.size()}};
  nlohmann::json cues = nlohmann::json::array();
  for (const FrontCue& c : i.front_cues)
    cues.push_back({{"name", c.name}, {"vote", round_to(c.vote, 0.01)}, {"weight", c.weight}, {"detail", c.detail}});
  const OrientReport& o = i.orientation;
  j["frame"] = {{"up_axis", i.up.name()},
                {"up_detected", i.up_detected},
                {"front_axis", i.front.name()},
                {"front_detected", i.front_detected},
                {"front_confidence", round_to(i.front_confidence, 0.01)},
                {"front_cues", cues},
                {"yaw_deg", round_to(i.yaw_deg, 0.1)},
                {"tilt_deg", round_to(i.tilt_deg, 0.1)},
                {"tilt_forward_deg", round_to(i.tilt_forward_deg, 0.1)},
                {"tilt_right_deg", round_to(i.tilt_right_deg, 0.1)},
                {"tilt_corrected_deg", round_to(i.tilt_corrected_deg, 0.1)},
                {"faces_reoriented", o.faces_flipped},
                {"pieces_reoriented", o.pieces_reoriented}};
  j["correction"] = g.correction;
  j["sides"] = {{"left", side_json(g.sides[0], g.surface.extent[0])}, {"right", side_json(g.sides[1], g.surface.extent[1])}};
  nlohmann::json regions = nlohmann::json::array();
  double total = 0, worst = 0;
  for (const auto& r : g.regions) {
    regions.push_back({{"name", r.region.name},
                       {"side", side_name(r.region.side)},
                       {"fill_ml", round_to(r.prism_ml, 0.01)},
                       {"fill_section_ml", round_to(r.section_ml, 0.01)},
                       {"z_lo_mm", round_to(r.region.z_lo_mm, 0.1)},
                       {"z_hi_mm", round_to(r.region.z_hi_mm, 0.1)}});
    total += r.prism_ml;
    worst = std::max(worst, r.disagreement());
  }
  j["regions"] = regions;
  j["total_fill_ml"] = round_to(total, 0.01);
  j["volume_methods"] = {{"fill_ml", "signed volume swept between the scan and the target (tetrahedra)"},
                         {"fill_section_ml", "area between before/target cross-sections integrated over height"},
                         {"max_region_disagreement_pct", round_to(100 * worst, 0.01)}};
  // Silhouettes (every 2nd sample) for plots.
  nlohmann::json sil;
  const Silhouette& s = g.silhouette;
  std::vector<double> zs, lw, lt, rw, rt;
  for (std::size_t k = 0; k < s.z.size(); k += 2) {
    zs.push_back(round_to(s.z[k], 0.1));
    lw.push_back(round_to(s.width(Side::Left, k), 0.01));
    rw.push_back(round_to(s.width(Side::Right, k), 0.01));
    lt.push_back(round_to(g.sides[0].curve.target[k], 0.01));
    rt.push_back(round_to(g.sides[1].curve.target[k], 0.01));
  }
  j["silhouette"] = {{"z_mm", zs}, {"left_half_width_mm", lw}, {"left_target_mm", lt},
                     {"right_half_width_mm", rw}, {"right_target_mm", rt}};
  const nlohmann::json graft = graft_to_json(p.graft);
  for (auto it = graft.begin(); it != graft.end(); ++it)
    if (it.key() != "warnings") j[it.key()] = it.value();
  j["warnings"] = p.warnings;
  if (!patient.empty()) {
    // Only the fields given; keys as in the identity JSON file (docs/report.md).
    nlohmann::json who = nlohmann::json::object();
    for (const auto& [key, value] : identity_by_key(patient))
      if (!value.empty()) who[key] = value;
    j["patient"] = who;
  }
  round_numbers(j, "");
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string format_plan_report(const PlanResult& p) {
  const ScanInfo& i = p.scan.info;
  const GeometryResult& g = p.geometry;
  std::ostringstream o;
  char buf[512];
  std::snprintf(buf, sizeof buf, "Scan   %s\n       %s, %lld triangles, file units %s, up %s, front %s, height %.0f mm\n",
                i.path.c_str(), i.format.c_str(), i.faces, unit_name(i.units), i.up.name().c_str(), i.front.name().c_str(),
                i.height_mm);
  o << buf;
  std::snprintf(buf, sizeof buf, "       correction %.0f %%; heights in mm above the lowest point of the scan\n\n",
                100 * g.correction);
  o << buf;
  o << "Landmarks (mm)          left     right\n";
  auto row = [&](const char* name, double l, double r) {
    std::snprintf(buf, sizeof buf, "  %-18s %8.0f  %8.0f\n", name, l, r);
    o << buf;
  };
  const Landmarks& L = g.sides[0].landmarks.z;
  const Landmarks& R = g.sides[1].landmarks.z;
  row("waist", L.waist_z_mm, R.waist_z_mm);
  row("iliac crest", L.iliac_z_mm, R.iliac_z_mm);
  row("dip", L.dip_z_mm, R.dip_z_mm);
  row("trochanter", L.trochanter_z_mm, R.trochanter_z_mm);
  row("thigh", L.thigh_z_mm, R.thigh_z_mm);
  std::snprintf(buf, sizeof buf, "  %-18s %8.1f  %8.1f\n\n", "dip depth", g.sides[0].landmarks.dip_depth_mm,
                g.sides[1].landmarks.dip_depth_mm);
  o << buf;
  o << "Fill volume (mL)       method A  method B\n";
  double total = 0;
  for (const auto& r : g.regions) {
    std::snprintf(buf, sizeof buf, "  %-18s %8.1f  %8.1f\n", r.region.name.c_str(), r.prism_ml, r.section_ml);
    o << buf;
    total += r.prism_ml;
  }
  std::snprintf(buf, sizeof buf, "  %-18s %8.1f  %8.1f\n  %-18s %8.1f  %8.1f\n  %-18s %8.1f\n\n", "left", g.sides[0].fill_ml,
                g.sides[0].fill_section_ml, "right", g.sides[1].fill_ml, g.sides[1].fill_section_ml, "total", total);
  o << buf;
  o << format_graft_report(p.graft);
  if (!p.geometry.warnings.empty()) {
    o << "\nGeometry notes and warnings\n";
    for (const auto& w : p.geometry.warnings) o << "  ! " << w << "\n";
  }
  return o.str();
}

std::string plan_scan_id(const PlanResult& p) {
  std::string name = p.scan.info.path;
  const auto slash = name.find_last_of('/');
  if (slash != std::string::npos) name = name.substr(slash + 1);
  const auto dot = name.find_last_of('.');
  if (dot != std::string::npos && dot > 0) name = name.substr(0, dot);
  return name;
}

std::string format_plan_csv(const PlanResult& p) {
  std::ostringstream o;
  o << "scan_id,scan_file,correction,side,region,z_lo_mm,z_hi_mm,fill_ml,fill_section_ml,resorption,inject_ml,"
       "inject_low_ml,inject_high_ml,aspirate_ml\n";
  const std::string id = detail::csv_field(plan_scan_id(p)), file = detail::csv_field(p.scan.info.path);
  char buf[512];
  for (std::size_t i = 0; i < p.geometry.regions.size(); ++i) {
    const RegionVolume& r = p.geometry.regions[i];
    const RegionGraftPlan* g = nullptr;
    for (const auto& gr : p.graft.regions)
      if (gr.name == r.region.name) g = &gr;
    std::snprintf(buf, sizeof buf, ",%.4g,%s,%s,%.1f,%.1f,%.2f,%.2f", p.geometry.correction, side_name(r.region.side),
                  detail::csv_field(r.region.name).c_str(), r.region.z_lo_mm, r.region.z_hi_mm, r.prism_ml, r.section_ml);
    o << id << "," << file << buf;
    if (g) {
      std::snprintf(buf, sizeof buf, ",%.4g,%.2f,%.2f,%.2f,%.2f\n", g->resorption, g->inject_ml, g->inject_range.low_ml,
                    g->inject_range.high_ml, g->aspirate_ml);
      o << buf;
    } else {
      o << ",,,,,\n";
    }
  }
  return o.str();
}

namespace {
/// The fill thickness per surface vertex at the plan's correction, mm.
std::vector<double> fill_at_correction(const PlanResult& p) {
  std::vector<double> fill(p.geometry.surface.fill_mm.size());
  for (std::size_t k = 0; k < fill.size(); ++k) fill[k] = p.geometry.correction * p.geometry.surface.fill_mm[k];
  return fill;
}

std::pair<Mesh, WriteMeshOptions> target_in_file_frame(const PlanResult& p, MeshFormat f) {
  const Mesh target = p.geometry.surface.target(p.geometry.correction);
  Mesh out;
  out.F = target.F;
  // Undo the canonical placement: file = R^T (canonical - t) / scale.
  const Vertices shifted = target.V;
  out.V = p.scan.transform.to_file(shifted);
  WriteMeshOptions wo;
  if (f != MeshFormat::Obj && f != MeshFormat::Stl) wo.vertex_scalar = fill_at_correction(p);
  return {std::move(out), std::move(wo)};
}
}  // namespace

void write_before_mesh(const PlanResult& p, MeshFormat format, std::ostream& out) {
  const Mesh& before = p.geometry.surface.before;
  Mesh mesh;
  mesh.F = before.F;
  mesh.V = p.scan.transform.to_file(before.V);
  WriteMeshOptions wo;
  if (format != MeshFormat::Obj && format != MeshFormat::Stl) wo.vertex_scalar = fill_at_correction(p);
  write_mesh(out, format, mesh, wo);
}

std::vector<double> fill_on_file_vertices(const PlanResult& p) {
  const std::vector<int>& map = p.scan.vertex_of_file_vertex;
  const std::vector<double>& fill = p.geometry.surface.fill_mm;
  std::vector<double> out(map.size(), 0.0);
  for (std::size_t i = 0; i < map.size(); ++i) {
    const int v = map[i];
    if (v >= 0 && static_cast<std::size_t>(v) < fill.size()) out[i] = p.geometry.correction * fill[static_cast<std::size_t>(v)];
  }
  return out;
}

FillMapFormat fill_map_format_from_path(const std::string& path) {
  const std::string refused = path + ": a fill map is written as .csv, .ply, .vtp or .vtk (OBJ and STL carry no per-vertex values)";
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".csv") return FillMapFormat::Csv;
  // The mesh formats as the mesh writer names them; of those only OBJ and STL hold no values.
  MeshFormat f{};
  try {
    f = format_from_path(path);
  } catch (const InvalidInput&) {
    throw InvalidInput(refused);
  }
  switch (f) {
    case MeshFormat::Ply: return FillMapFormat::Ply;
    case MeshFormat::Vtp: return FillMapFormat::Vtp;
    case MeshFormat::Vtk: return FillMapFormat::Vtk;
    default: throw InvalidInput(refused);
  }
}

void write_fill_map(const PlanResult& p, const Mesh& file_mesh, FillMapFormat format, std::ostream& out) {
  const std::string& name = p.scan.info.path;
  const std::vector<int>& map = p.scan.vertex_of_file_vertex;
  if (file_mesh.num_vertices() != p.scan.info.file_vertices || file_mesh.num_faces() != p.scan.info.file_faces ||
      static_cast<Eigen::Index>(map.size()) != file_mesh.num_vertices())
    throw InvalidInput(name + ": the file now has " + std::to_string(file_mesh.num_vertices()) + " vertices and " +
                       std::to_string(file_mesh.num_faces()) + " faces, the plan was made on " +
                       std::to_string(p.scan.info.file_vertices) + " and " + std::to_string(p.scan.info.file_faces) +
                       ": it changed since it was planned");
  // Every vertex the plan used must still be where the plan found it (file frame and units).
  Vertices kept(static_cast<Eigen::Index>(map.size()), 3);
  const Eigen::Index nv = p.scan.mesh.num_vertices();
  for (std::size_t i = 0; i < map.size(); ++i) {
    const int v = map[i];
    if (v >= nv) throw InvalidInput(name + ": internal error: vertex map points past the imported mesh");
    if (v >= 0)
      kept.row(static_cast<Eigen::Index>(i)) = p.scan.mesh.V.row(v);
    else
      kept.row(static_cast<Eigen::Index>(i)).setZero();
  }
  const Vertices back = p.scan.transform.to_file(kept);
  const double extent = (file_mesh.V.colwise().maxCoeff() - file_mesh.V.colwise().minCoeff()).norm();
  const double tol = 1e-6 * std::max(extent, 1e-12) + 1e-9;
  for (std::size_t i = 0; i < map.size(); ++i) {
    if (map[i] < 0) continue;
    const auto r = static_cast<Eigen::Index>(i);
    // Merged duplicates lie within the cleaning's merge distance (1e-9 of the diagonal) of the
    // vertex they became; the round trip through the canonical frame adds rounding only.
    if ((back.row(r) - file_mesh.V.row(r)).norm() > tol)
      throw InvalidInput(name + ": vertex " + std::to_string(i) + " is not where it was when the scan was planned: the file changed since");
  }
  const std::vector<double> fill = fill_on_file_vertices(p);
  if (format == FillMapFormat::Csv) {
    char buf[160];
    out << "vertex,x,y,z,fill_mm,in_plan\n";
    for (std::size_t i = 0; i < map.size(); ++i) {
      const auto r = static_cast<Eigen::Index>(i);
      std::snprintf(buf, sizeof buf, "%zu,%.9g,%.9g,%.9g,%.4f,%d\n", i, file_mesh.V(r, 0), file_mesh.V(r, 1), file_mesh.V(r, 2),
                    fill[i] == 0.0 ? 0.0 : fill[i], map[i] >= 0 ? 1 : 0);
      out << buf;
    }
    return;
  }
  Mesh mesh;
  mesh.V = file_mesh.V;
  mesh.F = file_mesh.F;
  WriteMeshOptions wo;
  wo.vertex_scalar = fill;
  const MeshFormat mf = format == FillMapFormat::Ply ? MeshFormat::Ply : format == FillMapFormat::Vtp ? MeshFormat::Vtp : MeshFormat::Vtk;
  write_mesh(out, mf, mesh, wo);
}

void write_target_mesh(const PlanResult& p, const std::string& path) {
  const auto [mesh, wo] = target_in_file_frame(p, format_from_path(path));
  write_mesh(path, mesh, wo);
}

void write_target_mesh(const PlanResult& p, MeshFormat format, std::ostream& out) {
  const auto [mesh, wo] = target_in_file_frame(p, format);
  write_mesh(out, format, mesh, wo);
}

}  // namespace contour
