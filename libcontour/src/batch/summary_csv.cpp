#include "contour/batch/summary_csv.hpp"

#include "contour/core/errors.hpp"
#include "contour/io/read_side_file.hpp"
#include "core/csv_field.hpp"
#include "core/format_text.hpp"
#include "core/split_csv.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

namespace contour {
namespace {
using detail::split_csv;

const char* const kColumns[] = {"file",     "status",         "error",  "fill_left_ml", "fill_right_ml",
                                "inject_ml", "aspirate_ml",   "warnings_count", "warnings", "result",
                                "input_fnv1a64", "patient_id"};
// Summaries written before the patient_id column existed are read too (it stays empty).
bool optional_column(const char* name) { return std::strcmp(name, "patient_id") == 0; }
const char* const kWarningSeparator = " | ";

double number(const std::string& text, const std::string& where) {
  if (text.empty()) return 0.0;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || errno == ERANGE)
    throw InvalidInput(where + ": expected a number, got \"" + text + "\"");
  return v;
}

}  // namespace

std::string format_summary_csv(const std::vector<ScanRecord>& records) {
  std::ostringstream out;
  for (std::size_t i = 0; i < std::size(kColumns); ++i) out << (i ? "," : "") << kColumns[i];
  out << "\n";
  for (const ScanRecord& r : records) {
    const bool result = has_result(r.status);
    std::string warnings;
    for (std::size_t i = 0; i < r.warnings.size(); ++i) warnings += (i ? kWarningSeparator : "") + detail::one_line(r.warnings[i]);
    out << detail::csv_field(r.file) << ',' << scan_status_name(r.status) << ',' << detail::csv_field(detail::one_line(r.error)) << ','
        << (result ? detail::csv_ml(r.fill_left_ml) : "") << ',' << (result ? detail::csv_ml(r.fill_right_ml) : "") << ','
        << (result ? detail::csv_ml(r.inject_ml) : "") << ',' << (result ? detail::csv_ml(r.aspirate_ml) : "") << ','
        << (result ? std::to_string(r.warnings.size()) : "") << ',' << detail::csv_field(warnings) << ',' << detail::csv_field(r.result)
        << ',' << r.input_hash << ',' << detail::csv_field(r.patient_id) << "\n";
  }
  return out.str();
}

std::vector<ScanRecord> parse_summary_csv(const std::string& text, const std::string& source) {
  const auto rows = split_csv(text, source);
  if (rows.empty()) throw InvalidInput(source + ": empty file (expected a header line)");
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < rows[0].second.size(); ++i) col[rows[0].second[i]] = i;
  for (const char* name : kColumns)
    if (!col.count(name) && !optional_column(name)) throw InvalidInput(source + ":1: missing column \"" + std::string(name) + "\"");

  std::vector<ScanRecord> out;
  for (std::size_t k = 1; k < rows.size(); ++k) {
    const auto& [line, f] = rows[k];
    const std::string where = source + ":" + std::to_string(line);
    if (f.size() != rows[0].second.size())
      throw InvalidInput(where + ": " + std::to_string(f.size()) + " fields, the header has " +
                         std::to_string(rows[0].second.size()));
    auto at = [&](const char* name) -> const std::string& { return f[col.at(name)]; };
    ScanRecord r;
    r.file = at("file");
    if (r.file.empty()) throw InvalidInput(where + ": empty file name");
    r.status = parse_scan_status(at("status"), where);
    r.error = at("error");
    r.fill_left_ml = number(at("fill_left_ml"), where + " (fill_left_ml)");
    r.fill_right_ml = number(at("fill_right_ml"), where + " (fill_right_ml)");
    r.inject_ml = number(at("inject_ml"), where + " (inject_ml)");
    r.aspirate_ml = number(at("aspirate_ml"), where + " (aspirate_ml)");
    const std::string& w = at("warnings");
    for (std::size_t pos = 0; !w.empty();) {
      const auto next = w.find(kWarningSeparator, pos);
      r.warnings.push_back(w.substr(pos, next == std::string::npos ? std::string::npos : next - pos));
      if (next == std::string::npos) break;
      pos = next + std::strlen(kWarningSeparator);
    }
    r.result = at("result");
    r.input_hash = at("input_fnv1a64");
    if (col.count("patient_id")) r.patient_id = at("patient_id");
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<ScanRecord> read_summary_csv(const std::string& path) {
  // A summary is a side file with a larger cap: 64 MiB holds some 300 000 rows.
  return parse_summary_csv(read_side_file(path, "summary CSV", summary_csv_max_bytes), path);
}

}  // namespace contour
