#include "contour/plan/plan_geometry.hpp"

#include "contour/core/errors.hpp"
#include "contour/io/read_side_file.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <sstream>

namespace contour {

void validate_geometry_options(const GeometryOptions& o) {
  // Written as !(lo <= v && v <= hi) so that NaN fails every check.
  auto check = [](double v, double lo, double hi, const char* name) {
    if (!(lo <= v && v <= hi)) {
      std::ostringstream s;
      s << "geometry options: " << name << " must lie in [" << lo << ", " << hi << "], got " << v;
      throw InvalidInput(s.str());
    }
  };
  const double big = 1e6;
  check(o.silhouette.spacing_mm, 0.25, 10.0, "silhouette.spacing_mm");
  check(o.silhouette.below_crotch_mm, 0.0, big, "silhouette.below_crotch_mm");
  check(o.silhouette.above_crotch_mm, 0.0, big, "silhouette.above_crotch_mm");
  check(o.landmarks.smoothing_mm, 0.0, 1000.0, "landmarks.smoothing_mm");
  check(o.landmarks.min_dip_depth_mm, 0.0, big, "landmarks.min_dip_depth_mm");
  check(o.landmarks.thigh_below_crotch_mm, 0.0, big, "landmarks.thigh_below_crotch_mm");
  check(o.landmarks.waist_min_above_crotch_mm, 0.0, big, "landmarks.waist_min_above_crotch_mm");
  for (double f : {o.landmarks.trochanter_band[0], o.landmarks.trochanter_band[1], o.landmarks.iliac_band[0],
                   o.landmarks.iliac_band[1], o.landmarks.trochanter_fraction, o.landmarks.iliac_fraction})
    check(f, 0.0, 1.0, "landmarks band or fraction");
  check(o.curve.correction, 0.0, 1.0, "curve.correction");
  check(o.curve.smoothness_mm, 1.0, 50.0, "curve.smoothness_mm");
  check(o.surface.max_edge_mm, 0.5, 50.0, "surface.max_edge_mm");
  check(o.surface.ap_half_extent_mm, 0.0, 300.0, "surface.ap_half_extent_mm");
  check(o.surface.surface_tolerance_mm, 0.0, big, "surface.surface_tolerance_mm");
  check(o.volume.section_spacing_mm, 0.05, 10.0, "volume.section_spacing_mm");
  check(o.method_disagreement_warning, 0.0, big, "method_disagreement_warning");
  validate(o.surface);  // the faired region and its solver
}

GeometryResult plan_geometry(const ImportedScan& scan, const GeometryOptions& opt) {
  validate_geometry_options(opt);
  GeometryResult g;
  g.correction = opt.curve.correction;
  g.silhouette = extract_silhouette(scan.mesh, scan.info.crotch_z_mm, opt.silhouette);
  const Silhouette& sil = g.silhouette;
  for (int s = 0; s < 2; ++s)
    validate_landmark_overrides(opt.overrides[s], sil, scan.info.height_mm,
                                opt.overrides_source + ": " + (s == 0 ? "left." : "right."));
  std::array<SideTarget, 2> targets;
  for (int s = 0; s < 2; ++s) {
    SideGeometry& sg = g.sides[s];
    sg.side = s == 0 ? Side::Left : Side::Right;
    try {
      sg.landmarks = find_landmarks(sil, sg.side, opt.landmarks, opt.overrides[s]);
    } catch (const InvalidInput& e) {
      const LandmarkOverrides& ov = opt.overrides[s];
      if (!ov.waist_z_mm && !ov.iliac_z_mm && !ov.dip_z_mm && !ov.trochanter_z_mm && !ov.thigh_z_mm) throw;
      throw InvalidInput(opt.overrides_source + ": " + side_name(sg.side) + ": " + e.what());
    }
    std::vector<double> w(sil.z.size());
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = sil.width(sg.side, i);
    auto index_of = [&](double z) { return nearest_index(sil.z, z); };
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
  const std::string text = read_side_file(path, "landmarks file");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw InvalidInput(path + ": not valid JSON (" + std::string(e.what()) + ")");
  }
  if (!j.is_object()) throw InvalidInput(path + ": expected a JSON object with \"left\" and/or \"right\"");
  std::array<LandmarkOverrides, 2> out;
  static const char* keys[] = {"waist_z_mm", "iliac_z_mm", "dip_z_mm", "trochanter_z_mm", "thigh_z_mm"};
  auto read = [&](const nlohmann::json& obj, LandmarkOverrides& o, const std::string& where) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      if (where.empty() && (it.key() == "left" || it.key() == "right")) continue;
      if (!it.key().empty() && it.key()[0] == '_') continue;  // a comment
      bool known = false;
      for (const char* k : keys) known = known || it.key() == k;
      if (!known)
        throw InvalidInput(path + ": " + where + it.key() +
                           ": unknown landmark (expected waist_z_mm, iliac_z_mm, dip_z_mm, trochanter_z_mm, "
                           "thigh_z_mm)");
      if (!it.value().is_number() || !std::isfinite(it.value().get<double>()))
        throw InvalidInput(path + ": " + where + it.key() + ": must be a number (mm above the lowest point), got " +
                           it.value().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).substr(0, 60));
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
  for (int s = 0; s < 2; ++s) {
    const char* side = s == 0 ? "left" : "right";
    if (!j.contains(side)) continue;
    if (!j[side].is_object()) throw InvalidInput(path + ": " + side + ": must be an object of landmark heights");
    read(j[side], out[s], std::string(side) + ".");
  }
  // The order needs no scan: check it here so that a bad file fails before the import.
  Silhouette unbounded;
  unbounded.z = {-std::numeric_limits<double>::max(), std::numeric_limits<double>::max()};
  unbounded.crotch_z = -std::numeric_limits<double>::max();
  for (int s = 0; s < 2; ++s)
    validate_landmark_overrides(out[s], unbounded, std::numeric_limits<double>::infinity(),
                                path + ": " + (s == 0 ? "left." : "right."));
  return out;
}

}  // namespace contour
