// contour report SCAN --out report.html: the plan as one self-contained HTML consult report.
#include "app_main.hpp"
#include "command_list.hpp"
#include "plan_cli.hpp"

#include "contour/core/errors.hpp"
#include "contour/io/output_files.hpp"
#include "contour/io/write_mesh.hpp"
#include "contour/report/html_report.hpp"
#ifdef CONTOUR_HAVE_VTK_ADAPTER
#include "contour/vtk/report_images.hpp"
#endif

#include <iostream>
#include <memory>

namespace contour::app {
namespace {

struct ReportArgs {
  std::string scan, out;
  std::string image_size = "800x720";
  bool no_images = false;
  bool quiet = false;
  PlanCliArgs plan;
};

int run_report_command(const ReportArgs& a) {
  std::vector<std::string> inputs = plan_input_files(a.plan);
  inputs.push_back(a.scan);
  std::vector<ResolvedOutput> outputs;
  try {
    outputs = resolve_outputs({{"--out", a.out, false}}, inputs);
  } catch (const InvalidInput& e) {
    throw UsageError(e.what());
  }
  const PlanOptions options = to_plan_options(a.plan);
  auto plan = std::make_shared<const PlanResult>(run_plan(a.scan, options, [&](const std::string& stage) {
    if (!a.quiet) std::cerr << "[contour] " << stage << "...\n";
  }));
  std::vector<ReportImage> images;
  HtmlReportOptions report;
#ifdef CONTOUR_HAVE_VTK_ADAPTER
  if (!a.no_images) {
    if (!a.quiet) std::cerr << "[contour] render...\n";
    vtk::ReportImageOptions io;
    const auto size = vtk::parse_image_size(a.image_size);
    io.width_px = size.first;
    io.height_px = size.second;
    try {
      images = vtk::render_report_images(plan, options.graft, io);
    } catch (const vtk::RenderError& e) {
      throw vtk::RenderError(std::string(e.what()) + "; or pass --no-images for a report without renders");
    }
  } else {
    report.no_images_note = "Renders left out (--no-images).";
  }
#else
  report.no_images_note = "Renders not available: this contour was built without the VTK adapter.";
#endif
  const std::string html = format_html_report(*plan, options, images, report);
  OutputTransaction t(outputs);
  t.stage(0, [&](std::ostream& o) { o << html; });
  t.commit();
  if (!a.quiet) std::cerr << "[contour] wrote " << a.out << " (" << html.size() / 1024 << " KiB)\n";
  return 0;
}

}  // namespace

void add_report_command(CLI::App& app) {
  auto a = std::make_shared<ReportArgs>();
  CLI::App* sub = app.add_subcommand("report", "Plan a scan and write a self-contained HTML consult report: renders "
                                               "before and target, silhouettes, volumes with ranges, donor split, "
                                               "warnings, method and parameters");
  sub->add_option("SCAN", a->scan, "Scan file (.ply .obj .stl .vtp .vtk)")->required();
  sub->add_option("--out", a->out, "HTML file to write (written atomically)")->required()->check(non_empty());
  sub->add_option("--image-size", a->image_size, "Size of each render, WxH pixels (default 800x720)");
  sub->add_flag("--no-images", a->no_images, "Leave the renders out (no display needed)");
  sub->add_flag("--quiet", a->quiet, "Print nothing on success");
  add_plan_options(sub, a->plan);
  add_command(sub, [a] { return run_report_command(*a); });
}

}  // namespace contour::app
