#pragma once
// One scan of a batch: what happened to it and its headline numbers. The rows of summary.csv.
#include <string>
#include <vector>

namespace contour {

/// ok: planned in this run. skipped: the result of an earlier run is up to date and was kept.
/// failed: no result, `error` says why. not_run: the batch stopped before the scan was planned.
/// unreadable: an entry with a scan's name that cannot be read as a file (a dangling link, a
/// FIFO, a folder named *.ply, no read permission): skipped, `error` says why ("skipped: ...").
enum class ScanStatus { ok, skipped, failed, not_run, unreadable };

/// "ok", "skipped", "failed", "not_run", "unreadable".
[[nodiscard]] const char* scan_status_name(ScanStatus status);

/// Parses a status name; throws InvalidInput naming `context` and the text otherwise.
[[nodiscard]] ScanStatus parse_scan_status(const std::string& text, const std::string& context);

/// True for the statuses that leave a result in the output folder (ok, skipped).
[[nodiscard]] inline bool has_result(ScanStatus status) {
  return status == ScanStatus::ok || status == ScanStatus::skipped;
}

struct ScanRecord {
  std::string file;                   ///< path relative to the input folder, '/'-separated
  ScanStatus status = ScanStatus::not_run;
  std::string error;                  ///< one line; empty unless failed or unreadable
  double fill_left_ml = 0.0;          ///< fill of the patient's left side, mL (geometry method A)
  double fill_right_ml = 0.0;         ///< fill of the patient's right side, mL
  double inject_ml = 0.0;             ///< graft injected, both sides, all sessions, mL
  double aspirate_ml = 0.0;           ///< raw aspirate needed, mL
  std::vector<std::string> warnings;  ///< plan warnings (geometry and graft)
  std::string result;                 ///< the plan JSON, relative to the output folder; empty if none
  std::string input_hash;             ///< FNV-1a 64 of the scan's bytes, 16 hex digits; empty if unread
  std::string patient_id;             ///< from the batch's patients CSV; empty if none given
  double seconds = 0.0;               ///< wall time spent on the scan in this run, s (not in the CSV)
};

}  // namespace contour
