// Retention measured on follow-ups -> a calibration file -> the plan's resorption point and range.
#include "contour/followup/calibrate_retention.hpp"

#include "contour/core/errors.hpp"
#include "core/format_text.hpp"
#include "contour/io/read_side_file.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace contour {
namespace {
using nlohmann::json;

std::string num(double v, int digits) { return detail::fixed(v, digits); }

/// Linear-interpolation percentile (q in [0, 1]) of sorted values.
double percentile(const std::vector<double>& sorted, double q) {
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const std::size_t i = static_cast<std::size_t>(std::floor(pos));
  const std::size_t j = std::min(i + 1, sorted.size() - 1);
  return sorted[i] + (pos - static_cast<double>(i)) * (sorted[j] - sorted[i]);
}

RetentionStats stats(std::vector<double> v) {
  RetentionStats s;
  s.n = static_cast<int>(v.size());
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / s.n;
  double ss = 0;
  for (double x : v) ss += (x - s.mean) * (x - s.mean);
  s.sd = s.n > 1 ? std::sqrt(ss / (s.n - 1)) : 0.0;
  s.min = v.front();
  s.max = v.back();
  if (s.n >= 20) {
    s.low_90 = percentile(v, 0.05);
    s.high_90 = percentile(v, 0.95);
  } else {
    s.low_90 = s.mean - 1.645 * s.sd;
    s.high_90 = s.mean + 1.645 * s.sd;
  }
  return s;
}

json stats_json(const RetentionStats& s) {
  return {{"n", s.n},         {"mean", s.mean}, {"sd", s.sd},   {"interval_90", json::array({s.low_90, s.high_90})},
          {"min", s.min},     {"max", s.max}};
}

double number_at(const json& j, const char* key, const std::string& where) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number())
    throw InvalidInput(where + key + " is missing or not a number");
  const double v = j[key].get<double>();
  if (!std::isfinite(v)) throw InvalidInput(where + key + " is not finite");
  return v;
}

RetentionStats stats_from(const json& j, const std::string& where) {
  RetentionStats s;
  s.n = static_cast<int>(number_at(j, "n", where));
  s.mean = number_at(j, "mean", where);
  s.sd = number_at(j, "sd", where);
  if (!j.contains("interval_90") || !j["interval_90"].is_array() || j["interval_90"].size() != 2 ||
      !j["interval_90"][0].is_number() || !j["interval_90"][1].is_number())
    throw InvalidInput(where + "interval_90 must be [low, high]");
  s.low_90 = j["interval_90"][0].get<double>();
  s.high_90 = j["interval_90"][1].get<double>();
  s.min = j.contains("min") && j["min"].is_number() ? j["min"].get<double>() : s.low_90;
  s.max = j.contains("max") && j["max"].is_number() ? j["max"].get<double>() : s.high_90;
  if (s.n < 1 || !(s.mean > 0 && s.mean <= 1.5) || !(s.sd >= 0) || !(s.low_90 <= s.mean && s.mean <= s.high_90))
    throw InvalidInput(where + "n, mean, sd or interval_90 out of range (n >= 1, 0 < mean <= 1.5, sd >= 0, "
                               "low <= mean <= high)");
  return s;
}

}  // namespace

Calibration calibrate_retention(const std::vector<RetentionSample>& samples, const CalibrationOptions& o) {
  Calibration c;
  std::vector<double> all;
  std::map<std::string, std::vector<double>> by, by_side;
  for (const RetentionSample& s : samples) {
    if (!std::isfinite(s.retention)) continue;
    if (o.min_months_after_surgery > 0 && s.months_after_surgery > 0 && s.months_after_surgery < o.min_months_after_surgery)
      continue;
    all.push_back(s.retention);
    by[s.processing].push_back(s.retention);
    by_side[s.side].push_back(s.retention);
    if (std::find(c.sources.begin(), c.sources.end(), s.source) == c.sources.end()) c.sources.push_back(s.source);
  }
  if (static_cast<int>(all.size()) < o.min_samples)
    throw InvalidInput("calibration: " + std::to_string(all.size()) + " measured sides, at least " +
                       std::to_string(o.min_samples) + " needed for a distribution");
  c.pooled = stats(all);
  for (auto& [method, v] : by) c.by_processing[method] = stats(v);
  for (auto& [side, v] : by_side) c.by_side[side] = stats(v);
  return c;
}

std::vector<RetentionSample> load_followup_retention(const std::string& path) {
  const std::string text = read_side_file(path, "follow-up file");
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    throw InvalidInput(path + ": not JSON (" + std::string(e.what()) + ")");
  }
  if (!j.is_object() || j.value("schema", std::string()) != "libcontour.followup/1")
    throw InvalidInput(path + ": not a follow-up file (schema must be \"libcontour.followup/1\")");
  const std::string processing = j.value("processing", std::string("centrifugation"));
  const double months = j.contains("months_after_surgery") && j["months_after_surgery"].is_number()
                            ? j["months_after_surgery"].get<double>()
                            : 0.0;
  std::vector<RetentionSample> out;
  if (!j.contains("sides") || !j["sides"].is_object()) throw InvalidInput(path + ": sides is missing");
  for (const char* side : {"left", "right"}) {
    if (!j["sides"].contains(side)) throw InvalidInput(path + ": sides." + side + " is missing");
    const json& s = j["sides"][side];
    if (!s.contains("retention") || s["retention"].is_null()) continue;  // nothing injected on that side
    const double r = number_at(s, "retention", path + ": sides." + side + ".");
    out.push_back({r, processing, side, path, months});
  }
  return out;
}

std::string calibration_to_json_text(const Calibration& c) {
  json by = json::object();
  for (const auto& [method, s] : c.by_processing) by[method] = stats_json(s);
  json sides = json::object();
  for (const auto& [side, s] : c.by_side) sides[side] = stats_json(s);
  json j = {{"schema", "libcontour.calibration/1"},
            {"quantity", "retention = volume gained at follow-up / volume injected, per side"},
            {"pooled", stats_json(c.pooled)},
            {"by_processing", by},
            {"by_side", sides},
            {"interval_method", c.pooled.n >= 20 ? "5th-95th percentile" : "mean +- 1.645 sd (fewer than 20 sides)"},
            {"sources", c.sources}};
  return j.dump(2) + "\n";
}

Calibration load_calibration(const std::string& path) {
  const std::string text = read_side_file(path, "calibration file");
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    throw InvalidInput(path + ": not JSON (" + std::string(e.what()) + ")");
  }
  if (!j.is_object() || j.value("schema", std::string()) != "libcontour.calibration/1")
    throw InvalidInput(path + ": not a calibration file (schema must be \"libcontour.calibration/1\")");
  Calibration c;
  c.path = path;
  if (!j.contains("pooled")) throw InvalidInput(path + ": pooled is missing");
  c.pooled = stats_from(j["pooled"], path + ": pooled.");
  if (j.contains("by_processing") && j["by_processing"].is_object())
    for (auto it = j["by_processing"].begin(); it != j["by_processing"].end(); ++it)
      c.by_processing[it.key()] = stats_from(it.value(), path + ": by_processing." + it.key() + ".");
  if (j.contains("by_side") && j["by_side"].is_object())
    for (auto it = j["by_side"].begin(); it != j["by_side"].end(); ++it)
      c.by_side[it.key()] = stats_from(it.value(), path + ": by_side." + it.key() + ".");
  if (j.contains("sources") && j["sources"].is_array())
    for (const json& s : j["sources"])
      if (s.is_string()) c.sources.push_back(s.get<std::string>());
  return c;
}

void apply_calibration(GraftOptions& g, const Calibration& c, int min_samples) {
  const std::string method = processing_method_name(g.processing);
  const auto it = c.by_processing.find(method);
  const bool own = it != c.by_processing.end() && it->second.n >= min_samples;
  const RetentionStats& s = own ? it->second : c.pooled;
  auto clamp = [](double r) { return std::clamp(r, 0.0, 0.94); };
  g.resorption = clamp(1.0 - s.mean);
  g.resorption_low = clamp(1.0 - s.high_90);
  g.resorption_high = clamp(1.0 - s.low_90);
  g.resorption_left.reset();
  g.resorption_right.reset();
  g.resorption_source = "calibration " + (c.path.empty() ? std::string("(computed)") : c.path) + ": retention " +
                        num(100 * s.mean, 0) + " % (90 % of patients " + num(100 * s.low_90, 0) + "-" +
                        num(100 * s.high_90, 0) + " %) measured on " + std::to_string(s.n) + " sides" +
                        (own ? " processed by " + method : std::string(", all processing methods"));
}

}  // namespace contour
