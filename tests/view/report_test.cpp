// `contour report`: one self-contained HTML file with the renders embedded and the same numbers
// as `contour plan --json`.
#include "view_fixture.hpp"

#include "run_cli.hpp"
#include "temp_dir.hpp"

#include "contour/report/html_report.hpp"

#include <nlohmann/json.hpp>

#include <regex>

namespace contour::test {
namespace {

/// The number in the report cell with this id.
double cell_value(const std::string& html, const std::string& id) {
  const std::regex re("id=\"" + id + "\">([-0-9.]+)<");
  std::smatch m;
  if (!std::regex_search(html, m, re)) throw std::runtime_error("report has no cell " + id);
  return std::stod(m[1]);
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

TEST(HtmlReport, EmbedsTheRendersAndShowsTheSameNumbersAsTheJsonPlan) {
  CONTOUR_REQUIRE_DISPLAY();
  TempDir dir;
  const std::string html_path = dir.file("report.html"), json_path = dir.file("plan.json");
  const std::vector<std::string> plan_opts = {"--correction", "0.8", "--resorption", "0.45"};
  std::vector<std::string> args = {"report", kPhantom, "--out", html_path, "--quiet", "--image-size", "400x360"};
  args.insert(args.end(), plan_opts.begin(), plan_opts.end());
  const CliRun rep = run_cli(args);
  ASSERT_EQ(rep.exit_code, 0) << rep.err;
  args = {"plan", kPhantom, "--json", json_path, "--quiet"};
  args.insert(args.end(), plan_opts.begin(), plan_opts.end());
  const CliRun pl = run_cli(args);
  ASSERT_EQ(pl.exit_code, 0) << pl.err;

  const std::string html = read_bytes(html_path);
  const nlohmann::json j = nlohmann::json::parse(read_bytes(json_path));
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_GE(count(html, "src=\"data:image/png;base64,iVBORw0KGgo"), 4u) << "front/side before/target renders";
  EXPECT_EQ(count(html, "<svg"), 2u) << "one silhouette plot per side";
  // Self-contained: nothing is fetched.
  EXPECT_EQ(count(html, "src=\"http"), 0u);
  EXPECT_EQ(count(html, "<link"), 0u);
  EXPECT_EQ(count(html, "<script"), 0u);
  EXPECT_NE(html.find("@media print"), std::string::npos);

  const auto& g = j.at("graft");
  // The report rounds to 0.1 mL.
  EXPECT_NEAR(cell_value(html, "fill-left-ml"), g.at("sides").at("left").at("fill_ml").get<double>(), 0.051);
  EXPECT_NEAR(cell_value(html, "fill-right-ml"), g.at("sides").at("right").at("fill_ml").get<double>(), 0.051);
  EXPECT_NEAR(cell_value(html, "fill-total-ml"), g.at("fill_ml").get<double>(), 0.051);
  EXPECT_NEAR(cell_value(html, "fill-total-ml"), j.at("total_fill_ml").get<double>(), 0.06);
  EXPECT_NEAR(cell_value(html, "inject-left-ml"), g.at("sides").at("left").at("inject_ml").get<double>(), 0.051);
  EXPECT_NEAR(cell_value(html, "inject-right-ml"), g.at("sides").at("right").at("inject_ml").get<double>(), 0.051);
  EXPECT_NEAR(cell_value(html, "inject-total-ml"), g.at("inject_ml").get<double>(), 0.051);
  EXPECT_NEAR(cell_value(html, "aspirate-total-ml"), g.at("aspirate_ml").get<double>(), 0.051);
  // Donor split and warnings appear as in the plan.
  for (const auto& d : j.at("donors")) {
    if (d.at("aspirate_ml").get<double>() > 0) {
      EXPECT_NE(html.find(d.at("site").get<std::string>()), std::string::npos);
    }
  }
  for (const auto& w : j.at("warnings")) EXPECT_NE(html.find(html_escape(w.get<std::string>())), std::string::npos) << w;
  // Parameters with their sources.
  EXPECT_NE(html.find("Parameters and their sources"), std::string::npos);
  EXPECT_NE(html.find("Lv et al."), std::string::npos);
}

TEST(HtmlReport, BadInputsExitOneAndLeaveNoFile) {
  TempDir dir;
  const CliRun missing = run_cli({"report", dir.file("nope.ply"), "--out", dir.file("r.html"), "--no-images"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("nope.ply"), std::string::npos) << missing.err;
  // An output folder that does not exist is a usage error, found before any work (issue 12).
  const CliRun bad_dir = run_cli({"report", kPhantom, "--out", dir.file("no/such/dir/r.html"), "--no-images", "--quiet"});
  EXPECT_EQ(bad_dir.exit_code, 2);
  EXPECT_EQ(bad_dir.err.find("[contour] import"), std::string::npos) << bad_dir.err;
  EXPECT_TRUE(dir.entries().empty());
  EXPECT_EQ(run_cli({"report", kPhantom}).exit_code, 2) << "--out is required";
}

TEST(HtmlReport, Base64MatchesRfc4648Vectors) {
  auto enc = [](const std::string& s) { return base64_encode(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()); };
  EXPECT_EQ(enc(""), "");
  EXPECT_EQ(enc("f"), "Zg==");
  EXPECT_EQ(enc("fo"), "Zm8=");
  EXPECT_EQ(enc("foo"), "Zm9v");
  EXPECT_EQ(enc("foob"), "Zm9vYg==");
  EXPECT_EQ(enc("fooba"), "Zm9vYmE=");
  EXPECT_EQ(enc("foobar"), "Zm9vYmFy");
  const std::uint8_t high[] = {0xff, 0xfe, 0xfd};
  EXPECT_EQ(base64_encode(high, 3), "//79");
}

TEST(HtmlReport, SilhouettePlotsMirrorTheRightSide) {
  const auto plan = phantom_plan();
  const std::string left = silhouette_plot_svg(*plan, Side::Left), right = silhouette_plot_svg(*plan, Side::Right);
  EXPECT_NE(left.find("outwards to the right"), std::string::npos);
  EXPECT_NE(right.find("outwards to the left"), std::string::npos);
  EXPECT_EQ(count(left, "<polyline"), 2u) << "before and target";
  EXPECT_NE(left.find(">dip "), std::string::npos);
}

}  // namespace
}  // namespace contour::test
