#include "contour/graft/format_graft_csv.hpp"

#include "core/csv_field.hpp"
#include "core/format_text.hpp"

#include <cstdio>

namespace contour {

namespace {

std::string cell(double v) { return detail::format_text("%.3f", v); }

std::string fraction(double v) { return detail::format_text("%.4f", v); }

std::string row(const std::vector<std::string>& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + cells[i];
  return out;
}

}  // namespace

std::string graft_csv_header() {
  return "kind,name,side,fill_ml,resorption,inject_ml,inject_low_ml,inject_high_ml,aspirate_ml,capacity_ml";
}

std::vector<std::string> graft_csv_rows(const GraftPlan& plan) {
  std::vector<std::string> rows;
  if (!plan.regions.empty()) {
    for (const auto& r : plan.regions)
      rows.push_back(row({"region", detail::csv_field(r.name), side_name(r.side), cell(r.fill_ml), fraction(r.resorption),
                          cell(r.inject_ml), cell(r.inject_range.low_ml), cell(r.inject_range.high_ml),
                          cell(r.aspirate_ml), ""}));
  } else {
    for (const SideGraftPlan* s : {&plan.left, &plan.right})
      rows.push_back(row({"side", side_name(s->side), side_name(s->side), cell(s->fill_ml),
                          fraction(s->resorption), cell(s->inject_ml), cell(s->inject_range.low_ml),
                          cell(s->inject_range.high_ml), cell(s->aspirate_ml), ""}));
  }
  for (const auto& d : plan.donors)
    rows.push_back(row({"donor", detail::csv_field(d.site), side_name(d.side, ""), "", "", "",
                        "", "", cell(d.aspirate_ml), cell(d.capacity_ml)}));
  return rows;
}

std::string format_graft_csv(const GraftPlan& plan) {
  std::string out = graft_csv_header() + "\n";
  for (const auto& r : graft_csv_rows(plan)) out += r + "\n";
  return out;
}

}  // namespace contour
