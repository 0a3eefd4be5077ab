// `contour plan` end to end on a phantom written as a user's file would be (y up, z front,
// centimetres): the JSON carries the keys of issue 3 item 7 with the right numbers, and
// --target writes the target surface back in the file's own frame and units.
#include "contour/import/import_scan.hpp"
#include "contour/io/read_mesh.hpp"
#include "contour/io/write_mesh.hpp"
#include "contour/plan/plan_geometry.hpp"
#include "geometry_cases.hpp"
#include "run_cli.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace contour {
namespace {

/// Canonical mm -> file: (-right, up, anterior) / 10, i.e. y up, z front, centimetres.
Mesh to_y_up_cm(const Mesh& canonical) {
  Mesh m = canonical;
  for (Eigen::Index i = 0; i < m.num_vertices(); ++i) {
    const Eigen::Vector3d p = canonical.V.row(i);
    m.V.row(i) << -p.x() / 10, p.z() / 10, p.y() / 10;
  }
  return m;
}

class PlanCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    scan_ = dir_->file("phantom_yup_cm.ply");
    input_ = to_y_up_cm(test::asymmetric_phantom().mesh);
    write_mesh(scan_, input_);
    json_path_ = dir_->file("plan.json");
    target_path_ = dir_->file("target.ply");
    run_ = new test::CliRun(test::run_cli({"plan", scan_, "--json", json_path_, "--target", target_path_}));
  }
  static void TearDownTestSuite() {
    delete run_;
    delete dir_;
  }
  static nlohmann::json plan_json() { return nlohmann::json::parse(test::read_bytes(json_path_)); }

  static inline test::TempDir* dir_ = nullptr;
  static inline test::CliRun* run_ = nullptr;
  static inline std::string scan_, json_path_, target_path_;
  static inline Mesh input_;
};

TEST_F(PlanCli, PlanSucceedsAndPrintsTheTable) {
  ASSERT_EQ(run_->exit_code, 0) << run_->err;
  for (const char* word : {"iliac crest", "trochanter", "dip depth", "left_upper", "right_lower", "total"})
    EXPECT_NE(run_->out.find(word), std::string::npos) << word << " missing from\n" << run_->out;
}

TEST_F(PlanCli, JsonHasTheKeysOfIssueThreeWithLandmarksInOrder) {
  ASSERT_EQ(run_->exit_code, 0) << run_->err;
  const nlohmann::json j = plan_json();
  ASSERT_TRUE(j.contains("units"));
  EXPECT_EQ(j["units"]["length"], "mm");
  EXPECT_EQ(j["units"]["volume"], "mL");
  for (const char* side : {"left", "right"}) {
    SCOPED_TRACE(side);
    ASSERT_TRUE(j["sides"].contains(side));
    const auto& s = j["sides"][side];
    for (const char* key : {"waist_z_mm", "iliac_z_mm", "dip_z_mm", "trochanter_z_mm", "thigh_z_mm"})
      ASSERT_TRUE(s["landmarks"][key].is_number()) << key;
    ASSERT_TRUE(s["dip_depth_mm"].is_number());
    ASSERT_TRUE(s["fill_ml"].is_number());
    const auto& lm = s["landmarks"];
    EXPECT_GT(lm["waist_z_mm"].get<double>(), lm["iliac_z_mm"].get<double>());
    EXPECT_GT(lm["iliac_z_mm"].get<double>(), lm["dip_z_mm"].get<double>());
    EXPECT_GT(lm["dip_z_mm"].get<double>(), lm["trochanter_z_mm"].get<double>());
    EXPECT_GT(lm["trochanter_z_mm"].get<double>(), lm["thigh_z_mm"].get<double>());
  }
  ASSERT_TRUE(j["regions"].is_array());
  ASSERT_EQ(j["regions"].size(), 4u);
  double per_side[2] = {0, 0};
  for (const auto& r : j["regions"]) {
    ASSERT_TRUE(r["name"].is_string());
    ASSERT_TRUE(r["fill_ml"].is_number());
    const std::string side = r["side"];
    ASSERT_TRUE(side == "left" || side == "right") << side;
    per_side[side == "left" ? 0 : 1] += r["fill_ml"].get<double>();
  }
  // The regions add up to the side totals (both rounded to 0.01 mL).
  EXPECT_NEAR(per_side[0], j["sides"]["left"]["fill_ml"].get<double>(), 0.03);
  EXPECT_NEAR(per_side[1], j["sides"]["right"]["fill_ml"].get<double>(), 0.03);
  // The file was read as what it is.
  EXPECT_EQ(j["scan"]["file_units"], "cm");
  EXPECT_EQ(j["scan"]["up_axis"], "+y");
  EXPECT_EQ(j["scan"]["front_axis"], "+z");
}

TEST_F(PlanCli, FillsFromTheFileMatchTheTruthAndTheInMemoryPlan) {
  ASSERT_EQ(run_->exit_code, 0) << run_->err;
  const nlohmann::json j = plan_json();
  const PhantomResult& ph = test::asymmetric_phantom();
  const test::PlannedScan& ref = test::asymmetric_plan();
  const double truth[2] = {ph.true_fill_left_ml, ph.true_fill_right_ml};
  const char* sides[2] = {"left", "right"};  // the patient's: the file's -x is the patient's right
  for (int s = 0; s < 2; ++s) {
    SCOPED_TRACE(sides[s]);
    const double fill = j["sides"][sides[s]]["fill_ml"].get<double>();
    EXPECT_LE(std::abs(fill - truth[s]) / truth[s], 0.05) << fill << " mL vs truth " << truth[s];
    EXPECT_LE(test::relative_change(fill, ref.geometry.sides[s].fill_ml), 0.02)
        << fill << " mL vs " << ref.geometry.sides[s].fill_ml << " mL planned in memory (canonical mm)";
    EXPECT_TRUE(j["sides"][sides[s]]["has_dip"].get<bool>());
  }
  EXPECT_LT(j["sides"]["left"]["fill_ml"].get<double>(), j["sides"]["right"]["fill_ml"].get<double>());
}

TEST_F(PlanCli, TargetIsWrittenInTheScansOwnFrameAndUnits) {
  ASSERT_EQ(run_->exit_code, 0) << run_->err;
  const nlohmann::json j = plan_json();
  const Mesh target = read_mesh(target_path_).mesh;
  // The import merges duplicate vertices and drops degenerate faces; the target keeps the
  // kept vertices first, in order, and appends the refinement's. Their file coordinates:
  const ImportedScan imported = import_scan(scan_);
  const Vertices kept = imported.transform.to_file(imported.mesh.V);
  const Eigen::Index n = kept.rows();
  ASSERT_EQ(j["scan"]["vertices"].get<long long>(), n);
  ASSERT_GT(target.num_vertices(), n);  // refined around the dips
  ASSERT_GT(target.num_faces(), imported.mesh.num_faces());
  // Exactly the plan's target surface: same vertices and faces as the refined scan.
  const GeometryResult g = plan_geometry(imported);
  EXPECT_EQ(target.num_vertices(), g.surface.before.num_vertices());
  EXPECT_EQ(target.num_faces(), g.surface.before.num_faces());
  if (target.num_faces() == g.surface.before.num_faces()) EXPECT_TRUE(target.F == g.surface.before.F);
  const BoundingBox in_box = bounding_box(input_.V), out_box = bounding_box(target.V);
  // Same extent in cm along y (up) and z (front): nothing moves vertically, and the hips are
  // not the front- or back-most points.
  EXPECT_NEAR(out_box.min.y(), in_box.min.y(), 1e-6);
  EXPECT_NEAR(out_box.max.y(), in_box.max.y(), 1e-6);
  EXPECT_NEAR(out_box.min.z(), in_box.min.z(), 1e-6);
  EXPECT_NEAR(out_box.max.z(), in_box.max.z(), 1e-6);
  // Every kept vertex is where it was in the file, or moved horizontally (never along the
  // file's up axis y) and outwards on its own side, by at most the deepest dip (1.4 cm + 10 %).
  long long moved = 0, failures = 0;
  double largest_cm = 0;
  for (Eigen::Index i = 0; i < n && failures < 5; ++i) {
    const Eigen::Vector3d a = kept.row(i), b = target.V.row(i);
    const Eigen::Vector3d d = b - a;
    if (d.norm() < 1e-6) continue;
    ++moved;
    largest_cm = std::max(largest_cm, d.norm());
    // Direction within 1e-4 rad of the x axis: the detected frame is exact to ~1e-6 rad.
    const bool lateral_outwards = std::abs(d.y()) <= 1e-4 * d.norm() && d.x() * a.x() > 0;
    if (!lateral_outwards) {
      ++failures;
      ADD_FAILURE() << "vertex " << i << " at (" << a.transpose() << ") cm moved by (" << d.transpose() << ")";
    }
  }
  EXPECT_GT(moved, 100);
  EXPECT_LE(largest_cm, 1.4 * 1.1);
  EXPECT_GE(largest_cm, 0.5);
}

TEST_F(PlanCli, LandmarksFileOverridesTheWindow) {
  ASSERT_EQ(run_->exit_code, 0) << run_->err;
  const nlohmann::json automatic = plan_json()["sides"]["left"]["landmarks"];
  const double iliac = automatic["iliac_z_mm"].get<double>() + 12, troch = automatic["trochanter_z_mm"].get<double>() - 8;
  const std::string landmarks = dir_->file("landmarks.json"), out = dir_->file("overridden.json");
  test::write_bytes(landmarks, "{\"left\": {\"iliac_z_mm\": " + std::to_string(iliac) +
                                   ", \"trochanter_z_mm\": " + std::to_string(troch) + "}}");
  const test::CliRun r = test::run_cli({"plan", scan_, "--json", out, "--landmarks", landmarks, "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(test::read_bytes(out));
  EXPECT_NEAR(j["sides"]["left"]["landmarks"]["iliac_z_mm"].get<double>(), iliac, 1.0 + 1e-6);  // half a 2 mm step
  EXPECT_NEAR(j["sides"]["left"]["landmarks"]["trochanter_z_mm"].get<double>(), troch, 1.0 + 1e-6);
  // The right side was not given: unchanged.
  EXPECT_EQ(j["sides"]["right"]["landmarks"], plan_json()["sides"]["right"]["landmarks"]);
}

TEST_F(PlanCli, BadLandmarksFileFailsWithAMessageNamingIt) {
  const std::string landmarks = dir_->file("bad_landmarks.json");
  test::write_bytes(landmarks, "{\"left\": {\"iliac_z_mm\": \"high\"}}");
  const test::CliRun r = test::run_cli({"plan", scan_, "--landmarks", landmarks, "--quiet"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.signal, 0);
  EXPECT_NE(r.err.find("bad_landmarks.json"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace contour
