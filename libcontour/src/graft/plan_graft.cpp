#include "contour/graft/plan_graft.hpp"

#include "contour/core/errors.hpp"
#include "core/format_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

namespace contour {

namespace {

constexpr int kMaxSessions = 100;

std::string num(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// One decimal, for warnings a surgeon reads.
std::string ml(double v) { return detail::format_text("%.1f mL", v); }

std::string pct(double fraction) { return detail::format_text("%.0f %%", 100.0 * fraction); }

// One decimal: 82.5 % must not read as 82 or 83.
std::string pct1(double fraction) { return detail::format_text("%.1f %%", 100.0 * fraction); }

void check_fraction(double v, const char* field) {
  if (!std::isfinite(v) || v < 0.0 || v >= 0.95)
    throw InvalidInput(std::string("graft options: ") + field + " must be in [0, 0.95), got " + num(v));
}

void check_at_least(double v, double lowest, const char* field) {
  if (!std::isfinite(v) || v < lowest)
    throw InvalidInput(std::string("graft options: ") + field + " must be finite and >= " + num(lowest) +
                       ", got " + num(v));
}

GraftOutcomeBand outcome_band(double fill, double inject, double r_low, double r_high) {
  GraftOutcomeBand band;
  band.retained_low_resorption_ml = inject * (1.0 - r_low);
  band.retained_high_resorption_ml = inject * (1.0 - r_high);
  band.correction_low_resorption_ml = band.retained_low_resorption_ml - fill;
  band.correction_high_resorption_ml = band.retained_high_resorption_ml - fill;
  if (fill > 0.0) {
    band.correction_low_resorption_pct = 100.0 * band.correction_low_resorption_ml / fill;
    band.correction_high_resorption_pct = 100.0 * band.correction_high_resorption_ml / fill;
  }
  return band;
}

int sessions_for(double volume, double per_session) {
  if (volume <= 0.0) return 0;
  // The tolerance keeps a volume exactly at the limit in one session despite rounding.
  return std::max(1, static_cast<int>(std::ceil(volume / per_session - 1e-9)));
}

// Equal planned sessions; session k >= 2 as a range: each earlier session injected as planned
// and resorbed at the range end, the remaining deficit shared by the remaining sessions.
std::vector<GraftSideSession> side_sessions(const SideGraftPlan& side, int n, double r_low, double r_high) {
  std::vector<GraftSideSession> sessions;
  for (int k = 1; k <= n; ++k) {
    GraftSideSession s;
    s.session = k;
    s.inject_ml = side.inject_ml / n;
    const double earlier = (k - 1) * side.inject_ml / n;
    const auto need = [&](double r_actual) {
      const double deficit = std::max(0.0, side.fill_ml - earlier * (1.0 - r_actual));
      return deficit / (1.0 - side.resorption) / (n - k + 1);
    };
    s.inject_range = k == 1 ? GraftRange{s.inject_ml, s.inject_ml} : GraftRange{need(r_low), need(r_high)};
    sessions.push_back(s);
  }
  return sessions;
}

SideGraftPlan plan_side(Side which, double fill, double r, const GraftOptions& opt, double yield) {
  SideGraftPlan side;
  side.side = which;
  side.fill_ml = fill;
  side.resorption = r;
  side.inject_ml = fill / (1.0 - r);
  side.inject_range = {fill / (1.0 - opt.resorption_low), fill / (1.0 - opt.resorption_high)};
  side.outcome = outcome_band(fill, side.inject_ml, opt.resorption_low, opt.resorption_high);
  side.aspirate_ml = side.inject_ml / yield;
  return side;
}

void validate_input(const GraftInput& in) {
  const auto check_fill = [](double v, const std::string& field) {
    if (!std::isfinite(v) || v < 0.0)
      throw InvalidInput("graft input: " + field + " must be finite and >= 0, got " + num(v));
  };
  check_fill(in.fill_left_ml, "fill_left_ml");
  check_fill(in.fill_right_ml, "fill_right_ml");
  std::set<std::pair<std::string, int>> seen;
  for (std::size_t i = 0; i < in.regions.size(); ++i) {
    const GraftRegion& region = in.regions[i];
    const std::string where = "graft input: region " + std::to_string(i) + " \"" + region.name + "\"";
    if (region.name.empty()) throw InvalidInput("graft input: region " + std::to_string(i) + ": name is empty");
    check_fill(region.fill_ml, "region \"" + region.name + "\" fill_ml");
    if (!seen.insert({region.name, static_cast<int>(region.side)}).second)
      throw InvalidInput(where + ": listed twice for the " + side_name(region.side) + " side");
  }
  if (in.bmi_kg_m2 && (!std::isfinite(*in.bmi_kg_m2) || *in.bmi_kg_m2 < 10.0 || *in.bmi_kg_m2 > 80.0))
    throw InvalidInput("graft input: bmi_kg_m2 must be in [10, 80], got " + num(*in.bmi_kg_m2));
}

// Side fills, from the regions when there are any.
std::pair<double, double> side_fills(const GraftInput& in) {
  if (in.regions.empty()) return {in.fill_left_ml, in.fill_right_ml};
  double sum[2] = {0.0, 0.0};
  for (const auto& r : in.regions) sum[r.side == Side::Left ? 0 : 1] += r.fill_ml;
  const double given[2] = {in.fill_left_ml, in.fill_right_ml};
  const char* field[2] = {"fill_left_ml", "fill_right_ml"};
  for (int s = 0; s < 2; ++s)
    if (given[s] != 0.0 && std::abs(given[s] - sum[s]) > 0.1)
      throw InvalidInput(std::string("graft input: ") + field[s] + " is " + num(given[s]) +
                         " but its regions add up to " + num(sum[s]) + " (leave it 0 to use the regions)");
  return {sum[0], sum[1]};
}

}  // namespace

const char* processing_method_name(ProcessingMethod method) {
  switch (method) {
    case ProcessingMethod::decantation: return "decantation";
    case ProcessingMethod::filtration: return "filtration";
    case ProcessingMethod::centrifugation: break;
  }
  return "centrifugation";
}

ProcessingMethod parse_processing_method(const std::string& name, const std::string& context) {
  for (auto m : {ProcessingMethod::centrifugation, ProcessingMethod::decantation, ProcessingMethod::filtration})
    if (name == processing_method_name(m)) return m;
  throw InvalidInput(context + ": processing method must be centrifugation, decantation or filtration, got \"" +
                     name + "\"");
}

double default_processing_yield(ProcessingMethod method) {
  switch (method) {
    // Ann Plast Surg decantation-time study: about 55 % of the raw aspirate left as fat after
    // decanting and centrifuging at 3000 rpm for 5 min.
    case ProcessingMethod::centrifugation: return 0.55;
    // Assumption: the canister is about half tumescent fluid, half fat; decanting pours off the
    // free fluid layer.
    case ProcessingMethod::decantation: return 0.50;
    // Assumption: no published volume yield; filtration concentrates about as well as
    // centrifugation (85.6 % fat content, Gabriel et al.), so the centrifugation figure is used.
    case ProcessingMethod::filtration: return 0.55;
  }
  return 0.55;
}

void validate_graft_options(const GraftOptions& opt) {
  check_fraction(opt.resorption, "resorption");
  if (opt.resorption_left) check_fraction(*opt.resorption_left, "resorption_left");
  if (opt.resorption_right) check_fraction(*opt.resorption_right, "resorption_right");
  check_fraction(opt.resorption_low, "resorption_low");
  check_fraction(opt.resorption_high, "resorption_high");
  if (opt.resorption_low > opt.resorption_high)
    throw InvalidInput("graft options: resorption range must have low <= high, got [" + num(opt.resorption_low) +
                       ", " + num(opt.resorption_high) + "]");
  if (opt.yield && (!std::isfinite(*opt.yield) || *opt.yield <= 0.0 || *opt.yield > 1.0))
    throw InvalidInput("graft options: yield must be in (0, 1], got " + num(*opt.yield));
  check_at_least(opt.max_session_inject_ml, 1.0, "max_session_inject_ml");
  check_at_least(opt.aspirate_limit_ml, 1.0, "aspirate_limit_ml");
  check_at_least(opt.min_site_aspirate_ml, 0.0, "min_site_aspirate_ml");
  validate_donor_sites(opt.donor_sites, opt.donor_source.empty() ? "donor sites" : opt.donor_source);
  for (const auto& name : opt.exclude) (void)expand_donor_name(name, "exclude");
}

GraftPlan plan_graft(const GraftInput& in, const GraftOptions& opt) {
  validate_graft_options(opt);
  validate_input(in);
  const auto [fill_left, fill_right] = side_fills(in);

  GraftPlan plan;
  plan.resorption_low = opt.resorption_low;
  plan.resorption_high = opt.resorption_high;
  plan.resorption_source =
      opt.resorption_source.empty() ? "literature or options (docs/clinical-defaults.md)" : opt.resorption_source;
  plan.processing = opt.processing;
  plan.yield = opt.yield.value_or(default_processing_yield(opt.processing));
  plan.yield_overridden = opt.yield.has_value();
  plan.max_session_inject_ml = opt.max_session_inject_ml;
  plan.aspirate_limit_ml = opt.aspirate_limit_ml;
  plan.min_site_aspirate_ml = opt.min_site_aspirate_ml;
  plan.bmi_kg_m2 = in.bmi_kg_m2;
  const double y = plan.yield;
  const double r_of[2] = {opt.resorption_left.value_or(opt.resorption), opt.resorption_right.value_or(opt.resorption)};

  plan.left = plan_side(Side::Left, fill_left, r_of[0], opt, y);
  plan.right = plan_side(Side::Right, fill_right, r_of[1], opt, y);
  for (const auto& region : in.regions) {
    const double r = r_of[region.side == Side::Left ? 0 : 1];
    RegionGraftPlan out;
    out.name = region.name;
    out.side = region.side;
    out.fill_ml = region.fill_ml;
    out.resorption = r;
    out.inject_ml = region.fill_ml / (1.0 - r);
    out.inject_range = {region.fill_ml / (1.0 - opt.resorption_low), region.fill_ml / (1.0 - opt.resorption_high)};
    out.aspirate_ml = out.inject_ml / y;
    plan.regions.push_back(out);
  }

  plan.fill_ml = plan.left.fill_ml + plan.right.fill_ml;
  plan.inject_ml = plan.left.inject_ml + plan.right.inject_ml;
  plan.inject_range = {plan.left.inject_range.low_ml + plan.right.inject_range.low_ml,
                       plan.left.inject_range.high_ml + plan.right.inject_range.high_ml};
  plan.aspirate_ml = plan.inject_ml / y;
  plan.aspirate_range = {plan.inject_range.low_ml / y, plan.inject_range.high_ml / y};
  plan.resorption = plan.inject_ml > 0.0 ? 1.0 - plan.fill_ml / plan.inject_ml : opt.resorption;

  std::vector<std::string>& warn = plan.warnings;
  for (const SideGraftPlan* side : {&plan.left, &plan.right})
    if (side->fill_ml > 0.0 && (side->resorption < opt.resorption_low || side->resorption > opt.resorption_high))
      warn.push_back(std::string(side_name(side->side)) + ": planning resorption " + pct(side->resorption) +
                     " lies outside the expected range " + pct(opt.resorption_low) + " to " +
                     pct(opt.resorption_high) + "; the outcome band shows what the range ends would give");

  // --- Staging -------------------------------------------------------------------------------
  // Per side, enough sessions to keep each under the per-session maximum; both sides together,
  // enough to keep each session's raw aspirate under the limit. Planned sessions are equal, so
  // session k's aspirate is at most total / n_aspirate <= limit.
  const int n_aspirate = sessions_for(plan.aspirate_ml, opt.aspirate_limit_ml);
  int n_side[2] = {sessions_for(plan.left.inject_ml, opt.max_session_inject_ml),
                   sessions_for(plan.right.inject_ml, opt.max_session_inject_ml)};
  const int n_volume[2] = {n_side[0], n_side[1]};
  for (int& n : n_side)
    if (n > 0) n = std::max(n, n_aspirate);
  const int n_total = std::max(n_side[0], n_side[1]);
  if (n_total > kMaxSessions)
    throw InvalidInput("graft plan: " + std::to_string(n_total) + " sessions would be needed (inject " +
                       num(plan.left.inject_ml) + " / " + num(plan.right.inject_ml) + " mL, max_session_inject_ml " +
                       num(opt.max_session_inject_ml) + ", aspirate_limit_ml " + num(opt.aspirate_limit_ml) +
                       "); more than " + std::to_string(kMaxSessions) + ": check the fill volumes and limits");
  plan.left.sessions = side_sessions(plan.left, n_side[0], opt.resorption_low, opt.resorption_high);
  plan.right.sessions = side_sessions(plan.right, n_side[1], opt.resorption_low, opt.resorption_high);

  for (const SideGraftPlan* side : {&plan.left, &plan.right}) {
    const int s = side->side == Side::Left ? 0 : 1;
    if (n_volume[s] > 1)
      warn.push_back(std::string(side_name(side->side)) + ": " + ml(side->inject_ml) +
                     " to inject exceeds the per-session maximum of " + ml(opt.max_session_inject_ml) +
                     " (overfilling raises interstitial pressure and harms take, Khouri et al. 2014): staged into " +
                     std::to_string(n_side[s]) + " sessions of " + ml(side->inject_ml / n_side[s]) + " planned");
  }
  if (n_aspirate > 1)
    warn.push_back("total raw aspirate " + ml(plan.aspirate_ml) + " exceeds the per-session limit of " +
                   ml(opt.aspirate_limit_ml) + " (QUAD A outpatient standard; more needs overnight monitoring): staged into " +
                   std::to_string(n_total) + " sessions");
  for (const SideGraftPlan* side : {&plan.left, &plan.right})
    for (const auto& s : side->sessions)
      if (s.session > 1 && s.inject_range.high_ml > opt.max_session_inject_ml * (1.0 + 1e-9))
        warn.push_back(std::string(side_name(side->side)) + " session " + std::to_string(s.session) +
                       " may need up to " + ml(s.inject_range.high_ml) + " (if earlier sessions resorb at " +
                       pct(opt.resorption_high) + "), above the per-session maximum of " +
                       ml(opt.max_session_inject_ml) + ": re-measure before it; a further session may be needed");

  // --- Sessions and donor split ----------------------------------------------------------------
  const std::vector<DonorSite> all_sites = opt.donor_sites.empty() ? default_donor_sites() : opt.donor_sites;
  plan.donor_source = opt.donor_sites.empty() ? "defaults (assumptions)"
                                              : (opt.donor_source.empty() ? "options" : opt.donor_source);
  for (const auto& info : donor_site_catalog())
    for (const auto& name : opt.exclude) {
      const auto names = expand_donor_name(name, "exclude");
      if (std::find(names.begin(), names.end(), info.name) != names.end() &&
          std::find(plan.excluded_sites.begin(), plan.excluded_sites.end(), info.name) == plan.excluded_sites.end())
        plan.excluded_sites.push_back(info.name);
    }
  const std::vector<DonorSite> sites = exclude_donor_sites(all_sites, opt.exclude, "exclude");
  std::vector<DonorSite> remaining = sites;
  for (const auto& site : sites)
    plan.donors.push_back({site.name, find_donor_site(site.name)->side, 0.0, site.capacity_ml, site.priority});

  DonorSplitOptions split_options;
  split_options.min_site_aspirate_ml = opt.min_site_aspirate_ml;
  for (int k = 1; k <= n_total; ++k) {
    GraftSession session;
    session.session = k;
    GraftRange range_left, range_right;
    if (k <= n_side[0]) {
      session.inject_left_ml = plan.left.sessions[k - 1].inject_ml;
      range_left = plan.left.sessions[k - 1].inject_range;
    }
    if (k <= n_side[1]) {
      session.inject_right_ml = plan.right.sessions[k - 1].inject_ml;
      range_right = plan.right.sessions[k - 1].inject_range;
    }
    session.inject_ml = session.inject_left_ml + session.inject_right_ml;
    session.inject_range = {range_left.low_ml + range_right.low_ml, range_left.high_ml + range_right.high_ml};
    session.aspirate_ml = session.inject_ml / y;
    session.aspirate_range = {session.inject_range.low_ml / y, session.inject_range.high_ml / y};
    session.donors = split_donors(remaining, session.aspirate_ml, split_options);
    for (std::size_t i = 0; i < remaining.size(); ++i) {
      remaining[i].capacity_ml = std::max(0.0, remaining[i].capacity_ml - session.donors.sites[i].aspirate_ml);
      plan.donors[i].aspirate_ml += session.donors.sites[i].aspirate_ml;
    }
    if (session.donors.below_minimum_exception)
      warn.push_back("session " + std::to_string(k) + ": only " + ml(session.aspirate_ml) +
                     " of raw aspirate is needed, too little to give each opened site the minimum of " +
                     ml(opt.min_site_aspirate_ml) + ": one donor site (or pair) supplies it");
    if (k > 1 && session.aspirate_range.high_ml > opt.aspirate_limit_ml * (1.0 + 1e-9))
      warn.push_back("session " + std::to_string(k) + " may need up to " + ml(session.aspirate_range.high_ml) +
                     " of raw aspirate, above the per-session limit of " + ml(opt.aspirate_limit_ml) +
                     ": re-plan before it");
    if (in.bmi_kg_m2 && session.aspirate_ml > 100.0 * *in.bmi_kg_m2)
      warn.push_back("session " + std::to_string(k) + ": raw aspirate " + ml(session.aspirate_ml) +
                     " exceeds 100 mL per BMI unit (BMI " + num(*in.bmi_kg_m2) + ": " + ml(100.0 * *in.bmi_kg_m2) +
                     "), an independent risk factor for complications (Chow et al., PRS 2015;136:474)");
    plan.sessions.push_back(std::move(session));
  }

  // --- Shortfall -----------------------------------------------------------------------------
  GraftShortfall& sf = plan.shortfall;
  sf.needed_ml = plan.aspirate_ml;
  for (const auto& d : plan.donors) sf.available_ml += d.aspirate_ml;
  sf.shortfall_ml = std::max(0.0, sf.needed_ml - sf.available_ml);
  if (sf.shortfall_ml <= 1e-6 * std::max(1.0, sf.needed_ml)) {
    sf.shortfall_ml = 0.0;
    sf.correction_fraction = 1.0;
  } else {
    sf.correction_fraction = sf.available_ml / sf.needed_ml;
    warn.push_back("donor capacity shortfall: " + ml(sf.shortfall_ml) + " of the " + ml(sf.needed_ml) +
                   " raw aspirate needed cannot be harvested from the available sites (" + ml(sf.available_ml) +
                   " can); " + pct1(sf.correction_fraction) + " of the correction fits");
    std::string absent, excluded;
    for (const auto& info : donor_site_catalog()) {
      const bool in_plan = std::any_of(plan.donors.begin(), plan.donors.end(),
                                       [&](const DonorAllocation& d) { return d.site == info.name; });
      const bool was_excluded = std::find(plan.excluded_sites.begin(), plan.excluded_sites.end(), info.name) !=
                                plan.excluded_sites.end();
      std::string& list = was_excluded ? excluded : absent;
      if (!in_plan) list += (list.empty() ? "" : ", ") + info.name;
    }
    sf.options.push_back("add donor sites or capacity: " + ml(sf.shortfall_ml) + " more raw aspirate is needed" +
                         (absent.empty() ? std::string() : "; sites not in the donor list: " + absent) +
                         (excluded.empty() ? std::string() : "; excluded: " + excluded) +
                         " (capacities must come from examination)");
    sf.options.push_back("stage: harvest and inject what is available now and plan a later session for the missing " +
                         ml(sf.shortfall_ml) + " of raw aspirate (" + ml(sf.shortfall_ml * y) +
                         " to inject) after re-examining the donor sites");
    const double f = sf.correction_fraction;
    sf.options.push_back("correct less: the available aspirate fits " + pct1(f) + " of the correction: fill left " +
                         ml(f * plan.left.fill_ml) + ", right " + ml(f * plan.right.fill_ml) + " (inject left " +
                         ml(f * plan.left.inject_ml) + ", right " + ml(f * plan.right.inject_ml) + ")");
    double unused_openable = 0.0;
    for (const auto& site : remaining)
      if (site.capacity_ml >= opt.min_site_aspirate_ml) unused_openable += site.capacity_ml;
    if (unused_openable >= sf.shortfall_ml && opt.min_site_aspirate_ml > 0.0)
      sf.options.push_back("lower the minimum per site (now " + ml(opt.min_site_aspirate_ml) +
                           "): the sites have the capacity, but the missing amount cannot be split so that every "
                           "opened site gives the minimum");
  }
  return plan;
}

}  // namespace contour
