// Exports for other tools: `plan --csv` is one tidy table (one row per region, with the scan's
// id), the JSON's numbers are rounded to what they mean, the before mesh has the target's
// topology and the fill map is on the scan file's own vertices.
#include "contour/core/errors.hpp"
#include "contour/io/write_mesh.hpp"
#include "contour/report/plan_report.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
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

Mesh read_back(const std::string& bytes, const std::string& name) {
  const std::string path = testing::TempDir() + "/" + name;
  {
    std::ofstream f(path, std::ios::binary);
    f << bytes;
  }
  Mesh m = read_mesh(path).mesh;
  std::remove(path.c_str());
  return m;
}

TEST(BeforeMesh, HasTheTargetsVerticesAndFacesAndIsTheScanItself) {
  const PlanResult& p = plan();
  std::ostringstream before_out, target_out;
  write_before_mesh(p, MeshFormat::Ply, before_out);
  write_target_mesh(p, MeshFormat::Ply, target_out);
  const Mesh before = read_back(before_out.str(), "before.ply");
  const Mesh target = read_back(target_out.str(), "target.ply");
  ASSERT_EQ(before.num_vertices(), target.num_vertices());
  ASSERT_EQ(before.F, target.F);
  EXPECT_GT(before.num_vertices(), p.scan.mesh.num_vertices()) << "the fill region is refined";
  // The scan's own vertices sit exactly where the file has them (the file's frame and units),
  // under the index the import gave them.
  const Mesh file = read_mesh(kPhantom).mesh;
  const auto& map = p.scan.vertex_of_file_vertex;
  ASSERT_EQ(static_cast<Eigen::Index>(map.size()), file.num_vertices());
  double worst = 0;
  for (std::size_t i = 0; i < map.size(); ++i) {
    if (map[i] < 0) continue;
    worst = std::max(worst, (before.V.row(map[i]) - file.V.row(static_cast<Eigen::Index>(i))).norm());
  }
  EXPECT_LT(worst, 1e-4) << "file units";
  // Target - before, vertex by vertex, is the fill along the normal: as long as the fill.
  const double scale = p.scan.transform.scale;  // file units -> mm
  double max_fill = 0, max_move = 0;
  for (Eigen::Index v = 0; v < before.num_vertices(); ++v) {
    const double move = (target.V.row(v) - before.V.row(v)).norm() * scale;
    const double fill = p.geometry.correction * p.geometry.surface.fill_mm[static_cast<std::size_t>(v)];
    max_fill = std::max(max_fill, fill);
    max_move = std::max(max_move, move);
    if (fill == 0.0) EXPECT_LT(move, 1e-6) << "vertex " << v;
  }
  EXPECT_GT(max_fill, 3.0) << "the asymmetric phantom's dips are 10 and 14 mm deep";
  EXPECT_NEAR(max_move, max_fill, 0.05 * max_fill);
}

// A scan with what a real export has: a duplicated vertex (a seam), a vertex no face uses and a
// stray triangle far from the body. The fill map has one row per vertex of the file as read.
TEST(FillMap, IsOnTheScanFilesOwnVerticesIncludingTheOnesTheImportDropped) {
  Mesh m = read_mesh(kPhantom).mesh;
  const Eigen::Index n = m.num_vertices();
  // The vertex of greatest fill in the plan of the unchanged phantom.
  const PlanResult& p0 = plan();
  std::size_t deepest = 0;
  const std::vector<double> fill0 = fill_on_file_vertices(p0);
  ASSERT_EQ(static_cast<Eigen::Index>(fill0.size()), n);
  for (std::size_t i = 0; i < fill0.size(); ++i)
    if (fill0[i] > fill0[deepest]) deepest = i;
  ASSERT_GT(fill0[deepest], 3.0);
  // Copy it as vertex n (a seam duplicate) and point one of its faces there; add an unused
  // vertex n+1 and a stray triangle n+2..n+4 two metres away.
  // (The far corner from the body's own vertices, before the new rows exist: they are not
  // initialised until set below.)
  const Eigen::RowVector3d far = m.V.colwise().maxCoeff() + Eigen::RowVector3d(2000, 2000, 0);
  m.V.conservativeResize(n + 5, 3);
  m.V.row(n) = m.V.row(static_cast<Eigen::Index>(deepest));
  m.V.row(n + 1) << 0.0, 0.0, 0.0;
  m.V.row(n + 2) = far;
  m.V.row(n + 3) = far + Eigen::RowVector3d(5, 0, 0);
  m.V.row(n + 4) = far + Eigen::RowVector3d(0, 5, 0);
  bool repointed = false;
  for (Eigen::Index f = 0; f < m.num_faces() && !repointed; ++f)
    for (int k = 0; k < 3 && !repointed; ++k)
      if (m.F(f, k) == static_cast<int>(deepest)) {
        m.F(f, k) = static_cast<int>(n);
        repointed = true;
      }
  ASSERT_TRUE(repointed);
  m.F.conservativeResize(m.num_faces() + 1, 3);
  m.F.row(m.num_faces() - 1) << static_cast<int>(n + 2), static_cast<int>(n + 3), static_cast<int>(n + 4);
  const std::string path = testing::TempDir() + "/fill_map_scan.ply";
  write_mesh(path, m);
  const PlanResult p = run_plan(path);
  const Mesh file = read_mesh(path).mesh;
  std::ostringstream csv;
  write_fill_map(p, file, FillMapFormat::Csv, csv);
  std::istringstream in(csv.str());
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_EQ(line, "vertex,x,y,z,fill_mm,in_plan");
  std::vector<std::vector<std::string>> rows;
  while (std::getline(in, line)) rows.push_back(split(line));
  ASSERT_EQ(static_cast<Eigen::Index>(rows.size()), n + 5);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), 6u);
    ASSERT_EQ(std::stoul(rows[i][0]), i);
    EXPECT_NEAR(std::stod(rows[i][1]), m.V(static_cast<Eigen::Index>(i), 0), 1e-4);
  }
  // The seam copy carries the same fill as the vertex it copies; the fill is the same as on the
  // clean phantom (the extras change nothing of the body).
  EXPECT_NEAR(std::stod(rows[deepest][4]), fill0[deepest], 0.01 * fill0[deepest]);
  EXPECT_EQ(rows[static_cast<std::size_t>(n)][4], rows[deepest][4]);
  EXPECT_EQ(rows[static_cast<std::size_t>(n)][5], "1");
  for (Eigen::Index k = n + 1; k < n + 5; ++k) {
    EXPECT_EQ(rows[static_cast<std::size_t>(k)][5], "0") << "vertex " << k << " was dropped on import";
    EXPECT_DOUBLE_EQ(std::stod(rows[static_cast<std::size_t>(k)][4]), 0.0);
  }
  // Written as a mesh: the scan's own vertices and faces.
  std::ostringstream ply;
  write_fill_map(p, file, FillMapFormat::Ply, ply);
  const Mesh back = read_back(ply.str(), "fill_map.ply");
  EXPECT_EQ(back.num_vertices(), file.num_vertices());
  EXPECT_EQ(back.F, file.F);
  // A file that changed since it was planned is refused, naming it.
  Mesh moved = file;
  moved.V(0, 0) += 1.0;
  std::ostringstream sink;
  try {
    write_fill_map(p, moved, FillMapFormat::Csv, sink);
    ADD_FAILURE() << "a moved vertex was not noticed";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("fill_map_scan.ply"), std::string::npos) << e.what();
  }
  Mesh fewer = file;
  fewer.V.conservativeResize(file.num_vertices() - 1, 3);
  fewer.F.conservativeResize(file.num_faces() - 1, 3);
  EXPECT_THROW(write_fill_map(p, fewer, FillMapFormat::Csv, sink), InvalidInput);
  std::remove(path.c_str());
}

TEST(FillMap, FormatComesFromTheExtensionAndRefusesFormatsWithoutVertexValues) {
  EXPECT_EQ(fill_map_format_from_path("a/b.CSV"), FillMapFormat::Csv);
  EXPECT_EQ(fill_map_format_from_path("b.vtp"), FillMapFormat::Vtp);
  EXPECT_THROW((void)fill_map_format_from_path("b.obj"), InvalidInput);
  EXPECT_THROW((void)fill_map_format_from_path("b.stl"), InvalidInput);
  EXPECT_THROW((void)fill_map_format_from_path("dir.ply/b"), InvalidInput);
}

}  // namespace
}  // namespace contour::test
