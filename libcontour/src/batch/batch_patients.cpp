// The patients CSV of a batch: one identity per scan.
#include "contour/batch/batch_patients.hpp"

#include "contour/core/errors.hpp"
#include "contour/io/read_side_file.hpp"
#include "core/csv_field.hpp"
#include "core/format_text.hpp"
#include "core/split_csv.hpp"

#include <algorithm>
#include <filesystem>
#include <vector>

namespace contour {

BatchPatients read_batch_patients(const std::string& path) {
  const std::string text = read_side_file(path, "patients CSV");
  const auto rows = detail::split_csv(text, path);
  if (rows.empty()) throw InvalidInput(path + ": empty (a header with a scan column and one row per scan are needed)");
  const std::string known = "scan, " + identity_key_names();
  // The column of the scan, and the identity key each other column holds.
  int scan_col = -1;
  std::vector<std::string> key_of_column;
  const auto& header = rows[0].second;
  const std::string at_header = path + ":" + std::to_string(rows[0].first);
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string& name = header[i];
    PatientIdentity probe;
    if (name != "scan" && !identity_field(probe, name))
      throw InvalidInput(at_header + ": unknown column \"" + detail::one_line(name) + "\" (known: " + known + ")");
    if (std::find(header.begin(), header.begin() + static_cast<std::ptrdiff_t>(i), name) != header.begin() + static_cast<std::ptrdiff_t>(i))
      throw InvalidInput(at_header + ": column \"" + name + "\" given twice");
    if (name == "scan") scan_col = static_cast<int>(i);
    key_of_column.push_back(name);
  }
  if (scan_col < 0)
    throw InvalidInput(at_header + ": no \"scan\" column (the scan's path relative to the input folder; known columns: " +
                       known + ")");
  BatchPatients out;
  out.source = path;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& [line, fields] = rows[r];
    const std::string at = path + ":" + std::to_string(line);
    if (fields.size() > header.size())
      throw InvalidInput(at + ": " + std::to_string(fields.size()) + " fields, the header has " + std::to_string(header.size()));
    auto get = [&](int c) -> std::string { return c >= 0 && static_cast<std::size_t>(c) < fields.size() ? fields[static_cast<std::size_t>(c)] : std::string(); };
    const std::string scan = get(scan_col);
    if (scan.empty()) throw InvalidInput(at + ": scan is empty");
    const std::filesystem::path sp(scan);
    bool dotdot = false;
    for (const auto& part : sp) dotdot = dotdot || part == "..";
    if (sp.is_absolute() || dotdot || scan.find('\\') != std::string::npos)
      throw InvalidInput(at + ": scan \"" + detail::one_line(scan) +
                         "\" must be a path relative to the input folder, '/'-separated, without \"..\"");
    const std::string rel = sp.lexically_normal().generic_string();
    PatientIdentity id;
    for (std::size_t c = 0; c < fields.size(); ++c)
      if (std::string* field = identity_field(id, key_of_column[c])) *field = fields[c];
    validate_patient_identity(id, at);
    if (!out.by_scan.emplace(rel, id).second)
      throw InvalidInput(at + ": scan \"" + detail::one_line(rel) + "\" listed twice (first on line " +
                         std::to_string(out.line_of_scan.at(rel)) + ")");
    out.line_of_scan[rel] = line;
  }
  if (out.by_scan.empty()) throw InvalidInput(path + ": no scans listed under the header");
  return out;
}

std::string patient_identity_key(const PatientIdentity& identity) {
  if (identity.empty()) return {};
  std::string key = "patient=";
  bool first = true;
  for (const auto& [name, value] : identity_by_key(identity)) {
    key += (first ? "" : ",") + detail::csv_field(value);
    first = false;
  }
  return key + "\n";
}

}  // namespace contour
