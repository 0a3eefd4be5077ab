#include "contour/report/html_report.hpp"
#include "contour/report/report_text.hpp"
#include "core/format_text.hpp"
#include "report/report_style.hpp"

#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <sstream>

namespace contour {

namespace {

constexpr auto fmt = detail::format_text;

std::string ml(double v) { return fmt("%.1f", v); }
std::string range(const GraftRange& r) { return fmt("%.1f&ndash;%.1f", r.low_ml, r.high_ml); }
/// " (low–high)" when the range is not a single value (session 1 is planned exactly).
std::string range_if_any(const GraftRange& r) {
  return std::abs(r.high_ml - r.low_ml) < 0.05 ? std::string() : " (" + range(r) + ")";
}
/// "range a–b", or the same marked in red when the headline figure lies outside it.
std::string range_note(double value, const GraftRange& r) {
  const FigureWithRange f{value, r};
  return f.outside() ? "<span class=\"outside\">outside its range " + range(r) + "</span>" : "range " + range(r);
}
std::string pct(double f) { return fmt("%.0f&nbsp;%%", 100 * f); }
/// A number cell with an id for tools that read the report.
std::string cell(const std::string& id, double v) { return "<td class=\"n\" id=\"" + id + "\">" + ml(v) + "</td>"; }
std::string td(const std::string& s) { return "<td class=\"n\">" + s + "</td>"; }

const char* const kStyle = detail::kReportStyle;

struct Param {
  std::string name, value, source, basis;
};

std::string yield_basis(ProcessingMethod m) {
  switch (m) {
    case ProcessingMethod::centrifugation:
      return "Ann Plast Surg decantation-time study: decanting then centrifuging (3000 rpm, 5 min) left about 55 % "
             "of the raw aspirate as fat.";
    case ProcessingMethod::decantation:
      return "Assumption: the canister is about half tumescent fluid and half fat; decanting pours off the free "
             "fluid.";
    case ProcessingMethod::filtration:
      return "Assumption: no published volume yield; filtration concentrates about as well as centrifugation "
             "(85.6 % fat content, Gabriel et al.).";
  }
  return "";
}

}  // namespace

namespace {
/// Text as a CSS string literal: quotes, backslashes and '<' (which could close the style
/// element) escaped as CSS hex escapes.
std::string css_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += "\\22 ";
    else if (c == '\\') out += "\\5c ";
    else if (c == '<') out += "\\3c ";
    else out += c;
  }
  return out + "\"";
}

/// The printed page's header and footer, as the PDF report has them: title and patient at the
/// top left, report date at the top right, software and scan at the bottom left, "page N of M"
/// at the bottom right (CSS page-margin boxes; a screen shows none of it).
std::string print_margin_boxes(const HtmlReportOptions& report) {
  const std::string who = patient_line(report.patient);
  const ReportProvenance& pv = report.provenance;
  const std::string date = "report " + (pv.report_date.empty() ? std::string("undated") : pv.report_date);
  const std::string foot = (pv.software_version.empty() ? std::string("libcontour") : pv.software_version) +
                           (pv.scan_file_name.empty() ? std::string() : " \u00b7 scan " + pv.scan_file_name) +
                           " \u00b7 planning aid, see the disclaimer";
  const std::string box = "font-family: sans-serif; font-size: 8pt; color: #444;";
  return "\n@page {\n  @top-left { content: " + css_string(report.title + " \u2014 " + who) + "; " + box +
         " }\n  @top-right { content: " + css_string(date) + "; " + box + " }\n  @bottom-left { content: " +
         css_string(foot) + "; " + box + " }\n  @bottom-right { content: \"page \" counter(page) \" of \" counter(pages); " +
         box + " }\n}\n";
}
}  // namespace

std::string format_html_report(const PlanResult& p, const PlanOptions& opt, const std::vector<ReportImage>& images,
                               const HtmlReportOptions& report) {
  const GeometryResult& g = p.geometry;
  const GraftPlan& gp = p.graft;
  const ScanInfo& info = p.scan.info;
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    << "<title>" << html_escape(report.title) << "</title>\n<style>" << kStyle << print_margin_boxes(report)
    << "</style>\n</head>\n<body>\n";
  o << "<h1>" << html_escape(report.title) << "</h1>\n";
  const ReportProvenance& pv = report.provenance;
  o << "<table class=\"ident\">\n";
  for (const auto& [label, value] : identity_fields(report.patient))
    o << "<tr><th>" << label << "</th>"
      << (value.empty() ? std::string("<td class=\"missing\">not given</td>") : "<td>" + html_escape(value) + "</td>")
      << "</tr>\n";
  if (!pv.report_date.empty())
    o << "<tr><th>Report date</th><td id=\"report-date\">" << html_escape(pv.report_date) << "</td></tr>\n";
  o << "</table>\n";
  o << "<p class=\"meta\">Scan <code>" << html_escape(pv.scan_file_name.empty() ? info.path : pv.scan_file_name)
    << "</code> &middot; " << html_escape(info.format)
    << ", " << info.faces << " triangles, file units " << unit_name(info.units) << ", height "
    << fmt("%.0f", info.height_mm) << " mm &middot; correction " << pct(g.correction)
    << " &middot; " << html_escape(pv.software_version.empty() ? "libcontour" : pv.software_version) << ". Volumes in mL (= cm&sup3;), lengths in mm; heights above the lowest point "
       "of the scan; left and right are the patient's.</p>\n";

  // Summary.
  o << "<div class=\"summary\">\n"
    << "<div>Fill, both sides<b>" << ml(gp.fill_ml) << " mL</b>left " << ml(gp.left.fill_ml) << " &middot; right "
    << ml(gp.right.fill_ml) << "</div>\n"
    << "<div>Inject (planned)<b>" << ml(gp.inject_ml) << " mL</b>" << range_note(gp.inject_ml, gp.inject_range) << "</div>\n"
    << "<div>Raw aspirate<b>" << ml(gp.aspirate_ml) << " mL</b>" << range_note(gp.aspirate_ml, gp.aspirate_range) << "</div>\n"
    << "<div>Sessions<b>" << gp.sessions.size() << "</b>" << (gp.sessions.size() > 1 ? "staged" : "single session")
    << "</div>\n</div>\n";
  // Warnings next to the numbers they qualify, not on a page of their own.
  o << "<h2>Warnings</h2>\n";
  if (p.warnings.empty()) o << "<p>None.</p>\n";
  for (const auto& w : p.warnings) o << "<p class=\"warn\">" << html_escape(w) << "</p>\n";

  // Pictures.
  o << "<h2>Before and target</h2>\n";
  bool any_image = false;
  o << "<div class=\"figures\">\n";
  for (const auto& im : images) {
    if (im.png.empty()) continue;
    any_image = true;
    o << "<figure><img alt=\"" << html_escape(im.title) << "\" src=\"data:image/png;base64,"
      << base64_encode(im.png.data(), im.png.size()) << "\"><figcaption><b>" << html_escape(im.title) << "</b>"
      << (im.caption.empty() ? "" : " &mdash; " + html_escape(im.caption)) << "</figcaption></figure>\n";
  }
  o << "</div>\n";
  if (!any_image) o << "<p class=\"note\">" << html_escape(report.no_images_note) << "</p>\n";

  o << "<h2>Silhouettes</h2>\n<div class=\"plots\">\n"
    << silhouette_plot_svg(p, Side::Right) << silhouette_plot_svg(p, Side::Left) << "</div>\n"
    << "<p class=\"note\">Lateral half-width of the waist-to-thigh contour seen from the front (blue: the scan; "
       "orange, dashed: the target at the planned correction; shaded: the fill). Horizontal and vertical scales differ.</p>\n";

  // Landmarks.
  o << "<h2>Landmarks</h2>\n<table><tr><th>mm above the lowest point</th><th class=\"n\">left</th><th "
       "class=\"n\">right</th></tr>\n";
  const Landmarks& L = g.sides[0].landmarks.z;
  const Landmarks& R = g.sides[1].landmarks.z;
  auto lrow = [&](const char* name, double l, double r) {
    o << "<tr><td>" << name << "</td>" << td(fmt("%.0f", l)) << td(fmt("%.0f", r)) << "</tr>\n";
  };
  lrow("waist", L.waist_z_mm, R.waist_z_mm);
  lrow("iliac crest (upper end of the dip window)", L.iliac_z_mm, R.iliac_z_mm);
  lrow("dip", L.dip_z_mm, R.dip_z_mm);
  lrow("trochanter (lower end of the dip window)", L.trochanter_z_mm, R.trochanter_z_mm);
  lrow("thigh", L.thigh_z_mm, R.thigh_z_mm);
  o << "<tr><td>dip depth at full correction, mm</td>" << td(fmt("%.1f", g.sides[0].landmarks.dip_depth_mm))
    << td(fmt("%.1f", g.sides[1].landmarks.dip_depth_mm)) << "</tr>\n";
  o << "<tr><td>landmarks</td><td class=\"n\">" << (g.sides[0].landmarks.estimated ? "estimated" : "detected")
    << "</td><td class=\"n\">" << (g.sides[1].landmarks.estimated ? "estimated" : "detected") << "</td></tr>\n</table>\n";

  // Volumes.
  o << "<h2>Volumes</h2>\n<table><tr><th></th><th class=\"n\">left</th><th class=\"n\">right</th><th "
       "class=\"n\">total</th></tr>\n";
  o << "<tr><td>Fill (volume to gain)</td>" << cell("fill-left-ml", gp.left.fill_ml)
    << cell("fill-right-ml", gp.right.fill_ml) << cell("fill-total-ml", gp.fill_ml) << "</tr>\n";
  o << "<tr><td>Fill, cross-section check (method B)</td>" << td(ml(g.sides[0].fill_section_ml))
    << td(ml(g.sides[1].fill_section_ml)) << td(ml(g.sides[0].fill_section_ml + g.sides[1].fill_section_ml))
    << "</tr>\n";
  o << "<tr><td>Inject (planned, resorption " << pct(gp.left.resorption)
    << (gp.right.resorption != gp.left.resorption ? " left, " + pct(gp.right.resorption) + " right" : std::string())
    << ")</td>" << cell("inject-left-ml", gp.left.inject_ml) << cell("inject-right-ml", gp.right.inject_ml)
    << cell("inject-total-ml", gp.inject_ml) << "</tr>\n";
  o << "<tr><td>Inject needed if " << pct(gp.resorption_low) << "&ndash;" << pct(gp.resorption_high)
    << " resorbs</td>" << td(range(gp.left.inject_range)) << td(range(gp.right.inject_range))
    << td(range(gp.inject_range)) << "</tr>\n";
  o << "<tr><td>Raw aspirate (yield " << fmt("%.2f", gp.yield) << ")</td>" << td(ml(gp.left.aspirate_ml))
    << td(ml(gp.right.aspirate_ml)) << cell("aspirate-total-ml", gp.aspirate_ml) << "</tr>\n";
  o << "<tr><td>Raw aspirate range</td><td></td><td></td>" << td(range(gp.aspirate_range)) << "</tr>\n";
  for (int band = 0; band < 2; ++band) {
    const double r = band == 0 ? gp.resorption_low : gp.resorption_high;
    auto side = [&](const SideGraftPlan& s) {
      const GraftOutcomeBand& b = s.outcome;
      return band == 0 ? fmt("%.1f (%+.0f&nbsp;%%)", b.retained_low_resorption_ml, b.correction_low_resorption_pct)
                       : fmt("%.1f (%+.0f&nbsp;%%)", b.retained_high_resorption_ml, b.correction_high_resorption_pct);
    };
    const double total = gp.inject_ml * (1 - r);
    o << "<tr><td>Retained if " << pct(r) << " resorbs (vs the deficit)</td>" << td(side(gp.left))
      << td(side(gp.right)) << td(fmt("%.1f (%+.0f&nbsp;%%)", total, gp.fill_ml > 0 ? 100 * (total - gp.fill_ml) / gp.fill_ml : 0.0))
      << "</tr>\n";
  }
  o << "</table>\n";
  o << "<table><tr><th>region</th><th>side</th><th class=\"n\">heights, mm</th><th class=\"n\">fill</th><th "
       "class=\"n\">method B</th><th class=\"n\">inject</th><th class=\"n\">needed (range)</th><th "
       "class=\"n\">aspirate</th></tr>\n";
  for (std::size_t i = 0; i < gp.regions.size(); ++i) {
    const RegionGraftPlan& r = gp.regions[i];
    const RegionVolume* rv = i < g.regions.size() ? &g.regions[i] : nullptr;
    o << "<tr><td>" << html_escape(r.name) << "</td><td>" << side_name(r.side) << "</td>"
      << td(rv ? fmt("%.0f&ndash;%.0f", rv->region.z_lo_mm, rv->region.z_hi_mm) : "") << td(ml(r.fill_ml))
      << td(rv ? ml(rv->section_ml) : "") << td(ml(r.inject_ml)) << td(range(r.inject_range)) << td(ml(r.aspirate_ml))
      << "</tr>\n";
  }
  o << "</table>\n";

  // Sessions and donors.
  o << "<h2>Sessions and donor split</h2>\n";
  if (gp.sessions.empty()) {
    o << "<p>Nothing to inject.</p>\n";
  } else {
    o << "<table><tr><th>session</th><th class=\"n\">inject left</th><th class=\"n\">inject right</th><th "
         "class=\"n\">inject (range)</th><th class=\"n\">aspirate (range)</th><th>donor sites (mL raw "
         "aspirate)</th></tr>\n";
    for (const auto& s : gp.sessions) {
      std::string donors;
      for (const auto& d : s.donors.sites)
        if (d.aspirate_ml > 0) donors += (donors.empty() ? "" : ", ") + html_escape(d.site) + " " + fmt("%.0f", d.aspirate_ml);
      if (s.donors.shortfall_ml > 0) donors += fmt("; short by %.0f", s.donors.shortfall_ml);
      o << "<tr><td>" << s.session << "</td>" << td(ml(s.inject_left_ml)) << td(ml(s.inject_right_ml))
        << td(ml(s.inject_ml) + range_if_any(s.inject_range)) << td(ml(s.aspirate_ml) + range_if_any(s.aspirate_range))
        << "<td>" << donors << "</td></tr>\n";
    }
    o << "</table>\n";
  }
  // The note is the table's caption (below it), so a page break never parts them.
  o << "<table><caption class=\"note below\">Donor capacities: " << html_escape(gp.donor_source)
    << (gp.excluded_sites.empty() ? std::string() : "; excluded: ");
  for (std::size_t i = 0; i < gp.excluded_sites.size(); ++i) o << (i ? ", " : "") << html_escape(gp.excluded_sites[i]);
  o << ".</caption>\n<tr><th>donor site</th><th>side</th><th class=\"n\">priority</th><th class=\"n\">aspirate, "
       "mL</th><th class=\"n\">capacity, mL</th></tr>\n";
  for (const auto& d : gp.donors)
    o << "<tr><td>" << html_escape(d.site) << "</td><td>" << side_name(d.side, "midline") << "</td>"
      << td(std::to_string(d.priority)) << td(ml(d.aspirate_ml)) << td(ml(d.capacity_ml)) << "</tr>\n";
  o << "</table>\n";
  if (gp.shortfall.shortfall_ml > 0) {
    o << "<p class=\"warn\">Donor shortfall " << ml(gp.shortfall.shortfall_ml) << " mL of raw aspirate. Options:</p><ul>";
    for (const auto& s : gp.shortfall.options) o << "<li>" << html_escape(s) << "</li>";
    o << "</ul>\n";
  }


  // Method and parameters.
  // No forced page break: a forced one left a page holding one line when the tables above
  // ended near the foot of a page (seen printing in Chromium).
  o << "<h2>Method</h2>\n<ol>\n";
  for (const auto& [title, text] : report_method_steps(opt))
    o << "<li><b>" << html_escape(title) << ".</b> " << html_escape(text) << "</li>\n";
  o << "</ol>\n<h2>Assumptions</h2>\n<ul>\n";
  for (const auto& a : report_assumptions(gp)) o << "<li>" << html_escape(a) << "</li>\n";
  o << "</ul>\n";

  const GraftOptions defaults;
  const GeometryOptions gdef;
  auto src = [](bool set) { return std::string(set ? "set by user" : "default"); };
  std::vector<Param> params;
  params.push_back({"Correction fraction", pct(g.correction), src(opt.geometry.curve.correction != gdef.curve.correction),
                    "1 = full correction to the target contour; less leaves part of the dip."});
  params.push_back({"Target smoothness length", fmt("%.0f mm", opt.geometry.curve.smoothness_mm),
                    src(opt.geometry.curve.smoothness_mm != gdef.curve.smoothness_mm),
                    "Weight of the curvature penalty of the target curve; larger = rounder."});
  params.push_back({"Front-to-back fill extent",
                    opt.geometry.surface.ap_half_extent_mm > 0 ? fmt("&plusmn;%.0f mm", opt.geometry.surface.ap_half_extent_mm)
                                                               : std::string("from the dip's own shape"),
                    src(opt.geometry.surface.ap_half_extent_mm != gdef.surface.ap_half_extent_mm),
                    "Where the cross-section at the dip lies inside the section predicted from the window ends."});
  params.push_back({"Refinement edge length", fmt("%.1f mm", opt.geometry.surface.max_edge_mm),
                    src(opt.geometry.surface.max_edge_mm != gdef.surface.max_edge_mm),
                    "The fill region is refined to this edge length so the deformation is resolved."});
  bool overrides = false;
  for (const auto& ov : opt.geometry.overrides)
    overrides = overrides || ov.waist_z_mm || ov.iliac_z_mm || ov.dip_z_mm || ov.trochanter_z_mm || ov.thigh_z_mm;
  params.push_back({"Landmarks", overrides ? "partly given" : "detected", overrides ? "landmarks file" : "default",
                    "Detected from the silhouette's concave envelope unless given."});
  const bool per_side = opt.graft.resorption_left || opt.graft.resorption_right;
  params.push_back({"Planning resorption",
                    per_side ? pct(gp.left.resorption) + " left, " + pct(gp.right.resorption) + " right" : pct(opt.graft.resorption),
                    src(per_side || opt.graft.resorption != defaults.resorption),
                    "Middle of the 30&ndash;70 % commonly quoted to patients; close to the pooled 47 % retention of Lv "
                    "et al. (Aesthetic Plast Surg 2021;45:506&ndash;520) and 46 % of &Oslash;rholt et al. (PRS). No "
                    "hip-specific figure exists."});
  params.push_back({"Expected resorption range", pct(gp.resorption_low) + "&ndash;" + pct(gp.resorption_high),
                    src(opt.graft.resorption_low != defaults.resorption_low || opt.graft.resorption_high != defaults.resorption_high),
                    "&ldquo;30&ndash;70 % of the injected fat is resorbed in the first year&rdquo;, the range commonly "
                    "quoted."});
  params.push_back({"Processing and yield", std::string(processing_method_name(gp.processing)) + fmt(", %.2f", gp.yield),
                    src(gp.yield_overridden || opt.graft.processing != defaults.processing),
                    gp.yield_overridden ? std::string("Yield set by the clinic.") : yield_basis(gp.processing)});
  params.push_back({"Most graft per side per session", fmt("%.0f mL", gp.max_session_inject_ml),
                    src(opt.graft.max_session_inject_ml != defaults.max_session_inject_ml),
                    "Assumption: per-side mean of a 1 125-case hip series plus about two SDs; overfilling harms take "
                    "(Khouri et al., PRS Global Open 2014;2:e220)."});
  params.push_back({"Most raw aspirate per session", fmt("%.0f mL", gp.aspirate_limit_ml),
                    src(opt.graft.aspirate_limit_ml != defaults.aspirate_limit_ml),
                    "QUAD A outpatient standard (5 000 cc without overnight monitoring)."});
  params.push_back({"Least aspirate per opened donor site", fmt("%.0f mL", gp.min_site_aspirate_ml),
                    src(opt.graft.min_site_aspirate_ml != defaults.min_site_aspirate_ml),
                    "Assumption: below about 50 mL an extra incision is not worth the fat."});
  params.push_back({"Donor capacities", html_escape(gp.donor_source), opt.graft.donor_sites.empty() ? "default" : "donors file",
                    "No publication gives harvestable volume per site; default capacities are assumptions to be "
                    "replaced by examination."});
  if (gp.bmi_kg_m2)
    params.push_back({"BMI", fmt("%.1f kg/m&sup2;", *gp.bmi_kg_m2), "set by user",
                      "Warning above 100 mL of aspirate per BMI unit (Chow et al., PRS 2015;136:474)."});
  o << "<h2>Parameters and their sources</h2>\n<table><tr><th>parameter</th><th>value</th><th>source</th><th>basis"
       "</th></tr>\n";
  for (const auto& pr : params)
    o << "<tr><td>" << pr.name << "</td><td>" << pr.value << "</td><td>" << pr.source << "</td><td>" << pr.basis
      << "</td></tr>\n";
  o << "</table>\n<p class=\"note\">Every default and its source: <code>docs/clinical-defaults.md</code>; the "
       "graft formulas and worked examples: <code>docs/graft-plan.md</code> (in the libcontour source tree).</p>\n";
  if (!pv.report_date.empty()) {
    o << "<h2>Provenance</h2>\n<table>\n<tr><td>Report made</td><td>" << html_escape(pv.report_date) << "</td></tr>\n"
      << "<tr><td>Scan file</td><td><code>" << html_escape(pv.scan_path) << "</code></td></tr>\n"
      << "<tr><td>Scan SHA-256</td><td class=\"hash\" id=\"scan-sha256\">" << pv.scan_sha256 << "</td></tr>\n"
      << "<tr><td>Software</td><td>" << html_escape(pv.software_version) << "</td></tr>\n</table>\n"
      << "<p class=\"note\">Every setting the plan used (" << pv.settings.size() << "):</p>\n<div class=\"settings\">\n";
    for (const auto& [k, v] : pv.settings) o << "<div>" << html_escape(k) << " = " << html_escape(v) << "</div>\n";
    o << "</div>\n";
  }
  o << "<p class=\"disclaimer\" id=\"disclaimer\"><b>Disclaimer.</b> " << html_escape(report_disclaimer()) << "</p>\n";
  o << "</body>\n</html>\n";
  return o.str();
}

}  // namespace contour
