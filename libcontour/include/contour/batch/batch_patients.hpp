#pragma once
// Who each scan of a batch belongs to: a CSV with one row per scan (`contour batch --patients`).
//   scan,patient_id,patient_name,date_of_birth,scan_date,surgeon,clinic
// `scan` is the scan's path relative to the batch's input folder, '/'-separated (as the
// summary's `file` column lists it); the other columns are optional and are the fields of
// PatientIdentity (contour/report/report_identity.hpp).
#include "contour/report/report_identity.hpp"

#include <map>
#include <string>

namespace contour {

struct BatchPatients {
  std::string source;                                ///< the CSV file, for messages
  std::map<std::string, PatientIdentity> by_scan;    ///< scan (relative path) -> identity
  std::map<std::string, int> line_of_scan;           ///< scan -> the CSV line listing it
};

/// Reads the patients CSV (a side file: regular file, at most 1 MiB; RFC 4180 quoting). Throws
/// InvalidInput naming the file and the line for: no `scan` column, an unknown column (the
/// message lists the known ones), a column given twice, an empty or absolute scan path or one
/// with "..", a scan listed twice, a row with more fields than the header, a field that fails
/// validate_patient_identity (length, control characters, dates YYYY-MM-DD), or no rows. IoError
/// if the file cannot be read.
[[nodiscard]] BatchPatients read_batch_patients(const std::string& path);

/// The identity as one line of text for an up-to-date key ("" when empty): a result planned for
/// another patient is out of date.
[[nodiscard]] std::string patient_identity_key(const PatientIdentity& identity);

}  // namespace contour
