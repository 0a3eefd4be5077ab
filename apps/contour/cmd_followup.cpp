// contour followup PRE POST --plan PLAN.json: how much of the injected graft stayed. Registers
// the follow-up scan onto the pre-operative one on the parts that did not change and measures
// the volume gained over each treated hip (docs/followup.md).
#include "app_main.hpp"
#include "command_list.hpp"
#include "plan_cli.hpp"

#include "contour/core/errors.hpp"
#include "contour/followup/run_followup.hpp"
#include "contour/report/followup_html.hpp"
#include "contour/io/output_files.hpp"
#include "contour/io/write_mesh.hpp"
#ifdef CONTOUR_HAVE_VTK_ADAPTER
#include "contour/vtk/difference_images.hpp"
#include "contour/vtk/virtual_display.hpp"
#endif

#include <iostream>
#include <memory>
#include <optional>

namespace contour::app {
namespace {

struct FollowupArgs {
  std::string pre, post, plan_file, json, difference, report;
  bool no_images = false;
  std::optional<double> injected_left, injected_right, months;
  int session = 1;
  bool quiet = false;
  PlanCliArgs plan;
  CLI::Option* correction_option = nullptr;
};

int run_followup_command(const FollowupArgs& a) {
  if (a.plan_file.empty() && (!a.injected_left || !a.injected_right))
    throw UsageError("followup needs --plan PLAN.json (the injected volumes), or both --injected-left and "
                     "--injected-right");
  std::vector<OutputRequest> requests;
  if (!a.json.empty()) requests.push_back({"--json", a.json, true});
  if (!a.difference.empty()) requests.push_back({"--difference", a.difference, false});
  if (!a.report.empty()) requests.push_back({"--report", a.report, false});
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
#ifdef CONTOUR_HAVE_VTK_ADAPTER
  // The report's renders need an X display; without one, run again on a private virtual display.
  if (!a.report.empty() && !a.no_images) vtk::run_again_on_virtual_display_if_needed("contour", a.quiet);
#endif
  FollowupRequest q;
  q.pre_path = a.pre;
  q.post_path = a.post;
  q.plan_path = a.plan_file;
  q.session = a.session;
  q.injected_left_ml = a.injected_left;
  q.injected_right_ml = a.injected_right;
  if (a.plan_file.empty() || (a.correction_option != nullptr && a.correction_option->count() > 0))
    q.correction = a.plan.correction;
  q.processing = a.plan.graft.processing;
  q.plan = to_plan_options(a.plan);
  q.followup = fo;
  const FollowupRun run = run_followup(q, [&](const std::string& stage) {
    if (!a.quiet) std::cerr << "[contour] " << stage << "...\n";
  });
  const FollowupResult& result = run.result;
  const FollowupSources& src = run.sources;
  const PlanResult& pre = run.pre;

  bool to_stdout = false;
  OutputTransaction t(outputs);
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    to_stdout = to_stdout || outputs[i].kind == OutputKind::standard_output;
    if (outputs[i].option == "--json") {
      const std::string text = followup_to_json_text(result, src);
      t.stage(i, [&](std::ostream& o) { o << text; });
    } else if (outputs[i].option == "--report") {
      std::vector<ReportImage> images;
      FollowupHtmlOptions ho;
#ifdef CONTOUR_HAVE_VTK_ADAPTER
      if (!a.no_images) {
        if (!a.quiet) std::cerr << "[contour] render...\n";
        images = vtk::render_difference_images(pre, result);
      } else {
        ho.no_images_note = "Renders left out (--no-images).";
      }
#else
      ho.no_images_note = "Renders not available: this contour was built without the VTK adapter.";
#endif
      const std::string html = format_followup_html(pre, result, src, images, ho);
      t.stage(i, [html](std::ostream& o) { o << html; });
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
  sub->add_option("--report", a->report,
                  "Write a self-contained HTML page: retention with intervals, volumes per side and region, the "
                  "signed difference map (renders), silhouettes before, planned and reached, warnings")
      ->check(non_empty());
  sub->add_flag("--no-images", a->no_images, "Leave the renders out of --report (no display needed)");
  sub->add_flag("--quiet", a->quiet, "Print nothing on success");
  add_plan_options(sub, a->plan);
  a->correction_option = sub->get_option("--correction");
  add_command(sub, [a] { return run_followup_command(*a); });
}

}  // namespace contour::app
