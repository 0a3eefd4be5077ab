// contour plan SCAN: landmarks, target, fill volumes and graft plan for one scan.
#include "command_list.hpp"
#include "plan_cli.hpp"

#include "contour/io/read_mesh.hpp"
#include "contour/io/write_mesh.hpp"
#include "contour/report/plan_report.hpp"

#include <iostream>

namespace contour::app {
namespace {

struct PlanArgs {
  std::string scan, json, target, csv;
  bool quiet = false;
  PlanCliArgs plan;
};

int run_plan_command(const PlanArgs& a) {
  const PlanOptions options = to_plan_options(a.plan);
  // Check output paths before the work, so a typo does not cost a run.
  if (!a.target.empty()) (void)format_from_path(a.target);
  const PlanResult plan = run_plan(a.scan, options, [&](const std::string& stage) {
    if (!a.quiet) std::cerr << "[contour] " << stage << "...\n";
  });
  if (!a.json.empty()) {
    const std::string text = plan_to_json_text(plan);
    write_file_atomically(a.json, [&](std::ostream& o) { o << text; });
  }
  if (!a.csv.empty()) {
    const std::string text = format_plan_csv(plan);
    write_file_atomically(a.csv, [&](std::ostream& o) { o << text; });
  }
  if (!a.target.empty()) write_target_mesh(plan, a.target);
  if (!a.quiet) std::cout << format_plan_report(plan);
  return 0;
}

}  // namespace

void add_plan_command(CLI::App& app) {
  auto a = std::make_shared<PlanArgs>();
  CLI::App* sub = app.add_subcommand("plan", "Find the hip dips of a scan, fit the target contour, compute the fill "
                                             "volume per region and plan the graft (resorption, aspirate, donors)");
  sub->add_option("SCAN", a->scan, "Scan file (.ply .obj .stl .vtp .vtk)")->required();
  sub->add_option("--json", a->json, "Write the plan as JSON (schema: docs/plan-json.md)");
  sub->add_option("--target", a->target, "Write the target surface (.ply .vtp ...) in the scan's own frame and units");
  sub->add_option("--csv", a->csv, "Write one CSV row per region and per donor site");
  sub->add_flag("--quiet", a->quiet, "Print nothing on success");
  add_plan_options(sub, a->plan);
  add_command(sub, [a] { return run_plan_command(*a); });
}

}  // namespace contour::app
