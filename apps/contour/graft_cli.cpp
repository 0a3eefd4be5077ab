#include "graft_cli.hpp"

#include "app_main.hpp"

#include "contour/core/errors.hpp"
#include "contour/graft/donor_sites.hpp"
#include "contour/followup/calibrate_retention.hpp"
#include "contour/graft/load_donors.hpp"

#include <cmath>
#include <cstdlib>
#include <sstream>

namespace contour::app {

namespace {

std::string num(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

double checked_fraction(double v, const char* option) {
  if (!std::isfinite(v) || v < 0.0 || v >= 0.95)
    throw InvalidInput(std::string(option) + " must be a fraction in [0, 0.95) (e.g. 0.5 for 50 %), got " + num(v));
  return v;
}

double checked_at_least(double v, double lowest, const char* option) {
  if (!std::isfinite(v) || v < lowest)
    throw InvalidInput(std::string(option) + " must be >= " + num(lowest) + " mL, got " + num(v));
  return v;
}

// Strict number: the whole text must be a finite decimal.
double parse_number(const std::string& text, const std::string& option, const std::string& whole) {
  const char* begin = text.c_str();
  char* end = nullptr;
  const double v = std::strtod(begin, &end);
  if (text.empty() || end == begin || *end != '\0' || !std::isfinite(v))
    throw InvalidInput(option + " must be LOW,HIGH with two fractions (e.g. 0.3,0.7), got \"" + whole + "\"");
  return v;
}

}  // namespace

void add_graft_options(CLI::App& app, GraftCliArgs& args) {
  const std::string group = "Graft planning";
  app.add_option("--resorption", args.resorption,
                 "Planned resorption, fraction of the injected fat lost in the first year, [0, 0.95) "
                 "(default 0.5)")
      ->type_name("F")->group(group);
  app.add_option("--resorption-left", args.resorption_left,
                 "Planned resorption on the patient's left side, fraction [0, 0.95) (default: --resorption)")
      ->type_name("F")->group(group);
  app.add_option("--resorption-right", args.resorption_right,
                 "Planned resorption on the patient's right side, fraction [0, 0.95) (default: --resorption)")
      ->type_name("F")->group(group);
  app.add_option("--resorption-range", args.resorption_range,
                 "Expected resorption range as fractions LOW,HIGH, each in [0, 0.95) (default 0.3,0.7)")
      ->type_name("LOW,HIGH")->group(group);
  app.add_option("--processing", args.processing,
                 "Fat processing: centrifugation (yield 0.55), decantation (0.50) or filtration (0.55) "
                 "(default centrifugation)")
      ->type_name("METHOD")->group(group);
  app.add_option("--yield", args.yield,
                 "Injectable graft per unit of raw aspirate, fraction (0, 1] (default: from --processing)")
      ->type_name("F")->group(group);
  app.add_option("--donors", args.donors_file,
                 "Donor sites JSON: capacity (mL of raw aspirate) and priority per site "
                 "(default: built-in capacities, which are assumptions); a regular file of at most 1 MiB")
      ->check(contour::app::non_empty())
      ->type_name("FILE")->group(group);
  app.add_option("--calibration", args.calibration_file,
                 "Calibration file from contour calibrate: plan with the retention measured on this clinic's "
                 "follow-ups instead of the literature's 30-70 % resorption (replaces --resorption*)")
      ->check(contour::app::non_empty())
      ->type_name("FILE")->group(group);
  app.add_option("--exclude", args.exclude,
                 "Donor sites or groups not to harvest, comma-separated (e.g. arms,flank_left; groups: "
                 "abdomen, flanks, inner_thighs, arms, back, outer_thighs, knees)")
      ->delimiter(',')->type_name("SITE[,SITE..]")->group(group);
  app.add_option("--max-session-ml", args.max_session_ml,
                 "Most graft injected into one side in one session, mL (default 500; larger volumes are staged)")
      ->type_name("ML")->group(group);
  app.add_option("--aspirate-limit-ml", args.aspirate_limit_ml,
                 "Most raw aspirate (fat + fluid) in one session, mL (default 5000, outpatient limit)")
      ->type_name("ML")->group(group);
  app.add_option("--min-site-ml", args.min_site_ml,
                 "Least raw aspirate worth opening a donor site for, mL (default 50)")
      ->type_name("ML")->group(group);
  app.add_option("--bmi", args.bmi_kg_m2,
                 "Body-mass index, kg/m2, in [10, 80]: warns when a session's aspirate exceeds 100 mL per BMI unit")
      ->type_name("KG_M2")->group(group);
}

GraftOptions graft_option_values(const GraftCliArgs& args) {
  GraftOptions o;
  if (args.resorption) o.resorption = checked_fraction(*args.resorption, "--resorption");
  if (args.resorption_left) o.resorption_left = checked_fraction(*args.resorption_left, "--resorption-left");
  if (args.resorption_right) o.resorption_right = checked_fraction(*args.resorption_right, "--resorption-right");
  if (!args.resorption_range.empty()) {
    const std::string& text = args.resorption_range;
    const auto comma = text.find(',');
    if (comma == std::string::npos || text.find(',', comma + 1) != std::string::npos)
      throw InvalidInput("--resorption-range must be LOW,HIGH with two fractions (e.g. 0.3,0.7), got \"" + text + "\"");
    const double low = parse_number(text.substr(0, comma), "--resorption-range", text);
    const double high = parse_number(text.substr(comma + 1), "--resorption-range", text);
    checked_fraction(low, "--resorption-range LOW");
    checked_fraction(high, "--resorption-range HIGH");
    if (low > high)
      throw InvalidInput("--resorption-range must have LOW <= HIGH, got \"" + text + "\"");
    o.resorption_low = low;
    o.resorption_high = high;
  }
  if (!args.calibration_file.empty() &&
      (args.resorption || args.resorption_left || args.resorption_right || !args.resorption_range.empty()))
    throw InvalidInput("--calibration sets the resorption and its range from measured follow-ups; leave out "
                       "--resorption, --resorption-left, --resorption-right and --resorption-range");
  if (!args.processing.empty()) o.processing = parse_processing_method(args.processing, "--processing");
  if (args.yield) {
    if (!std::isfinite(*args.yield) || *args.yield <= 0.0 || *args.yield > 1.0)
      throw InvalidInput("--yield must be a fraction in (0, 1], got " + num(*args.yield));
    o.yield = *args.yield;
  }
  if (args.max_session_ml) o.max_session_inject_ml = checked_at_least(*args.max_session_ml, 1.0, "--max-session-ml");
  if (args.aspirate_limit_ml)
    o.aspirate_limit_ml = checked_at_least(*args.aspirate_limit_ml, 1.0, "--aspirate-limit-ml");
  if (args.min_site_ml) o.min_site_aspirate_ml = checked_at_least(*args.min_site_ml, 0.0, "--min-site-ml");
  if (args.bmi_kg_m2 && (!std::isfinite(*args.bmi_kg_m2) || *args.bmi_kg_m2 < 10.0 || *args.bmi_kg_m2 > 80.0))
    throw InvalidInput("--bmi must be in [10, 80] kg/m2, got " + num(*args.bmi_kg_m2));

  for (const auto& raw : args.exclude) {
    // "arms, flanks" splits into "arms" and " flanks": the spaces are not part of the name.
    const auto first = raw.find_first_not_of(" \t");
    const std::string name = first == std::string::npos ? std::string() : raw.substr(first, raw.find_last_not_of(" \t") - first + 1);
    (void)expand_donor_name(name, "--exclude");
    o.exclude.push_back(name);
  }
  validate_graft_options(o);
  return o;
}

void add_donors_file(GraftOptions& o, const GraftCliArgs& args) {
  if (args.donors_file.empty()) return;
  const DonorsFile donors = load_donors(args.donors_file);
  o.donor_sites = donors.sites;
  o.donor_source = args.donors_file;
  // The file's exclusions come first, then --exclude's, as before.
  std::vector<std::string> exclude = donors.exclude;
  exclude.insert(exclude.end(), o.exclude.begin(), o.exclude.end());
  o.exclude = exclude;
  validate_graft_options(o);
}

void add_calibration_file(GraftOptions& o, const GraftCliArgs& args) {
  if (args.calibration_file.empty()) return;
  apply_calibration(o, load_calibration(args.calibration_file));
  validate_graft_options(o);
}

GraftOptions to_graft_options(const GraftCliArgs& args) {
  GraftOptions o = graft_option_values(args);
  add_donors_file(o, args);
  add_calibration_file(o, args);
  return o;
}

}  // namespace contour::app
