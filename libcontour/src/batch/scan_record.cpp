#include "contour/batch/scan_record.hpp"

#include "contour/core/errors.hpp"

namespace contour {

const char* scan_status_name(ScanStatus status) {
  switch (status) {
    case ScanStatus::ok: return "ok";
    case ScanStatus::skipped: return "skipped";
    case ScanStatus::failed: return "failed";
    case ScanStatus::not_run: return "not_run";
    case ScanStatus::unreadable: return "unreadable";
  }
  return "not_run";
}

ScanStatus parse_scan_status(const std::string& text, const std::string& context) {
  for (ScanStatus s : {ScanStatus::ok, ScanStatus::skipped, ScanStatus::failed, ScanStatus::not_run, ScanStatus::unreadable})
    if (text == scan_status_name(s)) return s;
  throw InvalidInput(context + ": unknown status \"" + text + "\" (expected ok, skipped, failed, not_run or unreadable)");
}

}  // namespace contour
