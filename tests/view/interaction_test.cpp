// The live what-if: slider callbacks and keys update the overlay and every number the same way
// as a fresh `run_plan` with those settings.
#include "view_fixture.hpp"

#include "contour/core/errors.hpp"
#include "contour/vtk/plan_scene.hpp"
#include "contour/vtk/render_png.hpp"
#include "contour/vtk/viewer_window.hpp"

#include <vtkActor.h>
#include <vtkCommand.h>
#include <vtkFloatArray.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkRenderWindow.h>
#include <vtkRenderWindowInteractor.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkSliderRepresentation.h>
#include <vtkSliderWidget.h>

#include <chrono>
#include <cstdio>

namespace contour::test {
namespace {

namespace cv = contour::vtk;

/// Largest distance between the points of `data` and rows `ids` of `expected`, mm.
double max_point_error(vtkPolyData* data, const Vertices& expected, const std::vector<int>* ids) {
  double worst = 0;
  for (vtkIdType k = 0; k < data->GetNumberOfPoints(); ++k) {
    double p[3];
    data->GetPoint(k, p);
    const Eigen::Index row = ids ? (*ids)[static_cast<std::size_t>(k)] : k;
    for (int c = 0; c < 3; ++c) worst = std::max(worst, std::abs(p[c] - expected(row, c)));
  }
  return worst;
}

void expect_same_numbers(const cv::PlanScene& scene, const PlanResult& fresh) {
  const GraftPlan& a = scene.graft();
  const GraftPlan& b = fresh.graft;
  EXPECT_NEAR(a.left.fill_ml, b.left.fill_ml, 0.01);
  EXPECT_NEAR(a.right.fill_ml, b.right.fill_ml, 0.01);
  EXPECT_NEAR(a.fill_ml, b.fill_ml, 0.02);
  EXPECT_NEAR(a.inject_ml, b.inject_ml, 0.05);
  EXPECT_NEAR(a.left.inject_ml, b.left.inject_ml, 0.05);
  EXPECT_NEAR(a.inject_range.low_ml, b.inject_range.low_ml, 0.05);
  EXPECT_NEAR(a.inject_range.high_ml, b.inject_range.high_ml, 0.05);
  EXPECT_NEAR(a.aspirate_ml, b.aspirate_ml, 0.1);
  EXPECT_NEAR(a.yield, b.yield, 1e-12);
  EXPECT_NEAR(a.resorption, b.resorption, 1e-9);
  ASSERT_EQ(scene.region_fill_ml().size(), fresh.geometry.regions.size());
  for (std::size_t i = 0; i < fresh.geometry.regions.size(); ++i)
    EXPECT_NEAR(scene.region_fill_ml()[i], fresh.geometry.regions[i].prism_ml, 0.01) << fresh.geometry.regions[i].region.name;
  // The panel shows the new totals.
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", b.inject_ml);
  EXPECT_NE(scene.panel_text().find(buf), std::string::npos) << scene.panel_text();
  std::snprintf(buf, sizeof buf, "%.1f", b.aspirate_ml);
  EXPECT_NE(scene.panel_text().find(buf), std::string::npos) << scene.panel_text();
}

TEST(WhatIfSliders, CallbacksUpdateOverlayAndNumbersLikeAFreshPlan) {
  CONTOUR_REQUIRE_DISPLAY();
  const auto plan = phantom_plan();
  cv::PlanScene scene(plan, {});

  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetSize(640, 480);
  window->AddRenderer(scene.renderer());
  vtkNew<vtkRenderWindowInteractor> interactor;
  interactor->SetRenderWindow(window);
  interactor->Initialize();
  auto correction = cv::make_what_if_slider(scene, cv::WhatIfSlider::correction, interactor);
  auto resorption = cv::make_what_if_slider(scene, cv::WhatIfSlider::resorption, interactor);
  auto yield = cv::make_what_if_slider(scene, cv::WhatIfSlider::yield, interactor);
  auto drive = [](vtkSliderWidget* w, double value) {
    static_cast<vtkSliderRepresentation*>(w->GetRepresentation())->SetValue(value);
    w->InvokeEvent(vtkCommand::InteractionEvent, nullptr);
  };
  drive(correction, 0.6);
  drive(resorption, 0.4);
  drive(yield, 0.7);
  EXPECT_DOUBLE_EQ(scene.what_if().correction, 0.6);

  PlanOptions o;
  o.geometry.curve.correction = 0.6;
  o.graft.resorption = 0.4;
  o.graft.yield = 0.7;
  const PlanResult fresh = run_plan(kPhantom, o);
  ASSERT_EQ(fresh.geometry.surface.before.V.rows(), plan->geometry.surface.before.V.rows());
  const Mesh target = fresh.geometry.surface.target(0.6);
  EXPECT_GT(scene.overlay_data()->GetNumberOfPoints(), 100);
  EXPECT_LT(max_point_error(scene.overlay_data(), target.V, &scene.overlay_vertex_ids()), 1e-3);
  expect_same_numbers(scene, fresh);

  // The before surface stays put until the target shape is asked for; then it is the target.
  EXPECT_LT(max_point_error(scene.surface_data(), fresh.geometry.surface.before.V, nullptr), 1e-3);
  ASSERT_TRUE(cv::apply_viewer_key(scene, 'b'));
  EXPECT_EQ(scene.shape(), cv::Shape::target);
  EXPECT_LT(max_point_error(scene.surface_data(), target.V, nullptr), 1e-3);
  EXPECT_FALSE(scene.overlay_actor()->GetVisibility());

  // Moving the correction back up to 1 gives the original plan's numbers again.
  drive(correction, 1.0);
  drive(resorption, 0.5);
  drive(yield, 0.55);
  expect_same_numbers(scene, *plan);
  EXPECT_LT(max_point_error(scene.surface_data(), plan->geometry.surface.target(1.0).V, nullptr), 1e-3);
  window->RemoveRenderer(scene.renderer());
}

TEST(WhatIfSliders, ExpectedResultShowsTheRetainedVolume) {
  const auto plan = phantom_plan();
  cv::PlanScene scene(plan, {});
  const GeometryResult& g = plan->geometry;
  auto side_volume = [&](Side side, double f) {
    const std::vector<double> fills = region_fill_at(g, f);
    double v = 0;
    for (std::size_t i = 0; i < fills.size(); ++i)
      if (g.regions[i].region.side == side) v += fills[i];
    return v;
  };
  ASSERT_TRUE(cv::apply_viewer_key(scene, 'l'));
  ASSERT_EQ(scene.shape(), cv::Shape::expected_low_resorption);
  EXPECT_NEAR(side_volume(Side::Left, scene.shown_fraction()[0]), scene.graft().left.outcome.retained_low_resorption_ml, 0.01);
  EXPECT_NEAR(side_volume(Side::Right, scene.shown_fraction()[1]), scene.graft().right.outcome.retained_low_resorption_ml, 0.01);
  EXPECT_GT(scene.shown_fraction()[1], 1.0) << "low resorption over-corrects";
  ASSERT_TRUE(cv::apply_viewer_key(scene, 'u'));
  EXPECT_NEAR(side_volume(Side::Right, scene.shown_fraction()[1]), scene.graft().right.outcome.retained_high_resorption_ml, 0.01);
  EXPECT_LT(scene.shown_fraction()[1], 1.0) << "high resorption under-corrects";
  ASSERT_TRUE(cv::apply_viewer_key(scene, 'u'));
  EXPECT_EQ(scene.shape(), cv::Shape::target);
}

TEST(ViewerKeys, ToggleColouringLegendAndViews) {
  cv::PlanScene scene(phantom_plan(), {});
  EXPECT_EQ(scene.colouring(), cv::Colouring::overlay);
  EXPECT_TRUE(scene.overlay_actor()->GetVisibility());
  EXPECT_FALSE(scene.scalar_bar()->GetVisibility());
  ASSERT_TRUE(cv::apply_viewer_key(scene, 't'));
  EXPECT_EQ(scene.colouring(), cv::Colouring::fill_thickness);
  EXPECT_FALSE(scene.overlay_actor()->GetVisibility());
  EXPECT_TRUE(scene.scalar_bar()->GetVisibility());
  ASSERT_TRUE(cv::apply_viewer_key(scene, 'h'));
  EXPECT_FALSE(scene.legend_visible());
  ASSERT_TRUE(cv::apply_viewer_key(scene, '2'));
  EXPECT_EQ(scene.view(), cv::ViewPreset::side);
  ASSERT_TRUE(cv::apply_viewer_key(scene, '3'));
  EXPECT_EQ(scene.view(), cv::ViewPreset::back);
  EXPECT_FALSE(cv::apply_viewer_key(scene, 'z'));
  // Every key the scene handles is in the help text.
  const std::string help = cv::viewer_key_help();
  for (const char* k : {"1 2 3", "  t ", "  b ", "  l ", "  u ", "  c ", "  h ", "  r "})
    EXPECT_NE(help.find(k), std::string::npos) << k;
}

TEST(WhatIfSliders, OutOfRangeValuesAreRejected) {
  cv::PlanScene scene(phantom_plan(), {});
  cv::WhatIf w;
  w.correction = 1.5;
  EXPECT_THROW(scene.set_what_if(w), InvalidInput);
  w.correction = 0.5;
  w.resorption = 0.97;
  EXPECT_THROW(scene.set_what_if(w), InvalidInput);
  w.resorption.reset();
  w.yield = 0.0;
  EXPECT_THROW(scene.set_what_if(w), InvalidInput);
  EXPECT_DOUBLE_EQ(scene.what_if().correction, 1.0) << "a rejected update changes nothing";
}

/// Not a timed assertion: prints how long one slider update takes. Set CONTOUR_VIEW_BENCH_SCAN
/// to a large scan (e.g. `contour phantom big.ply --voxel 1.5 --subdivide 1`) to measure at scale.
TEST(WhatIfSliders, UpdateTimeIsReported) {
  const char* big = std::getenv("CONTOUR_VIEW_BENCH_SCAN");
  std::shared_ptr<const PlanResult> plan = big ? std::make_shared<const PlanResult>(run_plan(big)) : phantom_plan();
  cv::PlanScene scene(plan, {});
  scene.set_shape(cv::Shape::target);
  const int n = 20;
  double total_ms = 0, worst_ms = 0;
  for (int i = 0; i < n; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    cv::on_slider_moved(scene, cv::WhatIfSlider::correction, 0.5 + 0.5 * (i % 2));
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    total_ms += ms;
    worst_ms = std::max(worst_ms, ms);
  }
  std::printf("[ timing ] %lld triangles, %zu fill-region vertices: slider update %.2f ms mean, %.2f ms worst (%d updates)\n",
              static_cast<long long>(plan->geometry.surface.before.F.rows()), scene.overlay_vertex_ids().size(),
              total_ms / n, worst_ms, n);
  if (have_display()) {
    // Update plus a redraw (the VTK mapper re-uploads the changed arrays). Under Xvfb this is
    // Mesa's software renderer, so it is an upper bound for a GPU.
    vtkNew<vtkRenderWindow> window;
    window->SetOffScreenRendering(1);
    window->SetSize(1280, 900);
    window->AddRenderer(scene.renderer());
    window->Render();
    double render_ms = 0;
    for (int i = 0; i < n / 4; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      cv::on_slider_moved(scene, cv::WhatIfSlider::correction, 0.5 + 0.5 * (i % 2));
      window->Render();
      render_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    }
    std::printf("[ timing ] slider update + redraw (1280x900, %s): %.1f ms mean\n", window->GetClassName(),
                render_ms / (n / 4));
    window->RemoveRenderer(scene.renderer());
  }
  SUCCEED();
}

// Level of detail while dragging: the unchanging body is drawn from a coarse copy, the picture
// stays the same body (the fill region, outlines and labels in full), and releasing the drag
// draws everything again.
TEST(WhatIfSliders, DraggingDrawsACoarseBodyThatLooksTheSame) {
  CONTOUR_REQUIRE_DISPLAY();
  cv::SceneOptions so;
  so.interactive_triangles = 8000;  // the phantom has ~97 000: coarse copy made
  cv::PlanScene scene(phantom_plan(), GraftOptions{}, so);
  ASSERT_TRUE(scene.has_coarse_body());
  const long long full = scene.drawn_triangles();
  const cv::RenderOptions ro{cv::ViewPreset::front, 500, 400};
  const Rgb still = decode_png(cv::render_png_bytes(scene, ro));

  // A slider grabbed: its StartInteractionEvent turns the coarse body on.
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetSize(500, 400);
  vtkNew<vtkRenderWindowInteractor> interactor;
  interactor->SetRenderWindow(window);
  auto slider = cv::make_what_if_slider(scene, cv::WhatIfSlider::correction, interactor, nullptr);
  cv::enable_interactive_detail(scene, interactor, {slider.Get()});
  window->SetMultiSamples(8);
  slider->InvokeEvent(vtkCommand::StartInteractionEvent);
  ASSERT_TRUE(scene.interactive());
  EXPECT_EQ(window->GetMultiSamples(), 0) << "no multisampling while dragging";
  const long long coarse = scene.drawn_triangles();
  EXPECT_LT(coarse, full / 4);
  EXPECT_GT(coarse, 8000 / 3);
  const Rgb dragging = decode_png(cv::render_png_bytes(scene, ro));
  // The same picture but for shading detail: mean colour difference small, and the body covers
  // the same pixels (background vs body differs in under 2 % of them).
  ASSERT_EQ(dragging.width, still.width);
  ASSERT_EQ(dragging.height, still.height);
  double diff = 0;
  long long silhouette_changes = 0;
  const std::uint8_t* bg = still.at(0, still.height - 1);  // top-left corner: background
  auto is_bg = [&](const Rgb& im, int x, int y) {
    const std::uint8_t* c = im.at(x, y);
    return std::abs(c[0] - bg[0]) + std::abs(c[1] - bg[1]) + std::abs(c[2] - bg[2]) < 30;
  };
  long long body_pixels = 0;
  for (int y = 0; y < still.height; ++y)
    for (int x = 0; x < still.width; ++x) {
      const std::uint8_t *a = still.at(x, y), *b = dragging.at(x, y);
      diff += std::abs(a[0] - b[0]) + std::abs(a[1] - b[1]) + std::abs(a[2] - b[2]);
      if (is_bg(still, x, y) != is_bg(dragging, x, y)) ++silhouette_changes;
      if (!is_bg(still, x, y)) ++body_pixels;
    }
  diff /= 3.0 * still.width * still.height;
  std::printf("[ measure ] body %lld -> %lld triangles while dragging; mean colour difference %.2f/255, "
              "silhouette pixels changed %.2f %%\n", full, coarse, diff,
              100.0 * static_cast<double>(silhouette_changes) / static_cast<double>(std::max(body_pixels, 1LL)));
  if (const char* dump = std::getenv("CONTOUR_DUMP_LOD_PNG")) {
    const auto bytes = cv::render_png_bytes(scene, ro);
    FILE* f = std::fopen(dump, "wb");
    if (f) {
      std::fwrite(bytes.data(), 1, bytes.size(), f);
      std::fclose(f);
    }
  }
  EXPECT_LT(diff, 6.0) << "mean colour difference per channel (0-255)";
  ASSERT_GT(body_pixels, 10000);
  EXPECT_LT(static_cast<double>(silhouette_changes) / static_cast<double>(body_pixels), 0.02);
  // Released: the full body again.
  window->AddRenderer(scene.renderer());  // the end of a drag renders the window again
  slider->InvokeEvent(vtkCommand::EndInteractionEvent);
  window->RemoveRenderer(scene.renderer());
  EXPECT_FALSE(scene.interactive());
  EXPECT_EQ(window->GetMultiSamples(), 8) << "still frames multisampled again";
  EXPECT_EQ(scene.drawn_triangles(), full);
  // A small body gets no coarse copy (nothing to gain).
  cv::PlanScene plain(phantom_plan(), GraftOptions{});
  EXPECT_FALSE(plain.has_coarse_body());
  plain.set_interactive(true);
  EXPECT_EQ(plain.drawn_triangles(), full);
}

}  // namespace
}  // namespace contour::test
