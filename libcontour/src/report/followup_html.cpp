// The follow-up's HTML page.
#include "contour/report/followup_html.hpp"

#include "core/format_text.hpp"
#include "report/report_style.hpp"

#include <cmath>
#include <sstream>

namespace contour {
namespace {

constexpr auto fmt = detail::format_text;

std::string ml(double v) { return fmt("%.1f", v); }
std::string td(const std::string& s) { return "<td class=\"n\">" + s + "</td>"; }

std::string retention_text(const SideFollowup& s) {
  if (!s.has_retention) return "nothing injected";
  return fmt("%.0f&nbsp;%%", 100 * s.retention) + " <span class=\"note\">(90&nbsp;% interval " +
         fmt("%.0f&ndash;%.0f&nbsp;%%", 100 * s.retention_low, 100 * s.retention_high) + ")</span>";
}

}  // namespace

std::string format_followup_html(const PlanResult& pre, const FollowupResult& r, const FollowupSources& src,
                                 const std::vector<ReportImage>& images, const FollowupHtmlOptions& opt) {
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" << html_escape(opt.title)
    << "</title>\n<style>" << detail::kReportStyle << "</style>\n</head>\n<body>\n";
  o << "<h1>" << html_escape(opt.title) << "</h1>\n<p class=\"meta\">Follow-up scan <code>" << html_escape(src.post_path)
    << "</code> against the pre-operative scan <code>" << html_escape(src.pre_path) << "</code>";
  if (!src.plan_path.empty()) o << ", plan <code>" << html_escape(src.plan_path) << "</code>";
  if (r.months_after_surgery) o << ", " << fmt("%.1f", *r.months_after_surgery) << " months after surgery";
  o << ".";
  if (!opt.generated.empty()) o << " Generated " << html_escape(opt.generated) << ".";
  o << "</p>\n";
  o << "<p class=\"disclaimer\">Measured volumes are between two surface scans registered on the parts that did "
       "not change; posture, weight change and swelling change them too. Read the retention with its interval "
       "and the warnings below; it does not replace clinical judgement.</p>\n";

  o << "<div class=\"summary\">";
  for (const SideFollowup& s : r.sides)
    o << "<div>Retention, patient's " << side_name(s.side) << "<b id=\"retention-" << side_name(s.side) << "\">"
      << (s.has_retention ? fmt("%.0f&nbsp;%%", 100 * s.retention) : std::string("&mdash;")) << "</b>"
      << (s.has_retention ? fmt("90&nbsp;%% interval %.0f&ndash;%.0f&nbsp;%%", 100 * s.retention_low, 100 * s.retention_high)
                          : std::string("nothing injected"))
      << "</div>";
  o << "</div>\n";

  o << "<h2>Volumes</h2>\n<table><tr><th></th><th class=\"n\">left</th><th class=\"n\">right</th></tr>\n";
  auto row = [&](const char* name, double a, double b, const char* unit = "mL") {
    o << "<tr><td>" << name << "</td>" << td(ml(a) + "&nbsp;" + unit) << td(ml(b) + "&nbsp;" + unit) << "</tr>\n";
  };
  row("planned fill (full correction)", r.sides[0].planned_fill_ml, r.sides[1].planned_fill_ml);
  row("injected", r.sides[0].injected_ml, r.sides[1].injected_ml);
  o << "<tr><td>gained (prisms) &plusmn; 1 SD</td>"
    << td(ml(r.sides[0].gained_ml) + " &plusmn; " + ml(r.sides[0].gained_sd_ml) + "&nbsp;mL")
    << td(ml(r.sides[1].gained_ml) + " &plusmn; " + ml(r.sides[1].gained_sd_ml) + "&nbsp;mL") << "</tr>\n";
  row("gained (cross-sections, check)", r.sides[0].gained_section_ml, r.sides[1].gained_section_ml);
  o << "<tr><td>retention = gained / injected</td>" << td(retention_text(r.sides[0])) << td(retention_text(r.sides[1]))
    << "</tr>\n";
  o << "<tr><td>measured skin area / not found in the follow-up</td>"
    << td(fmt("%.0f / %.0f&nbsp;cm&sup2;", r.sides[0].measured_area_mm2 / 100, r.sides[0].missing_area_mm2 / 100))
    << td(fmt("%.0f / %.0f&nbsp;cm&sup2;", r.sides[1].measured_area_mm2 / 100, r.sides[1].missing_area_mm2 / 100))
    << "</tr>\n</table>\n";
  o << "<p class=\"note\">Injected volumes from " << html_escape(src.injected_source.empty() ? "the command line" : src.injected_source)
    << "; processing " << html_escape(src.processing) << ".</p>\n";

  o << "<table><tr><th>region</th><th>side</th><th class=\"n\">planned fill</th><th class=\"n\">gained</th><th "
       "class=\"n\">gained (sections)</th></tr>\n";
  for (const RegionFollowup& x : r.regions)
    o << "<tr><td>" << html_escape(x.name) << "</td><td>" << side_name(x.side) << "</td>" << td(ml(x.planned_fill_ml))
      << td(ml(x.gained_ml)) << td(ml(x.gained_section_ml)) << "</tr>\n";
  o << "</table>\n";

  if (!r.donors.empty()) {
    o << "<table><tr><th>donor site</th><th class=\"n\">volume change (negative = lost) &plusmn; 1 SD</th><th "
         "class=\"n\">skin measured</th></tr>\n";
    for (const DonorFollowup& d : r.donors)
      o << "<tr><td>" << html_escape(d.name) << "</td>"
        << td(ml(d.change_ml) + " &plusmn; " + ml(d.change_sd_ml) + "&nbsp;mL") << td(fmt("%.0f&nbsp;cm&sup2;", d.area_mm2 / 100))
        << "</tr>\n";
    o << "</table>\n";
  }
  const Registration& g = r.registration;
  o << "<h2>Registration</h2>\n<p>On the parts that did not change (the body without the treated hips, the donor "
       "sites and the arms): RMS residual <b>"
    << fmt("%.2f", g.rms_mm) << "&nbsp;mm</b>, median " << fmt("%.2f", g.median_mm) << "&nbsp;mm, overlap "
    << fmt("%.0f", 100 * g.overlap) << "&nbsp;%, " << g.iterations << " iterations"
    << (g.converged ? "" : " (not converged)") << "; scan heights " << fmt("%.0f", r.pre_height_mm) << " and "
    << fmt("%.0f", r.post_height_mm) << "&nbsp;mm.</p>\n";

  o << "<h2>Warnings</h2>\n";
  if (r.warnings.empty()) o << "<p>None.</p>\n";
  for (const auto& w : r.warnings) o << "<p class=\"warn\">" << html_escape(w) << "</p>\n";

  o << "<h2>Difference map</h2>\n";
  bool any = false;
  o << "<div class=\"figures\">\n";
  for (const ReportImage& im : images) {
    if (im.png.empty()) continue;
    any = true;
    o << "<figure><img alt=\"" << html_escape(im.title) << "\" src=\"data:image/png;base64,"
      << base64_encode(im.png.data(), im.png.size()) << "\"><figcaption><b>" << html_escape(im.title) << "</b>"
      << (im.caption.empty() ? "" : " &mdash; " + html_escape(im.caption)) << "</figcaption></figure>\n";
  }
  o << "</div>\n";
  if (!any) o << "<p class=\"note\">" << html_escape(opt.no_images_note.empty() ? "No renders." : opt.no_images_note) << "</p>\n";

  o << "<h2>Silhouettes: before, planned, reached</h2>\n<div class=\"plots\">\n";
  for (const Side side : {Side::Right, Side::Left}) {
    SilhouetteCurve reached{r.post_width_mm[side == Side::Left ? 0 : 1], "follow-up"};
    o << silhouette_plot_svg(pre, side, 320, 460, &reached);
  }
  o << "</div>\n<p class=\"note\">Blue: the pre-operative outline; orange, dashed: the planned target; green: the "
       "follow-up's outline moved into the pre-operative frame.</p>\n";

  o << "<h2>Method</h2>\n<p class=\"note\">The follow-up is registered rigidly to the pre-operative scan by trimmed "
       "point-to-plane ICP on the unchanged parts, from a start the two scans' own frames give. The gain is measured "
       "along the directions the plan moves the skin, over the planned fill region widened by 15&nbsp;mm, by two "
       "volume methods; its SD combines the registration's pose uncertainty and the scan noise. Method, thresholds "
       "and limits: docs/followup.md.</p>\n";
  o << "</body>\n</html>\n";
  return o.str();
}

}  // namespace contour
