// Exports for other tools: `plan --csv` is one tidy table (one row per region, with the scan's
// id), and the JSON's numbers are rounded to what they mean.
#include "contour/report/plan_report.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>
#include <sstream>

namespace contour::test {
namespace {

const std::string kPhantom = std::string(CONTOUR_TEST_DATA_DIR) + "/samples/phantom_asymmetric.ply";

const PlanResult& plan() {
  static const PlanResult p = run_plan(kPhantom);
  return p;
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string f;
  std::istringstream in(line);
  while (std::getline(in, f, ',')) out.push_back(f);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

TEST(PlanCsv, IsOneTidyTableWithOneRowPerRegionAndTheScanId) {
  const std::string csv = format_plan_csv(plan());
  std::istringstream in(csv);
  std::string line;
  std::vector<std::vector<std::string>> rows;
  while (std::getline(in, line)) {
    ASSERT_FALSE(line.empty()) << "a blank line splits the table";
    rows.push_back(split(line));
  }
  ASSERT_EQ(rows.size(), plan().geometry.regions.size() + 1);
  const auto& header = rows[0];
  EXPECT_EQ(header[0], "scan_id");
  auto col = [&](const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << name;
    return static_cast<std::size_t>(it - header.begin());
  };
  double total = 0;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    ASSERT_EQ(rows[r].size(), header.size()) << "row " << r;
    EXPECT_EQ(rows[r][col("scan_id")], "phantom_asymmetric");
    const RegionVolume& rv = plan().geometry.regions[r - 1];
    EXPECT_EQ(rows[r][col("region")], rv.region.name);
    EXPECT_NEAR(std::stod(rows[r][col("fill_ml")]), rv.prism_ml, 0.006);
    EXPECT_NEAR(std::stod(rows[r][col("inject_ml")]), plan().graft.regions[r - 1].inject_ml, 0.006);
    EXPECT_LE(std::stod(rows[r][col("inject_low_ml")]), std::stod(rows[r][col("inject_high_ml")]));
    total += std::stod(rows[r][col("fill_ml")]);
  }
  EXPECT_NEAR(total, plan().graft.fill_ml, 0.03);
}

TEST(PlanJson, NumbersAreRoundedToWhatTheyMean) {
  const std::string text = plan_to_json_text(plan());
  std::smatch m;
  EXPECT_FALSE(std::regex_search(text, m, std::regex("[0-9]\\.[0-9]{5,}"))) << "long number: " << m.str(0);
  const nlohmann::json j = nlohmann::json::parse(text);
  const auto& g = j.at("graft");
  // Rounded, not truncated: within half a unit of the plan's own value.
  EXPECT_NEAR(g.at("inject_ml").get<double>(), plan().graft.inject_ml, 0.005 + 1e-12);
  EXPECT_NEAR(g.at("yield").get<double>(), plan().graft.yield, 0.00005 + 1e-12);
  EXPECT_NEAR(j.at("total_fill_ml").get<double>(), plan().graft.fill_ml, 0.011);
}

}  // namespace
}  // namespace contour::test
