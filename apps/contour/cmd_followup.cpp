// contour followup PRE POST --plan PLAN.json: how much of the injected graft stayed. Registers
// the follow-up scan onto the pre-operative one on the parts that did not change and measures
// the volume gained over each treated hip (docs/followup.md).
#include "app_main.hpp"
#include "command_list.hpp"
#include "plan_cli.hpp"

#include "contour/core/errors.hpp"
#include "contour/followup/followup_report.hpp"
#include "contour/followup/measure_followup.hpp"
#include "contour/followup/plan_file.hpp"
#include "contour/io/output_files.hpp"
#include "contour/io/write_mesh.hpp"

#include <cmath>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

namespace contour::app {
namespace {

struct FollowupArgs {
  std::string pre, post, plan_file, json, difference;
  std::optional<double> injected_left, injected_right, months;
  int session = 1;
  bool quiet = false;
  PlanCliArgs plan;
  CLI::Option* correction_option = nullptr;
};

std::string fixed(double v, int digits) {
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(digits);
  s << v;
  return s.str();
}

int run_followup_command(const FollowupArgs& a) {
  if (a.plan_file.empty() && (!a.injected_left || !a.injected_right))
    throw UsageError("followup needs --plan PLAN.json (the injected volumes), or both --injected-left and "
                     "--injected-right");
  std::vector<OutputRequest> requests;
  if (!a.json.empty()) requests.push_back({"--json", a.json, true});
  if (!a.difference.empty()) requests.push_back({"--difference", a.difference, false});
  std::vector<std::string> inputs = plan_input_files(a.plan);
  inputs.push_back(a.pre);
  inputs.push_back(a.post);
  if (!a.plan_file.empty()) inputs.push_back(a.plan_file);
  std::vector<ResolvedOutput> outputs;
  MeshFormat difference_format = MeshFormat::Ply;
  try {
    outputs = resolve_outputs(requests, inputs);
    if (!a.difference.empty()) difference_format = format_from_path(a.difference);
  } catch (const InvalidInput& e) {
    throw UsageError(e.what());
  }
  FollowupOptions fo;
  if (a.months) fo.months_after_surgery = *a.months;
  try {
    validate(fo);
  } catch (const InvalidInput& e) {
    throw UsageError(e.what());
  }
  PlanOptions options = to_plan_options(a.plan);

  // The injected volumes and the plan's correction (the treated region is the plan's fill).
  FollowupSources src;
  src.pre_path = a.pre;
  src.post_path = a.post;
  std::array<double, 2> injected{0, 0};
  std::optional<PlanFileFacts> facts;
  if (!a.plan_file.empty()) {
    facts = load_plan_file(a.plan_file, a.session);
    injected = facts->injected_ml;
    src.plan_path = a.plan_file;
    src.processing = facts->processing;
    src.injected_source = "plan (session " + std::to_string(a.session) + " of " +
                          std::to_string(std::max(1, facts->session_count)) + ")";
    if (a.correction_option == nullptr || a.correction_option->count() == 0)
      options.geometry.curve.correction = facts->correction;
  }
  if (a.injected_left || a.injected_right) {
    if (a.injected_left) injected[0] = *a.injected_left;
    if (a.injected_right) injected[1] = *a.injected_right;
    src.injected_source = facts ? "command line over the plan" : "command line";
  }
  if (!a.plan.graft.processing.empty()) src.processing = a.plan.graft.processing;

  const auto progress = [&](const std::string& stage) {
    if (!a.quiet) std::cerr << "[contour] " << stage << "...\n";
  };
  progress("pre-operative scan");
  const PlanResult pre = run_plan(a.pre, options, [&](const std::string& stage) { progress("  " + stage); });
  std::vector<std::string> notes;
  if (facts) {
    if (facts->scan_vertices >= 0 && facts->scan_faces >= 0 &&
        (facts->scan_vertices != pre.scan.info.vertices || facts->scan_faces != pre.scan.info.faces))
      notes.push_back(a.plan_file + " was made from another scan (" + std::to_string(facts->scan_vertices) +
                      " vertices, " + std::to_string(facts->scan_faces) + " faces; " + a.pre + " has " +
                      std::to_string(pre.scan.info.vertices) + " and " + std::to_string(pre.scan.info.faces) +
                      "): the treated region may not be the one planned");
    double total = 0;
    for (const auto& r : pre.geometry.regions) total += r.prism_ml;
    if (std::abs(total - facts->total_fill_ml) > 0.05 * std::max(total, facts->total_fill_ml) + 2.0)
      notes.push_back("the plan's fill here is " + fixed(total, 0) + " mL, the plan file says " +
                      fixed(facts->total_fill_ml, 0) +
                      " mL: it was made with other options (landmarks, correction); pass the same ones");
  }
  progress("follow-up scan");
  const ImportedScan post = import_scan(a.post, options.import);
  progress("registration and gain");
  FollowupResult result = measure_followup(pre, post, injected, fo);
  result.warnings.insert(result.warnings.begin(), notes.begin(), notes.end());

  bool to_stdout = false;
  OutputTransaction t(outputs);
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    to_stdout = to_stdout || outputs[i].kind == OutputKind::standard_output;
    if (outputs[i].option == "--json") {
      const std::string text = followup_to_json_text(result, src);
      t.stage(i, [&](std::ostream& o) { o << text; });
    } else {
      WriteMeshOptions wo;
      wo.vertex_scalar = result.difference_mm;
      wo.vertex_scalar_name = "difference_mm";
      t.stage(i, [&](std::ostream& o) { write_mesh(o, difference_format, pre.geometry.surface.before, wo); }, true);
    }
  }
  t.commit();
  if (!a.quiet && !to_stdout) std::cout << format_followup_report(result, src);
  return 0;
}

}  // namespace

void add_followup_command(CLI::App& app) {
  auto a = std::make_shared<FollowupArgs>();
  CLI::App* sub = app.add_subcommand(
      "followup", "Measure a follow-up scan against the pre-operative one: registration on the unchanged parts, "
                  "volume gained per hip and region, retention = gained / injected with its uncertainty "
                  "(docs/followup.md)");
  sub->add_option("PRE", a->pre, "Pre-operative scan (the one the plan was made from)")->required()->check(non_empty());
  sub->add_option("POST", a->post, "Follow-up scan, any frame and units")->required()->check(non_empty());
  sub->add_option("--plan", a->plan_file,
                  "Plan JSON of the pre-operative scan (contour plan --json): injected volumes, processing, "
                  "correction (a regular file of at most 1 MiB)")
      ->check(non_empty());
  sub->add_option("--session", a->session, "Which planned session the follow-up comes after (default 1)")
      ->check(CLI::Range(1, 20));
  sub->add_option("--injected-left", a->injected_left,
                  "Graft actually injected into the patient's left hip, mL (default: from --plan)")
      ->check(finite_range(0.0, 5000.0));
  sub->add_option("--injected-right", a->injected_right,
                  "Graft actually injected into the patient's right hip, mL (default: from --plan)")
      ->check(finite_range(0.0, 5000.0));
  sub->add_option("--months", a->months, "Months between the surgery and the follow-up scan (warns under 3)")
      ->check(finite_range(0.01, 600.0));
  sub->add_option("--json", a->json, "Write the follow-up as JSON (schema in docs/followup.md); - for standard output")
      ->check(non_empty());
  sub->add_option("--difference", a->difference,
                  "Write the pre-operative surface (canonical frame, mm) with the signed distance post - pre per "
                  "vertex over the measured region (PLY/VTP point array difference_mm; NaN elsewhere)")
      ->check(non_empty());
  sub->add_flag("--quiet", a->quiet, "Print nothing on success");
  add_plan_options(sub, a->plan);
  a->correction_option = sub->get_option("--correction");
  add_command(sub, [a] { return run_followup_command(*a); });
}

}  // namespace contour::app
