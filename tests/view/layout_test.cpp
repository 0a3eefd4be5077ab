// The viewer's layout at the window sizes of a consult room (1024x600 to 1920x1080): the numbers
// panel and the key legend stay in the left column, above the sliders, apart from each other and
// from the body; the fill scale stays right of the body; every view shows the patient's L / R.
#include "view_fixture.hpp"

#include "run_cli.hpp"
#include "temp_dir.hpp"

#include "contour/vtk/plan_scene.hpp"
#include "contour/vtk/render_png.hpp"
#include "contour/vtk/viewer_window.hpp"

#include <vtkBillboardTextActor3D.h>
#include <vtkCoordinate.h>
#include <vtkNew.h>
#include <vtkRenderWindow.h>
#include <vtkRenderWindowInteractor.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkSliderRepresentation.h>
#include <vtkSliderWidget.h>
#include <vtkTextActor.h>

namespace contour::test {
namespace {

namespace cv = contour::vtk;

struct Box {
  double x0, y0, x1, y1;  ///< display pixels, y up
  [[nodiscard]] bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

/// The text's box on the display: GetBoundingBox is relative to the actor's anchor.
Box text_box(vtkTextActor* a, vtkRenderer* r) {
  double b[4];
  a->GetBoundingBox(r, b);
  const int* anchor = a->GetPositionCoordinate()->GetComputedDisplayValue(r);
  return {anchor[0] + b[0], anchor[1] + b[2], anchor[0] + b[1], anchor[1] + b[3]};
}

/// The body's focus box projected to the display (its x range over all eight corners).
Box body_box(const cv::PlanScene& scene, vtkRenderer* r) {
  const cv::FocusBox f = scene.focus_box();
  Box out{1e9, 1e9, -1e9, -1e9};
  vtkNew<vtkCoordinate> c;
  c->SetCoordinateSystemToWorld();
  for (double x : {f.x_min, f.x_max})
    for (double y : {f.y_min, f.y_max})
      for (double z : {f.z_min, f.z_max}) {
        c->SetValue(x, y, z);
        const double* d = c->GetComputedDoubleDisplayValue(r);
        out.x0 = std::min(out.x0, d[0]), out.x1 = std::max(out.x1, d[0]);
        out.y0 = std::min(out.y0, d[1]), out.y1 = std::max(out.y1, d[1]);
      }
  return out;
}

TEST(ViewerLayout, PanelLegendScaleAndBodyDoNotOverlapFrom1024x600To1920x1080) {
  CONTOUR_REQUIRE_DISPLAY();
  cv::PlanScene scene(phantom_plan(), {});
  scene.set_colouring(cv::Colouring::fill_thickness);
  for (auto [w, h] : {std::pair{1024, 600}, std::pair{1280, 800}, std::pair{1920, 1080}}) {
    vtkNew<vtkRenderWindow> window;
    window->SetOffScreenRendering(1);
    window->SetSize(w, h);
    scene.add_to(window);
    scene.set_view(cv::ViewPreset::front);
    window->Render();
    vtkRenderer* r = scene.renderer();
    const Box panel = text_box(scene.panel_actor(), r), legend = text_box(scene.legend_actor(), r);
    const Box body = body_box(scene, r);
    double* pos = scene.scalar_bar()->GetPosition();
    double* pos2 = scene.scalar_bar()->GetPosition2();
    const Box bar{pos[0] * w, pos[1] * h, (pos[0] + pos2[0]) * w, (pos[1] + pos2[1]) * h};
    const Box sliders{0, 0, static_cast<double>(w), 0.12 * h};
    SCOPED_TRACE(std::to_string(w) + "x" + std::to_string(h));
    std::printf("[ layout ] %dx%d: panel x %.0f-%.0f y %.0f-%.0f, legend y %.0f-%.0f, body x %.0f-%.0f, bar x %.0f-%.0f\n",
                w, h, panel.x0, panel.x1, panel.y0, panel.y1, legend.y0, legend.y1, body.x0, body.x1, bar.x0, bar.x1);
    EXPECT_GT(panel.x1 - panel.x0, 100) << "panel drawn";
    EXPECT_FALSE(panel.overlaps(legend)) << "panel over the legend";
    EXPECT_LE(panel.y1, h + 1.0);
    EXPECT_GE(legend.y0, sliders.y1) << "legend runs into the sliders";
    EXPECT_GE(panel.y0, sliders.y1);
    EXPECT_LT(panel.x1, body.x0) << "panel over the body";
    EXPECT_LT(legend.x1, body.x0) << "legend over the body";
    EXPECT_GT(bar.x0, body.x1) << "fill scale over the body";
    EXPECT_LE(bar.x1, w);
    scene.remove_from(window);
  }
}

// An A-pose body (MakeHuman, arms out, the hands at hip height): no vertex of the scan in view
// (arms and hands included) is drawn under the numbers panel, the key legend or the fill scale,
// in any of the six views, from 1024x600 to 1920x1080.
TEST(ViewerLayout, NoPartOfAnArmsOutBodyIsUnderThePanelLegendOrScaleInAnyView) {
  CONTOUR_REQUIRE_DISPLAY();
  const std::string mh = std::string(CONTOUR_TEST_DATA_DIR) + "/makehuman/mh_female_young_maxweight.obj";
  const auto plan = std::make_shared<const PlanResult>(run_plan(mh));
  cv::PlanScene scene(plan, {});
  const Vertices& V = plan->geometry.surface.before.V;
  // One window, resized as a user would (a second window after the first was destroyed lost its
  // X connection under Xvfb here, in VTK 9.1, when the scene's renderers moved to it).
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  scene.add_to(window);
  for (auto [w, h] : {std::pair{1024, 600}, std::pair{1920, 1080}}) {
    window->SetSize(w, h);
    for (cv::ViewPreset view : {cv::ViewPreset::front, cv::ViewPreset::side, cv::ViewPreset::back, cv::ViewPreset::left,
                                cv::ViewPreset::front_right, cv::ViewPreset::front_left}) {
      scene.set_view(view);
      window->Render();
      vtkRenderer* r = scene.renderer();
      const Box panel = text_box(scene.panel_actor(), r), legend = text_box(scene.legend_actor(), r);
      double* pos = scene.scalar_bar()->GetPosition();
      double* pos2 = scene.scalar_bar()->GetPosition2();
      const Box bar{pos[0] * w, pos[1] * h, (pos[0] + pos2[0]) * w, (pos[1] + pos2[1]) * h};
      SCOPED_TRACE(std::to_string(w) + "x" + std::to_string(h) + " view " + std::to_string(static_cast<int>(view)));
      vtkNew<vtkCoordinate> c;
      c->SetCoordinateSystemToWorld();
      long long under_panel = 0, under_legend = 0, under_bar = 0, in_view = 0;
      for (Eigen::Index i = 0; i < V.rows(); i += 3) {
        c->SetValue(V(i, 0), V(i, 1), V(i, 2));
        const double* d = c->GetComputedDoubleDisplayValue(r);
        if (d[0] < 0 || d[0] > w || d[1] < 0 || d[1] > h) continue;
        ++in_view;
        const Box pt{d[0], d[1], d[0] + 0.5, d[1] + 0.5};
        under_panel += pt.overlaps(panel);
        under_legend += pt.overlaps(legend);
        under_bar += pt.overlaps(bar);
      }
      EXPECT_GT(in_view, 1000);
      EXPECT_EQ(under_panel, 0) << "scan vertices under the numbers panel";
      EXPECT_EQ(under_legend, 0) << "scan vertices under the key legend";
      EXPECT_EQ(under_bar, 0) << "scan vertices under the fill scale";
    }
  }
  scene.remove_from(window);
}

TEST(ViewerViews, EveryViewShowsTheNearSidesMarkAndKeysOneToSixSelectThem) {
  cv::PlanScene scene(phantom_plan(), {});
  const char keys[] = {'1', '2', '3', '4', '5', '6'};
  for (int k = 0; k < 6; ++k) {
    ASSERT_TRUE(cv::apply_viewer_key(scene, keys[k]));
    const cv::ViewPreset v = scene.view();
    EXPECT_EQ(v, cv::kAllViews[k]);
    EXPECT_EQ(cv::parse_view_preset(cv::view_preset_name(v)), v);
    const auto marks = scene.side_marks();
    EXPECT_STREQ(marks[0]->GetInput(), "L");
    EXPECT_STREQ(marks[1]->GetInput(), "R");
    // From the right only R, from the left only L; otherwise both.
    EXPECT_EQ(static_cast<bool>(marks[0]->GetVisibility()), v != cv::ViewPreset::side) << cv::view_preset_name(v);
    EXPECT_EQ(static_cast<bool>(marks[1]->GetVisibility()), v != cv::ViewPreset::left) << cv::view_preset_name(v);
  }
  EXPECT_EQ(cv::parse_view_preset("side"), cv::ViewPreset::side);
  EXPECT_FALSE(cv::apply_viewer_key(scene, 'e')) << "'e' is the window's export key, not a scene key";
  const std::string help = cv::viewer_key_help();
  for (const char* k : {"4 5 6", "  0 ", "  s ", "  e      export"}) EXPECT_NE(help.find(k), std::string::npos) << k;
}

TEST(ViewerViews, ResetSlidersRestoresThePlansSettings) {
  CONTOUR_REQUIRE_DISPLAY();
  cv::PlanScene scene(phantom_plan(), {});
  const cv::WhatIf initial = scene.what_if();
  const double inject = scene.graft().inject_ml;
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  vtkNew<vtkRenderWindowInteractor> interactor;
  interactor->SetRenderWindow(window);
  std::vector<vtkSmartPointer<vtkSliderWidget>> owned;
  std::vector<vtkSliderWidget*> sliders;
  for (cv::WhatIfSlider s : {cv::WhatIfSlider::correction, cv::WhatIfSlider::resorption, cv::WhatIfSlider::yield}) {
    owned.push_back(cv::make_what_if_slider(scene, s, interactor));
    sliders.push_back(owned.back());
  }
  cv::on_slider_moved(scene, cv::WhatIfSlider::correction, 0.4);
  cv::on_slider_moved(scene, cv::WhatIfSlider::yield, 0.8);
  ASSERT_LT(scene.graft().inject_ml, inject - 1);
  cv::reset_sliders(scene, initial, sliders);
  EXPECT_NEAR(scene.graft().inject_ml, inject, 1e-9);
  EXPECT_NEAR(static_cast<vtkSliderRepresentation*>(sliders[0]->GetRepresentation())->GetValue(), initial.correction, 1e-9);
  EXPECT_NEAR(static_cast<vtkSliderRepresentation*>(sliders[2]->GetRepresentation())->GetValue(), scene.graft().yield, 1e-9);
  for (auto& s : owned) s->EnabledOff();
}

TEST(ViewerHeadline, AFigureOutsideItsRangeIsMarkedInThePanel) {
  // Planning resorption 0.8 lies above the expected range 0.3-0.7, so the planned injection
  // exceeds the range's high end.
  GraftOptions g;
  g.resorption = 0.8;
  cv::PlanScene scene(phantom_plan(), g);
  cv::WhatIf w = scene.what_if();
  w.resorption = 0.8;
  scene.set_what_if(w);
  ASSERT_GT(scene.graft().inject_ml, scene.graft().inject_range.high_ml);
  EXPECT_NE(scene.panel_text().find("OUTSIDE"), std::string::npos) << scene.panel_text();
  w.resorption = 0.5;
  scene.set_what_if(w);
  EXPECT_EQ(scene.panel_text().find("OUTSIDE"), std::string::npos) << scene.panel_text();
}

TEST(ReportWithoutDisplay, RunsItselfOnAVirtualDisplay) {
  TempDir dir;
  const CliRun run = run_program("/usr/bin/env", {"-u", "DISPLAY", CONTOUR_CLI_PATH, "report", kPhantom, "--out",
                                                  dir.file("r.html"), "--image-size", "160x144"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("virtual display"), std::string::npos) << run.err;
  const std::string html = read_bytes(dir.file("r.html"));
  std::size_t n = 0;
  for (auto p = html.find("data:image/png;base64,"); p != std::string::npos; p = html.find("data:image/png;base64,", p + 1)) ++n;
  EXPECT_EQ(n, 10u) << "front, right, left before/target, two obliques, front and back fill";
}

}  // namespace
}  // namespace contour::test

namespace contour::test {
namespace {

TEST(PerSideCorrection, EachSideFollowsItsOwnSliderAndMatchesRegraft) {
  cv::PlanScene scene(phantom_plan(), {});
  const GeometryResult& g = phantom_plan()->geometry;
  cv::on_slider_moved(scene, cv::WhatIfSlider::correction_right, 0.5);
  const GraftPlan expect = regraft(g, std::array<double, 2>{1.0, 0.5}, GraftOptions{});
  EXPECT_NEAR(scene.graft().right.fill_ml, expect.right.fill_ml, 1e-9);
  EXPECT_NEAR(scene.graft().left.fill_ml, regraft(g, 1.0, GraftOptions{}).left.fill_ml, 1e-9) << "left unchanged";
  EXPECT_LT(scene.graft().right.fill_ml, 0.7 * regraft(g, 1.0, GraftOptions{}).right.fill_ml);
  // Symmetry: the same fraction on both sides equals the one-fraction plan.
  cv::on_slider_moved(scene, cv::WhatIfSlider::correction_left, 0.5);
  EXPECT_NEAR(scene.graft().inject_ml, regraft(g, 0.5, GraftOptions{}).inject_ml, 1e-9);
  // The target shape moves each side by its own fraction.
  scene.set_shape(cv::Shape::target);
  cv::on_slider_moved(scene, cv::WhatIfSlider::correction_left, 0.0);
  EXPECT_DOUBLE_EQ(scene.shown_fraction()[0], 0.0);
  EXPECT_DOUBLE_EQ(scene.shown_fraction()[1], 0.5);
  EXPECT_NE(scene.panel_text().find("Correction R 50 % L 0 %"), std::string::npos) << scene.panel_text();
  // The both-sides slider clears the per-side settings.
  cv::on_slider_moved(scene, cv::WhatIfSlider::correction, 1.0);
  EXPECT_DOUBLE_EQ(scene.shown_fraction()[0], 1.0);
  EXPECT_DOUBLE_EQ(scene.shown_fraction()[1], 1.0);
}

}  // namespace
}  // namespace contour::test
