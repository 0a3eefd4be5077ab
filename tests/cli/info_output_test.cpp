// `contour info` on good scans: what it reports, and that --units/--up/--front are honoured.
#include "run_cli.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace contour {
namespace {

std::string mh(const std::string& name) { return std::string(CONTOUR_TEST_DATA_DIR) + "/makehuman/" + name; }

/// The value after `label` on its line of the report.
std::string field(const std::string& out, const std::string& label) {
  const std::size_t at = out.find("\n" + label);
  if (at == std::string::npos) return "";
  const std::size_t start = out.find_first_not_of(' ', at + 1 + label.size());
  return out.substr(start, out.find('\n', start) - start);
}

TEST(InfoOutput, MakeHumanMeshesReportDecimetresYUpZFrontAndHeight) {
  for (const char* name : {"base.obj", "mh_female_young_avg.obj", "mh_female_young_minweight.obj",
                           "mh_female_young_maxweight.obj"}) {
    SCOPED_TRACE(name);
    const test::CliRun run = test::run_cli({"info", mh(name)});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_TRUE(run.err.empty()) << run.err;
    EXPECT_EQ(field(run.out, "units"), "dm (detected)");
    EXPECT_EQ(field(run.out, "up axis"), "+y (detected)");
    EXPECT_EQ(field(run.out, "front axis").substr(0, 14), "+z (detected),");
    std::smatch m;
    const std::string height = field(run.out, "height");
    ASSERT_TRUE(std::regex_match(height, m, std::regex(R"(([0-9.]+) mm \(([0-9.]+) m\))"))) << height;
    EXPECT_GE(std::stod(m[1]), 1500.0);
    EXPECT_LE(std::stod(m[1]), 1900.0);
    EXPECT_EQ(field(run.out, "kept mesh"), "13380 vertices, 26756 triangles");
  }
}

TEST(InfoOutput, BaseMeshListsTheBodyApartFromHelperPieces) {
  const test::CliRun run = test::run_cli({"info", mh("base.obj")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(std::regex_search(run.out, std::regex(R"(\n  body +26756 triangles +[0-9]+ mm\^2  group body\n)"))) << run.out;
  EXPECT_TRUE(std::regex_search(run.out, std::regex(R"(\n  helper .*group helper-tights\n)"))) << run.out;
  EXPECT_EQ(run.out.find("  limb"), std::string::npos) << run.out;
}

TEST(InfoOutput, OverridesAreHonouredAndReportedAsGiven) {
  const test::CliRun same = test::run_cli({"info", mh("mh_female_young_avg.obj"), "--units", "dm", "--up", "+y", "--front", "z"});
  ASSERT_EQ(same.exit_code, 0) << same.err;
  EXPECT_EQ(field(same.out, "units"), "dm (given)");
  EXPECT_EQ(field(same.out, "up axis"), "+y (given)");
  EXPECT_EQ(field(same.out, "front axis").substr(0, 11), "+z (given),");

  const test::CliRun back = test::run_cli({"info", mh("mh_female_young_avg.obj"), "--front", "-z"});
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(field(back.out, "front axis").substr(0, 11), "-z (given),");
  EXPECT_EQ(field(back.out, "up axis"), "+y (detected)");

  const test::CliRun metres = test::run_cli({"info", mh("mh_female_young_avg.obj"), "--units", "m"});
  ASSERT_EQ(metres.exit_code, 0) << metres.err;
  EXPECT_EQ(field(metres.out, "units"), "m (given)");
  const std::string h_m = field(metres.out, "height"), h_dm = field(back.out, "height");
  EXPECT_NEAR(std::stod(h_m), 10.0 * std::stod(h_dm), 1.0) << h_m << " vs " << h_dm;

  // An override that makes the scan impossible is an input error naming the file (exit 1).
  const test::CliRun tiny = test::run_cli({"info", mh("mh_female_young_avg.obj"), "--units", "mm"});
  EXPECT_EQ(tiny.exit_code, 1);
  EXPECT_EQ(test::count_lines(tiny.err), 1) << tiny.err;
  EXPECT_NE(tiny.err.find("mh_female_young_avg.obj"), std::string::npos) << tiny.err;
}

}  // namespace
}  // namespace contour
