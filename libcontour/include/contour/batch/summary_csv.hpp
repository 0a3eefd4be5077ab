#pragma once
// summary.csv: one row per scan of a batch (RFC 4180 quoting).
//   file,status,error,fill_left_ml,fill_right_ml,inject_ml,aspirate_ml,warnings_count,warnings,
//   result,input_fnv1a64,patient_id
// patient_id comes from the batch's patients CSV (empty without one; a summary without the
// column, from before it existed, is read with it empty). Volumes in mL with two decimals (empty when the scan has no result); warnings joined by " | ".
#include "contour/batch/scan_record.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace contour {

/// The CSV text (header and one row per record, in the given order).
[[nodiscard]] std::string format_summary_csv(const std::vector<ScanRecord>& records);

/// Parses summary CSV text; `source` (a file name) is used in messages. Throws InvalidInput
/// naming the source, the line and what was wrong (missing column, bad status or number).
[[nodiscard]] std::vector<ScanRecord> parse_summary_csv(const std::string& text, const std::string& source);

/// The cap on a summary file read back (contour merge): 64 MiB.
inline constexpr std::size_t summary_csv_max_bytes = std::size_t{64} << 20;

/// Reads and parses a summary file: a regular file of at most summary_csv_max_bytes (read with
/// read_side_file: a FIFO or device is refused without blocking). Throws IoError if it cannot
/// be read, InvalidInput as above.
[[nodiscard]] std::vector<ScanRecord> read_summary_csv(const std::string& path);

}  // namespace contour
