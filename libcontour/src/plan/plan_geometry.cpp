#include "contour/plan/plan_geometry.hpp"

#include "contour/core/errors.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

namespace contour {

void validate(const GeometryOptions& o) {
  auto in = [](double v, double lo, double hi) { return v >= lo && v <= hi; };  // false for NaN
  if (!in(o.silhouette.spacing_mm, 0.5, 5.0)) throw InvalidInput("silhouette spacing_mm must be in 0.5-5 mm");
  if (!in(o.silhouette.below_crotch_mm, 20.0, 1000.0) || !in(o.silhouette.above_crotch_mm, 100.0, 2000.0))
    throw InvalidInput("silhouette window below/above the crotch out of range (20-1000 / 100-2000 mm)");
  if (!in(o.curve.smoothness_mm, 1.0, 50.0)) throw InvalidInput("smoothness_mm must be in 1-50 mm");
  if (!in(o.curve.correction, 0.0, 1.0)) throw InvalidInput("correction must be in 0-1");
  if (!in(o.volume.section_spacing_mm, 0.05, 5.0)) throw InvalidInput("section_spacing_mm must be in 0.05-5 mm");
  if (!in(o.landmarks.smoothing_mm, 0.0, 30.0)) throw InvalidInput("landmark smoothing_mm must be in 0-30 mm");
  if (!in(o.method_disagreement_warning, 0.0, 1.0)) throw InvalidInput("method_disagreement_warning must be in 0-1");
  validate(o.surface);
}

GeometryResult plan_geometry(const ImportedScan& scan, const GeometryOptions& opt) {
  validate(opt);
  GeometryResult g;
  g.correction = opt.curve.correction;
  g.silhouette = extract_silhouette(scan.mesh, scan.info.crotch_z_mm, opt.silhouette);
  const Silhouette& sil = g.silhouette;
  std::array<SideTarget, 2> targets;
  for (int s = 0; s < 2; ++s) {
    SideGeometry& sg = g.sides[s];
    sg.side = s == 0 ? Side::Left : Side::Right;
    sg.landmarks = find_landmarks(sil, sg.side, opt.landmarks, opt.overrides[s]);
    std::vector<double> w(sil.z.size());
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = sil.width(sg.side, i);
    auto index_of = [&](double z) {
      std::size_t best = 0;
      for (std::size_t i = 0; i < sil.z.size(); ++i)
        if (std::abs(sil.z[i] - z) < std::abs(sil.z[best] - z)) best = i;
      return best;
    };
    const std::size_t first = index_of(sg.landmarks.z.trochanter_z_mm), last = index_of(sg.landmarks.z.iliac_z_mm);
    sg.curve.first = first;
    sg.curve.last = last;
    // Every side with a window is faired: the faired surface, not the silhouette alone, decides
    // what is filled (a dent on skin facing forwards or backwards does not show on the silhouette).
    sg.full.active = last > first + 2;
    sg.full.fill_mm.assign(w.size(), 0.0);
    sg.full.first = first;
    sg.full.last = last;
    sg.full.dip = index_of(sg.landmarks.z.dip_z_mm);
    sg.curve.fill_mm.assign(w.size(), 0.0);
    sg.curve.target = w;
    targets[s] = sg.full;
  }
  TargetSurfaceOptions surface_opt = opt.surface;
  // The smoothness length sets how far beyond the window's ends each column of the faired
  // region may reach to find where its skin is most prominent (two smoothness lengths).
  surface_opt.fairing.margin_mm = std::max(4.0, 2.0 * opt.curve.smoothness_mm);
  g.surface = build_target_surface(scan.mesh, sil, targets, surface_opt);
  // The reported target curve is the silhouette of the faired target surface, scaled by the
  // correction; the reported depth is the thickest fill of the surface at full correction.
  for (int s = 0; s < 2; ++s) {
    SideGeometry& sg = g.sides[s];
    const auto& reached = g.surface.extent[s].silhouette_target_mm;
    if (!sg.full.active || reached.empty()) continue;
    for (std::size_t r = 0; r < reached.size(); ++r) {
      const std::size_t i = sg.full.first + r;
      const double w = sil.width(sg.side, i);
      sg.full.fill_mm[i] = std::max(0.0, reached[r] - w);
      sg.curve.target[i] = w + g.correction * sg.full.fill_mm[i];
      sg.curve.fill_mm[i] = sg.curve.target[i] - w;
    }
    double depth = 0;
    for (std::size_t v = 0; v < g.surface.fill_mm.size(); ++v)
      if (g.surface.side_of_vertex[v] == s + 1) depth = std::max(depth, g.surface.fill_mm[v]);
    sg.landmarks.dip_depth_mm = depth;
  }

  std::vector<RegionSpec> specs;
  for (int s = 0; s < 2; ++s) {
    const SideGeometry& sg = g.sides[s];
    const std::string side = side_name(sg.side);
    // Margins wide enough to hold every face that touches a moved vertex (edges up to 50 mm).
    const double lo = sil.z[sg.full.first] - 50, hi = sil.z[sg.full.last] + 50, mid = sg.landmarks.z.dip_z_mm;
    specs.push_back({side + "_upper", sg.side, mid, hi});
    specs.push_back({side + "_lower", sg.side, lo, mid});
  }
  g.regions = fill_volumes(g.surface, specs, g.correction, opt.volume);
  for (const auto& r : g.regions) {
    SideGeometry& sg = g.sides[r.region.side == Side::Left ? 0 : 1];
    sg.fill_ml += r.prism_ml;
    sg.fill_section_ml += r.section_ml;
  }
  // A fill is material added outside the scan: a negative total means inward faces or a broken
  // target surface, i.e. a bug upstream, never a plan (-0.05 mL allows for rounding).
  for (const auto& sg : g.sides)
    if (sg.fill_ml < -0.05 || sg.fill_section_ml < -0.05) {
      std::ostringstream s;
      s << scan.info.path << ": internal error: negative fill volume on the " << side_name(sg.side) << " side ("
        << sg.fill_ml << " / " << sg.fill_section_ml << " mL)";
      throw InternalError(s.str());
    }
  for (const auto& note : scan.info.notes) g.warnings.push_back(note);
  for (const auto& note : sil.notes) g.warnings.push_back(note);
  const bool levels_given = opt.overrides[0].iliac_z_mm || opt.overrides[1].iliac_z_mm ||
                            opt.overrides[0].trochanter_z_mm || opt.overrides[1].trochanter_z_mm;
  if (!levels_given)
    for (const auto& note : side_agreement_notes(g.sides[0].landmarks, g.sides[1].landmarks, opt.landmarks))
      g.warnings.push_back(note);
  for (const auto& sg : g.sides) {
    const double m = std::max(std::abs(sg.fill_ml), std::abs(sg.fill_section_ml));
    if (m > 0.5 && std::abs(sg.fill_ml - sg.fill_section_ml) / m > opt.method_disagreement_warning) {
      std::ostringstream s;
      s.setf(std::ios::fixed);
      s.precision(1);
      s << side_name(sg.side) << " side: the two volume methods disagree by "
        << 100.0 * std::abs(sg.fill_ml - sg.fill_section_ml) / m << " % (" << sg.fill_ml << " vs " << sg.fill_section_ml
        << " mL); check the scan for holes near the hip";
      g.warnings.push_back(s.str());
    }
    for (const auto& note : sg.landmarks.notes) g.warnings.push_back(std::string(side_name(sg.side)) + " side: " + note);
  }
  return g;
}

std::array<LandmarkOverrides, 2> load_landmark_overrides(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw IoError(path + ": cannot open the landmarks file");
  nlohmann::json j;
  try {
    in >> j;
  } catch (const nlohmann::json::exception& e) {
    throw InvalidInput(path + ": not valid JSON (" + std::string(e.what()) + ")");
  }
  if (!j.is_object()) throw InvalidInput(path + ": expected a JSON object with \"left\" and/or \"right\"");
  std::array<LandmarkOverrides, 2> out;
  static const char* keys[] = {"waist_z_mm", "iliac_z_mm", "dip_z_mm", "trochanter_z_mm", "thigh_z_mm"};
  auto read = [&](const nlohmann::json& obj, LandmarkOverrides& o, const std::string& where) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      if (it.key() == "left" || it.key() == "right") continue;
      bool known = false;
      for (const char* k : keys) known = known || it.key() == k;
      if (!known) throw InvalidInput(path + ": unknown landmark \"" + where + it.key() + "\"");
      if (!it.value().is_number() || !std::isfinite(it.value().get<double>()))
        throw InvalidInput(path + ": landmark \"" + where + it.key() + "\" must be a number (mm)");
      const double v = it.value().get<double>();
      if (it.key() == "waist_z_mm") o.waist_z_mm = v;
      if (it.key() == "iliac_z_mm") o.iliac_z_mm = v;
      if (it.key() == "dip_z_mm") o.dip_z_mm = v;
      if (it.key() == "trochanter_z_mm") o.trochanter_z_mm = v;
      if (it.key() == "thigh_z_mm") o.thigh_z_mm = v;
    }
  };
  read(j, out[0], "");
  read(j, out[1], "");
  if (j.contains("left")) {
    if (!j["left"].is_object()) throw InvalidInput(path + ": \"left\" must be an object");
    read(j["left"], out[0], "left.");
  }
  if (j.contains("right")) {
    if (!j["right"].is_object()) throw InvalidInput(path + ": \"right\" must be an object");
    read(j["right"], out[1], "right.");
  }
  return out;
}

}  // namespace contour
