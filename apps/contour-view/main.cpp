// contour-view: the consult-room viewer. Thin: parse arguments, plan, build the scene, show it
// (or render one screenshot off-screen and exit).
#include "app_main.hpp"
#include "plan_cli.hpp"

#include "contour/core/errors.hpp"
#include "contour/io/output_files.hpp"
#include "contour/vtk/plan_scene.hpp"
#include "contour/vtk/render_png.hpp"
#include "contour/vtk/viewer_window.hpp"
#include "contour/vtk/report_images.hpp"
#include "contour/report/html_report.hpp"
#include "contour/report/report_identity.hpp"
#include "contour/io/write_mesh.hpp"
#include "contour/vtk/virtual_display.hpp"

#include <CLI/CLI.hpp>

#include <cmath>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>

namespace {

struct ViewArgs {
  std::string scan, screenshot, view = "front", size = "1280x900", colouring = "overlay", shape = "before";
  bool quiet = false;
  double fill_scale_mm = 0.0;
  contour::app::PlanCliArgs plan;
};

/// The plan options with the viewer's slider values in place of the typed ones.
contour::PlanOptions at_slider_values(contour::PlanOptions o, const contour::vtk::WhatIf& w) {
  o.geometry.curve.correction = w.correction;
  if (w.resorption) {
    o.graft.resorption = *w.resorption;
    o.graft.resorption_left.reset();
    o.graft.resorption_right.reset();
  }
  if (w.yield) o.graft.yield = *w.yield;
  return o;
}

contour::vtk::Shape parse_shape(const std::string& s) {
  using contour::vtk::Shape;
  if (s == "target") return Shape::target;
  if (s == "expected-low") return Shape::expected_low_resorption;
  if (s == "expected-high") return Shape::expected_high_resorption;
  return Shape::before;
}

int run(const ViewArgs& a) {
  namespace cv = contour::vtk;
  // The screenshot path is checked before the work (a usage error, exit 2, as in contour).
  if (!a.screenshot.empty()) {
    std::vector<std::string> inputs = contour::app::plan_input_files(a.plan);
    inputs.push_back(a.scan);
    try {
      (void)contour::resolve_outputs({{"--screenshot", a.screenshot, false}}, inputs);
    } catch (const contour::InvalidInput& e) {
      throw contour::app::UsageError(e.what());
    }
  }
  const contour::PlanOptions options = contour::app::to_plan_options(a.plan);
  // A screenshot needs an X display; without one, run again on a private virtual display.
  if (!a.screenshot.empty()) cv::run_again_on_virtual_display_if_needed("contour-view", a.quiet);
  auto plan = std::make_shared<const contour::PlanResult>(contour::run_plan(a.scan, options, [&](const std::string& stage) {
    if (!a.quiet) std::cerr << "[contour-view] " << stage << "...\n";
  }));
  cv::SceneOptions so;
  so.fill_scale_max_mm = a.fill_scale_mm;
  cv::PlanScene scene(plan, options.graft, so);
  scene.set_shape(parse_shape(a.shape));
  scene.set_colouring(a.colouring == "fill" ? cv::Colouring::fill_thickness : cv::Colouring::overlay);
  const auto size = cv::parse_image_size(a.size);
  if (!a.screenshot.empty()) {
    cv::RenderOptions ro;
    ro.view = cv::parse_view_preset(a.view);
    ro.width_px = size.first;
    ro.height_px = size.second;
    cv::render_png_file(scene, ro, a.screenshot);
    if (!a.quiet) std::cerr << "[contour-view] wrote " << a.screenshot << "\n";
    return 0;
  }
  scene.set_view(cv::parse_view_preset(a.view));
  cv::ViewerOptions vo;
  vo.width_px = size.first;
  vo.height_px = size.second;
  vo.title = "contour-view: " + a.scan;
  // 'e': the report at the slider values. The plan is run again with them (the sliders only
  // preview the numbers), so the report is the one `contour report` would write.
  vo.export_report = [&](const cv::PlanScene& s) {
    const auto fs = s.what_if().side_correction();
    if (fs[0] != fs[1])
      return std::string("export not done: the report plans one correction for both sides; set both correction "
                         "sliders alike (the numbers panel shows this per-side plan)");
    cv::WhatIf w = s.what_if();
    w.correction = fs[0];
    const contour::PlanOptions o = at_slider_values(options, w);
    auto p = std::make_shared<const contour::PlanResult>(contour::run_plan(plan->scan, o));
    cv::ReportImageOptions io;
    io.fill_scale_max_mm = a.fill_scale_mm;
    contour::HtmlReportOptions ro;
    ro.provenance = contour::make_report_provenance(*p, o, std::time(nullptr));
    const std::string html = contour::format_html_report(*p, o, cv::render_report_images(p, o.graft, io), ro);
    std::string path;
    for (int n = 1; path.empty() || std::filesystem::exists(path); ++n)
      path = "contour-view-report-" + std::to_string(n) + ".html";
    contour::write_file_atomically(path, [&](std::ostream& out) { out << html; }, false);
    return "wrote " + path + " (correction " + std::to_string(static_cast<int>(std::lround(100 * o.geometry.curve.correction))) + " %)";
  };
  cv::run_viewer(scene, vo);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  contour::app::keep_released_memory_for_reuse();
  CLI::App app{"contour-view — hip-dip consult viewer: the scan, the target contour and the graft numbers, with "
               "live what-if sliders (correction, resorption, processing yield).\n"
               "Units: millimetres and millilitres; left and right are the patient's."};
  app.set_version_flag("--version", "libcontour 0.1.0");
  auto a = std::make_shared<ViewArgs>();
  app.add_option("SCAN", a->scan, "Scan file (.ply .obj .stl .vtp .vtk)")->required();
  app.add_option("--screenshot", a->screenshot, "Render off-screen to this PNG and exit (no window)");
  app.add_option("--view", a->view,
                 "Camera: front, right (or side), back, left, front-right, front-left (default front)")
      ->check(CLI::IsMember({"front", "side", "right", "back", "left", "front-right", "front-left"}));
  app.add_option("--fill-scale", a->fill_scale_mm,
                 "Top of the fill colour scale, mm: 0 = this scan's largest fill (default); e.g. 20 for a fixed "
                 "0-20 mm scale that compares between patients")
      ->check(contour::app::finite_range(0.0, 200.0));
  app.add_option("--size", a->size, "Window or image size WxH, pixels (default 1280x900)")
      ->check(CLI::Validator(
          [](std::string& s) {
            try {
              (void)contour::vtk::parse_image_size(s);
            } catch (const std::exception& e) {
              return std::string(e.what());
            }
            return std::string();
          },
          "WxH"));
  app.add_option("--colouring", a->colouring, "overlay (translucent target) or fill (fill thickness, mm)")
      ->check(CLI::IsMember({"overlay", "fill"}));
  app.add_option("--shape", a->shape, "Surface shown: before, target, expected-low, expected-high (resorption ends)")
      ->check(CLI::IsMember({"before", "target", "expected-low", "expected-high"}));
  app.add_flag("--quiet", a->quiet, "Print nothing on success");
  contour::app::add_plan_options(&app, a->plan);
  app.footer("Keys in the window:\n" + contour::vtk::viewer_key_help() +
             "\nSliders (bottom): correction of the patient's right and of the left side, planning resorption, processing "
             "yield; every number and the "
             "target update live.\n--screenshot needs an X display: on a server run under xvfb-run -a.");
  return contour::app::parse_and_run(app, argc, argv, [&] { return run(*a); });
}
