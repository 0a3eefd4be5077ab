// `contour followup`, `contour calibrate` and `plan --calibration` end to end on files: the
// follow-up is the plan's own target surface written at correction 0.6 (`plan --target`), so
// the true gain is the plan's fill at 0.6 and the true retention that over the planned injection.
#include "file_cache.hpp"
#include "run_cli.hpp"
#include "temp_dir.hpp"
#include "test_scale.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace contour {
namespace {
using nlohmann::json;

json read_json(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}

class FollowupCli : public ::testing::Test {
 protected:
  void SetUp() override {
    pre = at("pre.ply");
    post = at("post.ply");
    plan = at("plan.json");
    plan06 = at("plan06.json");
    // Made by the contour program once per build and reused by the next tests' processes
    // (file_cache.hpp): the phantom, its plan, and the plan at correction 0.6 with its target
    // surface, which stands in for the follow-up scan.
    bool built = true;
    test::restore_or_build("followup-cli", dir.path(), {"pre.ply", "post.ply", "plan.json", "plan06.json"}, [&] {
      auto r = test::run_cli({"phantom", pre, "--depth-left", "10", "--depth-right", "14", "--voxel", "3"});
      built = built && r.exit_code == 0;
      EXPECT_EQ(r.exit_code, 0) << r.err;
      r = test::run_cli({"plan", pre, "--json", plan, "--quiet"});
      built = built && r.exit_code == 0;
      EXPECT_EQ(r.exit_code, 0) << r.err;
      r = test::run_cli({"plan", pre, "--correction", "0.6", "--json", plan06, "--target", post, "--quiet"});
      built = built && r.exit_code == 0;
      EXPECT_EQ(r.exit_code, 0) << r.err;
    });
    ASSERT_TRUE(built) << "the fixture's phantom and plans could not be made";
  }
  [[nodiscard]] std::string at(const std::string& name) const { return (dir.path() / name).string(); }
  test::TempDir dir;
  std::string pre, post, plan, plan06;
};

TEST_F(FollowupCli, MeasuresCalibratesAndPlansWithTheCalibration) {
  const std::string f = at("f.json"), d = at("d.ply");
  auto r = test::run_cli({"followup", pre, post, "--plan", plan, "--months", "9", "--json", f, "--difference", d});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("left retention"), std::string::npos) << r.out;
  const json fj = read_json(f), pj = read_json(plan), p6 = read_json(plan06);
  EXPECT_EQ(fj["schema"], "libcontour.followup/1");
  EXPECT_EQ(fj["warnings"].size(), 0u) << fj["warnings"].dump();
  for (const char* side : {"left", "right"}) {
    SCOPED_TRACE(side);
    const double truth = p6["sides"][side]["fill_ml"].get<double>();
    const double injected = pj["graft"]["sides"][side]["sessions"][0]["inject_ml"].get<double>();
    ASSERT_GT(truth, 10.0);
    EXPECT_DOUBLE_EQ(fj["sides"][side]["injected_ml"].get<double>(), std::round(injected * 100) / 100);
    EXPECT_NEAR(fj["sides"][side]["gained_ml"].get<double>(), truth, 0.05 * truth + 2.0);
    EXPECT_NEAR(fj["sides"][side]["retention"].get<double>(), truth / injected, 0.03);
  }
  EXPECT_TRUE(std::filesystem::file_size(d) > 1000);

  // What the surgeon injected overrides the plan.
  r = test::run_cli({"followup", pre, post, "--plan", plan, "--injected-left", "200", "--json", "-", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json over = json::parse(r.out);
  EXPECT_DOUBLE_EQ(over["sides"]["left"]["injected_ml"].get<double>(), 200.0);
  EXPECT_EQ(over["injected_source"], "given over the plan");

  // Three follow-ups (six sides) make a calibration; a plan with it uses 1 - mean retention.
  for (int i = 1; i <= 2; ++i) std::filesystem::copy_file(f, at("f") + std::to_string(i) + ".json");
  const std::string cal = at("cal.json");
  r = test::run_cli({"calibrate", f, at("f1.json"), at("f2.json"), "--out", cal});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json cj = read_json(cal);
  EXPECT_EQ(cj["pooled"]["n"], 6);
  const double mean = cj["pooled"]["mean"].get<double>();
  EXPECT_NEAR(mean, 0.5 * (fj["sides"]["left"]["retention"].get<double>() + fj["sides"]["right"]["retention"].get<double>()), 1e-9);
  EXPECT_EQ(cj["by_side"]["left"]["n"], 3);
  r = test::run_cli({"plan", pre, "--calibration", cal, "--json", "-", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json calibrated = json::parse(r.out);
  EXPECT_NEAR(calibrated["graft"]["resorption"].get<double>(), 1 - mean, 1e-3);
  EXPECT_EQ(calibrated["graft"]["resorption_source"].get<std::string>().rfind("calibration " + cal, 0), 0u)
      << calibrated["graft"]["resorption_source"];
  r = test::run_cli({"plan", pre, "--calibration", cal});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Resorption from: calibration"), std::string::npos) << r.out;
}

TEST_F(FollowupCli, BadInputsGetClearErrors) {
  // No injected volumes at all: usage.
  auto r = test::run_cli({"followup", pre, post});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--plan"), std::string::npos) << r.err;
  // A plan file that is not a plan: the file is named, exit 1, nothing written.
  const std::string bad = at("bad.json"), out = at("out.json");
  test::write_bytes(bad, "{\"schema\": \"something else\"}");
  r = test::run_cli({"followup", pre, post, "--plan", bad, "--json", out});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(bad), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  // A follow-up of someone else: refused, or measured with a warning. (Left out of the reduced
  // run of the sanitizer build, where it cost 100 s: FollowupTruth.ADifferentBodyIsRefusedOrWarned
  // runs the same check on the library there.)
  if (!test::reduced_run()) {
    const std::string other = at("other.ply");
    r = test::run_cli({"phantom", other, "--stature", "1800", "--hip-half-width", "210", "--depth", "4", "--voxel", "3"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = test::run_cli({"followup", pre, other, "--plan", plan, "--json", out, "--quiet"});
    if (r.exit_code == 0) {
      EXPECT_GT(read_json(out)["warnings"].size(), 0u);
    } else {
      EXPECT_EQ(r.exit_code, 1) << r.err;
      EXPECT_NE(r.err.find("does not match"), std::string::npos) << r.err;
      EXPECT_FALSE(std::filesystem::exists(out));
    }
  }
  // Too few sides for a calibration; a follow-up file that is not one.
  const std::string f = at("f.json"), cal = at("cal.json");
  r = test::run_cli({"followup", pre, post, "--plan", plan, "--json", f, "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = test::run_cli({"calibrate", f, "--out", cal});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("at least 5"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(cal));
  r = test::run_cli({"calibrate", plan, "--out", cal});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(plan), std::string::npos) << r.err;
  // --calibration with --resorption: usage.
  test::write_bytes(cal, "{}");
  r = test::run_cli({"plan", pre, "--calibration", cal, "--resorption", "0.4"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  // A calibration file that is not one: named, exit 1.
  r = test::run_cli({"plan", pre, "--calibration", cal});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(cal), std::string::npos) << r.err;
}


TEST_F(FollowupCli, BatchPairsWritesOneFollowupEachAndASummary) {
  // Two patients (the same scans under two ids, one with the surgeon's own injected volume),
  // one pair whose follow-up file is missing: that one fails, the others are measured.
  const std::string pairs = at("pairs.csv"), out = at("out");
  test::write_bytes(pairs,
                    "patient_id,pre,post,plan,months,injected_left_ml\n"
                    "P001,pre.ply,post.ply,plan.json,9,\n"
                    "\"P002, second\",pre.ply,post.ply,plan.json,12,150\n"
                    "P003,pre.ply,missing.ply,plan.json,,\n");
  auto r = test::run_cli({"batch", "--pairs", pairs, "--out", out, "--quiet"});
  EXPECT_EQ(r.exit_code, 1) << r.err;  // one pair failed
  EXPECT_NE(r.err.find("missing.ply"), std::string::npos) << r.err;
  const json a = read_json(out + "/P001.followup.json"), b = read_json(out + "/P002, second.followup.json");
  EXPECT_FALSE(std::filesystem::exists(out + "/P003.followup.json"));
  EXPECT_DOUBLE_EQ(a["months_after_surgery"].get<double>(), 9.0);
  EXPECT_DOUBLE_EQ(b["sides"]["left"]["injected_ml"].get<double>(), 150.0);
  EXPECT_NEAR(a["sides"]["left"]["gained_ml"].get<double>(), b["sides"]["left"]["gained_ml"].get<double>(), 1e-9);
  const std::string summary = test::read_bytes(out + "/followup-summary.csv");
  EXPECT_EQ(test::count_lines(summary), 4) << summary;
  EXPECT_NE(summary.find("P001,"), std::string::npos);
  EXPECT_NE(summary.find("\"P002, second\""), std::string::npos) << summary;
  EXPECT_NE(summary.find(",failed,"), std::string::npos) << summary;
  // The summary's retention is the JSON's.
  char expect[64];
  std::snprintf(expect, sizeof expect, ",%.3f,", a["sides"]["left"]["retention"].get<double>());
  EXPECT_NE(summary.find(expect), std::string::npos) << expect << "\n" << summary;

  // A pairs file with a bad row is refused before any work, naming the file and line.
  test::write_bytes(pairs, "patient_id,pre,post,plan\nP1,pre.ply,post.ply,plan.json\nP1,pre.ply,post.ply,plan.json\n");
  r = test::run_cli({"batch", "--pairs", pairs, "--out", at("out2")});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(pairs + ":3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("listed twice"), std::string::npos) << r.err;
  // Neither IN_DIR nor --pairs: usage.
  r = test::run_cli({"batch", "--out", at("out3")});
  EXPECT_EQ(r.exit_code, 2) << r.err;
}


TEST_F(FollowupCli, HtmlReportWithoutRenders) {
  const std::string html = at("f.html");
  auto r = test::run_cli({"followup", pre, post, "--plan", plan, "--months", "9", "--report", html, "--no-images", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string page = test::read_bytes(html);
  EXPECT_NE(page.find("id=\"retention-left\""), std::string::npos);
  EXPECT_NE(page.find("Renders left out (--no-images)."), std::string::npos);
  EXPECT_EQ(page.find("data:image/png"), std::string::npos);
  // Both silhouette plots carry the follow-up's outline (green) beside before and target.
  std::size_t svgs = 0, green = 0;
  for (std::size_t at = page.find("<svg"); at != std::string::npos; at = page.find("<svg", at + 1)) ++svgs;
  for (std::size_t at = page.find("stroke=\"#009e73\""); at != std::string::npos; at = page.find("stroke=\"#009e73\"", at + 1)) ++green;
  EXPECT_EQ(svgs, 2u);
  EXPECT_GE(green, 4u);  // a curve and a legend line in each
  EXPECT_EQ(page.find("http://"), page.find("http://www.w3.org/2000/svg"));  // nothing fetched
}

TEST_F(FollowupCli, HtmlReportWithTheDifferenceMap) {
  if (std::getenv("DISPLAY") == nullptr) GTEST_SKIP() << "no X display: run this test under xvfb-run -a";
  const std::string html = at("f.html");
  auto r = test::run_cli({"followup", pre, post, "--plan", plan, "--report", html, "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string page = test::read_bytes(html);
  std::size_t images = 0;
  for (std::size_t at = page.find("data:image/png;base64,"); at != std::string::npos;
       at = page.find("data:image/png;base64,", at + 1))
    ++images;
  EXPECT_EQ(images, 4u);  // front, right, left, back
  EXPECT_NE(page.find("Right side, difference post - pre"), std::string::npos);
}

}  // namespace
}  // namespace contour
