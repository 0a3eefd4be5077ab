#include "contour/graft/format_graft_report.hpp"
#include "core/format_text.hpp"

#include <cstdarg>
#include <cstdio>
#include <string>

namespace contour {

namespace {

constexpr auto fmt = detail::format_text;

std::string pct(double fraction) { return fmt("%.0f %%", 100.0 * fraction); }
std::string vol(double v) { return fmt("%.1f", v); }
std::string range(const GraftRange& r) { return fmt("%.1f-%.1f", r.low_ml, r.high_ml); }
std::string correction(double ml, double percent) { return fmt("%+.1f (%+.0f %%)", ml, percent); }

// One table row: a label and three right-aligned cells (left, right, total).
std::string row(const std::string& label, const std::string& left, const std::string& right, const std::string& total) {
  return fmt("  %-30s%16s%16s%16s\n", label.c_str(), left.c_str(), right.c_str(), total.c_str());
}

}  // namespace

std::string format_graft_report(const GraftPlan& p) {
  std::string out;
  out += "GRAFT PLAN (volumes in mL)\n";
  out += "  Resorption: planned " + pct(p.left.resorption);
  if (p.right.resorption != p.left.resorption) out += " left, " + pct(p.right.resorption) + " right";
  out += "; expected range " + pct(p.resorption_low) + " to " + pct(p.resorption_high) + "\n";
  out += "  Resorption from: " + p.resorption_source + "\n";
  out += fmt("  Processing: %s, yield %.2f (%s)\n", processing_method_name(p.processing), p.yield,
             p.yield_overridden ? "set by user" : "default for the method");
  out += "  Donor capacities: " + p.donor_source + "\n\n";

  out += row("", "Left", "Right", "Total");
  out += row("Fill (volume to gain)", vol(p.left.fill_ml), vol(p.right.fill_ml), vol(p.fill_ml));
  out += row("Inject (planned)", vol(p.left.inject_ml), vol(p.right.inject_ml), vol(p.inject_ml));
  out += row("  needed if " + pct(p.resorption_low) + "-" + pct(p.resorption_high) + " resorbs", range(p.left.inject_range),
             range(p.right.inject_range), range(p.inject_range));
  out += row("Raw aspirate (planned)", vol(p.left.aspirate_ml), vol(p.right.aspirate_ml), vol(p.aspirate_ml));
  out += "  If the planned volume is injected, fill gained (mL; correction vs deficit, + over / - under):\n";
  const double total_low = p.inject_ml * (1.0 - p.resorption_low);
  const double total_high = p.inject_ml * (1.0 - p.resorption_high);
  const auto total_pct = [&](double retained) { return p.fill_ml > 0.0 ? 100.0 * (retained - p.fill_ml) / p.fill_ml : 0.0; };
  out += row("  at " + pct(p.resorption_low) + " resorption", vol(p.left.outcome.retained_low_resorption_ml),
             vol(p.right.outcome.retained_low_resorption_ml), vol(total_low));
  out += row("", correction(p.left.outcome.correction_low_resorption_ml, p.left.outcome.correction_low_resorption_pct),
             correction(p.right.outcome.correction_low_resorption_ml, p.right.outcome.correction_low_resorption_pct),
             correction(total_low - p.fill_ml, total_pct(total_low)));
  out += row("  at " + pct(p.resorption_high) + " resorption", vol(p.left.outcome.retained_high_resorption_ml),
             vol(p.right.outcome.retained_high_resorption_ml), vol(total_high));
  out += row("", correction(p.left.outcome.correction_high_resorption_ml, p.left.outcome.correction_high_resorption_pct),
             correction(p.right.outcome.correction_high_resorption_ml, p.right.outcome.correction_high_resorption_pct),
             correction(total_high - p.fill_ml, total_pct(total_high)));
  out += row("Sessions", std::to_string(p.left.sessions.size()), std::to_string(p.right.sessions.size()),
             std::to_string(p.sessions.size()));

  if (!p.regions.empty()) {
    out += "\n  Regions:\n";
    out += fmt("  %-24s%-7s%10s%12s%16s%12s\n", "region", "side", "fill", "inject", "needed", "aspirate");
    for (const auto& r : p.regions)
      out += fmt("  %-24s%-7s%10.1f%12.1f%16s%12.1f\n", r.name.c_str(), side_name(r.side), r.fill_ml,
                 r.inject_ml, range(r.inject_range).c_str(), r.aspirate_ml);
  }

  if (p.sessions.size() > 1) {
    out += fmt("\n  Sessions (at most %.0f mL injected per side and %.0f mL raw aspirate per session;\n"
               "  later sessions depend on the take of earlier ones: re-measure before each):\n",
               p.max_session_inject_ml, p.aspirate_limit_ml);
    for (const auto& s : p.sessions) {
      const std::size_t k = static_cast<std::size_t>(s.session - 1);
      const auto side_text = [&](const SideGraftPlan& side) {
        if (k >= side.sessions.size()) return std::string("-");
        const GraftSideSession& ss = side.sessions[k];
        return s.session == 1 ? vol(ss.inject_ml) : vol(ss.inject_ml) + " (" + range(ss.inject_range) + ")";
      };
      out += fmt("  %d: inject left %s, right %s; raw aspirate %s", s.session, side_text(p.left).c_str(),
                 side_text(p.right).c_str(), vol(s.aspirate_ml).c_str());
      if (s.session > 1) out += " (" + range(s.aspirate_range) + ")";
      out += "\n     donors:";
      bool any = false;
      for (const auto& d : s.donors.sites)
        if (d.aspirate_ml > 0.0) {
          out += (any ? ", " : " ") + d.site + " " + vol(d.aspirate_ml);
          any = true;
        }
      if (!any) out += " none";
      if (s.donors.shortfall_ml > 0.0) out += "; short " + vol(s.donors.shortfall_ml);
      out += "\n";
    }
  }

  out += fmt("\n  Donor sites (raw aspirate%s; a site is opened for at least %.0f mL):\n",
             p.sessions.size() > 1 ? ", all sessions" : "", p.min_site_aspirate_ml);
  out += fmt("  %-20s%-7s%12s%12s\n", "site", "side", "harvest", "capacity");
  double harvest = 0.0, capacity = 0.0;
  for (const auto& d : p.donors) {
    out += fmt("  %-20s%-7s%12s%12.1f\n", d.site.c_str(), side_name(d.side, "-"),
               d.aspirate_ml > 0.0 ? vol(d.aspirate_ml).c_str() : "-", d.capacity_ml);
    harvest += d.aspirate_ml;
    capacity += d.capacity_ml;
  }
  out += fmt("  %-27s%12.1f%12.1f\n", "total", harvest, capacity);
  if (!p.excluded_sites.empty()) {
    out += "  Excluded:";
    for (std::size_t i = 0; i < p.excluded_sites.size(); ++i) out += (i ? ", " : " ") + p.excluded_sites[i];
    out += "\n";
  }

  if (p.shortfall.shortfall_ml > 0.0) {
    out += fmt("\n  SHORTFALL: %.1f mL of raw aspirate missing (needed %.1f, available %.1f); %.1f %% of the "
               "correction fits.\n  Options:\n",
               p.shortfall.shortfall_ml, p.shortfall.needed_ml, p.shortfall.available_ml,
               100.0 * p.shortfall.correction_fraction);
    for (const auto& o : p.shortfall.options) out += "  - " + o + "\n";
  }

  out += "\n  Warnings:";
  if (p.warnings.empty()) out += " none\n";
  else {
    out += "\n";
    for (const auto& w : p.warnings) out += "  ! " + w + "\n";
  }
  return out;
}

}  // namespace contour
