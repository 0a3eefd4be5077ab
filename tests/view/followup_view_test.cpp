// The follow-up in the viewer (issue 14): the signed difference map with its own diverging
// scale, the follow-up's outline beside the before and target outlines, and the numbers in the
// panel; contour-view --followup end to end. Needs an X display (xvfb-run -a).
#include "view_fixture.hpp"

#include "run_cli.hpp"
#include "temp_dir.hpp"

#include "contour/core/errors.hpp"
#include "contour/vtk/difference_images.hpp"
#include "contour/vtk/plan_scene.hpp"
#include "contour/vtk/render_png.hpp"

#include <vtkCamera.h>
#include <vtkLookupTable.h>
#include <vtkPolyData.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

namespace contour::test {
namespace {

namespace cv = contour::vtk;

/// RdBu's red half beyond its palest class (moved out): green and blue well below red, blue not
/// nil. Skin (232, 189, 161) and its shading keep green above 0.8 of red, the background is
/// grey and the orange target outline (230, 159, 0) has no blue, so none of them counts.
bool is_red(const std::uint8_t* p) {
  return p[0] > 120 && p[1] < 0.72 * p[0] && p[2] < 0.62 * p[0] && p[2] > 0.15 * p[0];
}
/// RdBu's blue half beyond its palest class (moved in).
bool is_blue(const std::uint8_t* p) { return p[2] > 120 && p[0] < 0.7 * p[2]; }

/// A follow-up that reached a fraction r of the target: the difference is r times the fill
/// thickness where the plan fills (0 elsewhere on the body), the outline r of the way from the
/// before outline to the target's.
cv::FollowupView synthetic_followup(const PlanResult& plan, double r) {
  const GeometryResult& g = plan.geometry;
  cv::FollowupView f;
  f.difference_mm.resize(g.surface.fill_mm.size());
  for (std::size_t v = 0; v < f.difference_mm.size(); ++v) f.difference_mm[v] = r * g.surface.fill_mm[v];
  for (int s = 0; s < 2; ++s) {
    const SideGeometry& sg = g.sides[static_cast<std::size_t>(s)];
    auto& w = f.post_width_mm[static_cast<std::size_t>(s)];
    w.assign(g.silhouette.z.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (!g.silhouette.valid[i]) continue;
      const double before = g.silhouette.width(sg.side, i);
      const bool in_window = sg.full.active && i >= sg.full.first && i <= sg.full.last && i < sg.full.fill_mm.size();
      w[i] = before + (in_window ? r * sg.full.fill_mm[i] : 0.0);
    }
  }
  f.scale_mm = cv::difference_scale_mm(f.difference_mm);
  f.summary = "Follow-up (test)\n  right gained 1.0 mL";
  return f;
}

struct Counts {
  int red = 0, blue = 0;
};
Counts count_colours(const Rgb& img) {
  Counts c;
  const int bar_left = static_cast<int>(0.86 * img.width);  // the scale is right of this
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < bar_left; ++x) {
      c.red += is_red(img.at(x, y));
      c.blue += is_blue(img.at(x, y));
    }
  return c;
}

TEST(FollowupView, DifferenceMapIsRedWhereSkinMovedOutBlueWhereInAndHasItsOwnScale) {
  CONTOUR_REQUIRE_DISPLAY();
  const auto plan = phantom_plan();
  cv::SceneOptions so;
  so.show_panel = false;
  so.show_legend = false;
  so.show_labels = false;
  so.show_curves = false;
  cv::PlanScene scene(plan, {}, so);
  EXPECT_THROW(scene.set_colouring(cv::Colouring::difference), InvalidInput) << "no follow-up yet";
  scene.set_followup(synthetic_followup(*plan, 0.5));
  ASSERT_TRUE(scene.has_followup());
  scene.set_colouring(cv::Colouring::difference);
  EXPECT_TRUE(scene.difference_bar()->GetVisibility());
  EXPECT_FALSE(scene.scalar_bar()->GetVisibility());
  // From the patient's right side: the graft lies on the lateral hip, edge-on from the front.
  cv::RenderOptions ro;
  ro.view = cv::ViewPreset::side;
  ro.width_px = 800;
  ro.height_px = 640;
  const Counts out = count_colours(decode_png(cv::render_png_bytes(scene, ro)));
  std::printf("[ pixels ] skin moved out: %d red, %d blue\n", out.red, out.blue);
  EXPECT_GT(out.red, 150) << "the gain is not shown in red";
  EXPECT_LT(out.blue, 20) << "nothing moved in, yet blue is shown";

  // Moved in (e.g. the fat resorbed below the pre-operative skin, or weight loss): blue.
  cv::FollowupView in = synthetic_followup(*plan, 0.5);
  for (double& d : in.difference_mm) d = -d;
  scene.set_followup(in);
  const Counts back = count_colours(decode_png(cv::render_png_bytes(scene, ro)));
  std::printf("[ pixels ] skin moved in: %d red, %d blue\n", back.red, back.blue);
  EXPECT_GT(back.blue, 150);
  EXPECT_LT(back.red, 20);

  // The scale is symmetric about 0 and its ends are the scale given.
  double range[2];
  scene.difference_lookup_table()->GetTableRange(range);
  EXPECT_DOUBLE_EQ(range[0], -in.scale_mm);
  EXPECT_DOUBLE_EQ(range[1], in.scale_mm);

  // Back to the fill colouring: the fill's bar, not the difference's.
  scene.set_colouring(cv::Colouring::fill_thickness);
  EXPECT_FALSE(scene.difference_bar()->GetVisibility());
  EXPECT_TRUE(scene.scalar_bar()->GetVisibility());
}

TEST(FollowupView, OutlinePanelKeysAndBadInput) {
  const auto plan = phantom_plan();
  cv::PlanScene scene(plan, {});
  const cv::FollowupView f = synthetic_followup(*plan, 0.5);
  scene.set_followup(f);
  for (int side = 0; side < 2; ++side) {
    vtkPolyData* c = scene.post_curve(side);
    ASSERT_NE(c, nullptr);
    EXPECT_GT(c->GetNumberOfPoints(), 20) << "side " << side;
    // The outline lies at the follow-up's half-widths (plus the drawing offset) on the side's x.
    double b[6];
    c->GetBounds(b);
    if (side == 0) EXPECT_LT(b[1], 0.0);
    else EXPECT_GT(b[0], 0.0);
  }
  EXPECT_NE(scene.panel_text().find("Follow-up (test)"), std::string::npos) << scene.panel_text();
  // 't' cycles overlay -> fill -> difference -> overlay when there is a follow-up.
  scene.set_colouring(cv::Colouring::overlay);
  ASSERT_TRUE(cv::apply_viewer_key(scene, 't'));
  EXPECT_EQ(scene.colouring(), cv::Colouring::fill_thickness);
  ASSERT_TRUE(cv::apply_viewer_key(scene, 't'));
  EXPECT_EQ(scene.colouring(), cv::Colouring::difference);
  EXPECT_NE(scene.panel_text().find("follow-up's change"), std::string::npos);
  ASSERT_TRUE(cv::apply_viewer_key(scene, 't'));
  EXPECT_EQ(scene.colouring(), cv::Colouring::overlay);
  // Without a follow-up 't' never reaches the difference colouring.
  cv::PlanScene plain(plan, {});
  ASSERT_TRUE(cv::apply_viewer_key(plain, 't'));
  ASSERT_TRUE(cv::apply_viewer_key(plain, 't'));
  EXPECT_EQ(plain.colouring(), cv::Colouring::overlay);

  // Sizes that do not fit the plan (another scan's follow-up) and a bad scale are refused.
  cv::FollowupView bad = f;
  bad.difference_mm.pop_back();
  EXPECT_THROW(scene.set_followup(bad), InvalidInput);
  bad = f;
  bad.post_width_mm[0].push_back(1.0);
  EXPECT_THROW(scene.set_followup(bad), InvalidInput);
  bad = f;
  bad.scale_mm = 0;
  EXPECT_THROW(scene.set_followup(bad), InvalidInput);
}

CliRun run_view(const std::vector<std::string>& args) { return run_program(CONTOUR_VIEW_PATH, args); }

TEST(FollowupView, ContourViewFollowupScreenshotEndToEnd) {
  CONTOUR_REQUIRE_DISPLAY();
  TempDir dir;
  const std::string plan = (dir.path() / "plan.json").string(), plan06 = (dir.path() / "plan06.json").string();
  const std::string post = (dir.path() / "post.ply").string(), png = (dir.path() / "followup.png").string();
  auto r = run_cli({"plan", kPhantom, "--json", plan, "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The follow-up: the plan's target at correction 0.6.
  r = run_cli({"plan", kPhantom, "--correction", "0.6", "--json", plan06, "--target", post, "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_view({kPhantom, "--followup", post, "--plan", plan, "--screenshot", png, "--size", "1024x700",
               "--view", "right", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::uint8_t> bytes;
  {
    std::ifstream in(png, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  const Rgb img = decode_png(bytes);
  EXPECT_EQ(img.width, 1024);
  EXPECT_EQ(img.height, 700);
  const Counts c = count_colours(img);
  std::printf("[ pixels ] contour-view --followup: %d red, %d blue (wrote %s)\n", c.red, c.blue, png.c_str());
  EXPECT_GT(c.red, 150) << "the follow-up's gain is not shown";
  if (const char* keep = std::getenv("CONTOUR_KEEP_PNG")) std::filesystem::copy_file(png, keep, std::filesystem::copy_options::overwrite_existing);

  // Usage errors: exit 2, before any work.
  r = run_view({kPhantom, "--followup", post, "--screenshot", png + ".2.png"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--plan"), std::string::npos) << r.err;
  r = run_view({kPhantom, "--colouring", "difference", "--screenshot", png + ".3.png"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  r = run_view({kPhantom, "--plan", plan, "--screenshot", png + ".4.png"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  // A follow-up file that is not a scan: exit 1, named.
  const std::string bad = (dir.path() / "bad.ply").string();
  write_bytes(bad, "ply\nformat nonsense\n");
  r = run_view({kPhantom, "--followup", bad, "--plan", plan, "--screenshot", png + ".5.png"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(bad), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(png + ".5.png"));
}

}  // namespace
}  // namespace contour::test
