// The patients CSV of a batch: one identity per scan.
#include "contour/batch/batch_patients.hpp"

#include "contour/core/errors.hpp"
#include "contour/io/read_side_file.hpp"
#include "core/csv_field.hpp"
#include "core/format_text.hpp"
#include "core/split_csv.hpp"

#include <array>
#include <filesystem>

namespace contour {
namespace {

constexpr std::array<const char*, 6> kFields = {"patient_id", "patient_name", "date_of_birth",
                                                "scan_date",  "surgeon",      "clinic"};

std::string* field_of(PatientIdentity& id, std::size_t k) {
  std::array<std::string*, 6> f = {&id.patient_id, &id.patient_name, &id.date_of_birth,
                                   &id.scan_date,  &id.surgeon,      &id.clinic};
  return f[k];
}

}  // namespace

BatchPatients read_batch_patients(const std::string& path) {
  const std::string text = read_side_file(path, "patients CSV");
  const auto rows = detail::split_csv(text, path);
  if (rows.empty()) throw InvalidInput(path + ": empty (a header with a scan column and one row per scan are needed)");
  const std::string known = "scan, patient_id, patient_name, date_of_birth, scan_date, surgeon, clinic";
  // Column index per known name; -1 = absent.
  int scan_col = -1;
  std::array<int, kFields.size()> col{};
  col.fill(-1);
  const auto& header = rows[0].second;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string& name = header[i];
    int* slot = nullptr;
    if (name == "scan") slot = &scan_col;
    for (std::size_t k = 0; k < kFields.size() && !slot; ++k)
      if (name == kFields[k]) slot = &col[k];
    if (!slot)
      throw InvalidInput(path + ":" + std::to_string(rows[0].first) + ": unknown column \"" + detail::one_line(name) +
                         "\" (known: " + known + ")");
    if (*slot >= 0) throw InvalidInput(path + ":" + std::to_string(rows[0].first) + ": column \"" + name + "\" given twice");
    *slot = static_cast<int>(i);
  }
  if (scan_col < 0)
    throw InvalidInput(path + ":" + std::to_string(rows[0].first) + ": no \"scan\" column (the scan's path relative to "
                       "the input folder; known columns: " + known + ")");
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
    for (std::size_t k = 0; k < kFields.size(); ++k) *field_of(id, k) = get(col[k]);
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
  PatientIdentity copy = identity;
  for (std::size_t k = 0; k < kFields.size(); ++k) key += (k ? "," : "") + detail::csv_field(*field_of(copy, k));
  return key + "\n";
}

}  // namespace contour
