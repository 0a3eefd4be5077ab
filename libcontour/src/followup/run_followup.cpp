// A follow-up from files: plan file, pre-operative plan, follow-up scan, measurement.
#include "contour/followup/run_followup.hpp"

#include "contour/core/errors.hpp"
#include "core/format_text.hpp"
#include "contour/followup/plan_file.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace contour {
namespace {

using detail::fixed;

}  // namespace

FollowupRun run_followup(const FollowupRequest& q, const ProgressFn& progress) {
  if (q.plan_path.empty() && (!q.injected_left_ml || !q.injected_right_ml))
    throw InvalidInput("a follow-up needs the plan file (the injected volumes), or both injected volumes");
  validate(q.followup);
  auto say = [&](const std::string& stage) {
    if (progress) progress(stage);
  };
  FollowupRun run;
  FollowupSources& src = run.sources;
  src.pre_path = q.pre_path;
  src.post_path = q.post_path;
  PlanOptions options = q.plan;
  std::array<double, 2> injected{0, 0};
  std::optional<PlanFileFacts> facts;
  if (!q.plan_path.empty()) {
    facts = load_plan_file(q.plan_path, q.session);
    injected = facts->injected_ml;
    src.plan_path = q.plan_path;
    src.processing = facts->processing;
    src.injected_source = "plan (session " + std::to_string(q.session) + " of " +
                          std::to_string(std::max(1, facts->session_count)) + ")";
    options.geometry.curve.correction = facts->correction;
  }
  if (q.correction) options.geometry.curve.correction = *q.correction;
  if (q.injected_left_ml || q.injected_right_ml) {
    if (q.injected_left_ml) injected[0] = *q.injected_left_ml;
    if (q.injected_right_ml) injected[1] = *q.injected_right_ml;
    src.injected_source = facts ? "given over the plan" : "given";
  }
  if (!q.processing.empty()) src.processing = q.processing;

  say("pre-operative scan");
  run.pre = run_plan(q.pre_path, options, [&](const std::string& stage) { say("  " + stage); });
  std::vector<std::string> notes;
  if (facts) {
    const ScanInfo& info = run.pre.scan.info;
    if (facts->scan_vertices >= 0 && facts->scan_faces >= 0 &&
        (facts->scan_vertices != info.vertices || facts->scan_faces != info.faces))
      notes.push_back(q.plan_path + " was made from another scan (" + std::to_string(facts->scan_vertices) +
                      " vertices, " + std::to_string(facts->scan_faces) + " faces; " + q.pre_path + " has " +
                      std::to_string(info.vertices) + " and " + std::to_string(info.faces) +
                      "): the treated region may not be the one planned");
    double total = 0;
    for (const auto& r : run.pre.geometry.regions) total += r.prism_ml;
    if (std::abs(total - facts->total_fill_ml) > 0.05 * std::max(total, facts->total_fill_ml) + 2.0)
      notes.push_back("the plan's fill recomputed here is " + fixed(total, 0) + " mL, " + q.plan_path + " says " +
                      fixed(facts->total_fill_ml, 0) +
                      " mL: it was made with other options (landmarks, correction, smoothness); pass the same ones");
  }
  say("follow-up scan");
  const ImportedScan post = import_scan(q.post_path, options.import);
  say("registration and gain");
  try {
    run.result = measure_followup(run.pre, post, injected, q.followup);
  } catch (const InvalidInput& e) {
    throw InvalidInput(q.post_path + ": " + e.what());
  }
  run.result.warnings.insert(run.result.warnings.begin(), notes.begin(), notes.end());
  return run;
}

}  // namespace contour
