// contour plan SCAN: landmarks, target, fill volumes and graft plan for one scan.
#include "app_main.hpp"
#include "command_list.hpp"
#include "plan_cli.hpp"

#include "contour/core/errors.hpp"
#include "contour/io/output_files.hpp"
#include "contour/io/read_mesh.hpp"
#include "contour/report/plan_report.hpp"

#include <iostream>

namespace contour::app {
namespace {

struct PlanArgs {
  std::string scan, json, target, csv, before, fill_map;
  bool quiet = false;
  PlanCliArgs plan;
};

int run_plan_command(const PlanArgs& a) {
  // Every output path is checked before the work, so a typo does not cost a run and a bad path
  // is a usage error (exit 2): folder missing or not writable, the scan itself, two outputs on one file.
  std::vector<OutputRequest> requests;
  if (!a.json.empty()) requests.push_back({"--json", a.json, true});
  if (!a.csv.empty()) requests.push_back({"--csv", a.csv, true});
  if (!a.target.empty()) requests.push_back({"--target", a.target, false});
  if (!a.before.empty()) requests.push_back({"--before", a.before, false});
  if (!a.fill_map.empty()) requests.push_back({"--fill-map", a.fill_map, false});
  std::vector<std::string> inputs = plan_input_files(a.plan);
  inputs.push_back(a.scan);
  std::vector<ResolvedOutput> outputs;
  MeshFormat target_format = MeshFormat::Ply, before_format = MeshFormat::Ply;
  FillMapFormat fill_map_format = FillMapFormat::Csv;
  try {
    outputs = resolve_outputs(requests, inputs);
  } catch (const InvalidInput& e) {
    throw UsageError(e.what());
  }
  // An output's format from its extension; one it cannot be is a usage error naming the option.
  auto format_of = [](const char* option, const std::string& path, auto parse, auto& format) {
    if (path.empty()) return;
    try {
      format = parse(path);
    } catch (const InvalidInput& e) {
      throw UsageError(std::string(option) + " " + e.what());
    }
  };
  format_of("--target", a.target, format_from_path, target_format);
  format_of("--before", a.before, format_from_path, before_format);
  format_of("--fill-map", a.fill_map, fill_map_format_from_path, fill_map_format);
  const PlanOptions options = to_plan_options(a.plan);
  bool to_stdout = false;
  for (const ResolvedOutput& o : outputs) to_stdout = to_stdout || o.kind == OutputKind::standard_output;

  const PlanResult plan = run_plan(a.scan, options, [&](const std::string& stage) {
    if (!a.quiet) std::cerr << "[contour] " << stage << "...\n";
  });
  // The fill map is on the scan's own vertices: the file is read once more, as it was planned
  // (write_fill_map checks that it has not changed since).
  Mesh file_mesh;
  if (!a.fill_map.empty()) {
    if (!a.quiet) std::cerr << "[contour] fill map on the scan's own vertices...\n";
    file_mesh = read_mesh(a.scan).mesh;
  }
  // All outputs or none: each is staged to a temporary file, then all are put in place.
  OutputTransaction t(outputs);
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const std::string& option = outputs[i].option;
    if (option == "--json") {
      const std::string text = plan_to_json_text(plan);
      t.stage(i, [&](std::ostream& o) { o << text; });
    } else if (option == "--csv") {
      const std::string text = format_plan_csv(plan);
      t.stage(i, [&](std::ostream& o) { o << text; });
    } else if (option == "--before") {
      t.stage(i, [&](std::ostream& o) { write_before_mesh(plan, before_format, o); }, true);
    } else if (option == "--fill-map") {
      t.stage(i, [&](std::ostream& o) { write_fill_map(plan, file_mesh, fill_map_format, o); }, true);
    } else {
      t.stage(i, [&](std::ostream& o) { write_target_mesh(plan, target_format, o); }, true);
    }
  }
  t.commit();
  // The text report goes to standard output unless an output already does.
  if (!a.quiet && !to_stdout) std::cout << format_plan_report(plan);
  return 0;
}

}  // namespace

void add_plan_command(CLI::App& app) {
  auto a = std::make_shared<PlanArgs>();
  CLI::App* sub = app.add_subcommand("plan", "Find the hip dips of a scan, fit the target contour, compute the fill "
                                             "volume per region and plan the graft (resorption, aspirate, donors)");
  sub->add_option("SCAN", a->scan, "Scan file (.ply .obj .stl .vtp .vtk)")->required()->check(non_empty());
  sub->add_option("--json", a->json, "Write the plan as JSON (schema: docs/plan-json.md); - for standard output")
      ->check(non_empty());
  sub->add_option("--target", a->target, "Write the target surface (.ply .vtp ...) in the scan's own frame and units")
      ->check(non_empty());
  sub->add_option("--csv", a->csv, "Write the fill per region as one tidy CSV table (one row per region, scan_id column; "
                  "donors and sessions are in the JSON); - for standard output")
      ->check(non_empty());
  sub->add_option("--before", a->before,
                  "Write the before surface with the target's vertices and faces (.ply .vtp .vtk .obj .stl), "
                  "in the scan's own frame and units, fill_mm per vertex where the format allows")
      ->check(non_empty());
  sub->add_option("--fill-map", a->fill_map,
                  "Write the fill thickness (mm) on the scan file's own vertices: .csv (vertex,x,y,z,fill_mm,"
                  "in_plan) or .ply/.vtp/.vtk (the scan as read with a fill_mm point array)")
      ->check(non_empty());
  sub->add_flag("--quiet", a->quiet, "Print nothing on success");
  add_plan_options(sub, a->plan);
  add_command(sub, [a] { return run_plan_command(*a); });
}

}  // namespace contour::app
