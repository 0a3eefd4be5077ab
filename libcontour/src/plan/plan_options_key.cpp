#include "contour/plan/plan_options_key.hpp"

#include "contour/core/version.hpp"
#include "contour/graft/donor_sites.hpp"

#include <cstdio>
#include <optional>
#include <sstream>

namespace contour {

namespace {

class KeyWriter {
 public:
  void put(const char* name, double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    line(name, buf);
  }
  void put(const char* name, long long v) { line(name, std::to_string(v)); }
  void put(const char* name, int v) { line(name, std::to_string(v)); }
  void put(const char* name, bool v) { line(name, v ? "true" : "false"); }
  void put(const char* name, const std::string& v) { line(name, v); }
  void put(const char* name, const char* v) { line(name, v); }
  template <class T>
  void put(const char* name, const std::optional<T>& v) {
    if (v) put(name, *v);
    else line(name, "unset");
  }
  void line(const std::string& name, const std::string& value) {
    // A value holding a line break would let two keys collide: escape it.
    std::string v;
    for (char c : value) v += c == '\n' ? std::string("\\n") : c == '\\' ? std::string("\\\\") : std::string(1, c);
    out_ << prefix_ << name << '=' << v << '\n';
  }
  void section(const std::string& prefix) { prefix_ = prefix; }
  [[nodiscard]] std::string str() const { return out_.str(); }

 private:
  std::ostringstream out_;
  std::string prefix_;
};

void put_overrides(KeyWriter& k, const LandmarkOverrides& o) {
  k.put("waist_z_mm", o.waist_z_mm);
  k.put("iliac_z_mm", o.iliac_z_mm);
  k.put("dip_z_mm", o.dip_z_mm);
  k.put("trochanter_z_mm", o.trochanter_z_mm);
  k.put("thigh_z_mm", o.thigh_z_mm);
}

}  // namespace

std::string plan_options_key(const PlanOptions& o) {
  KeyWriter k;
  k.line("libcontour", library_version());
  k.section("import.");
  k.put("units", o.import.units ? std::string(unit_name(*o.import.units)) : std::string("detected"));
  k.put("up", o.import.up ? o.import.up->name() : std::string("detected"));
  k.put("front", o.import.front ? o.import.front->name() : std::string("detected"));
  k.put("stray_area_fraction", o.import.stray_area_fraction);
  k.put("min_triangles", o.import.min_triangles);
  k.put("min_torso_above_crotch_mm", o.import.min_torso_above_crotch_mm);
  k.put("min_thigh_below_crotch_mm", o.import.min_thigh_below_crotch_mm);

  const GeometryOptions& g = o.geometry;
  k.section("silhouette.");
  k.put("spacing_mm", g.silhouette.spacing_mm);
  k.put("below_crotch_mm", g.silhouette.below_crotch_mm);
  k.put("above_crotch_mm", g.silhouette.above_crotch_mm);
  k.section("landmarks.");
  k.put("smoothing_mm", g.landmarks.smoothing_mm);
  k.put("min_dip_depth_mm", g.landmarks.min_dip_depth_mm);
  k.put("thigh_below_crotch_mm", g.landmarks.thigh_below_crotch_mm);
  k.put("waist_min_above_crotch_mm", g.landmarks.waist_min_above_crotch_mm);
  k.put("trochanter_band_low", g.landmarks.trochanter_band[0]);
  k.put("trochanter_band_high", g.landmarks.trochanter_band[1]);
  k.put("iliac_band_low", g.landmarks.iliac_band[0]);
  k.put("iliac_band_high", g.landmarks.iliac_band[1]);
  k.put("trochanter_fraction", g.landmarks.trochanter_fraction);
  k.put("iliac_fraction", g.landmarks.iliac_fraction);
  k.section("overrides.left.");
  put_overrides(k, g.overrides[0]);
  k.section("overrides.right.");
  put_overrides(k, g.overrides[1]);
  k.section("curve.");
  k.put("smoothness_mm", g.curve.smoothness_mm);
  k.put("correction", g.curve.correction);
  k.section("surface.");
  k.put("max_edge_mm", g.surface.max_edge_mm);
  k.put("ap_half_extent_mm", g.surface.ap_half_extent_mm);
  k.put("surface_tolerance_mm", g.surface.surface_tolerance_mm);
  k.section("volume.");
  k.put("section_spacing_mm", g.volume.section_spacing_mm);
  k.section("geometry.");
  k.put("method_disagreement_warning", g.method_disagreement_warning);

  const GraftOptions& f = o.graft;
  k.section("graft.");
  k.put("resorption", f.resorption);
  k.put("resorption_left", f.resorption_left);
  k.put("resorption_right", f.resorption_right);
  k.put("resorption_low", f.resorption_low);
  k.put("resorption_high", f.resorption_high);
  k.put("processing", processing_method_name(f.processing));
  k.put("yield", f.yield);
  k.put("max_session_inject_ml", f.max_session_inject_ml);
  k.put("aspirate_limit_ml", f.aspirate_limit_ml);
  k.put("min_site_aspirate_ml", f.min_site_aspirate_ml);
  k.put("donor_sites", f.donor_sites.empty() ? std::string("catalog defaults") : std::to_string(f.donor_sites.size()));
  if (f.donor_sites.empty()) {
    // The catalog's defaults are the library's: a changed default capacity changes the key.
    for (const DonorSiteInfo& s : donor_site_catalog()) {
      k.section("graft.catalog." + s.name + ".");
      k.put("capacity_ml", s.default_capacity_ml);
      k.put("priority", s.default_priority);
      k.put("enabled", s.default_enabled);
    }
  }
  for (const DonorSite& s : f.donor_sites) {
    k.section("graft.donor." + s.name + ".");
    k.put("capacity_ml", s.capacity_ml);
    k.put("priority", s.priority);
  }
  k.section("graft.");
  for (const std::string& e : f.exclude) k.put("exclude", e);
  k.put("bmi_kg_m2", o.bmi_kg_m2);
  return k.str();
}

}  // namespace contour
