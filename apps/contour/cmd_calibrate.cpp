// contour calibrate FOLLOWUP.json... --out CAL.json: the retention this clinic measured on its
// follow-ups, as a distribution that `contour plan --calibration` uses in place of the
// literature's 30-70 % resorption (docs/followup.md).
#include "app_main.hpp"
#include "command_list.hpp"

#include "contour/core/errors.hpp"
#include "contour/followup/calibrate_retention.hpp"
#include "contour/io/output_files.hpp"

#include <cstdio>
#include <iostream>
#include <memory>

namespace contour::app {
namespace {

struct CalibrateArgs {
  std::vector<std::string> inputs;
  std::string out;
  int min_samples = 5;
  double min_months = 0;
  bool quiet = false;
};

std::string pct(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.0f %%", 100 * v);
  return b;
}

void print_stats(const std::string& name, const RetentionStats& s) {
  std::cout << "  " << name << ": n " << s.n << ", mean " << pct(s.mean) << ", sd " << pct(s.sd)
            << ", 90 % interval " << pct(s.low_90) << " to " << pct(s.high_90) << "\n";
}

int run_calibrate_command(const CalibrateArgs& a) {
  std::vector<ResolvedOutput> outputs;
  try {
    outputs = resolve_outputs({{"--out", a.out, true}}, a.inputs);
  } catch (const InvalidInput& e) {
    throw UsageError(e.what());
  }
  std::vector<RetentionSample> samples;
  for (const std::string& path : a.inputs) {
    const auto s = load_followup_retention(path);
    samples.insert(samples.end(), s.begin(), s.end());
  }
  CalibrationOptions o;
  o.min_samples = a.min_samples;
  o.min_months_after_surgery = a.min_months;
  const Calibration c = calibrate_retention(samples, o);
  const std::string text = calibration_to_json_text(c);
  OutputTransaction t(outputs);
  t.stage(0, [&](std::ostream& out) { out << text; });
  t.commit();
  if (!a.quiet && outputs[0].kind != OutputKind::standard_output) {
    std::cout << "Retention (volume gained / injected) from " << c.sources.size() << " follow-up file(s):\n";
    print_stats("all", c.pooled);
    for (const auto& [side, s] : c.by_side) print_stats(side, s);
    for (const auto& [method, s] : c.by_processing) print_stats(method, s);
    std::cout << "Wrote " << a.out << "; plan with: contour plan SCAN --calibration " << a.out << "\n";
  }
  return 0;
}

}  // namespace

void add_calibrate_command(CLI::App& app) {
  auto a = std::make_shared<CalibrateArgs>();
  CLI::App* sub = app.add_subcommand(
      "calibrate", "Turn follow-up JSONs (contour followup --json) into a calibration file: the measured retention's "
                   "n, mean, SD and 90 % interval, pooled, per side and per processing method");
  sub->add_option("FOLLOWUP", a->inputs, "Follow-up JSON files (schema libcontour.followup/1)")->required();
  sub->add_option("--out", a->out, "Calibration file to write (JSON, atomically); - for standard output")
      ->required()
      ->check(non_empty());
  sub->add_option("--min-samples", a->min_samples,
                  "Fewest measured sides for a distribution (default 5; a method with fewer falls back to all)")
      ->check(CLI::Range(2, 100000));
  sub->add_option("--min-months", a->min_months,
                  "Leave out follow-ups known to be earlier than this many months after surgery (default 0 = keep all)")
      ->check(finite_range(0.0, 600.0));
  sub->add_flag("--quiet", a->quiet, "Print nothing on success");
  add_command(sub, [a] { return run_calibrate_command(*a); });
}

}  // namespace contour::app
