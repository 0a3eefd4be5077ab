// The plan JSON's injected volumes and provenance, for a follow-up.
#include "contour/followup/plan_file.hpp"

#include "contour/core/errors.hpp"
#include "contour/io/read_side_file.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace contour {
namespace {
using nlohmann::json;

double number(const json& j, const char* key, const std::string& where, double lowest) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number())
    throw InvalidInput(where + key + " is missing or not a number");
  const double v = j[key].get<double>();
  if (!std::isfinite(v) || v < lowest)
    throw InvalidInput(where + key + " must be finite and >= " + std::to_string(static_cast<int>(lowest)));
  return v;
}

const json& object(const json& j, const char* key, const std::string& where) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_object()) throw InvalidInput(where + key + " is missing");
  return j[key];
}

}  // namespace

PlanFileFacts load_plan_file(const std::string& path, int session) {
  if (session < 1) throw InvalidInput(path + ": session must be >= 1, got " + std::to_string(session));
  const std::string text = read_side_file(path, "plan file");
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    throw InvalidInput(path + ": not JSON (" + std::string(e.what()) + ")");
  }
  if (!j.is_object() || j.value("schema", std::string()) != "libcontour.plan/1")
    throw InvalidInput(path + ": not a plan file (schema must be \"libcontour.plan/1\", from contour plan --json)");
  PlanFileFacts f;
  f.path = path;
  f.session = session;
  const std::string at = path + ": ";
  f.correction = number(j, "correction", at, 0);
  if (f.correction > 1) throw InvalidInput(at + "correction must be in [0, 1]");
  f.total_fill_ml = j.contains("total_fill_ml") && j["total_fill_ml"].is_number() ? j["total_fill_ml"].get<double>() : 0;
  if (j.contains("scan") && j["scan"].is_object()) {
    const json& s = j["scan"];
    if (s.contains("vertices") && s["vertices"].is_number_integer()) f.scan_vertices = s["vertices"].get<long long>();
    if (s.contains("faces") && s["faces"].is_number_integer()) f.scan_faces = s["faces"].get<long long>();
    if (s.contains("path") && s["path"].is_string()) f.scan_path = s["path"].get<std::string>();
  }
  const json& graft = object(j, "graft", at);
  if (graft.contains("processing") && graft["processing"].is_string())
    f.processing = graft["processing"].get<std::string>();
  f.session_count = static_cast<int>(number(graft, "session_count", at + "graft.", 0));
  const json& sides = object(graft, "sides", at + "graft.");
  int k = 0;
  for (const char* side : {"left", "right"}) {
    const std::string where = at + "graft.sides." + side + ".";
    const json& s = object(sides, side, at + "graft.sides.");
    if (!s.contains("sessions") || !s["sessions"].is_array())
      throw InvalidInput(where + "sessions is missing or not an array");
    const json& sessions = s["sessions"];
    double ml = 0;
    for (const json& x : sessions) {
      if (!x.is_object() || !x.contains("session") || !x["session"].is_number_integer())
        throw InvalidInput(where + "sessions[].session is missing or not an integer");
      if (x["session"].get<int>() == session) ml = number(x, "inject_ml", where + "sessions[].", 0);
    }
    f.injected_ml[static_cast<std::size_t>(k++)] = ml;
  }
  if (session > std::max(1, f.session_count))
    throw InvalidInput(at + "the plan has " + std::to_string(f.session_count) + " session(s); session " +
                       std::to_string(session) + " was asked for");
  return f;
}

}  // namespace contour
