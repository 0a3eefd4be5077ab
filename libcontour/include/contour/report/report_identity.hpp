#pragma once
// Who and what a consult report is about, and how it was made: the patient and clinic fields
// (typed on the command line or read from a JSON file) and the provenance a chart needs to
// trace a printed plan back to its scan and settings (report date, scan file name and SHA-256,
// software version, every resolved setting).
#include "contour/plan/run_plan.hpp"

#include <ctime>
#include <string>
#include <utility>
#include <vector>

namespace contour {

/// Patient and clinic fields; any may be empty (shown as "not given"). Text only, at most 200
/// bytes each, no control characters; the two dates are ISO 8601 calendar dates (YYYY-MM-DD).
struct PatientIdentity {
  std::string patient_id;
  std::string patient_name;
  std::string date_of_birth;  ///< YYYY-MM-DD
  std::string scan_date;      ///< YYYY-MM-DD
  std::string surgeon;
  std::string clinic;

  /// True if no field is set.
  [[nodiscard]] bool empty() const;
};

/// The fields as (label, value) pairs in display order: "Patient ID", "Patient name", "Date of
/// birth", "Scan date", "Surgeon", "Clinic"; an empty value is kept empty.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> identity_fields(const PatientIdentity& identity);

/// The fields as (key, value) pairs in display order, keyed as in the identity JSON file and the
/// CSV columns: patient_id, patient_name, date_of_birth, scan_date, surgeon, clinic.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> identity_by_key(const PatientIdentity& identity);

/// The field stored under `key` (one of the keys above), or nullptr for an unknown key.
[[nodiscard]] std::string* identity_field(PatientIdentity& identity, const std::string& key);

/// The keys, comma-separated, for messages: "patient_id, patient_name, ..., clinic".
[[nodiscard]] std::string identity_key_names();

/// Who a page is about, for running headers: "Ana Souza (ID MRN-0042), born 1990-02-28";
/// "patient name not given" when the name is empty.
[[nodiscard]] std::string patient_line(const PatientIdentity& identity);

/// Checks every field (length, control characters, date format and calendar validity). Throws
/// InvalidInput "<context>: <field> ..." naming the field and the value.
void validate_patient_identity(const PatientIdentity& identity, const std::string& context);

/// Reads a JSON object with any of the keys patient_id, patient_name, date_of_birth, scan_date,
/// surgeon, clinic (string values) from a side file (read_side_file: regular file, at most
/// 1 MiB). An unknown key, a non-string value or a bad field throws InvalidInput naming the
/// file and the key; an unreadable file throws IoError naming it.
[[nodiscard]] PatientIdentity load_patient_identity(const std::string& path);

/// `base` with every non-empty field of `over` put in its place (command line over file).
[[nodiscard]] PatientIdentity merge_identity(PatientIdentity base, const PatientIdentity& over);

/// How the report was made.
struct ReportProvenance {
  std::string report_date;       ///< "YYYY-MM-DD HH:MM UTC"
  std::string scan_file_name;    ///< the scan's file name without its folder
  std::string scan_path;         ///< as given
  std::string scan_sha256;       ///< 64 hex digits of the scan file's content
  std::string software_version;  ///< "libcontour 0.1.0"
  /// Every resolved setting (plan_options_key), numbers with 6 significant digits, in key order.
  std::vector<std::pair<std::string, std::string>> settings;
};

/// The provenance of a report on `plan` made with `options` at time `now` (seconds since the
/// epoch; pass std::time(nullptr)). Hashes the scan file (plan.scan.info.path); throws IoError
/// naming it if it can no longer be read.
[[nodiscard]] ReportProvenance make_report_provenance(const PlanResult& plan, const PlanOptions& options,
                                                      std::time_t now);

}  // namespace contour
