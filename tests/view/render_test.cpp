// Render tests (need an X display: the CI runs them under xvfb-run -a).
#include "view_fixture.hpp"

#include "run_cli.hpp"
#include "temp_dir.hpp"

#include "contour/core/errors.hpp"
#include "contour/vtk/plan_scene.hpp"
#include "contour/vtk/render_png.hpp"

#include <vtkCamera.h>
#include <vtkLookupTable.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace contour::test {
namespace {

namespace cv = contour::vtk;

CliRun run_view(const std::vector<std::string>& args) { return run_program(CONTOUR_VIEW_PATH, args); }

/// A pixel of the fill colour map: clearly bluer than red (skin, background, text and the
/// yellow landmarks are not).
bool is_fill_colour(const std::uint8_t* p) { return p[2] > p[0] + 30; }

/// Display row (0 at the bottom) of height z for the scene's orthographic camera, view up +z.
double row_of_height(vtkCamera* cam, int height_px, double z) {
  double f[3];
  cam->GetFocalPoint(f);
  return 0.5 * height_px + (z - f[2]) * (0.5 * height_px) / cam->GetParallelScale();
}

TEST(ViewScreenshot, PngHasTheRequestedSizeAndIsNotBlank) {
  CONTOUR_REQUIRE_DISPLAY();
  TempDir dir;
  for (const std::string view : {"front", "side", "back"}) {
    const std::string out = dir.file("v_" + view + ".png");
    const CliRun r = run_view({kPhantom, "--screenshot", out, "--view", view, "--size", "640x480", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string bytes = read_bytes(out);
    ASSERT_GT(bytes.size(), 1000u) << view;
    const Rgb img = decode_png(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
    EXPECT_EQ(img.width, 640) << view;
    EXPECT_EQ(img.height, 480) << view;
    std::set<int> colours;
    for (int y = 0; y < img.height; y += 3)
      for (int x = 0; x < img.width; x += 3) {
        const std::uint8_t* p = img.at(x, y);
        colours.insert((p[0] / 8) << 10 | (p[1] / 8) << 5 | (p[2] / 8));
      }
    EXPECT_GT(colours.size(), 100u) << view << ": the image looks blank";
  }
}

TEST(ViewScreenshot, BadScanExitsOneAndBadUsageExitsTwo) {
  TempDir dir;
  const CliRun missing = run_view({dir.file("nope.ply"), "--screenshot", dir.file("x.png")});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("nope.ply"), std::string::npos) << missing.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("x.png")));
  EXPECT_EQ(run_view({kPhantom, "--view", "top"}).exit_code, 2);
  EXPECT_EQ(run_view({kPhantom, "--size", "12x"}).exit_code, 2);
  EXPECT_EQ(run_view({}).exit_code, 2);
  const CliRun help = run_view({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* key : {"front / right side / back", "fill thickness", "expected result", "--screenshot", "--correction"})
    EXPECT_NE(help.out.find(key), std::string::npos) << key;
}

class FillColouring : public ::testing::TestWithParam<cv::ViewPreset> {};

TEST_P(FillColouring, AppearsAroundTheDipsAndNowhereFarFromThem) {
  CONTOUR_REQUIRE_DISPLAY();
  const auto plan = phantom_plan();
  cv::SceneOptions so;
  so.show_panel = false;
  so.show_legend = false;
  so.show_labels = false;
  so.show_curves = false;  // the green target outline would count as blue-ish
  cv::PlanScene scene(plan, {}, so);
  scene.set_colouring(cv::Colouring::fill_thickness);
  cv::RenderOptions ro;
  ro.view = GetParam();
  ro.width_px = 800;
  ro.height_px = 640;
  const Rgb img = decode_png(cv::render_png_bytes(scene, ro));
  vtkCamera* cam = scene.renderer()->GetActiveCamera();

  const GeometryResult& g = plan->geometry;
  // The fill lies inside each side's faired region (the dip window widened by its margin, where
  // the columns reach their own prominences).
  double z_lo = 1e9, z_hi = -1e9;
  for (const auto& f : g.surface.fairing)
    if (f.valid) {
      z_lo = std::min(z_lo, g.silhouette.z[f.first_row]);
      z_hi = std::max(z_hi, g.silhouette.z[f.first_row + f.rows - 1]);
    }
  ASSERT_LT(z_lo, z_hi);
  // Colour may bleed one refined edge (4 mm) beyond the region; allow 10 mm.
  const double row_lo = row_of_height(cam, img.height, z_lo - 10), row_hi = row_of_height(cam, img.height, z_hi + 10);
  const int bar_left = static_cast<int>(0.86 * img.width);  // the scalar bar is right of this
  int coloured = 0, outside = 0, near_dip = 0;
  const double dip_z = g.sides[1].landmarks.z.dip_z_mm;
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < bar_left; ++x) {
      if (!is_fill_colour(img.at(x, y))) continue;
      ++coloured;
      if (y < row_lo || y > row_hi) ++outside;
      if (std::abs(y - row_of_height(cam, img.height, dip_z)) < 15) ++near_dip;
    }
  std::printf("[ pixels ] %s view: %d fill-coloured pixels, %d within 15 px of the right dip's row, %d outside rows "
              "%.0f..%.0f\n", cv::view_preset_name(GetParam()), coloured, near_dip, outside, row_lo, row_hi);
  EXPECT_GT(coloured, 300) << "no fill colouring visible";
  EXPECT_GT(near_dip, 20) << "no fill colour at the dip's height";
  EXPECT_EQ(outside, 0) << "fill colour outside the faired regions' heights (rows " << row_lo << ".." << row_hi << ")";
}

INSTANTIATE_TEST_SUITE_P(Views, FillColouring, ::testing::Values(cv::ViewPreset::front, cv::ViewPreset::side),
                         [](const auto& info) { return std::string(cv::view_preset_name(info.param)); });

TEST(FillColouring, ScalarBarIsDrawnOnlyInFillMode) {
  CONTOUR_REQUIRE_DISPLAY();
  cv::SceneOptions so;
  so.show_panel = false;
  so.show_legend = false;
  cv::PlanScene scene(phantom_plan(), {}, so);
  cv::RenderOptions ro;
  ro.width_px = 800;
  ro.height_px = 640;
  // Pixels in the bar's rectangle whose colour is close to the top of the colour map.
  double top[3];
  scene.fill_lookup_table()->GetColor(scene.max_fill_mm(), top);
  auto count_top_colour = [&](const Rgb& img) {
    double* pos = scene.scalar_bar()->GetPosition();
    const int x0 = static_cast<int>(pos[0] * img.width), x1 = static_cast<int>((pos[0] + 0.09) * img.width);
    const int y0 = static_cast<int>(pos[1] * img.height), y1 = static_cast<int>((pos[1] + 0.5) * img.height);
    int n = 0;
    for (int y = y0; y < std::min(y1, img.height); ++y)
      for (int x = x0; x < std::min(x1, img.width); ++x) {
        const std::uint8_t* p = img.at(x, y);
        if (std::abs(p[0] - 255 * top[0]) < 20 && std::abs(p[1] - 255 * top[1]) < 20 && std::abs(p[2] - 255 * top[2]) < 20)
          ++n;
      }
    return n;
  };
  scene.set_colouring(cv::Colouring::fill_thickness);
  EXPECT_TRUE(scene.renderer()->HasViewProp(scene.scalar_bar()));
  EXPECT_TRUE(scene.scalar_bar()->GetVisibility());
  EXPECT_GT(count_top_colour(decode_png(cv::render_png_bytes(scene, ro))), 50);
  scene.set_colouring(cv::Colouring::overlay);
  EXPECT_FALSE(scene.scalar_bar()->GetVisibility());
  EXPECT_EQ(count_top_colour(decode_png(cv::render_png_bytes(scene, ro))), 0);
}

TEST(RenderPng, FileIsWrittenAtomicallyAndBadSizesAreRejected) {
  CONTOUR_REQUIRE_DISPLAY();
  cv::PlanScene scene(phantom_plan(), {});
  TempDir dir;
  cv::RenderOptions ro;
  ro.width_px = 200;
  ro.height_px = 100;
  cv::render_png_file(scene, ro, dir.file("a.png"));
  const std::string bytes = read_bytes(dir.file("a.png"));
  ASSERT_GT(bytes.size(), 8u);
  EXPECT_EQ(bytes.substr(1, 3), "PNG");
  EXPECT_EQ(dir.entries().size(), 1u) << "a temporary file was left behind";
  EXPECT_THROW(cv::render_png_file(scene, ro, dir.file("missing/a.png")), IoError);
  ro.width_px = 5;
  EXPECT_THROW((void)cv::render_png_bytes(scene, ro), InvalidInput);
  EXPECT_THROW((void)cv::parse_image_size("800by600"), InvalidInput);
  EXPECT_EQ(cv::parse_image_size("800x600"), std::make_pair(800, 600));
}

}  // namespace
}  // namespace contour::test
