// JSON and text of a follow-up measurement.
#include "contour/followup/followup_report.hpp"

#include <Eigen/Geometry>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace contour {
namespace {
using nlohmann::json;

double round_to(double v, double step) { return std::round(v / step) * step; }

json side_json(const SideFollowup& s) {
  json j = {{"planned_fill_ml", round_to(s.planned_fill_ml, 0.01)},
            {"injected_ml", round_to(s.injected_ml, 0.01)},
            {"gained_ml", round_to(s.gained_ml, 0.01)},
            {"gained_section_ml", round_to(s.gained_section_ml, 0.01)},
            {"gained_sd_ml", round_to(s.gained_sd_ml, 0.01)},
            {"measured_area_cm2", round_to(s.measured_area_mm2 / 100, 0.1)},
            {"missing_area_cm2", round_to(s.missing_area_mm2 / 100, 0.1)},
            {"retention", nullptr},
            {"retention_sd", nullptr},
            {"retention_interval_90", nullptr}};
  if (s.has_retention) {
    j["retention"] = round_to(s.retention, 0.001);
    j["retention_sd"] = round_to(s.retention_sd, 0.001);
    j["retention_interval_90"] = json::array({round_to(s.retention_low, 0.001), round_to(s.retention_high, 0.001)});
  }
  return j;
}

double rotation_deg(const Eigen::Matrix3d& r) {
  return Eigen::AngleAxisd(r).angle() * 180.0 / 3.14159265358979;
}

}  // namespace

std::string followup_to_json_text(const FollowupResult& r, const FollowupSources& src) {
  const Registration& g = r.registration;
  json regions = json::array();
  for (const RegionFollowup& x : r.regions)
    regions.push_back({{"name", x.name},
                       {"side", side_name(x.side)},
                       {"planned_fill_ml", round_to(x.planned_fill_ml, 0.01)},
                       {"gained_ml", round_to(x.gained_ml, 0.01)},
                       {"gained_section_ml", round_to(x.gained_section_ml, 0.01)}});
  json donors = json::array();
  for (const DonorFollowup& d : r.donors)
    donors.push_back({{"name", d.name},
                      {"change_ml", round_to(d.change_ml, 0.01)},
                      {"change_sd_ml", round_to(d.change_sd_ml, 0.01)},
                      {"area_cm2", round_to(d.area_mm2 / 100, 0.1)},
                      {"missing_area_cm2", round_to(d.missing_area_mm2 / 100, 0.1)}});
  const Eigen::Vector3d t = g.pre_to_post.translation;
  json j = {{"schema", "libcontour.followup/1"},
            {"units", {{"length", "mm"}, {"volume", "mL"}, {"retention", "fraction of the injected volume"}}},
            {"pre", src.pre_path},
            {"post", src.post_path},
            {"plan", src.plan_path},
            {"injected_source", src.injected_source},
            {"processing", src.processing},
            {"months_after_surgery", r.months_after_surgery ? json(*r.months_after_surgery) : json(nullptr)},
            {"heights_mm", {{"pre", round_to(r.pre_height_mm, 0.1)}, {"post", round_to(r.post_height_mm, 0.1)}}},
            {"registration",
             {{"method", "trimmed point-to-plane ICP on the unchanged parts (canonical frames as the start)"},
              {"rms_mm", round_to(g.rms_mm, 0.01)},
              {"median_mm", round_to(g.median_mm, 0.01)},
              {"overlap", round_to(g.overlap, 0.001)},
              {"iterations", g.iterations},
              {"converged", g.converged},
              {"samples", g.samples},
              {"pairs_used", g.pairs_used},
              {"fixed_area_cm2", round_to(g.fixed_area_mm2 / 100, 0.1)},
              {"rotation_deg", round_to(rotation_deg(g.pre_to_post.rotation), 0.01)},
              {"translation_mm", json::array({round_to(t.x(), 0.01), round_to(t.y(), 0.01), round_to(t.z(), 0.01)})}}},
            {"sides", {{"left", side_json(r.sides[0])}, {"right", side_json(r.sides[1])}}},
            {"donor_sites", donors},
            {"regions", regions},
            {"warnings", r.warnings}};
  return j.dump(2) + "\n";
}

std::string format_followup_summary_text(const FollowupResult& r) {
  std::string out = "Follow-up";
  char buf[200];
  if (r.months_after_surgery) {
    std::snprintf(buf, sizeof buf, ", %.0f months after surgery", *r.months_after_surgery);
    out += buf;
  }
  out += "\n";
  for (int k : {1, 0}) {  // patient's right first, as in the panel
    const SideFollowup& s = r.sides[static_cast<std::size_t>(k)];
    std::snprintf(buf, sizeof buf, "  %-5s gained %5.1f mL (sd %.1f) of %5.1f injected", k == 0 ? "left" : "right",
                  s.gained_ml, s.gained_sd_ml, s.injected_ml);
    out += buf;
    if (s.has_retention) {
      std::snprintf(buf, sizeof buf, ": retention %.0f %% (90 %%: %.0f-%.0f %%)", 100 * s.retention, 100 * s.retention_low,
                    100 * s.retention_high);
      out += buf;
    }
    out += "\n";
  }
  std::snprintf(buf, sizeof buf, "  registration rms %.2f mm, overlap %.0f %%", r.registration.rms_mm, 100 * r.registration.overlap);
  out += buf;
  if (!r.warnings.empty()) out += "; " + std::to_string(r.warnings.size()) + (r.warnings.size() == 1 ? " warning" : " warnings");
  return out + "\n";
}

std::string format_followup_report(const FollowupResult& r, const FollowupSources& src) {
  std::string out;
  char buf[512];
  out += "Follow-up: " + src.post_path + "\n  against " + src.pre_path + "\n";
  if (!src.plan_path.empty()) out += "  plan " + src.plan_path + "\n";
  out += "  injected volumes from " + (src.injected_source.empty() ? std::string("the command line") : src.injected_source) +
         "; processing " + src.processing + "\n";
  if (r.months_after_surgery) {
    std::snprintf(buf, sizeof buf, "  %.1f months after surgery\n", *r.months_after_surgery);
    out += buf;
  }
  const Registration& g = r.registration;
  std::snprintf(buf, sizeof buf,
                "Registration on the unchanged parts: RMS %.2f mm, median %.2f mm, overlap %.0f %%, %d iterations%s\n\n",
                g.rms_mm, g.median_mm, 100 * g.overlap, g.iterations, g.converged ? "" : " (not converged)");
  out += buf;
  std::snprintf(buf, sizeof buf, "  %-24s %10s %10s\n", "", "left", "right");
  out += buf;
  auto row = [&](const char* name, double l, double rr, const char* unit) {
    std::snprintf(buf, sizeof buf, "  %-24s %7.1f %-2s %7.1f %-2s\n", name, l, unit, rr, unit);
    out += buf;
  };
  row("planned fill", r.sides[0].planned_fill_ml, r.sides[1].planned_fill_ml, "mL");
  row("injected", r.sides[0].injected_ml, r.sides[1].injected_ml, "mL");
  row("gained", r.sides[0].gained_ml, r.sides[1].gained_ml, "mL");
  row("  +- (1 sd)", r.sides[0].gained_sd_ml, r.sides[1].gained_sd_ml, "mL");
  row("gained (cross-sections)", r.sides[0].gained_section_ml, r.sides[1].gained_section_ml, "mL");
  for (int s = 0; s < 2; ++s) {
    const SideFollowup& sf = r.sides[static_cast<std::size_t>(s)];
    if (sf.has_retention)
      std::snprintf(buf, sizeof buf, "  %s retention %.0f %% (90 %% interval %.0f-%.0f %%)\n", side_name(sf.side),
                    100 * sf.retention, 100 * sf.retention_low, 100 * sf.retention_high);
    else
      std::snprintf(buf, sizeof buf, "  %s retention: nothing injected\n", side_name(sf.side));
    out += buf;
  }
  if (!r.donors.empty()) {
    out += "\nDonor sites, volume change (negative = lost):\n";
    for (const DonorFollowup& d : r.donors) {
      std::snprintf(buf, sizeof buf, "  %-24s %7.1f mL +- %.1f\n", d.name.c_str(), d.change_ml, d.change_sd_ml);
      out += buf;
    }
  }
  out += "\nWarnings:";
  if (r.warnings.empty()) out += " none.\n";
  else {
    out += "\n";
    for (const std::string& w : r.warnings) out += "  - " + w + "\n";
  }
  return out;
}

}  // namespace contour
