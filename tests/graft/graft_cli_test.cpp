// The graft options of the `contour` app (apps/contour/graft_cli.cpp): parsing and checking.
// The glue is compiled into this test directly because the app's other sources (main) are not
// part of the library.
#include "../../apps/contour/graft_cli.cpp"  // NOLINT(bugprone-suspicious-include)

#include "contour/core/errors.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace contour::app {
namespace {

GraftOptions parse(std::vector<std::string> argv) {
  CLI::App app{"test"};
  GraftCliArgs args;
  add_graft_options(app, args);
  argv.insert(argv.begin(), "contour");
  std::vector<const char*> raw;
  for (const auto& a : argv) raw.push_back(a.c_str());
  app.parse(static_cast<int>(raw.size()), raw.data());
  return to_graft_options(args);
}

std::string error_of(const std::vector<std::string>& argv) {
  try {
    (void)parse(argv);
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "(no exception)";
}

TEST(GraftCli, NoOptionsGiveTheLibraryDefaults) {
  const GraftOptions o = parse({});
  const GraftOptions d;
  EXPECT_EQ(o.resorption, d.resorption);
  EXPECT_EQ(o.resorption_low, d.resorption_low);
  EXPECT_EQ(o.resorption_high, d.resorption_high);
  EXPECT_FALSE(o.resorption_left.has_value());
  EXPECT_EQ(o.processing, ProcessingMethod::centrifugation);
  EXPECT_FALSE(o.yield.has_value());
  EXPECT_EQ(o.max_session_inject_ml, 500.0);
  EXPECT_EQ(o.aspirate_limit_ml, 5000.0);
  EXPECT_EQ(o.min_site_aspirate_ml, 50.0);
  EXPECT_TRUE(o.donor_sites.empty());
  EXPECT_TRUE(o.exclude.empty());
}

TEST(GraftCli, EveryOptionIsRead) {
  const GraftOptions o = parse({"--resorption", "0.4", "--resorption-left", "0.55", "--resorption-right", "0.45",
                                "--resorption-range", "0.25,0.65", "--processing", "decantation", "--yield", "0.6",
                                "--exclude", "arms,knee_left", "--exclude", "back", "--max-session-ml", "400",
                                "--aspirate-limit-ml", "4000", "--min-site-ml", "30", "--donors",
                                std::string(CONTOUR_TEST_DATA_DIR) + "/donors.example.json"});
  EXPECT_DOUBLE_EQ(o.resorption, 0.4);
  EXPECT_DOUBLE_EQ(*o.resorption_left, 0.55);
  EXPECT_DOUBLE_EQ(*o.resorption_right, 0.45);
  EXPECT_DOUBLE_EQ(o.resorption_low, 0.25);
  EXPECT_DOUBLE_EQ(o.resorption_high, 0.65);
  EXPECT_EQ(o.processing, ProcessingMethod::decantation);
  EXPECT_DOUBLE_EQ(*o.yield, 0.6);
  EXPECT_EQ(o.exclude, (std::vector<std::string>{"arms", "knee_left", "back"}));
  EXPECT_DOUBLE_EQ(o.max_session_inject_ml, 400.0);
  EXPECT_DOUBLE_EQ(o.aspirate_limit_ml, 4000.0);
  EXPECT_DOUBLE_EQ(o.min_site_aspirate_ml, 30.0);
  EXPECT_EQ(o.donor_sites.size(), 10u);
  EXPECT_NE(o.donor_source.find("donors.example.json"), std::string::npos);
}

TEST(GraftCli, BadValuesNameTheOptionAndTheValue) {
  EXPECT_NE(error_of({"--resorption", "0.97"}).find("--resorption must be a fraction in [0, 0.95)"), std::string::npos);
  EXPECT_NE(error_of({"--resorption", "0.97"}).find("got 0.97"), std::string::npos);
  EXPECT_NE(error_of({"--resorption", "-0.1"}).find("got -0.1"), std::string::npos);
  EXPECT_NE(error_of({"--resorption-left", "0.95"}).find("--resorption-left"), std::string::npos);
  EXPECT_NE(error_of({"--resorption-right", "1"}).find("--resorption-right"), std::string::npos);
  EXPECT_NE(error_of({"--resorption-range", "30,70"}).find("--resorption-range LOW must be a fraction"),
            std::string::npos);
  EXPECT_NE(error_of({"--resorption-range", "0.7,0.3"}).find("LOW <= HIGH, got \"0.7,0.3\""), std::string::npos);
  EXPECT_NE(error_of({"--resorption-range", "0.3"}).find("got \"0.3\""), std::string::npos);
  EXPECT_NE(error_of({"--resorption-range", "0.3,abc"}).find("got \"0.3,abc\""), std::string::npos);
  EXPECT_NE(error_of({"--processing", "vortex"}).find("--processing: processing method must be"), std::string::npos);
  EXPECT_NE(error_of({"--processing", "vortex"}).find("\"vortex\""), std::string::npos);
  EXPECT_NE(error_of({"--yield", "0"}).find("--yield must be a fraction in (0, 1], got 0"), std::string::npos);
  EXPECT_NE(error_of({"--max-session-ml", "0"}).find("--max-session-ml must be >= 1 mL, got 0"), std::string::npos);
  EXPECT_NE(error_of({"--aspirate-limit-ml", "-1"}).find("--aspirate-limit-ml"), std::string::npos);
  EXPECT_NE(error_of({"--min-site-ml", "-5"}).find("--min-site-ml must be >= 0 mL, got -5"), std::string::npos);
  EXPECT_NE(error_of({"--exclude", "arms,elbows"}).find("--exclude: unknown donor site or group \"elbows\""),
            std::string::npos);
  EXPECT_NE(error_of({"--bmi", "5"}).find("--bmi must be in [10, 80]"), std::string::npos);
}

TEST(GraftCli, ExcludeListToleratesSpacesAfterCommas) {
  EXPECT_EQ(parse({"--exclude", "arms, flanks"}).exclude, (std::vector<std::string>{"arms", "flanks"}));
}

TEST(GraftCli, MissingDonorsFileIsAnIoError) {
  EXPECT_THROW((void)parse({"--donors", ::testing::TempDir() + "/absent.json"}), IoError);
}

}  // namespace
}  // namespace contour::app
