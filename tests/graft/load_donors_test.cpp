// Donors JSON: the example file, and every kind of bad file rejected with file, field and value.
#include "contour/core/errors.hpp"
#include "contour/graft/load_donors.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace contour {
namespace {

std::string parse_error(const std::string& text) {
  try {
    (void)parse_donors(text, "donors.json");
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "(no exception)";
}

void expect_error(const std::string& text, const std::string& expected) {
  const std::string msg = parse_error(text);
  EXPECT_EQ(msg.rfind("donors.json: ", 0), 0u) << msg;  // names the file first
  EXPECT_NE(msg.find(expected), std::string::npos) << "message: " << msg << "\nexpected: " << expected;
}

TEST(LoadDonors, ExampleFileLoadsInCatalogOrder) {
  const DonorsFile file = load_donors(std::string(CONTOUR_TEST_DATA_DIR) + "/donors.example.json");
  ASSERT_EQ(file.sites.size(), 10u);
  EXPECT_EQ(file.sites[0].name, "abdomen");
  EXPECT_DOUBLE_EQ(file.sites[0].capacity_ml, 900.0);
  EXPECT_EQ(file.sites[0].priority, 1);
  EXPECT_EQ(file.sites[5].name, "arm_left");  // the file lists back before the arms
  EXPECT_EQ(file.sites[7].name, "back");
  EXPECT_EQ(file.sites[7].priority, 2);
  EXPECT_DOUBLE_EQ(file.sites[9].capacity_ml, 60.0);  // knee_right
  EXPECT_TRUE(file.exclude.empty());
}

TEST(LoadDonors, PriorityDefaultsToTheCatalogAndExcludeIsRead) {
  const DonorsFile file = parse_donors(
      R"({"_comment": "x", "sites": [{"site": "inner_thigh_left", "capacity_ml": 120},
          {"site": "inner_thigh_right", "capacity_ml": 130.5}], "exclude": ["arms", "knee_left"]})",
      "d.json");
  ASSERT_EQ(file.sites.size(), 2u);
  EXPECT_EQ(file.sites[0].priority, 2);
  EXPECT_DOUBLE_EQ(file.sites[1].capacity_ml, 130.5);
  EXPECT_EQ(file.exclude, (std::vector<std::string>{"arms", "knee_left"}));
}

TEST(LoadDonors, MalformedJson) {
  expect_error(R"({"sites": [{"site": "abdomen", "capacity_ml": 100},]})", "malformed JSON");
  expect_error("", "malformed JSON");
}

TEST(LoadDonors, NegativeCapacityNamesSiteFieldAndValue) {
  expect_error(R"({"sites": [{"site": "abdomen", "capacity_ml": -20}]})",
               "site \"abdomen\": capacity_ml must be >= 0, got -20");
}

TEST(LoadDonors, MissingCapacity) {
  expect_error(R"({"sites": [{"site": "flank_left"}]})", "sites[0] \"flank_left\": missing capacity_ml");
}

TEST(LoadDonors, WrongTypes) {
  expect_error(R"({"sites": [{"site": "abdomen", "capacity_ml": "400"}]})",
               "capacity_ml must be a number (mL), got string \"400\"");
  expect_error(R"({"sites": [{"site": "abdomen", "capacity_ml": true}]})", "capacity_ml must be a number (mL), got boolean");
  expect_error(R"({"sites": [{"site": 3, "capacity_ml": 100}]})", "site must be a string, got number 3");
  expect_error(R"({"sites": [{"site": "abdomen", "capacity_ml": 100, "priority": 1.5}]})",
               "priority must be an integer in 1..9, got number 1.5");
  expect_error(R"({"sites": [{"site": "abdomen", "capacity_ml": 100, "priority": 0}]})",
               "priority must be an integer in 1..9, got 0");
  expect_error(R"({"sites": {"abdomen": 100}})", "sites must be an array, got object");
  expect_error(R"([1, 2])", "top level must be a JSON object");
  expect_error(R"({"sites": [42]})", "sites[0]: must be an object");
  expect_error(R"({"sites": [{"site": "abdomen", "capacity_ml": 100}], "exclude": "arms"})",
               "exclude must be an array");
  expect_error(R"({"sites": [{"site": "abdomen", "capacity_ml": 100}], "exclude": [7]})",
               "exclude[0]: must be a string, got number 7");
}

TEST(LoadDonors, UnknownNamesAndKeys) {
  expect_error(R"({"sites": [{"site": "belly", "capacity_ml": 100}]})", "unknown donor site or group \"belly\"");
  expect_error(R"({"sites": [{"site": "arms", "capacity_ml": 100}]})",
               "site \"arms\" is a group, not a site; give each of its sites (arm_left, arm_right)");
  expect_error(R"({"sites": [{"site": "abdomen", "capacity": 100}]})", "unknown key \"capacity\"");
  expect_error(R"({"site": []})", "unknown key \"site\"");
  expect_error(R"({"sites": [{"site": "abdomen", "capacity_ml": 100}], "exclude": ["elbows"]})",
               "exclude[0]: unknown donor site or group \"elbows\"");
}

TEST(LoadDonors, StructuralErrors) {
  expect_error(R"({})", "missing \"sites\"");
  expect_error(R"({"sites": []})", "sites is empty");
  expect_error(R"({"sites": [{"site": "abdomen", "capacity_ml": 100}, {"site": "abdomen", "capacity_ml": 50}]})",
               "site \"abdomen\": listed twice");
  expect_error(R"({"sites": [{"site": "arm_left", "capacity_ml": 100, "priority": 1},
                             {"site": "arm_right", "capacity_ml": 100, "priority": 3}]})",
               "form a pair and must share a priority");
}

TEST(LoadDonors, MissingFileIsAnIoErrorNamingThePath) {
  const std::string path = ::testing::TempDir() + "/no_such_donors.json";
  try {
    (void)load_donors(path);
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)load_donors(::testing::TempDir()), IoError);
}

TEST(LoadDonors, FileErrorsNameThePath) {
  const std::string path = ::testing::TempDir() + "/bad_donors.json";
  {
    std::ofstream out(path);
    out << R"({"sites": [{"site": "abdomen", "capacity_ml": -20}]})";
  }
  try {
    (void)load_donors(path);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(std::string(e.what()).rfind(path + ": ", 0), 0u) << e.what();
  }
}

}  // namespace
}  // namespace contour
