// Outputs of the graft plan: the JSON key layout of issue 4, the CSV rows and the text report.
#include "contour/graft/format_graft_csv.hpp"
#include "contour/graft/format_graft_report.hpp"
#include "contour/graft/plan_graft.hpp"

#include "graft/graft_json.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace contour {
namespace {

GraftPlan example_plan() {
  GraftInput in;
  in.fill_left_ml = 120.0;
  in.fill_right_ml = 120.0;
  return plan_graft(in, {});
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::stringstream s(text);
  std::string item;
  while (std::getline(s, item, sep)) out.push_back(item);
  if (!text.empty() && text.back() == sep) out.push_back("");
  return out;
}

TEST(GraftJson, HasTheKeysOfIssue4WithTheRightTypesAndValues) {
  const nlohmann::json j = graft_to_json(example_plan());
  ASSERT_TRUE(j.is_object());
  ASSERT_TRUE(j.contains("graft"));
  ASSERT_TRUE(j.contains("donors"));
  ASSERT_TRUE(j.contains("warnings"));
  const auto& g = j.at("graft");
  for (const char* key : {"resorption", "resorption_range", "fill_ml", "inject_ml", "inject_ml_range", "yield",
                          "aspirate_ml", "sessions"})
    EXPECT_TRUE(g.contains(key)) << key;
  EXPECT_DOUBLE_EQ(g.at("resorption").get<double>(), 0.5);
  EXPECT_EQ(g.at("resorption_range"), nlohmann::json::array({0.30, 0.70}));
  EXPECT_NEAR(g.at("fill_ml").get<double>(), 240.0, 1e-9);
  EXPECT_NEAR(g.at("inject_ml").get<double>(), 480.0, 1e-9);
  ASSERT_EQ(g.at("inject_ml_range").size(), 2u);
  EXPECT_NEAR(g.at("inject_ml_range")[0].get<double>(), 342.857, 1e-3);
  EXPECT_NEAR(g.at("inject_ml_range")[1].get<double>(), 800.0, 1e-9);
  EXPECT_DOUBLE_EQ(g.at("yield").get<double>(), 0.55);
  EXPECT_NEAR(g.at("aspirate_ml").get<double>(), 872.727, 1e-3);
  ASSERT_TRUE(g.at("sessions").is_array());
  ASSERT_EQ(g.at("sessions").size(), 1u);
  EXPECT_EQ(g.at("session_count").get<int>(), 1);
  EXPECT_NEAR(g.at("sessions")[0].at("inject_ml").get<double>(), 480.0, 1e-9);

  // Per-side injected volumes.
  EXPECT_NEAR(g.at("sides").at("left").at("inject_ml").get<double>(), 240.0, 1e-9);
  EXPECT_NEAR(g.at("sides").at("right").at("inject_ml").get<double>(), 240.0, 1e-9);
  EXPECT_NEAR(g.at("sides").at("left").at("outcome").at("at_low_resorption").at("correction_ml").get<double>(), 48.0,
              1e-9);
  EXPECT_NEAR(g.at("sides").at("left").at("outcome").at("at_high_resorption").at("correction_pct").get<double>(),
              -40.0, 1e-9);

  // Donors: every available site with site, side (null for midline), aspirate and capacity.
  const auto& donors = j.at("donors");
  ASSERT_EQ(donors.size(), 7u);
  EXPECT_EQ(donors[0].at("site"), "abdomen");
  EXPECT_TRUE(donors[0].at("side").is_null());
  EXPECT_NEAR(donors[0].at("aspirate_ml").get<double>(), 484.848, 1e-3);
  EXPECT_DOUBLE_EQ(donors[0].at("capacity_ml").get<double>(), 1000.0);
  EXPECT_EQ(donors[1].at("site"), "flank_left");
  EXPECT_EQ(donors[1].at("side"), "left");
  EXPECT_EQ(donors[2].at("side"), "right");
  double sum = 0.0;
  for (const auto& d : donors) sum += d.at("aspirate_ml").get<double>();
  EXPECT_NEAR(sum, g.at("aspirate_ml").get<double>(), 1e-6);

  EXPECT_TRUE(j.at("warnings").is_array());
  EXPECT_TRUE(j.at("warnings").empty());

  // Round trip through text keeps the values.
  EXPECT_EQ(nlohmann::json::parse(j.dump()), j);
}

TEST(GraftJson, WarningsAndShortfallAppear) {
  GraftInput in;
  in.fill_left_ml = 150.0;
  in.fill_right_ml = 150.0;
  GraftOptions opt;
  opt.donor_sites = {{"abdomen", 500.0, 1}, {"flank_left", 200.0, 1}, {"flank_right", 200.0, 1}};
  const nlohmann::json j = graft_to_json(plan_graft(in, opt));
  ASSERT_EQ(j.at("warnings").size(), 1u);
  EXPECT_NE(j.at("warnings")[0].get<std::string>().find("shortfall"), std::string::npos);
  EXPECT_NEAR(j.at("graft").at("shortfall").at("shortfall_ml").get<double>(), 190.909, 1e-3);
  EXPECT_NEAR(j.at("graft").at("shortfall").at("correction_fraction").get<double>(), 0.825, 1e-12);
  EXPECT_GE(j.at("graft").at("shortfall").at("options").size(), 3u);
}

TEST(GraftCsv, OneRowPerSideOrRegionAndPerDonorSite) {
  const GraftPlan plan = example_plan();
  const std::string csv = format_graft_csv(plan);
  const auto lines = split(csv, '\n');
  ASSERT_EQ(lines.size(), 1u + 2u + 7u + 1u);  // header, 2 sides, 7 donors, final empty
  EXPECT_EQ(lines[0], graft_csv_header());
  EXPECT_EQ(lines[1], "side,left,left,120.000,0.5000,240.000,171.429,400.000,436.364,");
  EXPECT_EQ(lines[3], "donor,abdomen,,,,,,,484.848,1000.000");
  EXPECT_EQ(lines[4], "donor,flank_left,left,,,,,,193.939,400.000");
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) EXPECT_EQ(split(lines[i], ',').size(), 10u) << lines[i];

  GraftInput in;
  in.regions = {{"dip, upper", Side::Left, 80.0}, {"dip", Side::Right, 100.0}};
  const auto rows = graft_csv_rows(plan_graft(in, {}));
  EXPECT_EQ(rows[0], "region,\"dip, upper\",left,80.000,0.5000,160.000,114.286,266.667,290.909,");
  EXPECT_EQ(rows[1].rfind("region,dip,right,100.000", 0), 0u);
}

TEST(GraftReport, ShowsUnitsRangesSessionsDonorsAndWarnings) {
  const std::string report = format_graft_report(example_plan());
  for (const char* text : {"GRAFT PLAN (volumes in mL)", "planned 50 %", "expected range 30 % to 70 %",
                           "centrifugation, yield 0.55", "defaults (assumptions)", "240.0", "171.4-400.0",
                           "436.4", "872.7", "+48.0 (+40 %)", "-48.0 (-40 %)", "abdomen", "484.8",
                           "Warnings: none"})
    EXPECT_NE(report.find(text), std::string::npos) << "missing \"" << text << "\" in\n" << report;

  GraftInput in;
  in.fill_left_ml = 400.0;
  in.fill_right_ml = 150.0;
  GraftOptions opt;
  opt.donor_sites = {{"abdomen", 500.0, 1}, {"flank_left", 200.0, 1}, {"flank_right", 200.0, 1}};
  opt.donor_source = "exam.json";
  const std::string staged = format_graft_report(plan_graft(in, opt));
  for (const char* text : {"Sessions (at most 500 mL", "2: inject left 400.0 (240.0-560.0), right -", "SHORTFALL",
                           "Options:", "! left: 800.0 mL to inject exceeds", "exam.json"})
    EXPECT_NE(staged.find(text), std::string::npos) << "missing \"" << text << "\" in\n" << staged;
}

}  // namespace
}  // namespace contour
