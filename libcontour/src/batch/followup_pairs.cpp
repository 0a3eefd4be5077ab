// Follow-ups in bulk from a pairs CSV: read the list, measure each pair, write a JSON each and
// a summary.
#include "contour/batch/followup_pairs.hpp"

#include "contour/core/errors.hpp"
#include "contour/io/read_side_file.hpp"
#include "contour/io/write_mesh.hpp"
#include "core/csv_field.hpp"
#include "core/format_text.hpp"
#include "core/split_csv.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <new>
#include <set>

namespace contour {
namespace {
namespace fs = std::filesystem;

std::optional<double> optional_number(const std::string& text, const std::string& where, double lo, double hi) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(v) || v < lo || v > hi)
    throw InvalidInput(where + ": expected a number in [" + detail::format_text("%g", lo) + ", " +
                       detail::format_text("%g", hi) + "], got \"" + text + "\"");
  return v;
}

std::string resolve(const std::string& path, const fs::path& folder) {
  if (path.empty()) return path;
  const fs::path p(path);
  return p.is_absolute() ? path : (folder / p).lexically_normal().string();
}

}  // namespace

std::vector<FollowupPair> read_followup_pairs(const std::string& csv_path) {
  const std::string text = read_side_file(csv_path, "follow-up pairs file");
  const auto rows = detail::split_csv(text, csv_path);
  if (rows.empty()) throw InvalidInput(csv_path + ": empty (a header and one row per patient are needed)");
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < rows[0].second.size(); ++i) col[rows[0].second[i]] = i;
  for (const char* need : {"patient_id", "pre", "post", "plan"})
    if (!col.count(need))
      throw InvalidInput(csv_path + ":1: no \"" + std::string(need) +
                         "\" column (needed: patient_id, pre, post, plan; optional: months, injected_left_ml, "
                         "injected_right_ml, session)");
  const fs::path folder = fs::path(csv_path).parent_path();
  std::vector<FollowupPair> out;
  std::set<std::string> ids;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& [line, fields] = rows[r];
    const std::string at = csv_path + ":" + std::to_string(line);
    auto field = [&](const char* name) -> std::string {
      const auto it = col.find(name);
      if (it == col.end() || it->second >= fields.size()) return {};
      return fields[it->second];
    };
    FollowupPair p;
    p.line = line;
    p.patient_id = field("patient_id");
    if (p.patient_id.empty()) throw InvalidInput(at + ": patient_id is empty");
    bool bad = p.patient_id[0] == '.' || p.patient_id.size() > 200;
    for (unsigned char c : p.patient_id) bad = bad || c < 0x20 || c == '/' || c == '\\' || c == 0x7f;
    if (bad)
      throw InvalidInput(at + ": patient_id \"" + detail::one_line(p.patient_id) +
                         "\" cannot name a file (no /, \\, control characters or leading dot; at most 200 bytes)");
    if (!ids.insert(p.patient_id).second) throw InvalidInput(at + ": patient_id \"" + p.patient_id + "\" listed twice");
    p.pre = resolve(field("pre"), folder);
    p.post = resolve(field("post"), folder);
    p.plan = resolve(field("plan"), folder);
    if (p.pre.empty() || p.post.empty()) throw InvalidInput(at + ": pre and post scans are both needed");
    p.months = optional_number(field("months"), at + " (months)", 0.01, 600);
    p.injected_left_ml = optional_number(field("injected_left_ml"), at + " (injected_left_ml)", 0, 5000);
    p.injected_right_ml = optional_number(field("injected_right_ml"), at + " (injected_right_ml)", 0, 5000);
    if (const auto s = optional_number(field("session"), at + " (session)", 1, 20)) {
      if (*s != std::floor(*s)) throw InvalidInput(at + " (session): expected a whole number, got " + field("session"));
      p.session = static_cast<int>(*s);
    }
    if (p.plan.empty() && (!p.injected_left_ml || !p.injected_right_ml))
      throw InvalidInput(at + ": no plan, so injected_left_ml and injected_right_ml are both needed");
    out.push_back(p);
  }
  if (out.empty()) throw InvalidInput(csv_path + ": no pairs listed under the header");
  return out;
}

std::vector<FollowupPairOutcome> run_followup_pairs(
    const std::vector<FollowupPair>& pairs, const FollowupRequest& base, const std::string& out_dir,
    const std::function<void(std::size_t, std::size_t, const std::string&)>& progress) {
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) throw IoError(out_dir + ": cannot create the output folder (" + ec.message() + ")");
  std::vector<FollowupPairOutcome> outcomes;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const FollowupPair& p = pairs[i];
    if (progress) progress(i, pairs.size(), p.patient_id);
    FollowupPairOutcome o;
    o.pair = p;
    FollowupRequest q = base;
    q.pre_path = p.pre;
    q.post_path = p.post;
    q.plan_path = p.plan;
    q.session = p.session;
    q.injected_left_ml = p.injected_left_ml;
    q.injected_right_ml = p.injected_right_ml;
    if (p.months) q.followup.months_after_surgery = p.months;
    try {
      FollowupRun run = run_followup(q);
      const std::string json = followup_to_json_text(run.result, run.sources);
      o.json_path = (fs::path(out_dir) / (p.patient_id + ".followup.json")).string();
      write_file_atomically(o.json_path, [&](std::ostream& out) { out << json; });
      o.result = std::move(run.result);
      o.ok = true;
    } catch (const std::bad_alloc&) {
      o.error = "out of memory";
    } catch (const std::exception& e) {
      o.error = detail::one_line(e.what());
    }
    outcomes.push_back(std::move(o));
  }
  const std::string csv = format_followup_summary_csv(outcomes);
  write_file_atomically((fs::path(out_dir) / "followup-summary.csv").string(), [&](std::ostream& out) { out << csv; });
  return outcomes;
}

std::string format_followup_summary_csv(const std::vector<FollowupPairOutcome>& outcomes) {
  using detail::csv_field;
  std::string s =
      "patient_id,pre,post,status,error,injected_left_ml,injected_right_ml,gained_left_ml,gained_right_ml,"
      "gained_sd_left_ml,gained_sd_right_ml,retention_left,retention_right,rms_mm,months,warnings_count,warnings\n";
  for (const FollowupPairOutcome& o : outcomes) {
    s += csv_field(o.pair.patient_id) + "," + csv_field(o.pair.pre) + "," + csv_field(o.pair.post) + "," +
         (o.ok ? "ok" : "failed") + "," + csv_field(o.error) + ",";
    if (o.ok && o.result) {
      const FollowupResult& r = *o.result;
      const SideFollowup &L = r.sides[0], &R = r.sides[1];
      auto ret = [](const SideFollowup& x) { return x.has_retention ? detail::format_text("%.3f", x.retention) : std::string(); };
      std::string warnings;
      for (const std::string& w : r.warnings) warnings += (warnings.empty() ? "" : " | ") + detail::one_line(w);
      s += detail::csv_ml(L.injected_ml) + "," + detail::csv_ml(R.injected_ml) + "," + detail::csv_ml(L.gained_ml) + "," + detail::csv_ml(R.gained_ml) + "," +
           detail::csv_ml(L.gained_sd_ml) + "," + detail::csv_ml(R.gained_sd_ml) + "," + ret(L) + "," + ret(R) + "," +
           detail::format_text("%.2f", r.registration.rms_mm) + "," +
           (r.months_after_surgery ? detail::format_text("%g", *r.months_after_surgery) : std::string()) + "," +
           std::to_string(r.warnings.size()) + "," + csv_field(warnings) + "\n";
    } else {
      s += ",,,,,,,,,,,\n";
    }
  }
  return s;
}

}  // namespace contour
