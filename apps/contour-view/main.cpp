// contour-view: the consult-room viewer. Thin: parse arguments, plan, build the scene, show it
// (or render one screenshot off-screen and exit).
#include "app_main.hpp"
#include "plan_cli.hpp"

#include "contour/core/errors.hpp"
#include "contour/io/output_files.hpp"
#include "contour/vtk/plan_scene.hpp"
#include "contour/vtk/render_png.hpp"
#include "contour/vtk/viewer_window.hpp"
#include "contour/vtk/virtual_display.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace {

struct ViewArgs {
  std::string scan, screenshot, view = "front", size = "1280x900", colouring = "overlay", shape = "before";
  bool quiet = false;
  contour::app::PlanCliArgs plan;
};

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
  cv::PlanScene scene(plan, options.graft);
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
  app.add_option("--view", a->view, "Camera: front, side (patient's right) or back (default front)")
      ->check(CLI::IsMember({"front", "side", "back"}));
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
             "\nSliders (bottom): correction fraction, planning resorption, processing yield; every number and the "
             "target update live.\n--screenshot needs an X display: on a server run under xvfb-run -a.");
  return contour::app::parse_and_run(app, argc, argv, [&] { return run(*a); });
}
