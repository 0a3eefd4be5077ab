#include "graft/graft_json.hpp"

namespace contour {

namespace {

using nlohmann::json;

json range(const GraftRange& r) { return json::array({r.low_ml, r.high_ml}); }

json side_value(const std::optional<Side>& side) {
  if (!side) return nullptr;
  return side_name(*side);
}

json donor_json(const DonorAllocation& d) {
  return {{"site", d.site},
          {"side", side_value(d.side)},
          {"aspirate_ml", d.aspirate_ml},
          {"capacity_ml", d.capacity_ml},
          {"priority", d.priority}};
}

json side_json(const SideGraftPlan& side, double r_low, double r_high) {
  json sessions = json::array();
  for (const auto& s : side.sessions)
    sessions.push_back({{"session", s.session}, {"inject_ml", s.inject_ml}, {"inject_ml_range", range(s.inject_range)}});
  const GraftOutcomeBand& o = side.outcome;
  return {{"fill_ml", side.fill_ml},
          {"resorption", side.resorption},
          {"inject_ml", side.inject_ml},
          {"inject_ml_range", range(side.inject_range)},
          {"aspirate_ml", side.aspirate_ml},
          {"outcome",
           {{"at_low_resorption",
             {{"resorption", r_low},
              {"retained_ml", o.retained_low_resorption_ml},
              {"correction_ml", o.correction_low_resorption_ml},
              {"correction_pct", o.correction_low_resorption_pct}}},
            {"at_high_resorption",
             {{"resorption", r_high},
              {"retained_ml", o.retained_high_resorption_ml},
              {"correction_ml", o.correction_high_resorption_ml},
              {"correction_pct", o.correction_high_resorption_pct}}}}},
          {"sessions", sessions}};
}

}  // namespace

nlohmann::json graft_to_json(const GraftPlan& plan) {
  json sessions = json::array();
  for (const auto& s : plan.sessions) {
    json donors = json::array();
    for (const auto& d : s.donors.sites)
      if (d.aspirate_ml > 0.0) donors.push_back({{"site", d.site}, {"side", side_value(d.side)}, {"aspirate_ml", d.aspirate_ml}});
    sessions.push_back({{"session", s.session},
                        {"inject_ml", s.inject_ml},
                        {"inject_ml_range", range(s.inject_range)},
                        {"inject_left_ml", s.inject_left_ml},
                        {"inject_right_ml", s.inject_right_ml},
                        {"aspirate_ml", s.aspirate_ml},
                        {"aspirate_ml_range", range(s.aspirate_range)},
                        {"donors", donors},
                        {"shortfall_ml", s.donors.shortfall_ml}});
  }
  json regions = json::array();
  for (const auto& r : plan.regions)
    regions.push_back({{"name", r.name},
                       {"side", side_name(r.side)},
                       {"fill_ml", r.fill_ml},
                       {"resorption", r.resorption},
                       {"inject_ml", r.inject_ml},
                       {"inject_ml_range", range(r.inject_range)},
                       {"aspirate_ml", r.aspirate_ml}});
  const GraftShortfall& sf = plan.shortfall;
  json limits = {{"max_session_inject_ml", plan.max_session_inject_ml},
                 {"aspirate_limit_ml", plan.aspirate_limit_ml},
                 {"min_site_aspirate_ml", plan.min_site_aspirate_ml},
                 {"bmi_kg_m2", nullptr},
                 {"bmi_aspirate_limit_ml", nullptr}};
  if (plan.bmi_kg_m2) {
    limits["bmi_kg_m2"] = *plan.bmi_kg_m2;
    limits["bmi_aspirate_limit_ml"] = 100.0 * *plan.bmi_kg_m2;
  }

  json graft = {{"resorption", plan.resorption},
                {"resorption_range", json::array({plan.resorption_low, plan.resorption_high})},
                {"resorption_source", plan.resorption_source},
                {"fill_ml", plan.fill_ml},
                {"inject_ml", plan.inject_ml},
                {"inject_ml_range", range(plan.inject_range)},
                {"processing", processing_method_name(plan.processing)},
                {"yield", plan.yield},
                {"yield_source", plan.yield_overridden ? "override" : "default for processing method"},
                {"aspirate_ml", plan.aspirate_ml},
                {"aspirate_ml_range", range(plan.aspirate_range)},
                {"session_count", static_cast<int>(plan.sessions.size())},
                {"sessions", sessions},
                {"sides",
                 {{"left", side_json(plan.left, plan.resorption_low, plan.resorption_high)},
                  {"right", side_json(plan.right, plan.resorption_low, plan.resorption_high)}}},
                {"regions", regions},
                {"shortfall",
                 {{"needed_ml", sf.needed_ml},
                  {"available_ml", sf.available_ml},
                  {"shortfall_ml", sf.shortfall_ml},
                  {"correction_fraction", sf.correction_fraction},
                  {"options", sf.options}}},
                {"limits", limits},
                {"donor_source", plan.donor_source},
                {"excluded_sites", plan.excluded_sites}};

  json donors = json::array();
  for (const auto& d : plan.donors) donors.push_back(donor_json(d));
  return {{"graft", graft}, {"donors", donors}, {"warnings", plan.warnings}};
}

}  // namespace contour
