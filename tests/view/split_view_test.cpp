// The split view: before and target side by side, one camera, the target half following the
// before half's what-if settings, and the before scene as it was once the split ends.
#include "view_fixture.hpp"

#include "contour/vtk/plan_scene.hpp"
#include "contour/vtk/render_png.hpp"
#include "contour/vtk/viewer_window.hpp"

#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkTextActor.h>

#include <cstdio>

namespace contour::test {
namespace {

namespace cv = contour::vtk;

TEST(SplitView, TheTwinShowsTheTargetAndFollowsTheSliders) {
  cv::PlanScene before(phantom_plan(), GraftOptions{});
  const std::unique_ptr<cv::PlanScene> target = before.make_split_twin();
  EXPECT_EQ(target->shape(), cv::Shape::target);
  EXPECT_FALSE(target->panel_visible());
  EXPECT_EQ(target->caption_text(), "TARGET at 100 % correction");
  EXPECT_EQ(before.caption_text(), "BEFORE (the scan)");
  cv::on_slider_moved(before, cv::WhatIfSlider::correction_right, 0.6);
  cv::on_slider_moved(before, cv::WhatIfSlider::resorption, 0.4);
  cv::sync_split_twin(before, *target);
  EXPECT_EQ(target->what_if().side_correction(), before.what_if().side_correction());
  EXPECT_DOUBLE_EQ(target->graft().inject_ml, before.graft().inject_ml);
  EXPECT_EQ(target->caption_text(), "TARGET at 60 % (R) / 100 % (L) correction");
  before.set_view(cv::ViewPreset::back);
  cv::sync_split_twin(before, *target);
  EXPECT_EQ(target->view(), cv::ViewPreset::back);
}

TEST(SplitView, RendersBeforeLeftAndTargetRightWithOneCamera) {
  CONTOUR_REQUIRE_DISPLAY();
  cv::PlanScene before(phantom_plan(), GraftOptions{});
  const std::unique_ptr<cv::PlanScene> target = before.make_split_twin();
  const cv::RenderOptions ro{cv::ViewPreset::front, 1024, 600};
  const Rgb im = decode_png(cv::render_split_png_bytes(before, *target, ro));
  ASSERT_EQ(im.width, 1024);
  ASSERT_EQ(im.height, 600);
  EXPECT_EQ(target->renderer()->GetActiveCamera(), before.renderer()->GetActiveCamera()) << "one camera";
  // The before scene is back as it was: overlay and panel on, the whole window its own.
  EXPECT_TRUE(before.overlay_visible());
  EXPECT_TRUE(before.panel_visible());
  double vp[4];
  before.renderer()->GetViewport(vp);
  EXPECT_DOUBLE_EQ(vp[0], 0.0);
  EXPECT_DOUBLE_EQ(vp[2], 1.0);
  // Both halves show the body, at the same place in their half (same camera, same framing):
  // skin-coloured pixels cover about as much of each half, and the halves differ (the dips are
  // filled on the right).
  auto skin = [](const std::uint8_t* c) { return c[0] > 150 && c[1] > 110 && c[2] > 80 && c[0] > c[2] + 30; };
  // Rows below the captions (the top 12 %), row 0 being the bottom.
  auto compare = [&](const Rgb& img, long long& left, long long& right) {
    double diff = 0;
    left = right = 0;
    const int rows = static_cast<int>(0.88 * img.height);
    for (int y = 0; y < rows; ++y)
      for (int x = 0; x < img.width / 2; ++x) {
        const std::uint8_t *a = img.at(x, y), *b = img.at(x + img.width / 2, y);
        left += skin(a);
        right += skin(b);
        diff += std::abs(a[0] - b[0]) + std::abs(a[1] - b[1]) + std::abs(a[2] - b[2]);
      }
    return diff / (3.0 * (img.width / 2) * rows);
  };
  long long left = 0, right = 0;
  const double diff = compare(im, left, right);
  // Control: the twin showing the before shape too gives two equal halves.
  target->set_shape(cv::Shape::before);
  target->set_overlay_visible(false);
  long long cl = 0, cr = 0;
  const double control = compare(decode_png(cv::render_split_png_bytes(before, *target, ro)), cl, cr);
  std::printf("[ measure ] split view: skin pixels left %lld, right %lld; mean half-to-half difference %.2f/255 "
              "(%.2f with before in both halves)\n", left, right, diff, control);
  EXPECT_GT(left, 20000);
  EXPECT_NEAR(static_cast<double>(right) / static_cast<double>(left), 1.0, 0.15);
  EXPECT_LT(control, 0.1) << "same shape, same camera: the same picture";
  EXPECT_GT(diff, control + 0.1) << "the target half shows the filled dips (measured 0.26 vs 0.00)";
  EXPECT_LT(diff, 25.0) << "the same body";
}

}  // namespace
}  // namespace contour::test
