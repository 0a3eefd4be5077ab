// contour-view: the consult-room viewer. Thin: parse arguments, plan, build the scene, show it
// (or render one screenshot off-screen and exit).
#include "app_main.hpp"
#include "plan_cli.hpp"

#include "contour/core/errors.hpp"
#include "contour/followup/followup_report.hpp"
#include "contour/followup/run_followup.hpp"
#include "contour/vtk/difference_images.hpp"
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
#include <optional>

namespace {

struct ViewArgs {
  std::string scan, screenshot, view = "front", size = "1280x900", colouring, shape = "before";
  std::string followup, followup_plan;  ///< follow-up scan and the plan JSON it is measured against
  int session = 1;
  std::optional<double> injected_left, injected_right;
  bool quiet = false, split = false;
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
    if (!a.followup.empty()) inputs.push_back(a.followup);
    if (!a.followup_plan.empty()) inputs.push_back(a.followup_plan);
    try {
      (void)contour::resolve_outputs({{"--screenshot", a.screenshot, false}}, inputs);
    } catch (const contour::InvalidInput& e) {
      throw contour::app::UsageError(e.what());
    }
  }
  if (a.followup.empty() && (!a.followup_plan.empty() || a.injected_left || a.injected_right))
    throw contour::app::UsageError("--plan and --injected-left/--injected-right go with --followup POST");
  if (!a.followup.empty() && a.followup_plan.empty() && (!a.injected_left || !a.injected_right))
    throw contour::app::UsageError("--followup needs --plan PLAN.json (the injected volumes), or both --injected-left "
                                   "and --injected-right");
  if (a.colouring == "difference" && a.followup.empty())
    throw contour::app::UsageError("--colouring difference needs --followup POST");
  const contour::PlanOptions options = contour::app::to_plan_options(a.plan);
  // A screenshot needs an X display; without one, run again on a private virtual display.
  if (!a.screenshot.empty()) cv::run_again_on_virtual_display_if_needed("contour-view", a.quiet);
  const auto progress = [&](const std::string& stage) {
    if (!a.quiet) std::cerr << "[contour-view] " << stage << "...\n";
  };
  std::shared_ptr<const contour::PlanResult> plan;
  std::optional<cv::FollowupView> followup;
  if (a.followup.empty()) {
    plan = std::make_shared<const contour::PlanResult>(contour::run_plan(a.scan, options, progress));
  } else {
    // The follow-up is measured as `contour followup` measures it; the scene shows the plan of
    // the pre-operative scan with the difference map and the follow-up's outline on it.
    contour::FollowupRequest q;
    q.pre_path = a.scan;
    q.post_path = a.followup;
    q.plan_path = a.followup_plan;
    q.session = a.session;
    q.injected_left_ml = a.injected_left;
    q.injected_right_ml = a.injected_right;
    if (a.followup_plan.empty()) q.correction = a.plan.correction;
    q.processing = a.plan.graft.processing;
    q.plan = options;
    contour::FollowupRun run = contour::run_followup(q, progress);
    if (!a.quiet)
      for (const std::string& w : run.result.warnings) std::cerr << "[contour-view] warning: " << w << "\n";
    followup = cv::FollowupView{run.result.difference_mm, run.result.post_width_mm,
                                cv::difference_scale_mm(run.result.difference_mm),
                                contour::format_followup_summary_text(run.result)};
    plan = std::make_shared<const contour::PlanResult>(std::move(run.pre));
  }
  cv::SceneOptions so;
  so.fill_scale_max_mm = a.fill_scale_mm;
  cv::PlanScene scene(plan, options.graft, so);
  if (followup) scene.set_followup(std::move(*followup));
  scene.set_shape(parse_shape(a.shape));
  // Default colouring: the follow-up's change when there is one, else the target overlay.
  const std::string colouring = !a.colouring.empty() ? a.colouring : (scene.has_followup() ? "difference" : "overlay");
  scene.set_colouring(colouring == "fill"         ? cv::Colouring::fill_thickness
                      : colouring == "difference" ? cv::Colouring::difference
                                                  : cv::Colouring::overlay);
  const auto size = cv::parse_image_size(a.size);
  if (!a.screenshot.empty()) {
    cv::RenderOptions ro;
    ro.view = cv::parse_view_preset(a.view);
    ro.width_px = size.first;
    ro.height_px = size.second;
    if (a.split) {
      const std::unique_ptr<cv::PlanScene> twin = scene.make_split_twin();
      const std::vector<std::uint8_t> bytes = cv::render_split_png_bytes(scene, *twin, ro);
      contour::write_file_atomically(
          a.screenshot,
          [&](std::ostream& o) { o.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size())); },
          true);
    } else {
      cv::render_png_file(scene, ro, a.screenshot);
    }
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
  vo.start_split = a.split;
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
  app.add_flag("--split", a->split,
               "Before and target side by side (the window's 'v' key); with --screenshot, render that");
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
  app.add_option("--colouring", a->colouring,
                 "overlay (translucent target), fill (fill thickness, mm) or difference (a follow-up's change, "
                 "post - pre, mm; needs --followup). Default: difference with --followup, else overlay")
      ->check(CLI::IsMember({"overlay", "fill", "difference"}));
  app.add_option("--followup", a->followup,
                 "A follow-up scan of the same patient after surgery: shows what changed since SCAN (signed "
                 "difference map, the follow-up's outline, retention per side), measured as `contour followup` does");
  app.add_option("--plan", a->followup_plan, "With --followup: the plan JSON of SCAN (contour plan --json), for the "
                                             "injected volumes");
  app.add_option("--session", a->session, "With --followup: the planned session the follow-up comes after (default 1)")
      ->check(CLI::Range(1, 20));
  app.add_option("--injected-left", a->injected_left, "With --followup: graft injected into the left hip, mL (over the plan's)")
      ->check(contour::app::finite_range(0.0, 5000.0));
  app.add_option("--injected-right", a->injected_right, "With --followup: graft injected into the right hip, mL")
      ->check(contour::app::finite_range(0.0, 5000.0));
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
